// The whole bill: what the stack costs beyond its nodes, priced once at the end of the sizing
// pipeline (pricing.ts withTotals calls billTotals). Pure: no Pulumi, no I/O.
//
// Lines: data transfer out to the internet, NAT gateway hours and data, the load balancer's hours and
// capacity units, public IPv4 addresses, backup snapshots, VPC flow logs and their storage. Each line
// carries its quantity, unit price, price source and the assumption its quantity rests on
// (docs/costs.md). Quantities come from the sizing (nodes, calling model) and the stack's choices
// (connectivity, zones, natGateways, backup.retentionDays, push) plus the stated assumptions of
// config/costs.ts and config/calling.ts.
import { BACKUP_DAILY_CHANGE, COST_DEFAULTS } from "../config/costs";
import type { CostAssumptions } from "../config/costs";
import { callingAssumptions } from "./calling";
import type { CallingModel } from "./calling";
import { formatNumber } from "./format";
import { HOURS_PER_MONTH } from "./rules";
import { describeTiers, s3StorageMonthlyUSD, servicePricesFor, serviceSource, tieredUSD } from "./servicePrices";
import type { ResolvedServicePrices, ServiceKey } from "./servicePrices";
import { DATA_ROLES, ROLES } from "./types";
import type { AssetsBucketSizing, BillInputs, CostLine, DeploymentShape, Role, RoleSizing, SizingInput } from "./types";

/** What `size --users N` assumes without a stack file: an online stack over 3 zones, Wire's defaults. */
export const DEFAULT_DEPLOYMENT: DeploymentShape = { connectivity: "online", zones: 3, natGateways: "perZone", backupRetentionDays: 35, push: "C" };

/** Bytes in the GB we count traffic in: 10^9. AWS's billing GB may be 2^30 bytes; counting in 10^9
 * overstates traffic lines by at most 7 %, the side a budget should err on. */
const GB = 1e9;
const GIB = 2 ** 30;

/** NLB capacity unit for TCP (aws.amazon.com/elasticloadbalancing/pricing): 800 new flows/s,
 * 100,000 active flows, 1 GB processed per hour; the hour's highest dimension is billed. */
export const NLCU = { newFlowsPerSecond: 800, activeFlows: 100_000, gbPerHour: 1 };
/** A client's websocket lives 10 minutes on average (mobile networks, sleep, roaming): new flows. */
export const CONNECTION_LIFETIME_SECONDS = 600;
/** Uploads through the load balancer per GB downloaded: one upload feeds six downloads. */
export const UPLOAD_SHARE = 1 / 6;
/** network.ts: flow logs go to CloudWatch Logs, kept 90 days, AWS's default 10-minute aggregation. */
export const FLOW_LOG_RETENTION_DAYS = 90;
export const FLOW_LOG_INTERVALS_PER_HOUR = 6;
/** A default-format flow log record as CloudWatch Logs bills its ingestion (text plus 26 bytes per event). */
export const FLOW_LOG_RECORD_BYTES = 150;
/** CloudWatch Logs bills storage compressed (gzip); flow log text compresses to about 15 %. */
export const FLOW_LOG_STORED_SHARE = 0.15;
/** Flows inside the VPC per node at any time (kubelet, pods, Cassandra and Elasticsearch peers, SSM). */
export const INTERNAL_FLOWS_PER_NODE = 25;
/** AWS's price for traffic between zones of a region, each direction (EC2 data transfer page). */
export const CROSS_ZONE_USD_PER_GB = 0.01;

const fmt = (n: number, d = 2) => formatNumber(n, d);
const cents = (usd: number) => Math.round((usd + Number.EPSILON) * 100) / 100;

/** The stack's choices and assumptions the bill rests on, with defaults. */
export function billInputs(input: Pick<SizingInput, "deployment" | "costs">): BillInputs {
  const d = { ...DEFAULT_DEPLOYMENT };
  for (const [k, v] of Object.entries(input.deployment ?? {})) if (v !== undefined) (d as Record<string, unknown>)[k] = v;
  const assumptions: CostAssumptions = { ...COST_DEFAULTS };
  for (const k of Object.keys(assumptions) as (keyof CostAssumptions)[]) if (typeof input.costs?.[k] === "number") assumptions[k] = input.costs[k]!;
  const change = input.costs?.backupDailyChangeShare;
  return { ...d, assumptions, ...(typeof change === "number" ? { backupDailyChangeShare: change } : {}) };
}

