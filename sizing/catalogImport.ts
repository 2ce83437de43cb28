// Builds prices.json regions from public, dated price tables (pure: text in, PricesFile out; the
// CLI cli/catalogImport.ts does the I/O):
//   - skypilot-org/skypilot-catalog `catalogs/v8/aws/vms.csv`: one row per type × region × zone,
//     columns InstanceType,…,vCPUs,MemoryGiB,,Price,SpotPrice,Region,AvailabilityZone,Arch;
//   - aws/karpenter-provider-aws `pkg/providers/pricing/zz_generated.pricing_aws*.go`: Go maps
//     `"<region>": { "<type>": <usd>, … }` with a `// generated at <time> for …` line.
// AWS's own bulk offer file goes through cli/catalogUpdate.ts (sizing/catalogUpdate.ts) instead.
import { familyOf, INSTANCE_TYPES } from "./catalog";
import type { PricesFile, PriceSourceRef, RegionPrices } from "./catalog";
import { REFERENCE_REGION } from "./regions";

/** How a region's entry names prices it kept from the table it replaces. */
const PREVIOUS_TABLE = "sizing/prices.json (previous table)";

export interface SourceMeta {
  repo: string;
  path: string;
  commit: string;
  /** Commit/generation date, or the date read when the source has none (say so in `note`). */
  date: string;
  note?: string;
}

/** region -> type -> every on-demand price the source lists for it (one per zone row). */
export type RegionTable = Map<string, Map<string, number[]>>;

export interface ParsedSource {
  meta: SourceMeta;
  table: RegionTable;
  warnings: string[];
}

/** RFC 4180 fields of one line; vms.csv quotes only its GpuInfo column (JSON with commas). No
 * CSV package is a dependency and the file has no multi-line fields, so a line splitter suffices. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") out.push(cur), (cur = "");
    else cur += c;
  }
  out.push(cur);
  return out;
}
const parseCsv = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== "").map(splitCsvLine);

const CATALOG_TYPES = new Set(INSTANCE_TYPES.map((i) => i.type));

function add(table: RegionTable, region: string, type: string, usd: number): void {
  if (!table.has(region)) table.set(region, new Map());
  const r = table.get(region)!;
  r.set(type, [...(r.get(type) ?? []), usd]);
}

/** skypilot's vms.csv, or any CSV with its InstanceType, Price, Region, Arch columns (found by header
 * name): keeps x86_64 rows of catalog types with a positive on-demand Price. */
