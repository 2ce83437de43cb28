// The sizing engine, its overrides and the `size` CLI. Expectations are the seed's table and
// arithmetic done by hand in this file (prices: the us-east-1 figures of the catalog).
import * as path from "path";
import { main as sizeCli, StackFileValues } from "../cli/size";
import { compareDocument, formatCompare } from "../outputs/compareReport";
import { formatSizingTable } from "../outputs/sizingReport";
import { formatQuotaNeeds } from "../outputs/quotaReport";
import { quotaInputOf, quotaNeeds, type QuotaStackFields } from "../sizing/quotas";
import { loadStackConfig } from "../config/load";
import {
  applyOverrides,
  CATALOG_AS_OF,
  CATALOG_SOURCE,
  findInstance,
  gp3PricePerGiBMonth,
  hourlyPrice,
  INSTANCE_TYPES,
  isDataRole,
  priceSource,
  roundCents,
  RULES,
  OverrideError,
  ROOT_VOLUME_GIB_DATA_ROLES,
  size,
  SUPPORTED_REGIONS,
} from "../sizing";
import type { Role, Sizing } from "../sizing";
import { SEED } from "./helpers/seed";


const shape = (s: Sizing, r: Role) => [s.roles[r].count, s.roles[r].vcpu, s.roles[r].memoryGiB, s.roles[r].diskGiB];