/** Refuses bill inputs that make no sense, naming the key (the schema checks stack files earlier). */
export function validateBillInput(input: SizingInput, bad: (m: string) => Error): void {
  const d = input.deployment ?? {};
  if (d.zones !== undefined && !(Number.isInteger(d.zones) && d.zones >= 1)) throw bad(`deployment.zones: ${d.zones} is not an integer >= 1`);
  if (d.backupRetentionDays !== undefined && !(Number.isInteger(d.backupRetentionDays) && d.backupRetentionDays >= 1)) {
    throw bad(`deployment.backupRetentionDays: ${d.backupRetentionDays} is not an integer >= 1`);
  }
  for (const [k, v] of Object.entries(input.costs ?? {})) {
    if (v === undefined) continue;
    const share = k === "backupUsedShare" || k === "backupDailyChangeShare";
    if (!(typeof v === "number" && Number.isFinite(v) && v >= 0 && (!share || v <= 1))) throw bad(`costs.${k}: ${v} is not ${share ? "a share from 0 to 1" : "a number >= 0"}`);
  }
}

/** NAT gateways the stack creates: none offline, one per zone or one. */
export function natGatewayCount(d: Pick<DeploymentShape, "connectivity" | "zones" | "natGateways">): number {
  if (d.connectivity === "offline") return 0;
  return d.natGateways === "single" ? 1 : d.zones;
}

/** Public IPv4 addresses, billed hourly since 2024-02-01 whether in use or idle: an Elastic IP per TURN
 * and SFT node, one per NAT gateway, and the internet-facing load balancer's one per zone. None offline. */
export function publicIpv4Count(roles: Record<Role, Pick<RoleSizing, "count">>, d: DeploymentShape): number {
  if (d.connectivity === "offline") return 0;
  return roles.restund.count + roles.sft.count + natGatewayCount(d) + d.zones;
}

/** GB (10^9 bytes) a month from a rate held `hoursPerDay` on `daysPerMonth` days. */
export function monthlyGBFromMbps(mbps: number, hoursPerDay: number, daysPerMonth: number): number {
  return (mbps * 1e6 / 8) * 3600 * hoursPerDay * daysPerMonth / GB;
}

/** Calling media leaving AWS at peak, Mbps: the SFT's streams to its participants (those via TURN
 * leave through TURN instead, the same bytes) and the half of TURN's one-to-one relay it sends. */
export function callingEgressMbps(c: CallingModel): number {
  return c.oneToOne.turnMbps / 2 + c.egressMbps;
}

/** Snapshot storage of one volume: the first full copy of its used data and a daily increment of
 * `dailyChange` of it for each further day kept. */
export function snapshotGiB(usedGiB: number, dailyChange: number, retentionDays: number): number {
  return usedGiB * (1 + dailyChange * Math.max(0, retentionDays - 1));
}

interface BillSubject {
  users: number;
  region: string;
  roles: Record<Role, RoleSizing>;
  calling: CallingModel;
  bill: BillInputs;
  /** assets: s3: users' files in the stack's bucket (sizing/size.ts). */
  assetsBucket?: Pick<AssetsBucketSizing, "dataGiB" | "why">;
}

