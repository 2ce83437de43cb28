// What a plan asks of the AWS account, counted against what the plan's resources really are, and the
// account check under the mocks: refused before any resource is registered, every shortfall named.
import { runPlan } from "../cli/planRuntime";
import type { FakeAccount, FakeCloud } from "../cli/fakeCloud";
import { AccountCheckError, judgeAccount, chosenTypes } from "../sizing/accountCheck";
import { DEFAULT_QUOTA_INPUT, quotaNeeds, vcpuQuotaOf, STANDARD_VCPU_QUOTA } from "../sizing/quotas";
import { size } from "../sizing/size";
import { OFFLINE, VOLUME, INSTANCE, exampleStacks, ofType, plan, roleOf, stack, stackFile } from "./helpers/stacks";
import type { Role } from "../sizing/types";
import type { PlanDocument } from "../outputs/types";

const need = (p: PlanDocument, id: string) => p.quotas.find((q) => q.id === id)!;

describe("the quota need is what the plan creates", () => {
  const plans: [string, () => Promise<PlanDocument>][] = [
    ["dev (online, NAT per zone)", () => plan("dev", stackFile("dev"))],
    ["globex-onprem", () => plan("globex-onprem", stackFile("globex-onprem"))],
    ["the island", () => plan("island", stack(500, OFFLINE))],
  ];
  it.each(plans)("%s: Elastic IPs, security groups, gp3 TiB, vCPUs", async (_n, get) => {
    const p = await get();
    expect(need(p, "L-0263D0A3").need).toBe(ofType(p, "aws:ec2/eip:Eip").length);
    // Every VPC also has a default group, which counts against the regional quota.
    expect(need(p, "L-E79EC296").need).toBe(ofType(p, "aws:ec2/securityGroup:SecurityGroup").length + 1);
    const gib = ofType(p, VOLUME).reduce((n, v) => n + Number(v.inputs.size), 0) +
      ofType(p, INSTANCE).reduce((n, i) => n + Number((i.inputs.rootBlockDevice as { volumeSize: number }).volumeSize), 0);
    expect(need(p, "L-7A658B76").need).toBeCloseTo(gib / 1024, 1);
    const vcpus = ofType(p, INSTANCE).reduce((n, i) => n + p.sizing.roles[roleOf(i) as Role].instance.vcpu, 0);
    expect(need(p, STANDARD_VCPU_QUOTA).need).toBe(vcpus);
  });

  it.each(plans)("%s: the largest group's rules, per direction and IP version, as AWS counts them", async (_n, get) => {
    const p = await get();
    const groupOf = new Map(ofType(p, "aws:ec2/securityGroup:SecurityGroup").map((g) => [g.id, g.name]));
    const counts = new Map<string, number>();
    const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
    for (const [type, dir] of [["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "in"], ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "out"]] as const) {
      for (const r of ofType(p, type)) {
        const g = `${groupOf.get(String(r.inputs.securityGroupId))}:${dir}`;
        if (r.inputs.cidrIpv4) bump(`${g}:v4`);
        else if (r.inputs.cidrIpv6) bump(`${g}:v6`);
        else {
          // A group or prefix-list reference counts against both IP versions.
          bump(`${g}:v4`);
          bump(`${g}:v6`);
        }
      }
    }
    expect(need(p, "L-0EA8095F").need).toBe(Math.max(...counts.values()));
  });
});

describe("every example stack", () => {
  it.each(exampleStacks())("%s: the plan document (plan --json) carries the quota table", async (name) => {
    const p = await plan(name, stackFile(name));
    expect(p.quotas.map((q) => q.id)).toEqual(expect.arrayContaining(["L-0263D0A3", STANDARD_VCPU_QUOTA, "L-7A658B76", "L-F678F1CE", "L-0EA8095F"]));
    for (const q of p.quotas) expect(Boolean(q.warning)).toBe(q.defaultValue !== null && q.need > q.defaultValue);
  });
});

describe("Elastic IPs and NAT gateways", () => {
  it("globex-onprem warns above AWS's default of 5: TURN + SFT + a NAT gateway per zone, or one with `single`", async () => {
    const perZone = await plan("globex-onprem", stackFile("globex-onprem"));
    const calling = perZone.sizing.roles.restund.count + perZone.sizing.roles.sft.count;
    expect(need(perZone, "L-0263D0A3")).toMatchObject({ need: calling + 3, defaultValue: 5 });
    expect(need(perZone, "L-0263D0A3").warning).toMatch(new RegExp(`needs ${calling + 3} addresses .* default is 5.*single would need ${calling + 1}`));
    const single = quotaNeeds(perZone.sizing, { ...DEFAULT_QUOTA_INPUT, natGateways: "single" });
    expect(single.find((q) => q.id === "L-0263D0A3")).toMatchObject({ need: 7, warning: expect.stringMatching(/needs 7 addresses .*default is 5/) });
  });

  it("the island needs none and no NAT gateway quota", async () => {
    const p = await plan("island", stack(500, OFFLINE));
    expect(need(p, "L-0263D0A3")).toMatchObject({ need: 0 });
    expect(need(p, "L-0263D0A3").warning).toBeUndefined();
    expect(p.quotas.find((q) => q.id === "L-FE5A380F")).toBeUndefined();
  });
});

describe("vCPU quotas by family", () => {
  it("counts only the standard families against L-1216C47A and names the others' quotas", () => {
    expect(["m6i.large", "c7a.xlarge", "t3.medium", "r6i.2xlarge", "i4i.large", "d3.xlarge", "z1d.large", "h1.2xlarge"].map((t) => vcpuQuotaOf(t)?.code)).toEqual(Array(8).fill(STANDARD_VCPU_QUOTA));
    for (const t of ["inf2.xlarge", "dl1.24xlarge", "hpc6a.48xlarge", "trn1.2xlarge", "g5.xlarge", "vt1.3xlarge", "p4d.24xlarge", "x2idn.16xlarge", "f1.2xlarge", "u-6tb1.metal"]) {
      expect([t, vcpuQuotaOf(t)?.code]).not.toEqual([t, STANDARD_VCPU_QUOTA]);
      expect(vcpuQuotaOf(t)).toBeDefined();
    }
    expect(vcpuQuotaOf("mac1.metal")).toBeUndefined();
  });

  it("a type outside the standard families gets its own quota row and leaves the standard need", () => {
    // The catalog offers only standard families today; a sizing with a GPU type stands for a future one.
    const base = size({ users: 2000, region: "eu-central-1" });
    const gpu = { ...base, roles: { ...base.roles, kubernetes: { ...base.roles.kubernetes, instanceType: "g5.4xlarge" } } };
    const g = quotaNeeds(gpu).find((q) => q.id === vcpuQuotaOf("g5.4xlarge")!.code)!;
    expect(g.need).toBe(gpu.roles.kubernetes.count * gpu.roles.kubernetes.instance.vcpu);
    const std = (s: typeof base) => quotaNeeds(s).find((q) => q.id === STANDARD_VCPU_QUOTA)!.need;
    expect(std(base) - std(gpu)).toBe(base.roles.kubernetes.count * base.roles.kubernetes.instance.vcpu);
  });
});

describe("judging an account", () => {
  const sizing = size({ users: 2000, region: "eu-central-1", conferences: { concurrent: 4, participants: 8, video: true } });
  const needs = quotaNeeds(sizing);
  const types = chosenTypes(sizing);
  const zones = ["eu-central-1a", "eu-central-1b", "eu-central-1c"];
  const everywhere = Object.fromEntries([...zones, "eu-central-1d"].map((z) => [z, [...types.keys()]]));
  const enough = Object.fromEntries(needs.filter((n) => n.quotaCode).map((n) => [n.quotaCode!, Math.ceil(n.need) + 10]));

  it("passes with room, counting what other resources use", () => {
    expect(judgeAccount(needs, { region: "eu-central-1", applied: enough, used: { elasticIps: 10 }, zones, offerings: everywhere }, types).ok).toBe(true);
    const v = judgeAccount(needs, { region: "eu-central-1", applied: enough, used: { elasticIps: 11 }, zones, offerings: everywhere }, types);
    expect(v.problems.map((p) => p.key)).toEqual(["AWS quota ec2 L-0263D0A3"]);
    expect(v.problems[0].message).toContain(`--quota-code L-0263D0A3 --desired-value ${need2(needs, "L-0263D0A3") + 11}`);
  });

  it("names a zone lacking a type and the zones to choose instead", () => {
    const [type] = [...types.keys()];
    const offerings = { ...everywhere, "eu-central-1b": everywhere["eu-central-1b"].filter((t) => t !== type) };
    const v = judgeAccount(needs, { region: "eu-central-1", applied: enough, used: {}, zones, offerings }, types);
    expect(v.problems).toHaveLength(1);
    expect(v.problems[0]).toMatchObject({ key: "wire-backend:network.zoneNames", value: "eu-central-1b" });
    expect(v.problems[0].message).toContain(`does not offer ${type}`);
    expect(v.problems[0].message).toContain("[eu-central-1a, eu-central-1c, eu-central-1d]");
  });
});

function need2(needs: ReturnType<typeof quotaNeeds>, id: string): number {
  return needs.find((n) => n.id === id)!.need;
}

describe("pulumi preview against the account (the program on the mocks)", () => {
  const config = stackFile("dev");
  async function attempt(account: FakeAccount, extra = {}) {
    let cloud: FakeCloud | undefined;
    const result = runPlan({ stack: "dev", config: { ...config, ...extra }, account, onCloud: (c) => (cloud = c) });
    return { result, registered: async () => (await result.catch(() => undefined), cloud!.registered) };
  }
  const quotasOf = async () => (await plan("dev", stackFile("dev"))).quotas;

  it("is refused before any resource is registered when quotas are below the need, naming every shortfall", async () => {
    const needs = await quotasOf();
    // Each checked quota one below the need (at least 0), and an Elastic IP another stack holds.
    const below = Object.fromEntries(needs.filter((n) => n.checked && n.quotaCode && n.need >= 1).map((n) => [n.quotaCode!, Math.ceil(n.need) - 1]));
    const { result, registered } = await attempt({ quotas: below, eips: [{ tags: { "wire:stack": "someone-else" } }] });
    await expect(result).rejects.toThrow(AccountCheckError);
    const message = await result.catch((e: Error) => e.message);
    for (const code of Object.keys(below)) expect(message).toContain(`L-${code.slice(2)}`);
    expect(message).toContain("request-service-quota-increase");
    expect(message).toContain("wire-backend:preflight.skip");
    expect(await registered()).toEqual([]);
  });

  it("passes when the quotas cover the need plus what else runs; the stack's own resources are not counted twice", async () => {
    const needs = await quotasOf();
    const eips = needs.find((n) => n.id === "L-0263D0A3")!.need;
    const exact = Object.fromEntries(needs.filter((n) => n.quotaCode).map((n) => [n.quotaCode!, Math.ceil(n.need)]));
    exact["L-0263D0A3"] = eips + 1;
    // One foreign address, and the stack's own (a re-run of a deployed stack): only the foreign one counts.
    const ours = Array.from({ length: eips }, () => ({ tags: { "wire:stack": "dev" } }));
    const { result, registered } = await attempt({ quotas: exact, eips: [{}, ...ours], instances: [{ instanceType: "t3.micro", spot: true }] });
    await expect(result).resolves.toMatchObject({ stack: "dev" });
    expect((await registered()).length).toBeGreaterThan(100);
  });

  it("counts other running On-Demand instances' vCPUs against the standard quota", async () => {
    const needs = await quotasOf();
    const vcpu = needs.find((n) => n.id === STANDARD_VCPU_QUOTA)!.need;
    const { result } = await attempt({ quotas: { [STANDARD_VCPU_QUOTA]: vcpu + 1 }, instances: [{ instanceType: "m6i.large" }] });
    await expect(result).rejects.toThrow(new RegExp(`L-1216C47A.*the plan needs ${vcpu} vCPUs.*2 already in use`, "s"));
  });

  it("names a zone that lacks a chosen type", async () => {
    const p = await plan("dev", stackFile("dev"));
    const type = p.sizing.roles.cassandra.instanceType;
    const { result, registered } = await attempt({ notOffered: { "eu-central-1b": [type] } });
    await expect(result).rejects.toThrow(new RegExp(`wire-backend:network.zoneNames: "eu-central-1b" does not offer ${type.replace(".", "\\.")} \\(cassandra`));
    expect(await registered()).toEqual([]);
  });

  it("is skipped with wire-backend:preflight.skip: true", async () => {
    const { result } = await attempt({ quotas: { "L-0263D0A3": 0 } }, { "wire-backend:preflight": { skip: true } });
    await expect(result).resolves.toMatchObject({ stack: "dev" });
  });
});
