// `npm run preflight` against an AWS-compatible endpoint on loopback, started and stopped here: it
// answers the Service Quotas (JSON 1.1, X-Amz-Target) and EC2 (query protocol, XML) requests the real
// AWS SDK clients send, with static credentials in the environment. Throttling is answered the way
// AWS does (the SDK retries), access denied too (a clear message naming the IAM permissions).
import { execFile } from "child_process";
import * as http from "http";
import type { AddressInfo } from "net";
import { builtCli } from "../helpers/builtCli";
import { REPO, stackFile } from "../helpers/stacks";
import { resolveStack } from "../../sizing/forStack";
import { quotaInputOf, quotaNeeds, STANDARD_VCPU_QUOTA } from "../../sizing/quotas";
import { chosenTypes } from "../../sizing/accountCheck";
import { PREFLIGHT_PERMISSIONS } from "../../cli/awsAccount";

type Tags = Record<string, string>;
interface FakeAws {
  quotas: Record<string, number>;
  addresses: Tags[];
  vpcs: Tags[];
  instances: { type: string; vcpus: number; tags?: Tags; spot?: boolean }[];
  zones: string[];
  /** zone -> types offered there */
  offerings: Record<string, string[]>;
  /** Answer this many throttling errors before each successful answer of an operation. */
  throttle: Record<string, number>;
  /** Operations answered with AWS's access-denied error. */
  deny: string[];
  seen: string[];
}

const NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const tagSet = (tags: Tags = {}) => `<tagSet>${Object.entries(tags).map(([k, v]) => `<item><key>${k}</key><value>${v}</value></item>`).join("")}</tagSet>`;
const items = (xs: string[]) => xs.map((x) => `<item>${x}</item>`).join("");

function ec2Answer(aws: FakeAws, action: string, params: URLSearchParams): string {
  switch (action) {
    case "DescribeAddresses":
      return `<addressesSet>${items(aws.addresses.map((t, i) => `<allocationId>eipalloc-${i}</allocationId><publicIp>192.0.2.${i + 1}</publicIp><domain>vpc</domain>${tagSet(t)}`))}</addressesSet>`;
    case "DescribeVpcs":
      return `<vpcSet>${items(aws.vpcs.map((t, i) => `<vpcId>vpc-${i}</vpcId><state>available</state>${tagSet(t)}`))}</vpcSet>`;
    case "DescribeInstances":
      return `<reservationSet>${items(
        aws.instances.map(
          (i, n) =>
            `<reservationId>r-${n}</reservationId><instancesSet><item><instanceId>i-${n}</instanceId><instanceType>${i.type}</instanceType>` +
            `${i.spot ? "<instanceLifecycle>spot</instanceLifecycle>" : ""}<instanceState><code>16</code><name>running</name></instanceState>` +
            `<cpuOptions><coreCount>${i.vcpus / 2}</coreCount><threadsPerCore>2</threadsPerCore></cpuOptions>${tagSet(i.tags)}</item></instancesSet>`,
        ),
      )}</reservationSet>`;
    case "DescribeAvailabilityZones":
      return `<availabilityZoneInfo>${items(aws.zones.map((z) => `<zoneName>${z}</zoneName><zoneState>available</zoneState><optInStatus>opt-in-not-required</optInStatus><regionName>eu-central-1</regionName>`))}</availabilityZoneInfo>`;
    case "DescribeInstanceTypeOfferings": {
      const wanted = [...params.entries()].filter(([k]) => /^Filter\.\d+\.Value\.\d+$/.test(k)).map(([, v]) => v);
      const pairs = Object.entries(aws.offerings).flatMap(([zone, types]) => types.filter((t) => wanted.includes(t)).map((t) => [zone, t]));
      return `<instanceTypeOfferingSet>${items(pairs.map(([z, t]) => `<instanceType>${t}</instanceType><locationType>availability-zone</locationType><location>${z}</location>`))}</instanceTypeOfferingSet>`;
    }
    default:
      throw new Error(`the fake EC2 has no answer for ${action}`);
  }
}