export function costLines(s: BillSubject): CostLine[] {
  const p = servicePricesFor(s.region);
  const b = s.bill;
  const a = b.assumptions;
  const online = b.connectivity === "online";
  const calling = callingAssumptions(s.calling.assumptions);
  const busyHours = calling.busyHoursPerDay * calling.workingDaysPerMonth;
  const nodes = ROLES.reduce((n, r) => n + Math.max(0, s.roles[r].count), 0);
  const price = <T>(f: (x: ResolvedServicePrices) => T, none: T) => (p ? f(p) : none);
  const source = (key: ServiceKey) => (p ? serviceSource(p, key) : `none: ${s.region} has no price table (costs unknown)`);
  const line = (key: string, name: string, quantity: number, unit: string, monthlyUSD: number, priceText: string, src: ServiceKey, assumption: string): CostLine => ({
    key,
    name,
    monthlyUSD: cents(monthlyUSD),
    quantity: Math.round(quantity * 100) / 100,
    unit,
    unitPriceUSD: quantity > 0 ? Math.round((monthlyUSD / quantity) * 1e6) / 1e6 : price(() => 0, NaN),
    price: p ? priceText : "unknown",
    source: source(src),
    assumption,
  });
  const lines: CostLine[] = [];

  // Data transfer out to the internet.
  const callMbps = callingEgressMbps(s.calling);
  const callGB = monthlyGBFromMbps(callMbps, calling.busyHoursPerDay, calling.workingDaysPerMonth);
  const webGB = (s.users * a.webGiBPerUserMonth * GIB) / GB;
  const outGB = online ? callGB + webGB : 0;
  const dto = p?.dataTransferOut;
  lines.push(
    line(
      "dataTransferOut",
      "Data transfer out to the internet",
      outGB,
      "GB",
      price((x) => tieredUSD(x.dataTransferOut.tiers, outGB, x.dataTransferOut.freeGB), NaN),
      dto ? `${describeTiers(dto.tiers)}; first ${dto.freeGB} GB a month free` : "",
      "dataTransferOut",
      online
        ? `calling ${fmt(callMbps)} Mbps at peak (SFT ${fmt(s.calling.egressMbps)} Mbps to participants + TURN ${fmt(s.calling.oneToOne.turnMbps / 2)} Mbps, the half of its ${fmt(s.calling.oneToOne.turnMbps)} Mbps one-to-one relay it sends) ` +
            `× ${fmt(calling.busyHoursPerDay)} busy hours × ${fmt(calling.workingDaysPerMonth)} working days = ${fmt(callGB, 0)} GB; ` +
            `web and API ${fmt(a.webGiBPerUserMonth)} GiB per user × ${fmt(s.users, 0)} users = ${fmt(webGB, 0)} GB; ` +
            `the account's 100 GB free counted here; TURN-to-SFT media stays inside the VPC`
        : "offline: nothing leaves to the internet; clients reach the island over the customer's own link (VPN, Direct Connect), which this stack does not create or price",
    ),
  );

  // NAT gateways: hours and the data they process (both directions).
  const nats = natGatewayCount(b);
  const pushGiB = b.push === "C" ? 0 : (s.users * a.pushMiBPerUserMonth) / 1024;
  const natGB = nats > 0 ? ((nodes * a.natGiBPerNodeMonth + a.natArtifactGiBPerMonth + pushGiB) * GIB) / GB : 0;
  const crossZoneGB = nats === 1 && b.zones > 1 ? (natGB * (b.zones - 1)) / b.zones : 0;
  const natChoice = !online ? "offline: no NAT gateway" : b.natGateways === "single" ? "natGateways: single, one gateway" : `natGateways: perZone, one per zone (${b.zones})`;
  lines.push(
    line("natGatewayHours", "NAT gateway hours", nats * HOURS_PER_MONTH, "gateway-hours", price((x) => nats * HOURS_PER_MONTH * x.natGatewayHourUSD, NaN), price((x) => `$${x.natGatewayHourUSD} per gateway-hour`, ""), "natGateway", `${natChoice} × ${HOURS_PER_MONTH} h`),
  );
  lines.push(
    line(
      "natGatewayData",
      "NAT gateway data processed",
      natGB,
      "GB",
      price((x) => natGB * x.natGatewayGBUSD + crossZoneGB * 2 * CROSS_ZONE_USD_PER_GB, NaN),
      price((x) => `$${x.natGatewayGBUSD}/GB processed${crossZoneGB > 0 ? `; + $${CROSS_ZONE_USD_PER_GB}/GB each way between zones` : ""}`, ""),
      "natGateway",
      nats === 0
        ? "offline: no NAT gateway"
        : `what the private nodes fetch from the internet: ${nodes} nodes × ${fmt(a.natGiBPerNodeMonth)} GiB (security updates, SSM) + ${fmt(a.natArtifactGiBPerMonth)} GiB (Wire's release artifact, admin host)` +
            (pushGiB > 0 ? ` + push option ${b.push}: ${fmt(a.pushMiBPerUserMonth)} MiB per user to SNS = ${fmt(pushGiB)} GiB` : "") +
            `; not through it: S3 (the VPC's gateway endpoint), TURN and SFT (public subnets, own addresses), the load balancer's replies` +
            (crossZoneGB > 0 ? `; with one gateway ${fmt(crossZoneGB, 0)} GB come from other zones, billed both ways` : ""),
    ),
  );

  // The network load balancer: hours and capacity units.
  const lbGB = webGB * (1 + UPLOAD_SHARE);
  const active = s.users * a.connectionsPerUser;
  const newPerSecond = active / CONNECTION_LIFETIME_SECONDS;
  const connNlcu = Math.max(active / NLCU.activeFlows, newPerSecond / NLCU.newFlowsPerSecond);
  const peakNlcu = Math.max(connNlcu, busyHours > 0 ? lbGB / busyHours / NLCU.gbPerHour : 0);
  const quietHours = Math.max(0, HOURS_PER_MONTH - busyHours);
  const nlcuHours = busyHours * peakNlcu + quietHours * connNlcu;
  lines.push(
    line("loadBalancerHours", "Load balancer hours (NLB)", HOURS_PER_MONTH, "LB-hours", price((x) => HOURS_PER_MONTH * x.nlbHourUSD, NaN), price((x) => `$${x.nlbHourUSD} per NLB-hour`, ""), "loadBalancer", `one network load balancer (${online ? "internet-facing" : "internal"}) × ${HOURS_PER_MONTH} h`),
  );
  lines.push(
    line(
      "loadBalancerCapacity",
      "Load balancer capacity units (NLCU)",
      nlcuHours,
      "NLCU-hours",
      price((x) => nlcuHours * x.nlcuHourUSD, NaN),
      price((x) => `$${x.nlcuHourUSD} per NLCU-hour (TCP: 800 new flows/s, 100,000 active flows or 1 GB an hour)`, ""),
      "loadBalancer",
      `${fmt(active, 0)} websockets at the busy hour (${fmt(a.connectionsPerUser)} per user), ${fmt(newPerSecond)} new per second (${CONNECTION_LIFETIME_SECONDS / 60}-minute lifetime): ${fmt(connNlcu, 3)} NLCU; ` +
        `${fmt(lbGB, 0)} GB a month (web and API both ways, uploads ${fmt(UPLOAD_SHARE * 100, 0)} % of downloads) over the ${fmt(busyHours, 0)} busy hours: ${fmt(busyHours > 0 ? lbGB / busyHours : 0)} GB an hour; ` +
        `${fmt(peakNlcu, 3)} NLCU for the busy hours, ${fmt(connNlcu, 3)} (connections only) for the other ${fmt(quietHours, 0)}`,
    ),
  );

  // Public IPv4 addresses.
  const ips = publicIpv4Count(s.roles, b);
  lines.push(
    line(
      "publicIpv4",
      "Public IPv4 addresses",
      ips * HOURS_PER_MONTH,
      "address-hours",
      price((x) => ips * HOURS_PER_MONTH * x.publicIpv4HourUSD, NaN),
      price((x) => `$${x.publicIpv4HourUSD} per address-hour (since 2024-02-01, in use or idle)`, ""),
      "publicIpv4",
      online
        ? `${ips} addresses: TURN ${s.roles.restund.count} + SFT ${s.roles.sft.count} (an Elastic IP each) + NAT ${nats} + the internet-facing load balancer's ${b.zones} (one per zone) × ${HOURS_PER_MONTH} h`
        : "offline: no public address (internal load balancer, no Elastic IPs, no NAT)",
    ),
  );

  // Backup snapshots (AWS Backup of every data volume, daily, kept backup.retentionDays).
  let usedGiB = 0;
  let storedGiB = 0;
  const perRole: string[] = [];
  // A shared data node (layout: compact) has a volume per service, each changing at its service's rate.
  const volumes = DATA_ROLES.flatMap((role) => {
    const r = s.roles[role];
    if (r.count <= 0) return [];
    if (role === "datanode") return (r.shares ?? []).map((sh) => ({ service: sh.service, gib: r.count * sh.diskGiB }));
    return [{ service: role, gib: r.count * r.diskGiB }];
  });
  for (const v of volumes) {
    const used = v.gib * a.backupUsedShare;
    const change = b.backupDailyChangeShare ?? BACKUP_DAILY_CHANGE[v.service];
    const stored = snapshotGiB(used, change, b.backupRetentionDays);
    usedGiB += used;
    storedGiB += stored;
    perRole.push(`${v.service} ${fmt(used, 0)} GiB used, ${fmt(change * 100)} %/day → ${fmt(stored, 0)} GiB`);
  }
  lines.push(
    line(
      "backupSnapshots",
      "Backup snapshots (AWS Backup, EBS)",
      storedGiB,
      "GiB-months",
      price((x) => storedGiB * x.snapshotGBMonthUSD, NaN),
      price((x) => `$${x.snapshotGBMonthUSD} per GB-month (EBS snapshot, standard tier)`, ""),
      "snapshots",
      `incremental: the first full copy of the data volumes' used data (${fmt(a.backupUsedShare * 100)} % of ${fmt(usedGiB / a.backupUsedShare || 0, 0)} GiB provisioned = ${fmt(usedGiB, 0)} GiB) ` +
        `plus each day's changed blocks for the ${b.backupRetentionDays - 1} further days kept (backup.retentionDays ${b.backupRetentionDays}): ${perRole.join("; ")}`,
    ),
  );

  // VPC flow logs to CloudWatch Logs, and their storage.
  const callFlows = s.calling.oneToOne.relayedLegs + s.calling.conferences.participants;
  const records =
    FLOW_LOG_INTERVALS_PER_HOUR * (HOURS_PER_MONTH * (4 * active + 4 * INTERNAL_FLOWS_PER_NODE * nodes) + busyHours * 4 * callFlows);
  const ingestGB = (records * FLOW_LOG_RECORD_BYTES) / GB;
  const storedGB = ingestGB * (FLOW_LOG_RETENTION_DAYS / (HOURS_PER_MONTH / 24)) * FLOW_LOG_STORED_SHARE;
  lines.push(
    line(
      "flowLogs",
      "VPC flow logs (CloudWatch Logs ingestion)",
      ingestGB,
      "GB",
      price((x) => tieredUSD(x.vendedLogsToCloudWatchGB, ingestGB), NaN),
      price((x) => `vended logs ${describeTiers(x.vendedLogsToCloudWatchGB)}`, ""),
      "flowLogs",
      `every flow of every interface (trafficType ALL), one record per direction per 10-minute interval, ${FLOW_LOG_RECORD_BYTES} bytes each: ` +
        `${fmt(active, 0)} client connections (load balancer and node interface: 4 records), ${fmt(callFlows, 0)} call legs at the busy hours (4 records), ` +
        `${INTERNAL_FLOWS_PER_NODE} flows inside the VPC per node × ${nodes} nodes (4 records) = ${fmt(records / 1e6, 1)} million records a month`,
    ),
  );
  lines.push(
    line(
      "flowLogStorage",
      `Flow log storage (CloudWatch Logs, ${FLOW_LOG_RETENTION_DAYS} days)`,
      storedGB,
      "GB-months",
      price((x) => storedGB * x.logStorageGBMonthUSD, NaN),
      price((x) => `$${x.logStorageGBMonthUSD} per GB-month (compressed)`, ""),
      "flowLogs",
      `${FLOW_LOG_RETENTION_DAYS} days kept (network.ts) = ${fmt(FLOW_LOG_RETENTION_DAYS / (HOURS_PER_MONTH / 24))} months of ingestion, stored gzip-compressed at ${fmt(FLOW_LOG_STORED_SHARE * 100)} % of its size`,
    ),
  );
  if (s.assetsBucket) {
    const gib = s.assetsBucket.dataGiB;
    lines.push(
      line(
        "assetsBucket",
        "S3 assets bucket (users' files)",
        gib,
        "GiB-months",
        s3StorageMonthlyUSD(s.region, gib),
        price((x) => `S3 Standard ${describeTiers(x.s3StandardGBMonth)}`, ""),
        "s3",
        s.assetsBucket.why,
      ),
    );
  }
  return lines;
}

