// The whole bill (sizing/bill.ts): each line recomputed here from its stated inputs (the calling
// model's Mbps, node counts, disks, the stack's choices) and the prices in sizing/servicePrices.json,
// never from our own output.
import * as fs from "fs";
import * as path from "path";
import pricesJson from "../sizing/servicePrices.json";
import { size } from "../sizing/size";
import { resolveStack } from "../sizing/forStack";
import { formatSizingTable } from "../outputs/sizingReport";
import { formatCompare } from "../outputs/compareReport";
import {
  callingEgressMbps,
  FLOW_LOG_RETENTION_DAYS,
  monthlyGBFromMbps,
  natGatewayCount,
  publicIpv4Count,
  snapshotGiB,
} from "../sizing/bill";
import { ec2PriceRatio, s3RequestsMonthlyUSD, s3StorageMonthlyUSD, servicePricesFor, tieredUSD } from "../sizing/servicePrices";
import type { Tier } from "../sizing/servicePrices";
import { COST_DEFAULTS } from "../config/costs";
import { CALLING_DEFAULTS } from "../config/calling";
import type { Sizing, SizingInput } from "../sizing/types";
import { REPO, exampleStacks, plan, stack, stackFile, OFFLINE } from "./helpers/stacks";

const FRANKFURT = pricesJson.regions["eu-central-1"];
const line = (s: Sizing, key: string) => {
  const l = s.costLines.find((x) => x.key === key);
  if (!l) throw new Error(`no cost line ${key}`);
  return l;
};
const LINE_KEYS = ["dataTransferOut", "natGatewayHours", "natGatewayData", "loadBalancerHours", "loadBalancerCapacity", "publicIpv4", "backupSnapshots", "flowLogs", "flowLogStorage"];
const at = (users: number, extra: Partial<SizingInput> = {}) => size({ users, region: "eu-central-1", ...extra });

describe("data transfer out", () => {
  it("turns Mbps into GB: 100 Mbps = 12.5 MB/s, over 6 h × 21 days = 453,600 s: 5,670 GB", () => {
    expect(monthlyGBFromMbps(100, 6, 21)).toBeCloseTo((12.5e6 * 453_600) / 1e9, 6);
    expect(monthlyGBFromMbps(100, 6, 21)).toBeCloseTo(5670, 6);
  });

  it("prices tiers from the first GB billed, after the free 100 GB", () => {
    const tiers = FRANKFURT.dataTransferOut.tiers as Tier[];
    expect(tieredUSD(tiers, 100, 100)).toBe(0);
    // Exactly the first tier: 10,240 GB at $0.09.
    expect(tieredUSD(tiers, 10_340, 100)).toBeCloseTo(10_240 * 0.09, 6);
    // One GB past the boundary is billed at the second tier's $0.085.
    expect(tieredUSD(tiers, 10_341, 100)).toBeCloseTo(10_240 * 0.09 + 0.085, 6);
    // Past 150 TB: all four tiers.
    expect(tieredUSD(tiers, 200_100, 100)).toBeCloseTo(10_240 * 0.09 + 40_960 * 0.085 + 102_400 * 0.07 + (200_000 - 153_600) * 0.05, 4);
  });

  it("is the calling model's egress over the busy hours plus web and API traffic per user", () => {
    const s = at(3000, { conferences: { concurrent: 40, participants: 8, video: true } });
    // The calling model's own figures: SFT egress to clients, and half of TURN's one-to-one relay.
    expect(callingEgressMbps(s.calling)).toBeCloseTo(s.calling.oneToOne.turnMbps / 2 + s.calling.egressMbps, 9);
    const callGB = ((s.calling.oneToOne.turnMbps / 2 + s.calling.egressMbps) * 1e6 / 8) * 3600 * 6 * 21 / 1e9;
    const webGB = (3000 * 0.25 * 2 ** 30) / 1e9;
    const l = line(s, "dataTransferOut");
    expect(l.quantity).toBeCloseTo(callGB + webGB, 1);
    expect(l.monthlyUSD).toBeCloseTo(tieredUSD(FRANKFURT.dataTransferOut.tiers as Tier[], callGB + webGB, 100), 1);
    expect(l.assumption).toMatch(/6 busy hours × 21 working days/);
  });

  it("follows the stack's busy hours and web traffic, and is zero offline", () => {
    const base = at(20_000);
    const doubled = at(20_000, { calling: { busyHoursPerDay: 12 } });
    const callGB = monthlyGBFromMbps(callingEgressMbps(base.calling), 6, 21);
    expect(line(doubled, "dataTransferOut").quantity - line(base, "dataTransferOut").quantity).toBeCloseTo(callGB, 1);
    const noWeb = at(20_000, { costs: { webGiBPerUserMonth: 0 } });
    expect(line(noWeb, "dataTransferOut").quantity).toBeCloseTo(callGB, 1);
    const offline = at(20_000, { deployment: { connectivity: "offline" } });
    expect(line(offline, "dataTransferOut")).toMatchObject({ quantity: 0, monthlyUSD: 0 });
  });
});

