// The human-readable sizing table, shared by `npm run size` and the plan command.
// Plain text (no colours), so it can go into a PR comment or a log unchanged.
import Table from "cli-table3";
import { priceSource } from "../sizing/catalog";
import { formatNumber, formatUsd, formatUsdPerUser } from "../sizing/format";
import { ROLES } from "../sizing/types";
import type { ResourceTotals, Role, Sizing } from "../sizing/types";

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
};

/** Roles after the seed's table (it predates them): printed below its rows, with their cost. */
const ADDED_ROLES: readonly Role[] = ["postgresql", "rabbitmq"];

const num = (n: number) => formatNumber(n);
const usd = formatUsd;
const usdPerUser = formatUsdPerUser;

function totalsRow(label: string, t: ResourceTotals, nodes = "-", cost = ""): string[] {
  return [label, nodes, num(t.vcpu), num(t.memoryGiB), num(t.diskGiB), "", cost];
}

export function formatSizingTable(s: Sizing): string {
  const table = new Table({
    head: ["Role", "Nodes", "vCPU", "Memory GiB", "Disk GiB", "Instance", "USD/month"],
    colAligns: ["left", "right", "right", "right", "right", "left", "right"],
    style: { head: [], border: [], compact: true },
  });
  for (const role of ROLES) {
    const r = s.roles[role];
    if (role === ADDED_ROLES[0]) table.push(["Added by wire-server release:", "", "", "", "", "", ""]);
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
    `Calling bandwidth (${load}): ingress ${num(c.ingressMbps)} Mbps, egress ${num(c.egressMbps)} Mbps, ` +
      `total ${num(c.totalMbps)} Mbps; ${num(c.perServerMbps)} Mbps per TURN/SFT server`,
    `Monthly cost: ${usd(s.monthlyCostUSD)} (${usdPerUser(s.monthlyCostUSD / s.users)} per user), on-demand, 730 h, ` +
      `gp3 EBS incl. 20 GiB root volumes of data nodes`,
    `Prices: ${s.region} as of ${src.asOf}, ${src.source}`,
    "",
    "Why:",
    ...ROLES.map((role) => `  ${ROLE_LABELS[role]}: ${s.roles[role].why}`),
  ];
  return lines.join("\n") + "\n";
}