function startFakeAws(aws: FakeAws): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const target = req.headers["x-amz-target"];
      const json = (status: number, doc: unknown) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "req-1" });
        res.end(JSON.stringify(doc));
      };
      const xml = (status: number, text: string) => {
        res.writeHead(status, { "content-type": "text/xml;charset=UTF-8" });
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`);
      };
      // The client (3.11xx) sends ServiceQuotasV20190624.<Operation>; the API model's name has an underscore.
      if (typeof target === "string" && /^ServiceQuotas(V|_)20190624\./.test(target)) {
        const op = target.split(".")[1];
        const input = JSON.parse(body || "{}") as { ServiceCode: string; QuotaCode: string };
        aws.seen.push(`${op} ${input.ServiceCode}/${input.QuotaCode}`);
        if (aws.deny.includes(op)) return json(400, { __type: "AccessDeniedException", message: `User: arn:aws:iam::123456789012:user/ops is not authorized to perform: servicequotas:${op}` });
        if ((aws.throttle[op] ?? 0) > 0) {
          aws.throttle[op]--;
          return json(400, { __type: "ThrottlingException", message: "Rate exceeded" });
        }
        if (op !== "GetServiceQuota") return json(400, { __type: "ValidationException", message: `unexpected ${op}` });
        const value = aws.quotas[input.QuotaCode];
        if (value === undefined) return json(400, { __type: "NoSuchResourceException", message: "The request failed because the specified service quota does not exist." });
        return json(200, { Quota: { ServiceCode: input.ServiceCode, QuotaCode: input.QuotaCode, QuotaName: input.QuotaCode, Value: value, Unit: "None", Adjustable: true, GlobalQuota: false } });
      }
      const params = new URLSearchParams(body);
      const action = params.get("Action") ?? "?";
      aws.seen.push(action);
      if (aws.deny.includes(action)) return xml(403, `<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/ops is not authorized to perform: ec2:${action}</Message></Error></Errors><RequestID>req-1</RequestID></Response>`);
      if ((aws.throttle[action] ?? 0) > 0) {
        aws.throttle[action]--;
        return xml(503, `<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>req-1</RequestID></Response>`);
      }
      xml(200, `<${action}Response xmlns="${NS}"><requestId>req-1</requestId>${ec2Answer(aws, action, params)}</${action}Response>`);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

function preflight(url: string, extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? "", HOME: "/nonexistent", AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", AWS_EC2_METADATA_DISABLED: "true", ...extraEnv };
  return new Promise((resolve) =>
    execFile(process.execPath, [builtCli("preflight"), "--stack", "dev", "--endpoint-url", url], { cwd: REPO, env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    ),
  );
}

describe("npm run preflight against a loopback AWS endpoint", () => {
  const { config, sizing } = resolveStack(stackFile("dev"));
  const needs = quotaNeeds(sizing, quotaInputOf(config));
  const types = [...chosenTypes(sizing).keys()];
  const zones = ["eu-central-1a", "eu-central-1b", "eu-central-1c"];
  const needOf = (code: string) => needs.find((n) => n.quotaCode === code)!.need;
  let aws: FakeAws;
  let server: { url: string; close: () => Promise<void> };

  beforeEach(async () => {
    aws = {
      // Room for everything, with the Elastic IP quota left unset (AWS's default applies) where the plan fits in it.
      quotas: Object.fromEntries(needs.filter((n) => n.quotaCode && n.checked).map((n) => [n.quotaCode!, Math.ceil(n.need) + 20])),
      addresses: [{ "wire:stack": "other" }, { "wire:stack": "dev" }],
      vpcs: [{}, { "wire:stack": "dev" }],
      instances: [{ type: "m6i.large", vcpus: 2 }, { type: "t3.micro", vcpus: 2, spot: true }, { type: "m6i.xlarge", vcpus: 4, tags: { "wire:stack": "dev" } }],
      zones,
      offerings: Object.fromEntries(zones.map((z) => [z, [...types]])),
      throttle: {},
      deny: [],
      seen: [],
    };
    server = await startFakeAws(aws);
  });
  afterEach(() => server.close());

  it("passes an account with room, reading every quota and what else uses it", async () => {
    const r = await preflight(server.url);
    expect(r.stdout).toContain("The account can take the plan.");
    expect(r.code).toBe(0);
    for (const n of needs.filter((q) => q.quotaCode && q.checked)) expect(aws.seen).toContain(`GetServiceQuota ${n.serviceCode}/${n.quotaCode}`);
    expect(aws.seen).toEqual(expect.arrayContaining(["DescribeAddresses", "DescribeVpcs", "DescribeInstances", "DescribeAvailabilityZones", "DescribeInstanceTypeOfferings"]));
    // Used by others: one foreign address (not the stack's own), 2 vCPUs (not spot, not the stack's own).
    expect(r.stdout).toMatch(/EC2-VPC Elastic IPs \(ec2 L-0263D0A3\)\s+│\s+\d+\s+│\s+5\s+│\s+\d+\s+│\s+1\s+│/);
    expect(r.stdout).toMatch(/Running On-Demand Standard[^\n]*│\s+\d+\s+│\s+5\s+│\s+\d+\s+│\s+2\s+│/);
  });

  it("fails with every shortfall named, its quota code and the request to make, and the zone lacking a type", async () => {
    aws.quotas["L-0263D0A3"] = 5;
    aws.quotas[STANDARD_VCPU_QUOTA] = 32;
    aws.offerings["eu-central-1c"] = aws.offerings["eu-central-1c"].filter((t) => t !== types[0]);
    const r = await preflight(server.url);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("The account cannot take the plan: 3 problems");
    expect(r.stdout).toContain(`--quota-code L-0263D0A3 --desired-value ${needOf("L-0263D0A3") + 1}`);
    expect(r.stdout).toContain(`--quota-code L-1216C47A --desired-value ${needOf(STANDARD_VCPU_QUOTA) + 2}`);
    expect(r.stdout).toMatch(new RegExp(`wire-backend:network.zoneNames: "eu-central-1c" does not offer ${types[0].replace(".", "\\.")}`));
    expect(r.stdout).toMatch(/SHORT/);
  });

  it("rides out throttling (the SDK retries) and reports an endless one clearly", async () => {
    aws.throttle = { GetServiceQuota: 2, DescribeAddresses: 1 };
    const ok = await preflight(server.url);
    expect(ok.code).toBe(0);
    expect(aws.seen.filter((s) => s === `GetServiceQuota ec2/L-0263D0A3`)).toHaveLength(3);

    aws.throttle = { GetServiceQuota: 1000 };
    const r = await preflight(server.url, { AWS_MAX_ATTEMPTS: "2" });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/AWS kept throttling the account check \(ThrottlingException after 2 attempts\)/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("names the IAM permissions it needs when access is denied, without a stack trace", async () => {
    for (const deny of ["GetServiceQuota", "DescribeAddresses"]) {
      aws.deny = [deny];
      const r = await preflight(server.url);
      expect([deny, r.code]).toEqual([deny, 3]);
      for (const permission of PREFLIGHT_PERMISSIONS) expect(r.stderr).toContain(permission);
      expect(r.stderr).toMatch(deny === "GetServiceQuota" ? /AccessDeniedException/ : /UnauthorizedOperation/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).toBe("");
    }
  });
});
