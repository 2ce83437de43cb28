// The calling model (sizing/calling.ts) at the sizes the issue names, the `calling` map of the stack
// file, group calls in every deployment, and the export's sftd. Figures worked out by hand here.
import { main as sizeCli } from "../cli/size";
import { parseStackConfig } from "../config/load";
import { NO_GROUP_CALLS_WARNING, stackWarnings } from "../config/warnings";
import { applyOverrides, callingShortfall, CALLING_DEFAULTS, CALLING_SOURCES, findInstance, gp3PricePerGiBMonth, hourlyPrice, size } from "../sizing";
import type { Sizing } from "../sizing";
import type { InventoryHost } from "../outputs/types";
import { nodeLabelsOf, sftdStartProblems } from "./helpers/sftdChart";
import { ofType, plan, stack, stackFile } from "./helpers/stacks";

const TODAY_USD = 4694.45; // the seed engine's TURN + SFT at 20,000 users, 300 × 10 with video, eu-central-1
const callingUSD = (s: Sizing) => s.roles.restund.monthlyUSD + s.roles.sft.monthlyUSD;
const usable = (s: Sizing, r: "restund" | "sft") => s.roles[r].instance.networkGbps * 1000 * 0.8;

describe("catalog baselines the calling model reads (AWS docs via karpenter's bandwidth table)", () => {
  it.each([["c6in.large", 3.125], ["c6i.large", 0.781], ["c6i.2xlarge", 3.125], ["c6i.xlarge", 1.562]])("%s: %p Gbps", (t, gbps) => {
    expect(findInstance(t)?.networkGbps).toBe(gbps);
  });
});

describe("one-to-one calls size TURN (no conferences)", () => {
  const at = (users: number) => size({ users, region: "eu-central-1" });
  it("50,000 users: 2,500 legs × 50 % × 4 × 400 kbps = 2,000 Mbps, within one c6in.large (2,500 usable) with one spare", () => {
    const s = at(50_000);
    expect(s.calling.turn.demandMbps).toBeCloseTo(2000, 9);
    expect([s.roles.restund.count, s.roles.restund.instanceType]).toEqual([2, "c6in.large"]);
    expect((s.roles.restund.count - 1) * usable(s, "restund")).toBeGreaterThanOrEqual(s.calling.turn.demandMbps);
  });
  it("1,000,000 users: 40,000 Mbps -> 16 + 1 spare c6in.large; TURN grows from 50,000", () => {
    const s = at(1_000_000);
    expect(s.calling.turn.demandMbps).toBeCloseTo(40_000, 6);
    expect(s.roles.restund.count).toBe(17);
    expect((s.roles.restund.count - 1) * usable(s, "restund")).toBeGreaterThanOrEqual(s.calling.turn.demandMbps);
    expect(s.roles.restund.count).toBeGreaterThan(at(50_000).roles.restund.count);
    expect(s.calling.turn.bound).toBe("bandwidth");
  });
});

describe("20,000 users, 300 conferences × 10 with video, eu-central-1", () => {
  const s = size({ users: 20_000, region: "eu-central-1", conferences: { concurrent: 300, participants: 10, video: true } });
  it("TURN + SFT cost at most 0.7 × today's $4,694.45", () => {
    // TURN 3 × (hourly × 730 + gp3 × 10 GiB); SFT 16 × (hourly × 730 + gp3 × 40 GiB), at the catalog's prices.
    const monthly = (type: string, count: number, disk: number) => count * (hourlyPrice(type, "eu-central-1")! * 730 + gp3PricePerGiBMonth("eu-central-1") * disk);
    expect([s.roles.restund.count, s.roles.sft.count]).toEqual([3, 16]);
    expect(s.roles.restund.monthlyUSD).toBeCloseTo(monthly(s.roles.restund.instanceType, 3, 10), 2);
    expect(s.roles.sft.monthlyUSD).toBeCloseTo(monthly(s.roles.sft.instanceType, 16, 40), 2);
    expect(callingUSD(s)).toBeLessThanOrEqual(0.7 * TODAY_USD);
  });
  it("with any one server down the rest carry the peak within their usable baseline", () => {
    // TURN: 800 (one-to-one) + 0.1 × 2 × 11,400 = 3,080 Mbps on 2 servers = 1,540 each <= 2,500
    expect(s.calling.turn.demandMbps).toBeCloseTo(3080, 9);
    expect(s.calling.turn.demandMbps / (s.roles.restund.count - 1)).toBeLessThanOrEqual(usable(s, "restund"));
    // SFT: 300 conferences on 15 servers = 20 each: 200 participants on 4 vCPU (= 50 per vCPU), 20 × 38 = 760 Mbps <= 1,249.6
    const busiest = Math.ceil(300 / (s.roles.sft.count - 1));
    expect(busiest).toBe(20);
    expect(busiest * 10).toBeLessThanOrEqual(s.roles.sft.instance.vcpu * 50);
    expect(busiest * 38).toBeLessThanOrEqual(usable(s, "sft"));
    expect(s.calling.sft.bound).toBe("CPU");
  });
  it.each([2_000, 50_000, 1_000_000])("at %i users the same load keeps the same bounds", (users) => {
    const t = size({ users, region: "eu-central-1", conferences: { concurrent: 300, participants: 10, video: true } });
    expect(t.calling.turn.demandMbps / (t.roles.restund.count - 1)).toBeLessThanOrEqual(usable(t, "restund"));
    expect(Math.ceil(300 / (t.roles.sft.count - 1)) * 38).toBeLessThanOrEqual(usable(t, "sft"));
    // SFT depends on the conference load only; TURN adds the users' one-to-one calls
    expect(t.roles.sft).toEqual(s.roles.sft);
    expect(t.calling.turn.demandMbps).toBeCloseTo(2280 + users * 0.05 * 0.5 * 4 * 0.4, 6);
  });
});