describe("NAT gateways", () => {
  it("one per zone, one, or none offline", () => {
    expect(natGatewayCount({ connectivity: "online", zones: 3, natGateways: "perZone" })).toBe(3);
    expect(natGatewayCount({ connectivity: "online", zones: 5, natGateways: "perZone" })).toBe(5);
    expect(natGatewayCount({ connectivity: "online", zones: 5, natGateways: "single" })).toBe(1);
    expect(natGatewayCount({ connectivity: "offline", zones: 3, natGateways: "perZone" })).toBe(0);
  });

  it("hours are gateways × 730 at the region's hourly price; the single choice costs a third of three", () => {
    const per = at(2000);
    const single = at(2000, { deployment: { natGateways: "single" } });
    expect(line(per, "natGatewayHours")).toMatchObject({ quantity: 3 * 730, monthlyUSD: Math.round(3 * 730 * FRANKFURT.natGatewayHourUSD * 100) / 100 });
    expect(line(single, "natGatewayHours")).toMatchObject({ quantity: 730, monthlyUSD: Math.round(730 * FRANKFURT.natGatewayHourUSD * 100) / 100 });
    expect(line(per, "natGatewayHours").monthlyUSD - line(single, "natGatewayHours").monthlyUSD).toBeCloseTo(2 * 730 * FRANKFURT.natGatewayHourUSD, 1);
    // Two addresses fewer; the single gateway's traffic from the other zones pays the cross-zone rate.
    expect(line(per, "publicIpv4").quantity - line(single, "publicIpv4").quantity).toBe(2 * 730);
    expect(line(single, "natGatewayData").assumption).toMatch(/come from other zones, billed both ways/);
  });

  it("processes what the nodes fetch, the artifact, and push to SNS for options A and B only", () => {
    const c = at(10_000, { deployment: { push: "C" } });
    const b = at(10_000, { deployment: { push: "B" } });
    const nodes = Object.values(c.roles).reduce((n, r) => n + r.count, 0);
    const gib = nodes * COST_DEFAULTS.natGiBPerNodeMonth + COST_DEFAULTS.natArtifactGiBPerMonth;
    expect(line(c, "natGatewayData").quantity).toBeCloseTo((gib * 2 ** 30) / 1e9, 1);
    expect(line(b, "natGatewayData").quantity - line(c, "natGatewayData").quantity).toBeCloseTo(((10_000 * 5) / 1024) * 2 ** 30 / 1e9, 1);
    expect(line(c, "natGatewayData").assumption).toMatch(/not through it: S3 \(the VPC's gateway endpoint\)/);
  });

  it("the S3 claim holds: the plan gives the private route table an S3 gateway endpoint, and flow logs are kept as long as the bill says", async () => {
    const p = await plan("dev", stackFile("dev"));
    const endpoint = p.resources.find((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs.vpcEndpointType === "Gateway");
    expect(String(endpoint?.inputs.serviceName)).toMatch(/\.s3$/);
    expect((endpoint?.inputs.routeTableIds as string[]).length).toBeGreaterThan(0);
    const logGroups = p.resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && String(r.inputs.name).includes("flow-logs"));
    expect(logGroups.map((g) => g.inputs.retentionInDays)).toEqual([FLOW_LOG_RETENTION_DAYS]);
    expect(p.resources.filter((r) => r.type === "aws:ec2/flowLog:FlowLog").map((f) => f.inputs.logDestinationType)).toEqual(["cloud-watch-logs"]);
  });
});

describe("public IPv4 and the load balancer", () => {
  it("counts an address per TURN and SFT node, per NAT gateway and per zone of the internet-facing load balancer", () => {
    const s = at(3000, { conferences: { concurrent: 40, participants: 8, video: true } });
    const expected = s.roles.restund.count + s.roles.sft.count + 3 + 3;
    expect(publicIpv4Count(s.roles, s.bill)).toBe(expected);
    expect(line(s, "publicIpv4")).toMatchObject({ quantity: expected * 730, monthlyUSD: Math.round(expected * 730 * 0.005 * 100) / 100 });
    const offline = at(3000, { deployment: { connectivity: "offline" } });
    expect(line(offline, "publicIpv4").quantity).toBe(0);
  });

  it("NLCU: the highest of connections and bytes in the busy hours, connections in the others", () => {
    const users = 1_000_000;
    const s = at(users);
    const busy = 6 * 21;
    const conn = Math.max(users / 100_000, users / 600 / 800); // 10 NLCU from a million websockets
    const gbPerHour = ((users * 0.25 * 2 ** 30) / 1e9) * (7 / 6) / busy;
    const hours = busy * Math.max(conn, gbPerHour) + (730 - busy) * conn;
    expect(line(s, "loadBalancerCapacity").quantity).toBeCloseTo(hours, 0);
    expect(line(s, "loadBalancerHours")).toMatchObject({ quantity: 730, monthlyUSD: Math.round(730 * FRANKFURT.nlbHourUSD * 100) / 100 });
  });
});

describe("backup snapshots", () => {
  it("a first full copy plus a daily increment for each further day kept", () => {
    expect(snapshotGiB(100, 0.05, 35)).toBeCloseTo(100 + 100 * 0.05 * 34, 9);
    expect(snapshotGiB(100, 0.05, 1)).toBe(100);
  });

  it("sizes from the data volumes at half full and each role's change rate, over backup.retentionDays", () => {
    // 2,000 users: the seed's volumes, 3 nodes each: Cassandra 80, MinIO 400, Elasticsearch 60,
    // PostgreSQL 50, RabbitMQ 20 GiB; daily change 5, 1, 5, 5, 10 %.
    const stored = (days: number) =>
      0.5 * (240 * (1 + 0.05 * (days - 1)) + 1200 * (1 + 0.01 * (days - 1)) + 180 * (1 + 0.05 * (days - 1)) + 150 * (1 + 0.05 * (days - 1)) + 60 * (1 + 0.1 * (days - 1)));
    expect(line(at(2000), "backupSnapshots").quantity).toBeCloseTo(stored(35), 2);
    const week = at(2000, { deployment: { backupRetentionDays: 7 } });
    expect(line(week, "backupSnapshots").quantity).toBeCloseTo(stored(7), 2);
    expect(line(week, "backupSnapshots").monthlyUSD).toBeCloseTo(stored(7) * FRANKFURT.snapshotGBMonthUSD, 1);
    const flat = at(2000, { costs: { backupDailyChangeShare: 0 } });
    expect(line(flat, "backupSnapshots").quantity).toBeCloseTo(0.5 * (240 + 1200 + 180 + 150 + 60), 2);
  });
});

describe("the total and prices", () => {
  it("is the nodes plus every line, shown by size and --compare", () => {
    const s = at(50_000);
    expect(s.costLines.map((l) => l.key)).toEqual(LINE_KEYS);
    expect(s.monthlyCostUSD).toBeCloseTo(s.nodesMonthlyUSD + s.costLines.reduce((n, l) => n + l.monthlyUSD, 0), 2);
    expect(s.monthlyCostUSD).toBeGreaterThan(s.nodesMonthlyUSD);
    const text = formatSizingTable(s);
    expect(text).toContain(`Monthly cost: $${s.monthlyCostUSD.toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
    for (const l of s.costLines) expect(text).toContain(l.name);
    // The plan's summary (outputs/planReport.ts) names every line with its dollars and share, in one line.
    const short = formatSizingTable(s, { costDetail: false });
    for (const l of s.costLines) expect(short).toContain(`${l.name} $${l.monthlyUSD.toLocaleString("en-US", { minimumFractionDigits: 2 })} (`);
    expect(short.split("\n").length).toBe(text.split("\n").length - s.costLines.length - 15);
    const compare = formatCompare([at(500), s]);
    expect(compare).toMatch(/Data transfer out to the internet USD\/month/);
    expect(compare).toContain(`$${s.monthlyCostUSD.toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
  });

  it("unknown where the region has no price table; assumed (and said so) where no figures are recorded", () => {
    const cn = size({ users: 2000, region: "cn-north-1" });
    expect(cn.monthlyCostUSD).toBeNaN();
    for (const l of cn.costLines) expect(l.monthlyUSD).toBeNaN();
    const sa = size({ users: 2000, region: "sa-east-1" });
    const k = Math.max(1, ec2PriceRatio("sa-east-1"));
    expect(k).toBeGreaterThan(1);
    expect(line(sa, "natGatewayHours").monthlyUSD).toBeCloseTo(3 * 730 * 0.045 * k, 1);
    for (const l of sa.costLines) expect(l.source).toMatch(/^assumed: /);
    for (const l of at(2000).costLines) expect(l.source).toMatch(/^Europe \(Frankfurt\), recorded \d{4}-\d{2}-\d{2}: https:\/\/aws\.amazon\.com\//);
  });

  it("S3 Standard per GiB-month, tiered, for the assets bucket", () => {
    expect(s3StorageMonthlyUSD("eu-central-1", 1000)).toBeCloseTo(1000 * 0.0245, 9);
    expect(s3StorageMonthlyUSD("eu-central-1", 51_200 + 100)).toBeCloseTo(51_200 * 0.0245 + 100 * 0.0235, 6);
    expect(s3StorageMonthlyUSD("us-east-1", 1000)).toBeCloseTo(23, 9);
    expect(s3StorageMonthlyUSD("cn-north-1", 1000)).toBeNaN();
    expect(s3RequestsMonthlyUSD("us-east-1", 1_000_000, 10_000_000)).toBeCloseTo(1000 * 0.005 + 10_000 * 0.0004, 9);
    // Every priced region of the EC2 catalog has an S3 price, recorded or assumed.
    expect(servicePricesFor("ap-southeast-2")?.assumed).toMatch(/^assumed/);
  });

  it("refuses nonsense inputs, naming the key", () => {
    expect(() => at(2000, { calling: { busyHoursPerDay: 25 } })).toThrow(/calling\.busyHoursPerDay: 25 is not a number above 0 and at most 24/);
    expect(() => at(2000, { costs: { backupUsedShare: 2 } })).toThrow(/costs\.backupUsedShare: 2 is not a share from 0 to 1/);
    expect(() => at(2000, { deployment: { backupRetentionDays: 0 } })).toThrow(/deployment\.backupRetentionDays/);
    expect(CALLING_DEFAULTS.busyHoursPerDay).toBe(6);
  });
});

describe("every example stack's report", () => {
  for (const name of exampleStacks()) {
    it(`${name}: every line with its price source and assumption`, () => {
      const { sizing, config } = resolveStack(stackFile(name));
      // assets: s3 adds the bucket's line (sizing/size.ts sizeAssetsBucket).
      expect(sizing.costLines.map((l) => l.key)).toEqual([...LINE_KEYS, ...(config.assets === "s3" ? ["assetsBucket"] : [])]);
      expect(sizing.bill).toMatchObject({ connectivity: config.connectivity, zones: config.network.zones, natGateways: config.network.natGateways, backupRetentionDays: config.backup.retentionDays, push: config.push.option });
      const text = formatSizingTable(sizing);
      for (const l of sizing.costLines) {
        expect(l.source).toMatch(/https:\/\/aws\.amazon\.com\//);
        expect(l.assumption.length).toBeGreaterThan(20);
        expect(text).toContain(`  ${l.name}: ${l.assumption}. Price: ${l.price}. Source: ${l.source}`);
      }
      const nats = config.connectivity === "offline" ? 0 : config.network.natGateways === "single" ? 1 : config.network.zones;
      expect(line(sizing, "natGatewayHours").quantity).toBe(nats * 730);
    });
  }

  it("a stack file's costs and calling keys reach the bill", () => {
    const { sizing } = resolveStack(stack(5000, { "wire-backend:costs": { webGiBPerUserMonth: 1 }, "wire-backend:calling": { workingDaysPerMonth: 30 } }));
    expect(sizing.bill.assumptions.webGiBPerUserMonth).toBe(1);
    expect(line(sizing, "dataTransferOut").assumption).toMatch(/× 30 working days.*1 GiB per user × 5,000 users/);
    const island = resolveStack(stack(5000, OFFLINE)).sizing;
    expect(line(island, "natGatewayHours").quantity).toBe(0);
  });
});
