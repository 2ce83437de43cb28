// The human-readable sizing table, shared by `npm run size` and the plan command.
// Plain text (no colours), so it can go into a PR comment or a log unchanged.
import Table from "cli-table3";
import { priceSource } from "../sizing/catalog";
import { formatNumber, formatUsd, formatUsdPerUser } from "../sizing/format";
import { ROLES } from "../sizing/types";
import type { ResourceTotals, Role, Sizing } from "../sizing/types";
import type { CallingModel } from "../sizing/calling";
import { isDataService } from "../config/services";

export const ROLE_LABELS: Record<Role, string> = {
  cassandra: "Cassandra",
  minio: "MinIO",
  elasticsearch: "Elasticsearch",
  kubernetes: "Kubernetes",
  restund: "Restund (TURN)",
  sft: "SFT (conference pool)",
  adminHost: "Admin host",
  assetHost: "Asset host",
  postgresql: "PostgreSQL",
  rabbitmq: "RabbitMQ",
  datanode: "Data node (compact)",
};

/**
 * Rows of roles that do not exist in this layout are left out: a data service placed on the shared data
 * nodes or in S3, and the shared data node in the reference layout (config/placement.ts).
 */
export function shownRoles(s: Pick<Sizing, "roles" | "placement">): Role[] {
  return ROLES.filter((r) => {
    if (r === "datanode") return s.roles.datanode.count > 0;
    return !isDataService(r) || !s.placement || s.placement[r] === "nodes";
  });
}

/** Roles after the seed's table (it predates them): printed below its rows, with their cost. */
const ADDED_ROLES: readonly Role[] = ["postgresql", "rabbitmq"];

const num = (n: number) => formatNumber(n);
const usd = formatUsd;
const usdPerUser = formatUsdPerUser;

function totalsRow(label: string, t: ResourceTotals, nodes = "-", cost = ""): string[] {
  return [label, nodes, num(t.vcpu), num(t.memoryGiB), num(t.diskGiB), "", cost];
}

export interface SizingTableOptions {
  /** Each cost line's assumption and price source under the bill's table (default true); the plan's
   * summary leaves them to `size` and --json to stay short. */
  costDetail?: boolean;
}

export function formatSizingTable(s: Sizing, opts: SizingTableOptions = {}): string {
  const table = new Table({
    head: ["Role", "Nodes", "vCPU", "Memory GiB", "Disk GiB", "Instance", "USD/month"],
    colAligns: ["left", "right", "right", "right", "right", "left", "right"],
    style: { head: [], border: [], compact: true },
  });
  const shown = shownRoles(s);
  for (const role of shown) {
    const r = s.roles[role];
    if (role === shown.find((x) => ADDED_ROLES.includes(x))) table.push(["Added by wire-server release:", "", "", "", "", "", ""]);
    table.push([ROLE_LABELS[role], String(r.count), num(r.vcpu), num(r.memoryGiB), num(r.diskGiB), r.instanceType, usd(r.monthlyUSD)]);
  }
  const t = s.totals;
  table.push(["", "", "", "", "", "", ""]); // compact tables have no row rules: a gap before the totals
  table.push(totalsRow("Per-server totals (5 cluster roles)", t.perServer));
  table.push(totalsRow("Per-server totals with admin/asset hosts", t.perServerWithHosts));
  table.push(totalsRow("Cluster (count × per node)", t.cluster, String(t.cluster.instances), usd(s.monthlyCostUSD)));

  const c = s.calling;
  const conf = s.conferences;
  const load =
    conf.concurrent > 0
      ? `${num(conf.concurrent)} concurrent conferences × ${conf.participants} participants, ${conf.video ? "video" : "audio only"}`
      : "no conference load declared";
  const src = priceSource(s.region);
  const lines = [
    `Wire backend sizing for ${num(s.users)} users in ${s.region}`,
    table.toString(),
    ...formatCallingModel(c, load),
    `Monthly cost: ${usd(s.monthlyCostUSD)} (${usdPerUser(s.monthlyCostUSD / s.users)} per user), the whole bill: nodes ${usd(s.nodesMonthlyUSD)} ` +
      `(on-demand, 730 h, gp3 EBS incl. 20 GiB root volumes of data nodes) and the lines beyond them`,
    formatCostLines(s, opts.costDetail ?? true),
    ...formatLayoutComparison(s),
    `Prices: ${s.region} as of ${src.asOf}, ${src.source}`,
    ...(s.warnings ?? []).map((w) => `Warning: ${w}`),
    "",
    "Why:",
    ...shown.map((role) => `  ${ROLE_LABELS[role]}: ${s.roles[role].why}`),
  ];
  return lines.join("\n") + "\n";
}

const pct = (share: number) => `${num(share * 100)} %`;

/** The calling model in a few lines: assumptions, demand per call type, per-server usable bandwidth
 * and which limit bound each calling role (the same figures are under `calling` in --json). */