/** The bill's totals: nodes (per role, unchanged), the lines beyond them, and the whole. */
export function billTotals(s: BillSubject): { nodesMonthlyUSD: number; costLines: CostLine[]; monthlyCostUSD: number } {
  const nodesMonthlyUSD = cents(ROLES.reduce((sum, r) => sum + s.roles[r].monthlyUSD, 0));
  const lines = costLines(s);
  return { nodesMonthlyUSD, costLines: lines, monthlyCostUSD: cents(nodesMonthlyUSD + lines.reduce((sum, l) => sum + l.monthlyUSD, 0)) };
}

/** The stack file's choices the bill depends on, as much of them as it names (size, plan and forStack alike). */
export interface BillChoices {
  connectivity?: DeploymentShape["connectivity"];
  network?: { zones: number; natGateways: DeploymentShape["natGateways"] };
  backup?: { retentionDays: number };
  push?: { option: DeploymentShape["push"] };
  costs?: SizingInput["costs"];
}

/** What size() takes of those choices; absent ones keep the bill's defaults (an online stack over 3 zones). */
export function billOf(file: BillChoices | undefined): Pick<SizingInput, "deployment" | "costs"> {
  if (!file) return {};
  return {
    deployment: {
      ...(file.connectivity ? { connectivity: file.connectivity } : {}),
      ...(file.network ? { zones: file.network.zones, natGateways: file.network.natGateways } : {}),
      ...(file.backup ? { backupRetentionDays: file.backup.retentionDays } : {}),
      ...(file.push ? { push: file.push.option } : {}),
    },
    ...(file.costs ? { costs: file.costs } : {}),
  };
}
