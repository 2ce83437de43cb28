// `--compare USERS,USERS,...`: several sizings side by side, one column per user count, so that an
// operator sees where a role steps up (more nodes or a bigger type) and what a user costs at each size.
// Pure (no Pulumi, no I/O): `npm run size` loads it.
import { formatNumber, formatUsd, formatUsdPerUser } from "../sizing/format";
import Table from "cli-table3";
import { priceSource } from "../sizing/catalog";
import { ROLES } from "../sizing/types";
import type { Role, Sizing } from "../sizing/types";
import { ROLE_LABELS } from "./sizingReport";

export interface CompareColumn {
  users: number;
  region: string;
  roles: Record<Role, { count: number; instanceType: string; monthlyUSD: number }>;
  /** The whole bill: nodes plus costLines. */
  monthlyCostUSD: number;
  nodesMonthlyUSD: number;
  /** Each line beyond the nodes (sizing/bill.ts), USD a month by key. */
  costLines: Record<string, number>;
  costPerUserUSD: number;
  /** Provisioned: nodes × the chosen type's vCPUs (not the requirement). */
  vcpu: number;
}

export interface CompareDocument {
  columns: CompareColumn[];
  prices: { region: string; source: string; asOf: string }[];
}

const usd = formatUsd;
const usdPerUser = formatUsdPerUser;
const int = (n: number) => formatNumber(n, 0);
/** Per-user cost is fractions of a dollar: four decimals keep a tenth of a cent exact. */
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** A `--compare` value: distinct whole numbers >= 1, in the order given; a message when malformed. */
export function parseUserCounts(text: string): number[] | string {
  const parts = text.split(",").map((p) => p.trim());
  const bad = parts.filter((p) => !/^\d+$/.test(p) || Number(p) < 1 || !Number.isSafeInteger(Number(p)));
  if (parts.length < 2 || bad.length > 0) {
    return `"${text}" is not a list of at least two user counts (integers >= 1), e.g. 500,2000,10000`;
  }
  const users = parts.map(Number);
  return new Set(users).size === users.length ? users : `"${text}" names a user count twice`;
}

export function compareDocument(sizings: Sizing[]): CompareDocument {
  const columns = sizings.map((s): CompareColumn => ({
    users: s.users,
    region: s.region,
    roles: Object.fromEntries(ROLES.map((r) => [r, { count: s.roles[r].count, instanceType: s.roles[r].instanceType, monthlyUSD: s.roles[r].monthlyUSD }])) as CompareColumn["roles"],
    monthlyCostUSD: s.monthlyCostUSD,
    nodesMonthlyUSD: s.nodesMonthlyUSD,
    costLines: Object.fromEntries(s.costLines.map((l) => [l.key, l.monthlyUSD])),
    costPerUserUSD: round4(s.monthlyCostUSD / s.users),
    vcpu: ROLES.reduce((n, r) => n + s.roles[r].count * s.roles[r].instance.vcpu, 0),
  }));
  const regions = [...new Set(sizings.map((s) => s.region))];
  return { columns, prices: regions.map((region) => ({ region, ...priceSource(region) })) };
}

export function formatCompare(sizings: Sizing[]): string {
  const doc = compareDocument(sizings);
  const cols = doc.columns;
  const multiRegion = doc.prices.length > 1;
  const table = new Table({
    head: ["", ...cols.map((c) => `${int(c.users)} users${multiRegion ? ` (${c.region})` : ""}`)],
    colAligns: ["left", ...cols.map(() => "right" as const)],
    style: { head: [], border: [], compact: true },
  });
  for (const r of ROLES) table.push([ROLE_LABELS[r], ...cols.map((c) => (c.roles[r].count > 0 ? `${c.roles[r].count} × ${c.roles[r].instanceType}` : "—"))]);
  table.push(["", ...cols.map(() => "")]); // compact tables have no row rules: a gap before the costs
  for (const r of ROLES) table.push([`${ROLE_LABELS[r]} USD/month`, ...cols.map((c) => usd(c.roles[r].monthlyUSD))]);
  table.push(["Nodes USD/month", ...cols.map((c) => usd(c.nodesMonthlyUSD))]);
  for (const l of sizings[0]?.costLines ?? []) table.push([`${l.name} USD/month`, ...cols.map((c) => usd(c.costLines[l.key]))]);
  table.push(["", ...cols.map(() => "")]);
  table.push(["Total USD/month", ...cols.map((c) => usd(c.monthlyCostUSD))]);
  table.push(["USD per user per month", ...cols.map((c) => usdPerUser(c.monthlyCostUSD / c.users))]);
  table.push(["vCPU total (provisioned)", ...cols.map((c) => int(c.vcpu))]);
  return [
    `Wire backend sizing compared across ${cols.length} user counts`,
    table.toString(),
    "On-demand, 730 h a month, gp3 EBS included; the lines beyond the nodes as `size` explains them (docs/costs.md).",
    ...doc.prices.map((p) => `Prices: ${p.region} as of ${p.asOf}, ${p.source}`),
  ].join("\n") + "\n";
}