describe("catalog", () => {
  it("is honest about its prices: every region names its sources and their dates", () => {
    for (const region of SUPPORTED_REGIONS) {
      expect(CATALOG_SOURCE).toContain(`${region}: `);
      expect(CATALOG_AS_OF <= priceSource(region).asOf).toBe(true);
    }
    expect(CATALOG_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(SUPPORTED_REGIONS).toEqual(expect.arrayContaining(["eu-central-1", "us-east-1", "eu-west-1", "ca-central-1", "ap-southeast-2"]));
    expect(gp3PricePerGiBMonth("us-east-1")).toBe(0.08);
    expect(gp3PricePerGiBMonth("eu-central-1")).toBe(0.0952);
    expect(gp3PricePerGiBMonth("mars-north-1")).toBeNaN(); // no table: unknown, not an error
  });
  it("records BASELINE network, not burst", () => {
    expect(findInstance("c6i.large")).toMatchObject({ vcpu: 2, memoryGiB: 4, networkGbps: 0.781, burstable: false });
    // karpenter's us-east-1 table and skypilot's vms.csv row for eu-central-1
    expect(findInstance("c6i.large")?.hourlyUSD).toMatchObject({ "us-east-1": 0.085, "eu-central-1": 0.097 });
    expect(findInstance("c6i.4xlarge")?.networkGbps).toBe(6.25);
    expect(findInstance("c6in.large")?.networkGbps).toBe(3.125);
    expect(findInstance("t3.medium")).toMatchObject({ networkGbps: 0.256, burstable: true });
    expect(findInstance("nope.large")).toBeUndefined();
  });
});

describe("the seed table is the sizing at and below 2,000 users", () => {
  for (const region of ["us-east-1", "eu-central-1"]) {
    it.each([1, 500, 2000])(`%i users in ${region}`, (users) => {
      // 5.7.0 needs neither PostgreSQL nor RabbitMQ: exactly the seed's table.
      const s = size({ users, region, wireVersion: "5.7.0" });
      for (const [role, row] of Object.entries(SEED)) expect(shape(s, role as Role)).toEqual(row);
      expect(s.roles.sft.count).toBe(0);
      expect(s.totals.perServer).toEqual({ vcpu: 11, memoryGiB: 18, diskGiB: 590 });
      expect(s.totals.perServerWithHosts).toEqual({ vcpu: 13, memoryGiB: 26, diskGiB: 730 });
      // cluster = Σ count × per node: 3×(2+1+1+6) + 2×1 + 1 + 1 vCPU, etc.
      expect(s.totals.cluster).toEqual({ instances: 16, vcpu: 34, memoryGiB: 60, diskGiB: 1900 });
      expect(s.roles.cassandra.why).toMatch(/reference for 2,000 users.*floor/);
      expect(s.roles.sft.why).toMatch(/not sized.*conferences/);
    });
  }

  it("picks the cheapest fitting type and prices it (us-east-1, recomputed from the catalog)", () => {
    const region = "us-east-1";
    const s = size({ users: 2000, region });
    for (const r of Object.keys(s.roles) as Role[]) {
      const x = s.roles[r];
      expect(x.instanceType).toBe(cheapestFit(region, x.vcpu, x.memoryGiB, RULES[r].minNetworkGbps, RULES[r].burstableAllowed));
      // count × (hourly × 730 + 0.08 × GiB), data roles + 20 GiB root
      const gib = x.diskGiB + (isDataRole(r) ? ROOT_VOLUME_GIB_DATA_ROLES : 0);
      expect(x.monthlyUSD).toBeCloseTo(roundCents(x.count * (hourlyPrice(x.instanceType, region)! * 730 + 0.08 * gib)), 2);
    }
    expect(s.roles.restund.instanceType).toMatch(/^c6in\./); // >= 1 Gbps baseline: only c6in has it at 2 vCPU
    expect(s.roles.adminHost.instanceType).toMatch(/^t3a?\./); // burstable allowed
    // The nodes are the sum of the roles; the whole bill adds the lines beyond them (sizing/bill.ts).
    expect(s.nodesMonthlyUSD).toBeCloseTo(Object.values(s.roles).reduce((n, x) => n + x.monthlyUSD, 0), 2);
    expect(s.monthlyCostUSD).toBeCloseTo(s.nodesMonthlyUSD + s.costLines.reduce((n, l) => n + l.monthlyUSD, 0), 2);
    expect(ROOT_VOLUME_GIB_DATA_ROLES).toBe(20);
  });
});

/** The cheapest catalog type priced in `region` with at least this much: the chooser's rule, by hand. */
function cheapestFit(region: string, vcpu: number, memoryGiB: number, gbps: number, burstable: boolean): string {
  const fits = INSTANCE_TYPES.filter((i) => hourlyPrice(i.type, region) !== undefined && i.vcpu >= vcpu && i.memoryGiB >= memoryGiB && i.networkGbps >= gbps && (burstable || !i.burstable));
  return fits.reduce((a, b) => (hourlyPrice(b.type, region)! < hourlyPrice(a.type, region)! ? b : a)).type;
}

describe("growth beyond 2,000 users", () => {
  const s = size({ users: 50000, region: "eu-central-1" }); // 48 thousand beyond the reference
  // Growth by whole nodes of the size the seed buys (no step doubles a role: tests/costCliffs.test.ts).
  it("cassandra: 6 + 1.5×48 = 78 vCPU -> 39 nodes of the seed's 2 vCPU (a multiple of 3); 240 + 120×48 = 6,000 GiB / 39", () => {
    expect(shape(s, "cassandra")).toEqual([39, 2, 4, Math.ceil(6000 / 39)]);
    expect(s.roles.cassandra.why).toMatch(/^39 nodes of 2 vCPU.*78 vCPU needed.*1\.5 vCPU.*per 1,000 users beyond 2,000.*= 39 nodes of 2 vCPU/);
  });
  it("minio: 3 + 0.5×48 = 27 vCPU -> 14 nodes of 2 -> 16 (erasure layout, EC:4); 800 + 400×48 = 20,000 GiB usable over 12 data drives", () => {
    expect(shape(s, "minio")).toEqual([16, 2, 4, Math.ceil(20000 / 12)]);
  });
  it("elasticsearch: 3 + 0.25×48 = 15 vCPU -> 3 nodes of 5 (vertical first); 180 + 10×48 = 660 GiB / 3", () => {
    expect(shape(s, "elasticsearch")).toEqual([3, 5, 10, 220]);
  });
  it("elasticsearch at 250,000 users: 3 + 0.25×248 = 65 vCPU -> 5 nodes of 16 (the cap), odd", () => {
    expect(shape(size({ users: 250_000, region: "eu-central-1" }), "elasticsearch")).toEqual([5, 16, 32, Math.ceil((180 + 10 * 248) / 5)]);
  });
  it("elasticsearch stops at 15 nodes (brig's 5 shards × 3 copies) and grows the nodes past the cap instead", () => {
    const m = size({ users: 1_000_000, region: "eu-central-1" }); // 3 + 0.25×998 = 252.5 vCPU
    expect(shape(m, "elasticsearch")).toEqual([15, 17, 34, Math.ceil((180 + 10 * 998) / 15)]);
    expect(m.roles.elasticsearch.why).toMatch(/over 15 nodes, the most that add capacity: brig's index has 5 shards × 3 copies/);
    const huge = size({ users: 3_000_000, region: "eu-central-1" }); // 752.5 vCPU > 15 × 32
    expect(shape(huge, "elasticsearch").slice(0, 2)).toEqual([25, 32]);
    expect(huge.roles.elasticsearch.why).toMatch(/raise the shard count before adding nodes/);
  });
  it("kubernetes: 6 fixed + 2×50 = 106 vCPU -> 14 nodes of 8 (the type the seed's 6 buys), memory 8 × 8/6 -> 11 GiB", () => {
    expect(shape(s, "kubernetes")).toEqual([14, 8, 11, 40]);
    expect(s.roles.kubernetes.instanceType).toBe(cheapestFit("eu-central-1", 8, 11, 0, false));
    expect(s.roles.kubernetes.why).toMatch(/106 vCPU needed.*the floor carries its own headroom, 6,000 users/);
  });
  it("kubernetes at 8,000 users: 6 + 16 = 22 vCPU fits the seed's 3 nodes, grown in place to 8 vCPU each", () => {
    expect(shape(size({ users: 8000, region: "eu-central-1" }), "kubernetes")).toEqual([3, 8, 11, 40]);
  });
  it("3,000 users: cassandra 7.5 vCPU on nodes of the seed's 2 vCPU = 4 -> 6 (a multiple of 3), 360 GiB / 6", () => {
    const t = size({ users: 3000, region: "us-east-1" });
    expect(shape(t, "cassandra")).toEqual([6, 2, 4, 60]);
    expect(t.roles.cassandra.instanceType).toBe(cheapestFit("us-east-1", 2, 4, 0, false));
  });
  it("postgresql grows vertically from where its floor is used up: 0.25 + 0.25 × users / 1,000 per node", () => {
    const at = (users: number) => shape(size({ users, region: "eu-central-1" }), "postgresql").slice(0, 2);
    expect([at(7000), at(7001), at(15000), at(15001), at(31000), at(31001)]).toEqual([[3, 2], [3, 3], [3, 4], [3, 5], [3, 8], [3, 9]]);
    expect(size({ users: 7001, region: "eu-central-1" }).roles.postgresql.why).toMatch(/the floor carries its own headroom, 7,000 users/);
  });
  it("rabbitmq keeps 3 nodes and grows them: 0.25 + 0.75 × users / 1,000 cluster-wide, up to 24 vCPU", () => {
    const at = (users: number) => shape(size({ users, region: "eu-central-1" }), "rabbitmq").slice(0, 2);
    // 0.25 + 0.75 × 10 = 7.75 vCPU -> 3 nodes of ceil(7.75 / 3) = 3; 0.25 + 0.75 × 100 = 75.25 -> capped at 24 = 3 nodes of 8
    expect([at(2000), at(10000), at(100000)]).toEqual([[3, 2], [3, 3], [3, 8]]);
    expect(size({ users: 100000, region: "eu-central-1" }).roles.rabbitmq.why).toMatch(/capped at 24 vCPU cluster-wide/);
  });
});

describe("calling roles with conference load", () => {
  // 100 × 10 with video: 400 Mbps in, 100 × 34 = 3,400 Mbps out, 3,800 total (the seed's rules), 38 per conference
  const s = size({ users: 2000, region: "us-east-1", conferences: { concurrent: 100, participants: 10, video: true } });
  it("TURN: 2,000 × 5 % × 50 % = 50 relayed legs × 4 × 400 kbps = 80 Mbps, + 10 % × 2 × 3,800 = 760 Mbps: 2 c6in.large (HA floor)", () => {
    expect(s.calling).toMatchObject({ ingressMbps: 400, egressMbps: 3400, totalMbps: 3800 });
    expect(s.calling.oneToOne.turnMbps).toBeCloseTo(80, 9);
    expect(s.calling.conferences.turnMbps).toBeCloseTo(760, 9);
    expect(s.calling.turn).toMatchObject({ allocations: 150, instanceType: "c6in.large", usableMbpsPerServer: 2500, servers: 2, bound: "HA floor" });
    expect(s.roles.restund.count).toBe(2);
    expect(s.roles.restund.why).toMatch(/64,000 per server/);
  });
  it("SFT: 1,000 participants / 50 = 20 vCPU; a 4-vCPU, 1.562 Gbps type holds 20 conferences (CPU; 32 by bandwidth): 5 + 1 spare", () => {
    // 6 × (hourly × 730 + gp3 × 40), at the catalog's price of the type chosen (c6a.xlarge or c6i.xlarge class)
    expect(shape(s, "sft")).toEqual([6, 4, 8, 40]);
    expect(s.roles.sft.instance).toMatchObject({ vcpu: 4, networkGbps: 1.562 });
    expect(s.roles.sft.monthlyUSD).toBeCloseTo(6 * (hourlyPrice(s.roles.sft.instanceType, s.region)! * 730 + gp3PricePerGiBMonth(s.region) * 40), 2);
    expect(s.calling.sft).toMatchObject({ placement: "pool", conferencesPerServer: 20, bound: "CPU", vcpuDemand: 20 });
    expect(s.roles.sft.why).toMatch(/CPU binds/);
  });
  it("a small load still gets 2 SFT nodes of 2 vCPU (HA floor)", () => {
    const t = size({ users: 500, region: "us-east-1", conferences: { concurrent: 2, participants: 5, video: false } });
    expect(shape(t, "sft")).toEqual([2, 2, 4, 40]);
    expect(t.calling.sft.bound).toBe("HA floor");
    expect(t.roles.restund.count).toBe(2);
  });
});

describe("input validation", () => {
  it.each([0, -3, 1.5, NaN])("users %p is refused", (users) => {
    expect(() => size({ users, region: "us-east-1" })).toThrow(/users/);
  });
  it("refuses a malformed region and < 2 participants; a region without prices sizes with costs unknown", () => {
    expect(() => size({ users: 10, region: "mars-1" })).toThrow(/region/);
    const unpriced = size({ users: 10, region: "cn-north-1" });
    expect(unpriced.monthlyCostUSD).toBeNaN();
    expect(unpriced.warnings?.[0]).toMatch(/^cn-north-1 has no price table: costs are unknown/);
    expect(() => size({ users: 10, region: "us-east-1", conferences: { concurrent: 3, participants: 1, video: true } })).toThrow(/participants/);
  });
});

describe("overrides", () => {
  const region = "us-east-1";
  const base = size({ users: 2000, region, wireVersion: "5.7.0" });
  const keys = (o: Parameters<typeof applyOverrides>[1]) => applyOverrides(base, o, region).problems.map((p) => p.key);

  it("below the requirement is a problem unless force", () => {
    const { problems, sizing } = applyOverrides(base, { kubernetes: { count: 2 } }, region);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: "wire-backend:roles.kubernetes.count", value: 2 });
    expect(problems[0].message).toMatch(/^is below the 3 nodes this stack needs \(.*\); raise it or set roles\.kubernetes\.force: true$/);
    expect(sizing.roles.kubernetes.count).toBe(3); // not applied

    const forced = applyOverrides(base, { kubernetes: { count: 2, force: true } }, region);
    expect(forced.problems).toEqual([]);
    expect(forced.sizing.roles.kubernetes.count).toBe(2);
    const node = hourlyPrice(base.roles.kubernetes.instanceType, region)! * 730 + 0.08 * 40;
    expect(forced.sizing.roles.kubernetes.monthlyUSD).toBeCloseTo(2 * node, 2);
    expect(forced.sizing.roles.kubernetes.why).toMatch(/^overridden by the stack file/);
    expect(forced.sizing.totals.cluster.instances).toBe(15);
    expect(forced.sizing.nodesMonthlyUSD).toBeCloseTo(base.nodesMonthlyUSD - node, 2);
  });

  it("disk below the requirement: problem, or applied with force", () => {
    expect(keys({ cassandra: { diskGiB: 50 } })).toEqual(["wire-backend:roles.cassandra.diskGiB"]);
    const f = applyOverrides(base, { cassandra: { diskGiB: 50, force: true } }, region);
    expect(f.problems).toEqual([]);
    expect(f.sizing.roles.cassandra.diskGiB).toBe(50);
    // 3 × (hourly × 730 + 0.08 × (50 + 20 root))
    expect(f.sizing.roles.cassandra.monthlyUSD).toBeCloseTo(roundCents(3 * (hourlyPrice(base.roles.cassandra.instanceType, region)! * 730 + 0.08 * 70)), 2);
    expect(f.sizing.totals.perServer.diskGiB).toBe(560);
  });

  it("instance types smaller than the need (vCPU, memory, network, burstable) are problems unless force", () => {
    expect(keys({ kubernetes: { instanceType: "c6i.large" } })).toEqual(["wire-backend:roles.kubernetes.instanceType"]);
    expect(keys({ cassandra: { instanceType: "t3.large" } })).toEqual(["wire-backend:roles.cassandra.instanceType"]);
    const net = applyOverrides(base, { restund: { instanceType: "c6i.large" } }, region).problems;
    expect(net[0].message).toMatch(/0\.781 < 1 Gbps/);
    expect(applyOverrides(base, { restund: { instanceType: "c6i.large", force: true } }, region).problems).toEqual([]);
  });

  it("a larger instance type is accepted and the node then has its resources", () => {
    const { problems, sizing } = applyOverrides(base, { cassandra: { instanceType: "m6i.xlarge" } }, region);
    expect(problems).toEqual([]);
    expect(sizing.roles.cassandra).toMatchObject({ instanceType: "m6i.xlarge", vcpu: 4, memoryGiB: 16 });
    expect(sizing.roles.cassandra.monthlyUSD).toBeCloseTo(444.48, 2); // 3 × (0.192 × 730 + 8)
    expect(sizing.totals.perServer.vcpu).toBe(13);
  });

  it("quorum and erasure floors are refused even with force", () => {
    expect(keys({ cassandra: { count: 2, force: true } })).toEqual(["wire-backend:roles.cassandra.count"]);
    expect(keys({ elasticsearch: { count: 2, force: true } })).toEqual(["wire-backend:roles.elasticsearch.count"]);
    expect(keys({ elasticsearch: { count: 4, force: true } })).toEqual(["wire-backend:roles.elasticsearch.count"]);
    expect(keys({ minio: { count: 5, force: true } })).toEqual(["wire-backend:roles.minio.count"]);
    expect(keys({ minio: { count: 20, force: true } })).toEqual(["wire-backend:roles.minio.count"]);
    // above the requirement and valid: fine without force
    expect(keys({ elasticsearch: { count: 5 }, minio: { count: 4 }, cassandra: { count: 6 } })).toEqual([]);
    // more Elasticsearch nodes than brig's 15 shard copies: allowed, and the why says they sit empty
    const es = size({ users: 2000, region: "us-east-1", overrides: { elasticsearch: { count: 17 } } }).roles.elasticsearch;
    expect([es.count, es.why]).toEqual([17, expect.stringMatching(/count 17, beyond the 15 nodes that add capacity: brig's index has 5 shards × 3 copies/)]);
  });

  it("unknown instance types and roles get a did-you-mean", () => {
    const p = applyOverrides(base, { cassandra: { instanceType: "c6i.larg" } }, region).problems;
    expect(p[0].key).toBe("wire-backend:roles.cassandra.instanceType");
    expect(p[0].message).toMatch(/^is not an instance type in the catalog.*did you mean c6i\.large/);
    const r = applyOverrides(base, { cassandr: { count: 3 } } as never, region).problems;
    expect(r[0].message).toMatch(/did you mean cassandra/);
  });

  it("size() applies input.overrides, throwing when any is refused", () => {
    expect(size({ users: 2000, region, overrides: { minio: { diskGiB: 500 } } }).roles.minio.diskGiB).toBe(500);
    expect(() => size({ users: 2000, region, overrides: { minio: { count: 5 } } })).toThrow(OverrideError);
  });
});

/** size --json: the sizing and, under `quotas`, what it asks of the AWS account (sizing/quotas.ts). */
function withQuotas(s: ReturnType<typeof size>, file?: QuotaStackFields) {
  return { ...s, quotas: quotaNeeds(s, quotaInputOf(file)) };
}

describe("size CLI", () => {
  it("--json prints exactly size()'s result (default region eu-central-1)", () => {
    const r = sizeCli(["--users", "2000", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(withQuotas(size({ users: 2000, region: "eu-central-1", compareLayouts: true })));
  });

  it("passes conferences, --no-video and --region through", () => {
    const r = sizeCli(["--users", "12000", "--conferences", "30", "--participants", "12", "--no-video", "--region", "us-east-1", "--json"]);
    expect(r.code).toBe(0);
    const want = size({ users: 12000, region: "us-east-1", conferences: { concurrent: 30, participants: 12, video: false } });
    expect(JSON.parse(r.stdout)).toEqual(withQuotas(want));
  });

  it("--compare prints the sizings side by side (table or --json), instead of --users", () => {
    const want = [500, 2000, 20000].map((users) => size({ users, region: "us-east-1" }));
    const table = sizeCli(["--compare", "500,2000,20000", "--region", "us-east-1"]);
    expect(table).toEqual({ code: 0, stdout: formatCompare(want), stderr: "" });
    expect(JSON.parse(sizeCli(["--compare", "500,2000,20000", "--region", "us-east-1", "--json"]).stdout)).toEqual(compareDocument(want));
    expect(sizeCli(["--compare", "500,2000", "--users", "10"]).stderr).toContain("--users/--compare: give one of them");
    expect(sizeCli(["--compare", "500"]).stderr).toContain('--compare: "500" is not a list');
  });

  it("prints the table with both per-server totals rows, cost and price date", () => {
    const r = sizeCli(["--users", "2000"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Per-server totals \(5 cluster roles\)\s*│\s*-\s*│\s*11\s*│\s*18\s*│\s*590/);
    expect(r.stdout).toMatch(/with admin\/asset hosts\s*│\s*-\s*│\s*13\s*│\s*26\s*│\s*730/);
    expect(r.stdout).toContain("eu-central-1 as of 2026-11-30"); // the date of the full skypilot table (prices.json)
    expect(r.stdout).toMatch(/per user/);
    const s = size({ users: 2000, region: "eu-central-1", compareLayouts: true });
    // The sizing, then what it asks of the AWS account (an online stack in 3 zones without a stack file).
    expect(r.stdout).toBe(`${formatSizingTable(s)}\n${formatQuotaNeeds(quotaNeeds(s), "eu-central-1")}`);
  });

  it.each([
    [["--users", "abc"], '--users: "abc" is not an integer >= 1'],
    [["--users", "0"], '--users: "0" is not an integer >= 1'],
    [["--users", "2.5"], "--users"],
    [["--users", "10", "--conferences", "3", "--participants", "1"], '--participants: "1" is not an integer >= 2'],
    [["--users", "10", "--conferences", "3"], "--conferences: needs --participants"],
    [["--users", "10", "--region", "mars-1"], '--region: "mars-1" is not an AWS region; expected a region code such as eu-central-1'],
    [["--users", "10", "--frobnicate"], "--frobnicate"],
    [[], "--users: required"],
  ])("%j exits 1 naming the flag", (argv, msg) => {
    const r = sizeCli(argv);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(msg);
    expect(r.stdout).toBe("");
  });

  it("reads a stack file; explicit flags win; refused overrides exit 1 with their keys", () => {
    const file: StackFileValues = {
      users: 5000,
      region: "us-east-1",
      conferences: { concurrent: 10, participants: 8, video: true },
      roles: { kubernetes: { count: 2 } },
    };
    const calls: unknown[] = [];
    const load = (o: unknown) => (calls.push(o), file);
    const r = sizeCli(["--stack", "prod", "--users", "6000", "--json"], { loadStackConfig: load, cwd: "/x" });
    expect(calls).toEqual([{ stack: "prod", file: undefined, cwd: "/x" }]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("wire-backend:roles.kubernetes.count: 2 is below the");
    expect(JSON.parse(r.stdout)).toEqual(withQuotas(size({ users: 6000, region: "us-east-1", conferences: { concurrent: 10, participants: 8, video: true } }), file));

    const ok = sizeCli(["--config", "f.yaml", "--no-video", "--json"], { loadStackConfig: () => ({ ...file, roles: {} }) });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).conferences).toEqual({ concurrent: 10, participants: 8, video: false });
  });

  it("reads the repository's Pulumi.dev.yaml through config's loadStackConfig", () => {
    const r = sizeCli(["--config", "Pulumi.dev.yaml", "--json"], { cwd: path.join(__dirname, "..") });
    // The dev stack uses push option C: the only thing on stderr is the iOS warning.
    expect(r.stderr).toMatch(/^warning: push option C[^\n]*\n$/);
    const want = size({ users: 2000, region: "eu-central-1", conferences: { concurrent: 4, participants: 8, video: true }, compareLayouts: true });
    expect(JSON.parse(r.stdout)).toEqual(withQuotas(want, loadStackConfig({ file: "Pulumi.dev.yaml", cwd: path.join(__dirname, "..") })));
  });

  it("a stack file that fails validation exits 1 with config's message", () => {
    const r = sizeCli(["--stack", "nope"], {
      loadStackConfig: () => {
        throw new Error("wire-backend:users: must be >= 1\nwire-backend:domain: required");
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--stack nope: wire-backend:users: must be >= 1\nwire-backend:domain: required");
  });
});