export function parseSkypilotCsv(text: string, meta: SourceMeta): ParsedSource {
  const rows = parseCsv(text);
  const header = rows.shift() ?? [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${meta.path}: no "${name}" column (header: ${header.join(",")})`);
    return i;
  };
  const [type, price, region, arch] = [col("InstanceType"), col("Price"), col("Region"), col("Arch")];
  const table: RegionTable = new Map();
  for (const row of rows) {
    if (!CATALOG_TYPES.has(row[type]) || (row[arch] && row[arch] !== "x86_64")) continue;
    const usd = Number(row[price]);
    if (usd > 0) add(table, row[region], row[type], usd);
  }
  return { meta, table, warnings: [] };
}

/** karpenter's generated Go price map. Regions of the China partition are priced in CNY: skipped. */
export function parseKarpenterPricing(text: string, meta: Omit<SourceMeta, "date"> & { date?: string }): ParsedSource {
  const generated = /generated at (\S+)/.exec(text)?.[1];
  const table: RegionTable = new Map();
  const warnings: string[] = [];
  let region: string | undefined;
  for (const line of text.split("\n")) {
    const open = /^\s*"([a-z]{2}(?:-gov)?-[a-z]+-\d)":\s*\{/.exec(line);
    if (open) {
      region = open[1];
      if (region.startsWith("cn-")) {
        warnings.push(`${region}: prices in CNY, not USD; left out`);
        region = undefined;
      }
      continue;
    }
    if (!region) continue;
    for (const m of line.matchAll(/"([a-z0-9-]+\.[a-z0-9-]+)":\s*([0-9.]+)/g)) {
      if (CATALOG_TYPES.has(m[1]) && Number(m[2]) > 0) add(table, region, m[1], Number(m[2]));
    }
  }
  const date = meta.date ?? generated?.slice(0, 10);
  if (!date) throw new Error(`${meta.path}: no "generated at" line and no --date given`);
  return { meta: { ...meta, date }, table, warnings };
}

export interface ImportOptions {
  /** Fill a family's missing catalog sizes in a region from a priced size of the same family,
   * scaled by memory (AWS prices the sizes of one family linearly). For excerpts of a source. */
  deriveSizes?: boolean;
  today: string;
}

export interface ImportResult {
  prices: PricesFile;
  warnings: string[];
  /** region -> how many prices each source gave, derived sizes, gp3 assumption. */
  summary: Record<string, string>;
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Merges sources into `current`: for every region any source prices, the region's table becomes
 * (earlier sources win; pass the most exact first) the sources' prices, on top of the current
 * table's prices for families no source covers (kept with the current source named). A type of a
 * covered family that no source lists in the region is not offered there: its old price is dropped.
 */
export function importPrices(current: PricesFile, sources: ParsedSource[], opts: ImportOptions): ImportResult {
  const warnings = sources.flatMap((s) => s.warnings.map((w) => `${s.meta.repo}: ${w}`));
  const summary: Record<string, string> = {};
  const regions = new Set(sources.flatMap((s) => [...s.table.keys()]));
  const next: PricesFile = { regions: { ...current.regions } };
  const reference = (r: string) => next.regions[REFERENCE_REGION]?.hourlyUSD ?? current.regions[r]?.hourlyUSD ?? {};

  // The reference region first: other regions' gp3 assumption is scaled from it.
  const ordered = [...regions].sort((a, b) => (a === REFERENCE_REGION ? -1 : b === REFERENCE_REGION ? 1 : a.localeCompare(b)));
  for (const region of ordered) {
    const old: RegionPrices | undefined = current.regions[region];
    const hourly: Record<string, number> = {};
    const from: PriceSourceRef[] = [];
    for (const src of sources) {
      const t = src.table.get(region);
      if (!t) continue;
      let n = 0;
      for (const [type, ps] of t) {
        if (hourly[type] !== undefined) continue;
        const distinct = [...new Set(ps)];
        if (distinct.length > 1) warnings.push(`${region} ${type}: ${src.meta.repo} lists ${distinct.join(", ")}; took the highest`);
        hourly[type] = Math.max(...distinct);
        n++;
      }
      if (n > 0) from.push({ ...src.meta, types: n });
    }
    // Families the sources speak for here: a source covers the families it lists anywhere, so a type
    // of those that it does not list in this region is not offered here, and an older table's price
    // for it (an excerpt's derived size, a remembered price) must not survive the import. Other
    // families' availability is unknown: their previous prices are kept, naming where they came from.
    const sourceFamilies = new Set<string>();
    for (const src of sources) if (src.table.has(region)) for (const t of src.table.values()) for (const type of t.keys()) sourceFamilies.add(familyOf(type));
    const keepable = (type: string) => old?.hourlyUSD[type] !== undefined && !sourceFamilies.has(familyOf(type));
    let kept = 0;
    for (const [type, usd] of Object.entries(old?.hourlyUSD ?? {})) {
      if (hourly[type] === undefined && !opts.deriveSizes && keepable(type)) {
        hourly[type] = usd;
        kept++;
      }
    }
    let derived = 0;
    if (opts.deriveSizes) {
      const listed = { ...hourly }; // derive from the sources' own rows only
      for (const i of INSTANCE_TYPES) {
        if (hourly[i.type] !== undefined) continue;
        const sibling = INSTANCE_TYPES.find((j) => familyOf(j.type) === familyOf(i.type) && listed[j.type] !== undefined);
        if (sibling) {
          // By memory, not vCPU: t3.small/medium/large share 2 vCPU but double in memory and price.
          hourly[i.type] = round5((listed[sibling.type] * i.memoryGiB) / sibling.memoryGiB);
          derived++;
        } else if (keepable(i.type)) {
          hourly[i.type] = old!.hourlyUSD[i.type];
          kept++;
        }
      }
    }
    const dropped = Object.keys(old?.hourlyUSD ?? {}).filter((t) => hourly[t] === undefined);
    if (dropped.length) warnings.push(`${region}: dropped ${dropped.join(", ")} of the previous table: the sources cover these families and do not list the types here (not offered)`);
    const covered = new Set(sourceFamilies);
    for (const type of Object.keys(hourly)) covered.add(familyOf(type));
    // Name where the kept prices came from, not the previous table's whole source line: re-running the
    // import would otherwise nest one inside the next.
    const origin = old?.from?.find((f) => f.repo === PREVIOUS_TABLE)?.path ?? old?.source;
    if (kept > 0 && old) from.push({ repo: PREVIOUS_TABLE, path: origin!, commit: "-", date: old.asOf, types: kept });
    if (derived > 0) from.push({ repo: "derived", path: "sizes scaled by memory from a listed size of the same family", commit: "-", date: opts.today, types: derived });

    // A sourced gp3 price survives the import; an assumed one is derived from EC2 prices, so it is
    // worked out again from the new ones.
    const assumed = old?.gp3Source?.startsWith("assumed:") ?? false;
    let gp3 = assumed ? undefined : old?.gp3USDPerGiBMonth;
    let gp3Source = old?.gp3Source ?? (old ? `previous table (${origin})` : undefined);
    if (gp3 === undefined) {
      const ref = reference(region);
      const ratios = Object.keys(hourly).filter((t) => ref[t]).map((t) => hourly[t] / ref[t]);
      const refGp3 = next.regions[REFERENCE_REGION]?.gp3USDPerGiBMonth ?? 0.08;
      const ratio = ratios.length ? median(ratios) : 1;
      gp3 = Math.round(refGp3 * Math.max(1, ratio) * 1e4) / 1e4;
      gp3Source = `assumed: no source prices gp3 here; ${REFERENCE_REGION}'s ${refGp3} × ${ratio.toFixed(3)} (the region's median EC2 price ratio to ${REFERENCE_REGION}, at least 1)`;
    }
    const dated = from.filter((f) => f.repo !== "derived");
    const asOf = dated.map((f) => f.date).sort()[0] ?? opts.today;
    const source = from.map((f) => (f.repo === "derived" ? `${f.types} derived` : `${f.repo} ${f.path}${f.commit !== "-" ? `@${f.commit.slice(0, 7)}` : ""} (${f.date}, ${f.types} types)`)).join("; ");
    const families = [...new Set(INSTANCE_TYPES.map((i) => familyOf(i.type)))].filter((f) => covered.has(f));
    next.regions[region] = { source, asOf, from, families, gp3USDPerGiBMonth: gp3, gp3Source, hourlyUSD: sortTypes(hourly) };
    summary[region] = `${Object.keys(hourly).length} types (${from.map((f) => `${f.types} ${f.repo === "derived" ? "derived" : f.repo}`).join(", ")}); gp3 ${gp3}`;
  }
  return { prices: { regions: sortRegions(next.regions) }, warnings, summary };
}

function sortTypes(h: Record<string, number>): Record<string, number> {
  const order = INSTANCE_TYPES.map((i) => i.type);
  return Object.fromEntries(Object.entries(h).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
}
function sortRegions(r: Record<string, RegionPrices>): Record<string, RegionPrices> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
}
