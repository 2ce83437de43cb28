// `--compare`: sizings side by side. The figures are the sizing engine's; this checks the layout,
// the totals, the per-user cost and the price footnote.
import { compareDocument, formatCompare, parseUserCounts } from "../outputs/compareReport";
import { priceSource, size } from "../sizing";
import type { Sizing } from "../sizing";

const CONF = { concurrent: 4, participants: 8, video: true };
/** `null`: no conference load (undefined would pick the default). */
const at = (users: number, region = "eu-central-1", conferences: typeof CONF | null = CONF): Sizing => size({ users, region, conferences: conferences ?? undefined });
/** The table's row for a label, split into its cells. */
const row = (text: string, label: string) =>
  text
    .split("\n")
    .find((l) => l.startsWith(`│ ${label} `))
    ?.split("│")
    .slice(2, -1)
    .map((c) => c.trim());

describe("parseUserCounts", () => {
  it("takes at least two distinct whole numbers, in the order given", () => {
    expect(parseUserCounts("500,2000, 10000")).toEqual([500, 2000, 10000]);
    expect(parseUserCounts("10000,500")).toEqual([10000, 500]);
    for (const bad of ["2000", "500,abc", "0,500", "1e3,2000", "500,-1", "500,,2000"]) expect(parseUserCounts(bad)).toMatch(/not a list/);
    expect(parseUserCounts("500,500")).toMatch(/twice/);
  });
});

describe("formatCompare", () => {
  const sizings = [at(500), at(2000), at(50000)];
  const text = formatCompare(sizings);

  it("has one column per user count and a count × type row per role", () => {
    expect(text).toMatch(/│\s+│\s+500 users │\s+2,000 users │\s+50,000 users │/);
    for (const [i, s] of sizings.entries()) {
      expect(row(text, "Kubernetes")?.[i]).toBe(`${s.roles.kubernetes.count} × ${s.roles.kubernetes.instanceType}`);
      expect(row(text, "Cassandra USD/month")?.[i]).toBe(`$${s.roles.cassandra.monthlyUSD.toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
    }
    // The roles grow: the table must show different cells, not one sizing three times.
    expect(new Set(row(text, "Cassandra")).size).toBeGreaterThan(1);
  });

  it("totals, cost per user and provisioned vCPU", () => {
    // 2,000 users with the dev stack's conferences: 3×2 + 3×2 + 3×2 (data) + 3×8 (kubernetes)
    // + 2×2 (restund) + 2×2 (sft) + 2 + 2 (hosts) = 54 vCPU, + 3×2 (postgresql) + 3×2 (rabbitmq) for
    // the default release (5.20.0 and later) = 66.
    expect(row(text, "vCPU total (provisioned)")?.[1]).toBe("66");
    expect(compareDocument(sizings).columns[1].vcpu).toBe(66);
    expect(row(text, "Total USD/month")?.[2]).toBe(`$${sizings[2].monthlyCostUSD.toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
    const perUser = sizings[2].monthlyCostUSD / 50000;
    expect(perUser).toBeLessThan(1);
    expect(row(text, "USD per user per month")?.[2]).toBe(`$${perUser.toFixed(3)}`);
    expect(row(text, "USD per user per month")?.[0]).toBe(`$${(sizings[0].monthlyCostUSD / 500).toFixed(2)}`);
  });

  it("prints the catalog's region, price date and source under the table", () => {
    const p = priceSource("eu-central-1");
    const lines = text.trimEnd().split("\n");
    expect(lines[lines.length - 1]).toBe(`Prices: eu-central-1 as of ${p.asOf}, ${p.source}`);
    expect(lines.findIndex((l) => l.startsWith("Prices:"))).toBeGreaterThan(lines.findIndex((l) => l.startsWith("└")));
  });

  it("no conference load: no SFT nodes; two regions: both price lines and regions in the header", () => {
    const mixed = formatCompare([at(2000, "eu-central-1", null), at(2000, "us-east-1", null)]);
    expect(row(mixed, "SFT (conference pool)")).toEqual(["—", "—"]);
    expect(mixed).toContain("2,000 users (us-east-1)");
    expect(mixed).toContain(`Prices: us-east-1 as of ${priceSource("us-east-1").asOf}`);
    expect(mixed).toContain(`Prices: eu-central-1 as of ${priceSource("eu-central-1").asOf}`);
  });

  it("JSON form: the same figures, serialisable", () => {
    const doc = JSON.parse(JSON.stringify(compareDocument(sizings)));
    expect(doc.columns.map((c: { users: number }) => c.users)).toEqual([500, 2000, 50000]);
    expect(doc.columns[2].roles.kubernetes).toEqual({ count: sizings[2].roles.kubernetes.count, instanceType: sizings[2].roles.kubernetes.instanceType, monthlyUSD: sizings[2].roles.kubernetes.monthlyUSD });
    expect(doc.columns[2].costPerUserUSD).toBeCloseTo(sizings[2].monthlyCostUSD / 50000, 4);
    expect(doc.prices).toEqual([{ region: "eu-central-1", ...priceSource("eu-central-1") }]);
  });
});
