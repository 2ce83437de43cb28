// What the AWS account has, read through Pulumi's AWS data sources (invokes, no resources): applied
// quotas (Service Quotas), Elastic IPs, VPCs and running instances' vCPUs of other resources than this
// stack's, and which zones offer the chosen instance types. The program awaits it before the Backend
// is constructed, so a refusal registers nothing (index.ts); sizing/accountCheck.ts judges the facts.
import * as aws from "@pulumi/aws";
import type { AccountFacts, AccountFactsRequest } from "../sizing/accountCheck";
import { findInstance } from "../sizing/catalog";
import { vcpuQuotaOf } from "../sizing/quotas";

export type { AccountFactsRequest };

/** Our resources carry this tag (components/*): they are counted in the need, not as used. */
const OURS = (stack: string) => ({ "wire:stack": stack });
const RUNNING = ["pending", "running"];

async function vcpusInUse(stack: string, codes: Set<string>): Promise<Record<string, number>> {
  const [all, ours, spot] = await Promise.all([
    aws.ec2.getInstances({ instanceStateNames: RUNNING }),
    aws.ec2.getInstances({ instanceStateNames: RUNNING, instanceTags: OURS(stack) }),
    // Spot instances count against the Spot quotas, not the On-Demand ones.
    aws.ec2.getInstances({ instanceStateNames: RUNNING, filters: [{ name: "instance-lifecycle", values: ["spot"] }] }),
  ]);
  const skip = new Set([...ours.ids, ...spot.ids]);
  const others = all.ids.filter((id) => !skip.has(id));
  const types = await Promise.all(others.map(async (instanceId) => (await aws.ec2.getInstance({ instanceId })).instanceType));
  const vcpuOf = new Map<string, number>();
  for (const t of new Set(types)) vcpuOf.set(t, findInstance(t)?.vcpu ?? (await aws.ec2.getInstanceType({ instanceType: t })).defaultVcpus);
  const used: Record<string, number> = {};
  for (const t of types) {
    const q = vcpuQuotaOf(t);
    if (q && codes.has(q.code)) used[q.code] = (used[q.code] ?? 0) + vcpuOf.get(t)!;
  }
  return used;
}

async function othersCount<T extends { ids?: string[]; allocationIds?: string[] }>(read: (tags?: Record<string, string>) => Promise<T>, stack: string): Promise<number> {
  const ids = (r: T) => r.ids ?? r.allocationIds ?? [];
  const [all, ours] = await Promise.all([read(), read(OURS(stack))]);
  const mine = new Set(ids(ours));
  return ids(all).filter((id) => !mine.has(id)).length;
}

export async function readAccountFacts(req: AccountFactsRequest): Promise<AccountFacts> {
  const applied: Record<string, number> = {};
  await Promise.all(
    req.quotas.map(async ({ serviceCode, quotaCode }) => {
      applied[quotaCode] = (await aws.servicequotas.getServiceQuota({ serviceCode, quotaCode })).value;
    }),
  );
  const used: AccountFacts["used"] = {};
  if (req.usage.includes("elasticIps")) used.elasticIps = await othersCount((tags) => aws.ec2.getEips(tags ? { tags } : {}), req.stack);
  if (req.usage.includes("vpcs")) used.vpcs = await othersCount((tags) => aws.ec2.getVpcs(tags ? { tags } : {}), req.stack);
  const vcpuCodes = new Set(req.usage.filter((u) => u.startsWith("vcpus:")).map((u) => u.slice("vcpus:".length)));
  if (vcpuCodes.size > 0) for (const [code, n] of Object.entries(await vcpusInUse(req.stack, vcpuCodes))) used[`vcpus:${code}`] = n;

  const zones =
    req.zones ??
    (await aws.getAvailabilityZones({ state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] })).names.slice(0, req.zoneCount);
  // Every zone of the region that offers any chosen type: the ones that offer all are the alternatives.
  const offered = await aws.ec2.getInstanceTypeOfferings({ locationType: "availability-zone", filters: [{ name: "instance-type", values: req.instanceTypes }] });
  const offerings: Record<string, string[]> = {};
  offered.locations.forEach((zone, i) => (offerings[zone] ??= []).push(offered.instanceTypes[i]));
  return { region: req.region, applied, used, zones, offerings };
}