export function formatCallingModel(c: CallingModel, load: string): string[] {
  const a = c.assumptions;
  const t = c.turn;
  const s = c.sft;
  const server = (m: { servers: number; instanceType: string; usableMbpsPerServer: number; baselineGbps: number }) =>
    `${m.servers} × ${m.instanceType}, ${num(m.usableMbpsPerServer)} Mbps usable each (${formatNumber(m.baselineGbps, 3)} Gbps baseline × ${pct(a.headroom)})`;
  const sftLine =
    s.placement === "pool"
      ? `  SFT pool: ${num(c.conferences.participants)} participants = ${num(s.vcpuDemand)} vCPU (1 per 50), ${num(s.demandMbps)} Mbps; ` +
        `${server(s)}, ${s.conferencesPerServer} conferences per server; with one server down the busiest carries ${num(s.loadPerServerMbps)} Mbps; ${s.bound} binds`
      : s.placement === "cluster"
        ? "  SFT: in the Kubernetes cluster (Wire's reference layout), media through TURN, signalling via sftd.<domain>; no load declared, no pool sized"
        : "  SFT: none (conferences.concurrent: 0, no group calls)";
  return [
    `Calling (${load}); assumptions: ${pct(a.oneToOnePeakShare)} of users in a one-to-one call at peak, ${pct(a.oneToOneVideoShare)} of them with video, ` +
      `${pct(a.relayedLegShare)} of legs relayed, legs ${num(a.audioLegKbps)} kbps audio / ${num(a.videoLegKbps)} kbps video, ` +
      `${pct(a.conferenceTurnShare)} of conference participants via TURN, ${pct(a.headroom)} of baseline network usable`,
    `  One-to-one: ${num(c.oneToOne.usersInCalls)} users in calls, ${num(c.oneToOne.relayedLegs)} legs relayed: ${num(c.oneToOne.turnMbps)} Mbps through TURN`,
    `  Conferences: ingress ${num(c.ingressMbps)} Mbps, egress ${num(c.egressMbps)} Mbps, total ${num(c.totalMbps)} Mbps at the SFT (the seed's rules); ` +
      `${num(c.conferences.relayedParticipants)} participants via TURN: ${num(c.conferences.turnMbps)} Mbps through TURN`,
    `  TURN: ${num(t.demandMbps)} Mbps, ${num(t.allocations)} allocations; ${server(t)}; with one server down each carries ${num(t.loadPerServerMbps)} Mbps; ${t.bound} binds`,
    sftLine,
  ];
}

const share = (part: number, whole: number) => (Number.isFinite(part) && Number.isFinite(whole) && whole > 0 ? `${formatNumber((part / whole) * 100, 1)} %` : "unknown");

/** The bill: nodes, each line beyond them with quantity, unit price and share, then each line's
 * source and the assumption its quantity rests on (the same under `costLines` in --json). */
export function formatCostLines(s: Sizing, detail = true): string {
  if (!detail) {
    const parts = s.costLines.map((l) => `${l.name} ${usd(l.monthlyUSD)} (${share(l.monthlyUSD, s.monthlyCostUSD)})`);
    return `Beyond the nodes (${share(s.monthlyCostUSD - s.nodesMonthlyUSD, s.monthlyCostUSD)} of the bill): ${parts.join("; ")}. Each line's quantity, unit price, assumption and source: npm run size -- --stack <stack>, costLines in --json, docs/costs.md`;
  }
  const table = new Table({
    head: ["Cost line", "Quantity", "Unit price", "USD/month", "Share"],
    colAligns: ["left", "right", "right", "right", "right"],
    style: { head: [], border: [], compact: true },
  });
  table.push(["Nodes (instances and EBS, above)", `${num(s.totals.cluster.instances)} instances`, "", usd(s.nodesMonthlyUSD), share(s.nodesMonthlyUSD, s.monthlyCostUSD)]);
  for (const l of s.costLines) {
    const unitPrice = l.quantity === 0 ? "-" : Number.isFinite(l.unitPriceUSD) ? `$${formatNumber(l.unitPriceUSD, 4)}` : "unknown";
    table.push([l.name, `${num(l.quantity)} ${l.unit}`, unitPrice, usd(l.monthlyUSD), share(l.monthlyUSD, s.monthlyCostUSD)]);
  }
  table.push(["Total", "", "", usd(s.monthlyCostUSD), Number.isFinite(s.monthlyCostUSD) ? "100 %" : "unknown"]);
  return [
    table.toString(),
    "Cost lines, how they are counted and where their prices come from (docs/costs.md):",
    ...s.costLines.map((l) => `  ${l.name}: ${l.assumption}. Price: ${l.price}. Source: ${l.source}`),
  ].join("\n");
}

/** The other layout's figure beside this one's, and what compact gives up (sizing/size.ts). */
export function formatLayoutComparison(s: Pick<Sizing, "layoutComparison" | "monthlyCostUSD" | "placement" | "totals">): string[] {
  const c = s.layoutComparison;
  if (!c) return [];
  const here = s.placement?.cassandra === "datanodes" ? "compact" : "reference";
  const ratio = Number.isFinite(c.monthlyCostUSD) && s.monthlyCostUSD > 0 ? ` (${formatNumber(s.monthlyCostUSD / c.monthlyCostUSD, 2)}× of it)` : "";
  return [
    `Layouts: this stack (layout: ${here}) ${usd(s.monthlyCostUSD)} with ${s.totals.cluster.instances} nodes${ratio}; layout: ${c.layout} would be ${usd(c.monthlyCostUSD)} with ${c.instances} nodes. ` +
      `What compact gives up: ${c.tradeOff}.`,
  ];
}
