// Every region a customer may choose: price tables with their sources, sizing where no table
// exists, the region's real zones in plans, refusals below three zones, and ARNs in the region's
// partition (China, GovCloud).
import { ConfigError } from "../config/errors";
import { parseStackConfig } from "../config/load";
import { formatSizingTable } from "../outputs/sizingReport";
import { resolveStack } from "../sizing/forStack";
import {
  chooseInstance,
  coversFamily,
  findInstance,
  hourlyPrice,
  instancesIn,
  partitionOf,
  PRICES,
  REFERENCE_REGION,
  RULES,
  size,
  SUPPORTED_REGIONS,
  zoneRefusal,
  zonesOf,
} from "../sizing";
import type { Role } from "../sizing";
import { FakeCloud } from "../cli/fakeCloud";
import { INSTANCE, ofType, plan, stack } from "./helpers/stacks";
import { SEED } from "./helpers/seed";


describe("price tables", () => {
  it("cover the commercial regions of every continent AWS sells in, each with dated sources", () => {
    for (const prefix of ["eu-", "us-east", "us-west", "ca-", "ap-", "me-", "af-"]) {
      expect(SUPPORTED_REGIONS.some((r) => r.startsWith(prefix))).toBe(true);
    }
    for (const region of SUPPORTED_REGIONS) {
      const p = PRICES.regions[region];
      expect(p.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.from?.length).toBeGreaterThan(0);
      for (const f of p.from ?? []) {
        expect(f.repo).toBeTruthy();
        expect(f.path).toBeTruthy();
        expect(f.commit).toBeTruthy();
        expect(f.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      expect(p.gp3Source).toBeTruthy(); // a source or the stated assumption
      for (const type of Object.keys(p.hourlyUSD)) expect(findInstance(type)).toBeDefined();
    }
    expect(PRICES.regions["us-east-1"].from?.[0]).toMatchObject({ repo: "aws/karpenter-provider-aws", date: "2026-07-20" });
  });

  it("hold the AMD and current Intel families with karpenter's BASELINE network, no Graviton", () => {
    const gbps = (t: string) => findInstance(t)?.networkGbps;
    for (const f of ["c6a", "m6a", "r6a", "c7a", "m7a", "r7a", "c7i", "m7i", "r7i", "c6i", "m6i", "r6i"]) {
      expect([gbps(`${f}.large`), gbps(`${f}.xlarge`), gbps(`${f}.2xlarge`), gbps(`${f}.4xlarge`), gbps(`${f}.8xlarge`)]).toEqual([0.781, 1.562, 3.125, 6.25, 12.5]);
    }
    expect(findInstance("m7a.xlarge")).toMatchObject({ vcpu: 4, memoryGiB: 16 });
    expect(findInstance("r6a.2xlarge")).toMatchObject({ vcpu: 8, memoryGiB: 64 });
    expect(gbps("c6in.8xlarge")).toBe(50);
    expect(gbps("t3.small")).toBe(0.128);
    expect(SUPPORTED_REGIONS.flatMap((r) => Object.keys(PRICES.regions[r].hourlyUSD)).filter((t) => /^[a-z]\d+g/.test(t))).toEqual([]);
  });
});

describe("the 2,000-user stack in every region of the catalog", () => {
  it.each(SUPPORTED_REGIONS.map((r) => [r]))("%s: the seed's table, a known cost, the price source and date in the report", (region) => {
    const s = size({ users: 2000, region });
    for (const [role, row] of Object.entries(SEED)) {
      const x = s.roles[role as Role];
      expect([x.count, x.vcpu, x.memoryGiB, x.diskGiB]).toEqual(row);
      expect(hourlyPrice(x.instanceType, region)).toBe(x.instance.hourlyUSD); // chosen among the region's own prices
    }
    expect(Number.isFinite(s.monthlyCostUSD)).toBe(true);
    expect(s.warnings).toBeUndefined();
    const report = formatSizingTable(s);
    expect(report).toContain(`Prices: ${region} as of ${PRICES.regions[region].asOf}, ${PRICES.regions[region].source}`);
    expect(report).not.toContain("unknown");
  });
});

describe("a type not offered in a region", () => {
  it("the next cheapest type that fits, and `why` says so", () => {
    let seen = 0;
    for (const region of SUPPORTED_REGIONS.filter((r) => r !== REFERENCE_REGION)) {
      const s = size({ users: 2000, region });
      for (const role of Object.keys(SEED) as Role[]) {
        const x = s.roles[role];
        const rule = RULES[role];
        const ref = chooseInstance({ vcpu: x.vcpu, memoryGiB: x.memoryGiB, networkGbps: rule.minNetworkGbps }, REFERENCE_REGION, rule.burstableAllowed).instanceType;
        if (hourlyPrice(ref, region) !== undefined) continue;
        seen++;
        expect(x.instanceType).not.toBe(ref);
        expect(x.why).toContain(
          coversFamily(region, ref) ? `${ref} (the cheapest fit in ${REFERENCE_REGION}) is not offered in ${region}; ${x.instanceType} is the next cheapest fit` : `${ref} (the cheapest fit in ${REFERENCE_REGION}) has no price for ${region}`,
        );
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe("a calling pool whose us-east-1 pick is not offered in the region", () => {
  it("TURN and SFT say so in `why`, as the other roles do", () => {
    const load = { users: 20000, conferences: { concurrent: 50, participants: 20, video: true } };
    const ref = size({ ...load, region: REFERENCE_REGION });
    let seen = 0;
    for (const region of SUPPORTED_REGIONS.filter((r) => r !== REFERENCE_REGION)) {
      const s = size({ ...load, region });
      for (const role of ["restund", "sft"] as Role[]) {
        const want = ref.roles[role].instanceType;
        if (instancesIn(region).some((i) => i.type === want)) continue;
        seen++;
        expect(s.roles[role].why).toContain(
          coversFamily(region, want)
            ? `${want} (the cheapest fit in ${REFERENCE_REGION}) is not offered in ${region}; ${s.roles[role].instanceType} is the next cheapest fit`
            : `${want} (the cheapest fit in ${REFERENCE_REGION}) has no price for ${region}`,
        );
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe("a region without a price table", () => {
  // Only China is left without a table: its price lists are in CNY (see docs/sizing.md "Prices and regions").
  it.each([["cn-north-1"], ["cn-northwest-1"]])("%s sizes: counts as elsewhere, cost unknown with a warning", (region) => {
    expect(SUPPORTED_REGIONS).not.toContain(region);
    const s = size({ users: 2000, region });
    for (const [role, row] of Object.entries(SEED)) {
      const x = s.roles[role as Role];
      expect([x.count, x.vcpu, x.memoryGiB, x.diskGiB]).toEqual(row);
      expect(["t3", "c6i", "m6i", "r6i"]).toContain(x.instanceType.split(".")[0]); // the families assumed offered
      expect(x.why).toContain(`${region} has no price table`);
    }
    expect(s.monthlyCostUSD).toBeNaN();
    expect(JSON.parse(JSON.stringify(s)).monthlyCostUSD).toBeNull();
    const report = formatSizingTable(s);
    expect(report).toContain("Monthly cost: unknown");
    expect(report).toMatch(/Warning: .* has no price table: costs are unknown/);
    expect(instancesIn(region).every((i) => !i.priceKnown)).toBe(true);
  });
  it("and plans: the stack is not refused for lack of a price", () => {
    expect(() => resolveStack(stack(2000, { "aws:region": "cn-north-1" }))).not.toThrow();
  });
});

describe("zones", () => {
  it("names each region's real zones", () => {
    expect(zonesOf("ca-central-1")).toEqual(["ca-central-1a", "ca-central-1b", "ca-central-1d"]);
    expect(zonesOf("ap-northeast-1")).toEqual(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
    expect(zonesOf("nowhere-1")).toBeUndefined();
    const names = (region: string) => new FakeCloud(region).call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {} } as never).names;
    expect(names("ca-central-1")).toEqual(zonesOf("ca-central-1"));
  });
  it("refuses a region with fewer than three usable zones, with the reason", () => {
    expect(zoneRefusal("us-west-1")).toMatch(/2 usable availability zones .* needs 3: Cassandra keeps one of its 3 replicas per zone/);
    expect(zoneRefusal("eu-central-1")).toBeUndefined();
    try {
      resolveStack(stack(2000, { "aws:region": "us-west-1" }));
      throw new Error("not refused");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems[0]).toMatchObject({ key: "aws:region", value: "us-west-1" });
    }
  });
  it("refuses zone names the region does not have", () => {
    expect(() => resolveStack(stack(2000, { "aws:region": "ca-central-1", "wire-backend:network": { zoneNames: ["ca-central-1a", "ca-central-1b", "ca-central-1c"] } }))).toThrow(
      /zoneNames: "?ca-central-1c"? is not a zone of ca-central-1/,
    );
  });
});

describe("plans in three regions use that region's zones", () => {
  // A newly priced region, one in the north of Europe and one in Asia-Pacific: each region's zones come from
  // the same table (sizing/regions.ts), so three stand for all (the unit suite has a 60 s budget).
  const REGIONS = ["eu-central-2", "eu-north-1", "ap-southeast-2"];
  it.each(REGIONS.map((r) => [r]))("%s", async (region) => {
    const p = await plan(`regions-${region}`, stack(2000, { "aws:region": region }));
    const zones = new Set(ofType(p, INSTANCE).map((i) => String(i.inputs.availabilityZone)));
    expect([...zones].sort()).toEqual(zonesOf(region)!.slice(0, 3));
    expect(ofType(p, INSTANCE)).toHaveLength(p.sizing.totals.cluster.instances);
  });
});

describe("partitions", () => {
  it("the region's partition and DNS suffix", () => {
    expect(partitionOf("cn-north-1")).toEqual({ partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" });
    expect(partitionOf("us-gov-west-1")).toEqual({ partition: "aws-us-gov", dnsSuffix: "amazonaws.com" });
    expect(partitionOf("eu-central-1")).toEqual({ partition: "aws", dnsSuffix: "amazonaws.com" });
    const call = (region: string) => new FakeCloud(region).call({ token: "aws:index/getPartition:getPartition", inputs: {} } as never);
    expect(call("cn-northwest-1")).toMatchObject({ partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" });
  });
  it("China and GovCloud region names are accepted", () => {
    for (const region of ["cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1"]) {
      expect(parseStackConfig(stack(2000, { "aws:region": region })).config.region).toBe(region);
    }
  });
  it.each([
    ["cn-north-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
  ])("a plan in %s has no arn:aws: literal in any resource input", async (region, partition) => {
    const p = await plan(`partition-${region}`, stack(2000, { "aws:region": region }));
    const inputs = JSON.stringify(p.resources.map((r) => r.inputs));
    expect(inputs).not.toContain("arn:aws:");
    expect(inputs).toContain(`arn:${partition}:automate:${region}:ec2:recover`);
    expect(inputs).toContain(`arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`);
    expect(inputs).toContain(`arn:${partition}:iam::123456789012:root`);
  });
});
