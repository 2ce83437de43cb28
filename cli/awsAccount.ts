// What the AWS account has, read with the AWS SDK (no Pulumi): the same facts the program reads through
// Pulumi's data sources before `pulumi up` (components/accountFacts.ts), for `npm run preflight`.
import { DescribeAddressesCommand, DescribeAvailabilityZonesCommand, DescribeInstancesCommand, DescribeInstanceTypeOfferingsCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import type { Tag } from "@aws-sdk/client-ec2";
import { GetServiceQuotaCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { AccountFacts, AccountFactsRequest } from "../sizing/accountCheck";
import { vcpuQuotaOf } from "../sizing/quotas";

export interface AccountRequest extends AccountFactsRequest {
  /** An AWS-compatible endpoint instead of AWS's (tests; else AWS_ENDPOINT_URL, which the SDK reads). */
  endpoint?: string;
}

/** Every call preflight makes, as the IAM actions a policy must allow. */
export const PREFLIGHT_PERMISSIONS = [
  "servicequotas:GetServiceQuota",
  "ec2:DescribeAddresses",
  "ec2:DescribeVpcs",
  "ec2:DescribeInstances",
  "ec2:DescribeAvailabilityZones",
  "ec2:DescribeInstanceTypeOfferings",
] as const;

const ours = (stack: string, tags: Tag[] | undefined) => (tags ?? []).some((t) => t.Key === "wire:stack" && t.Value === stack);

/** A quota without a value set for the account answers NoSuchResourceException: AWS's default applies. */
function isNoSuchResource(e: unknown): boolean {
  return (e as { name?: string }).name === "NoSuchResourceException";
}

export async function readAccount(req: AccountRequest, defaults: Record<string, number | null>): Promise<{ facts: AccountFacts; atDefault: string[] }> {
  const config = { region: req.region, ...(req.endpoint ? { endpoint: req.endpoint } : {}) };
  const quotas = new ServiceQuotasClient(config);
  const ec2 = new EC2Client(config);
  try {
    const applied: Record<string, number> = {};
    const atDefault: string[] = [];
    for (const { serviceCode, quotaCode } of req.quotas) {
      try {
        const out = await quotas.send(new GetServiceQuotaCommand({ ServiceCode: serviceCode, QuotaCode: quotaCode }));
        if (out.Quota?.Value !== undefined) applied[quotaCode] = out.Quota.Value;
      } catch (e) {
        if (!isNoSuchResource(e) || defaults[quotaCode] === null || defaults[quotaCode] === undefined) throw e;
        applied[quotaCode] = defaults[quotaCode]!;
        atDefault.push(quotaCode);
      }
    }

    const used: AccountFacts["used"] = {};
    if (req.usage.includes("elasticIps")) {
      const out = await ec2.send(new DescribeAddressesCommand({}));
      used.elasticIps = (out.Addresses ?? []).filter((a) => !ours(req.stack, a.Tags)).length;
    }
    if (req.usage.includes("vpcs")) {
      let n = 0;
      for (let token: string | undefined, first = true; first || token; first = false) {
        const out = await ec2.send(new DescribeVpcsCommand({ NextToken: token }));
        n += (out.Vpcs ?? []).filter((v) => !ours(req.stack, v.Tags)).length;
        token = out.NextToken;
      }
      used.vpcs = n;
    }
    const vcpuCodes = new Set(req.usage.filter((u) => u.startsWith("vcpus:")).map((u) => u.slice("vcpus:".length)));
    if (vcpuCodes.size > 0) {
      for (let token: string | undefined, first = true; first || token; first = false) {
        const out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ["pending", "running"] }], NextToken: token }));
        for (const i of (out.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
          // Spot instances count against the Spot quotas; the stack's own are in the need already.
          if (i.InstanceLifecycle === "spot" || ours(req.stack, i.Tags)) continue;
          const q = i.InstanceType ? vcpuQuotaOf(i.InstanceType) : undefined;
          if (!q || !vcpuCodes.has(q.code)) continue;
          const vcpus = (i.CpuOptions?.CoreCount ?? 1) * (i.CpuOptions?.ThreadsPerCore ?? 1);
          used[`vcpus:${q.code}`] = (used[`vcpus:${q.code}`] ?? 0) + vcpus;
        }
        token = out.NextToken;
      }
    }

    let zones = req.zones;
    if (!zones) {
      const out = await ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: "opt-in-status", Values: ["opt-in-not-required"] }, { Name: "state", Values: ["available"] }] }));
      zones = (out.AvailabilityZones ?? []).map((z) => z.ZoneName!).sort().slice(0, req.zoneCount);
    }
    const offerings: Record<string, string[]> = {};
    for (let token: string | undefined, first = true; first || token; first = false) {
      const out = await ec2.send(new DescribeInstanceTypeOfferingsCommand({ LocationType: "availability-zone", Filters: [{ Name: "instance-type", Values: req.instanceTypes }], NextToken: token }));
      for (const o of out.InstanceTypeOfferings ?? []) (offerings[o.Location!] ??= []).push(o.InstanceType!);
      token = out.NextToken;
    }
    return { facts: { region: req.region, applied, used, zones, offerings }, atDefault };
  } finally {
    quotas.destroy();
    ec2.destroy();
  }
}

/** An AWS error an operator can act on, in one paragraph; undefined for anything else (a bug: stack trace). */
export function explainAwsError(e: unknown): string | undefined {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
  const name = err.name ?? "";
  const call = (err as { $fault?: string }).$fault ? ` (${err.message})` : "";
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized|AuthFailure|InvalidClientTokenId|UnrecognizedClient|ExpiredToken/.test(name)) {
    return `AWS refused the account check: ${name}${call}. The credentials need these IAM permissions: ${PREFLIGHT_PERMISSIONS.join(", ")} (read-only; an IAM policy with them on Resource "*" suffices).`;
  }
  if (/Throttl|RequestLimitExceeded|TooManyRequests|SlowDown/.test(name)) {
    const attempts = err.$metadata?.attempts;
    return `AWS kept throttling the account check (${name}${attempts ? ` after ${attempts} attempts` : ""}): another tool is calling the same APIs; run preflight again in a minute (AWS_MAX_ATTEMPTS raises the SDK's retries).`;
  }
  if (/CredentialsProviderError|Could not load credentials/i.test(name + " " + (err.message ?? ""))) {
    return `No AWS credentials: ${err.message}. Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) for the account the stack deploys to.`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|TimeoutError/.test(name + " " + (err.message ?? "") + " " + String((e as { code?: string }).code ?? ""))) {
    return `Could not reach AWS: ${err.message ?? name}.`;
  }
  // Any other answer of an AWS service (not a bug of ours): its code and message.
  if (err.$metadata) return `AWS answered ${name || "an error"}${err.$metadata.httpStatusCode ? ` (HTTP ${err.$metadata.httpStatusCode})` : ""}: ${err.message ?? "no message"}.`;
  return undefined;
}