describe("overrides of calling roles must still carry the peak with one server down", () => {
  const s = size({ users: 20_000, region: "eu-central-1", conferences: { concurrent: 300, participants: 10, video: true } });
  it("TURN on c6i.xlarge (1,249.6 usable): 3 carry 2,499.2 < 3,080 Mbps -> 4 needed", () => {
    const p = applyOverrides(s, { restund: { instanceType: "c6i.xlarge" } }, "eu-central-1").problems;
    expect(p).toEqual([{ key: "wire-backend:roles.restund", value: { instanceType: "c6i.xlarge" }, message: expect.stringMatching(/2,499\.2 Mbps.*3,080 Mbps.*use 4 nodes/) }]);
    expect(applyOverrides(s, { restund: { instanceType: "c6i.xlarge", count: 4 } }, "eu-central-1").problems).toEqual([]);
    expect(applyOverrides(s, { restund: { instanceType: "c6i.xlarge", force: true } }, "eu-central-1").problems).toEqual([]);
  });
  it("SFT: a larger type passes; a pool that holds fewer conferences than the peak is named with the count it needs", () => {
    expect(applyOverrides(s, { sft: { instanceType: "c6i.2xlarge" } }, "eu-central-1").problems).toEqual([]);
    // (with force the count may go below the sizing; the shortfall check is what says by how much)
    const small = { ...s.roles.sft, count: 3 };
    expect(callingShortfall("sft", small, s.calling)).toMatch(/^3 × c6[ai]\.xlarge hold 40 conferences with one server down \(20 each\) but the peak is 300; use 16 nodes/);
    expect(callingShortfall("sft", s.roles.sft, s.calling)).toBeUndefined();
    expect(callingShortfall("restund", s.roles.restund, s.calling)).toBeUndefined();
  });
});

describe("the calling map of the stack file", () => {
  const base = stack(20_000);
  it("has a default with a source for every assumption", () => {
    const c = parseStackConfig(base).config;
    expect(c.calling).toEqual(CALLING_DEFAULTS);
    for (const k of Object.keys(CALLING_DEFAULTS)) expect(CALLING_SOURCES[k as keyof typeof CALLING_SOURCES].length).toBeGreaterThan(20);
  });
  it("overrides reach the model: 20 % relayed legs instead of 50 % -> 320 Mbps of one-to-one at 20,000 users", () => {
    const file = { users: 20_000, region: "eu-central-1", calling: { relayedLegShare: 0.2 } };
    const r = sizeCli(["--config", "x.yaml", "--json"], { loadStackConfig: () => file });
    const s = JSON.parse(r.stdout) as Sizing;
    expect(s.calling.oneToOne.turnMbps).toBeCloseTo(20_000 * 0.05 * 0.2 * 4 * 0.4, 9);
    expect(s.calling.assumptions.relayedLegShare).toBe(0.2);
  });
  it("refuses a share above 1 and a participant count missing for a load, naming the key", () => {
    expect(() => parseStackConfig({ ...base, "wire-backend:calling": { relayedLegShare: 1.5 } })).toThrow(/calling\.relayedLegShare/);
    expect(() => parseStackConfig({ ...base, "wire-backend:conferences": { concurrent: 3 } })).toThrow(/conferences\.participants.*required when concurrent > 0/);
  });
});

describe("group calls in every deployment", () => {
  it("conferences {concurrent: 0} is the explicit 'no group calls', and warns like push option C", () => {
    const c = parseStackConfig({ ...stack(2_000), "wire-backend:conferences": { concurrent: 0 } }).config;
    expect(stackWarnings(c)).toContain(NO_GROUP_CALLS_WARNING);
    expect(stackWarnings(parseStackConfig(stack(2_000)).config)).not.toContain(NO_GROUP_CALLS_WARNING);
    const r = sizeCli(["--users", "2000", "--conferences", "0"]);
    expect(r.stderr).toContain(NO_GROUP_CALLS_WARNING);
    expect(r.stdout).toMatch(/SFT: none \(conferences\.concurrent: 0/);
  });

  it("size prints the model: demand per call type, per-server usable bandwidth, what bound each role", () => {
    const r = sizeCli(["--users", "20000", "--conferences", "300", "--participants", "10"]);
    expect(r.stdout).toMatch(/One-to-one: 1,000 users in calls, 500 legs relayed: 800 Mbps through TURN/);
    expect(r.stdout).toMatch(/TURN: 3,080 Mbps, 800 allocations; 3 × c6in\.large, 2,500 Mbps usable each \(3\.125 Gbps baseline × 80 %\).*bandwidth binds/);
    expect(r.stdout).toMatch(/SFT pool: 3,000 participants = 60 vCPU.*16 × c6[ai]\.xlarge, 1,249\.6 Mbps usable each.*CPU binds/);
    const json = JSON.parse(sizeCli(["--users", "20000", "--conferences", "300", "--participants", "10", "--json"]).stdout) as Sizing;
    expect(json.calling.turn).toMatchObject({ servers: 3, usableMbpsPerServer: 2500, bound: "bandwidth" });
    expect(json.calling.sft).toMatchObject({ placement: "pool", servers: 16, bound: "CPU" });
  });

  const hostsOf = (p: { outputs: Record<string, unknown> }) => p.outputs.hosts as InventoryHost[];
  const labels = nodeLabelsOf;
  type Docs = Record<string, { values: Record<string, unknown>; secrets: Record<string, unknown> }>;

  it("a stack without conferences: sftd in the cluster, reached at sftd.<domain> via the load balancer and through TURN", async () => {
    const p = await plan("test", stack(2_000), { showSecrets: true });
    const docs = p.outputs.helmValues as Docs;
    expect(p.sizing.roles.sft.count).toBe(0);
    expect(p.sizing.calling.sft.placement).toBe("cluster");
    expect(docs.sftd.values).toMatchObject({ host: "sftd.wire.example.com", turnDiscoveryEnabled: true, replicaCount: 3 });
    expect(docs.sftd.values.nodeSelector).toBeUndefined();
    expect(sftdStartProblems(docs.sftd.values, docs.sftd.secrets, labels(hostsOf(p)))).toEqual([]);
    expect((docs["wire-server"].values as { brig: { config: { optSettings: Record<string, string> } } }).brig.config.optSettings.setSftStaticUrl).toBe("https://sftd.wire.example.com:443");
    const sftd = ofType(p, "aws:route53/record:Record").find((r) => r.inputs.name === "sftd.wire.example.com")!;
    expect((sftd.inputs.aliases as { name: string }[])[0].name).toBe(p.outputs.loadBalancerDnsName);
  });

  it("the dev stack: its sized SFT pool, one sftd per labelled node", async () => {
    const p = await plan("dev", stackFile("dev"), { showSecrets: true });
    const docs = p.outputs.helmValues as Docs;
    expect(docs.sftd.values).toMatchObject({ nodeSelector: { "wire.com/role": "sftd" }, replicaCount: p.sizing.roles.sft.count, turnDiscoveryEnabled: true });
    expect(docs.sftd.secrets).toEqual({});
    expect(sftdStartProblems(docs.sftd.values, docs.sftd.secrets, labels(hostsOf(p)))).toEqual([]);
  });

  it("concurrent: 0 exports no sftd, no SFT URL, no sftd record", async () => {
    const p = await plan("test", stack(2_000, { "wire-backend:conferences": { concurrent: 0 } }), { showSecrets: true });
    const docs = p.outputs.helmValues as Docs;
    expect(docs.sftd).toBeUndefined();
    expect(JSON.stringify(docs["wire-server"].values)).not.toContain("setSftStaticUrl");
    expect(ofType(p, "aws:route53/record:Record").map((r) => r.inputs.name)).not.toContain("sftd.wire.example.com");
    expect(p.warnings).toContain(NO_GROUP_CALLS_WARNING);
  });
});
