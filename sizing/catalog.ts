// The EC2 catalog the sizing engine chooses from: static hardware facts here, prices in
// prices.json (keyed by region) so the generators in cli/ can regenerate them without touching
// code. Pure data: no I/O, no Pulumi.
//
// Prices: Linux, on-demand, shared tenancy, USD. Each region records where its prices come from
// and when (`source`, `from`, `asOf`); cli/catalogImport.ts builds them from public price tables
// (skypilot-org/skypilot-catalog's vms.csv, karpenter's generated tables), cli/catalogUpdate.ts
// from AWS's own bulk offer file. A region without a table still sizes: costs are then unknown.
import pricesJson from "./prices.json";
import { COMMON_FAMILIES, REFERENCE_REGION } from "./regions";

export interface InstanceTypeInfo {
  type: string;
  vcpu: number;
  memoryGiB: number;
  /** Baseline (sustained) network bandwidth, NOT the "up to" burst figure: TURN and SFT
   * relay media continuously, so the burst credit would run out mid-call. */
  networkGbps: number;
  /** t3: CPU credits, 20–40 % baseline per vCPU. Only the admin and asset hosts may use them. */
  burstable: boolean;
}

/** One region's prices, as stored in prices.json (and written by catalog-update). */
export interface RegionPrices {
  /** Human-readable summary of where the prices come from. */
  source: string;
  /** The date of the oldest contributing source (prices are facts of their date). */
  asOf: string;
  /** Each contributing source: repository (or AWS), path, commit and its date where known. */
  from?: PriceSourceRef[];
  gp3USDPerGiBMonth: number;
  /** Families the table speaks for: a type of these families missing from hourlyUSD is not offered
   * in the region; for other families the sources say nothing (availability unknown). */
  families?: string[];
  /** Where gp3 comes from, or the assumption made when no source had it. */
  gp3Source?: string;
  hourlyUSD: Record<string, number>;
}
export interface PriceSourceRef {
  repo: string;
  path: string;
  commit: string;
  /** Commit or generation date, or the date it was read when the source states none. */
  date: string;
  /** Which catalog types it priced here. */
  types: number;
  note?: string;
}
export interface PricesFile {
  regions: Record<string, RegionPrices>;
}

const t = (type: string, vcpu: number, memoryGiB: number, networkGbps: number): InstanceTypeInfo => ({
  type,
  vcpu,
  memoryGiB,
  networkGbps,
  burstable: type.startsWith("t"),
});

/** x86_64 types only: Wire's offline artifact ships amd64 images (no Graviton). Sizes large to
 * 8xlarge of the Intel (6i, 7i) and AMD (6a, 7a) compute/general/memory families, c6in for media
 * relays, t3 and AMD t3a for the admin and asset hosts. Baseline network: aws/karpenter-provider-aws
 * pkg/providers/instancetype/zz_generated.bandwidth.go (commit 7f27b4e, 2026-08-18), Mbps / 1000. */
export const INSTANCE_TYPES: readonly InstanceTypeInfo[] = [
  t("t3.small", 2, 2, 0.128),
  t("t3.medium", 2, 4, 0.256),
  t("t3.large", 2, 8, 0.512),
  t("t3.xlarge", 4, 16, 1.024),
  t("t3a.small", 2, 2, 0.128),
  t("t3a.medium", 2, 4, 0.256),
  t("t3a.large", 2, 8, 0.512),
  t("t3a.xlarge", 4, 16, 1.024),
  t("c6i.large", 2, 4, 0.781),
  t("c6i.xlarge", 4, 8, 1.562),
  t("c6i.2xlarge", 8, 16, 3.125),
  t("c6i.4xlarge", 16, 32, 6.25),
  t("c6i.8xlarge", 32, 64, 12.5),
  t("m6i.large", 2, 8, 0.781),
  t("m6i.xlarge", 4, 16, 1.562),
  t("m6i.2xlarge", 8, 32, 3.125),
  t("m6i.4xlarge", 16, 64, 6.25),
  t("m6i.8xlarge", 32, 128, 12.5),
  t("r6i.large", 2, 16, 0.781),
  t("r6i.xlarge", 4, 32, 1.562),
  t("r6i.2xlarge", 8, 64, 3.125),
  t("r6i.4xlarge", 16, 128, 6.25),
  t("r6i.8xlarge", 32, 256, 12.5),
  t("c6a.large", 2, 4, 0.781),
  t("c6a.xlarge", 4, 8, 1.562),
  t("c6a.2xlarge", 8, 16, 3.125),
  t("c6a.4xlarge", 16, 32, 6.25),
  t("c6a.8xlarge", 32, 64, 12.5),
  t("m6a.large", 2, 8, 0.781),
  t("m6a.xlarge", 4, 16, 1.562),
  t("m6a.2xlarge", 8, 32, 3.125),
  t("m6a.4xlarge", 16, 64, 6.25),
  t("m6a.8xlarge", 32, 128, 12.5),
  t("r6a.large", 2, 16, 0.781),
  t("r6a.xlarge", 4, 32, 1.562),
  t("r6a.2xlarge", 8, 64, 3.125),
  t("r6a.4xlarge", 16, 128, 6.25),
  t("r6a.8xlarge", 32, 256, 12.5),
  t("c7a.large", 2, 4, 0.781),
  t("c7a.xlarge", 4, 8, 1.562),
  t("c7a.2xlarge", 8, 16, 3.125),
  t("c7a.4xlarge", 16, 32, 6.25),
  t("c7a.8xlarge", 32, 64, 12.5),
  t("m7a.large", 2, 8, 0.781),
  t("m7a.xlarge", 4, 16, 1.562),
  t("m7a.2xlarge", 8, 32, 3.125),
  t("m7a.4xlarge", 16, 64, 6.25),
  t("m7a.8xlarge", 32, 128, 12.5),
  t("r7a.large", 2, 16, 0.781),
  t("r7a.xlarge", 4, 32, 1.562),
  t("r7a.2xlarge", 8, 64, 3.125),
  t("r7a.4xlarge", 16, 128, 6.25),
  t("r7a.8xlarge", 32, 256, 12.5),
  t("c7i.large", 2, 4, 0.781),
  t("c7i.xlarge", 4, 8, 1.562),
  t("c7i.2xlarge", 8, 16, 3.125),
  t("c7i.4xlarge", 16, 32, 6.25),
  t("c7i.8xlarge", 32, 64, 12.5),
  t("m7i.large", 2, 8, 0.781),
  t("m7i.xlarge", 4, 16, 1.562),
  t("m7i.2xlarge", 8, 32, 3.125),
  t("m7i.4xlarge", 16, 64, 6.25),
  t("m7i.8xlarge", 32, 128, 12.5),
  t("r7i.large", 2, 16, 0.781),
  t("r7i.xlarge", 4, 32, 1.562),
  t("r7i.2xlarge", 8, 64, 3.125),
  t("r7i.4xlarge", 16, 128, 6.25),
  t("r7i.8xlarge", 32, 256, 12.5),
  t("c6in.large", 2, 4, 3.125),
  t("c6in.xlarge", 4, 8, 6.25),
  t("c6in.2xlarge", 8, 16, 12.5),
  t("c6in.4xlarge", 16, 32, 25),
  t("c6in.8xlarge", 32, 64, 50),
];

export const PRICES: PricesFile = checkPrices(pricesJson as PricesFile);

/** Regions with a price table; a region added by the generators becomes priced. */
export const SUPPORTED_REGIONS: readonly string[] = Object.keys(PRICES.regions);

const distinct = (xs: string[]) => [...new Set(xs)];
/** Where the prices come from. One string when every region shares a source. */
export const CATALOG_SOURCE: string = (() => {
  const sources = distinct(SUPPORTED_REGIONS.map((r) => PRICES.regions[r].source));
  return sources.length === 1
    ? sources[0]
    : SUPPORTED_REGIONS.map((r) => `${r}: ${PRICES.regions[r].source}`).join("; ");
})();
/** The OLDEST price date across regions: the catalog is only as fresh as its stalest part. */
export const CATALOG_AS_OF: string = SUPPORTED_REGIONS.map((r) => PRICES.regions[r].asOf).sort()[0];

/** True when `region` has a price table (costs are known there). */
export function isSupportedRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(PRICES.regions, region);
}
export const hasPriceTable = isSupportedRegion;

/** The price source/date of one region; `known: false` for a region without a table. */
export function priceSource(region: string): { source: string; asOf: string; known: boolean } {
  if (!isSupportedRegion(region)) {
    return {
      source: `none: ${region} has no price table (costs unknown; instance types ranked by ${REFERENCE_REGION} prices among the common families ${COMMON_FAMILIES.join(", ")}, assumed offered there)`,
      asOf: "n/a",
      known: false,
    };
  }
  const p = PRICES.regions[region];
  return { source: p.source, asOf: p.asOf, known: true };
}

/** A catalog type with its on-demand hourly USD in every region that prices it. */
export interface CatalogEntry extends InstanceTypeInfo {
  hourlyUSD: Partial<Record<string, number>>;
}

export const CATALOG: readonly CatalogEntry[] = INSTANCE_TYPES.map((i) => ({
  ...i,
  hourlyUSD: Object.fromEntries(
    SUPPORTED_REGIONS.filter((r) => PRICES.regions[r].hourlyUSD[i.type] !== undefined).map((r) => [r, PRICES.regions[r].hourlyUSD[i.type]]),
  ),
}));

export function findInstance(type: string): CatalogEntry | undefined {
  return CATALOG.find((i) => i.type === type);
}

export const familyOf = (type: string): string => type.split(".")[0];

/** Hourly on-demand USD, or undefined when the type is not offered (priced) in the region. */
export function hourlyPrice(type: string, region: string): number | undefined {
  return isSupportedRegion(region) ? PRICES.regions[region].hourlyUSD[type] : undefined;
}

type OfferedInstance = InstanceTypeInfo & { hourlyUSD: number; priceKnown: boolean };
/** Per region: the price tables never change at run time, and sizing asks for a region's list hundreds of times. */
const offered = new Map<string, readonly Readonly<OfferedInstance>[]>();

/** The catalog types offered in `region`, with their price. Without a price table: the common
 * families, priced at the reference region's rates so that they can be ranked (`priceKnown: false`). */
export function instancesIn(region: string): readonly Readonly<OfferedInstance>[] {
  const cached = offered.get(region);
  if (cached) return cached;
  const known = isSupportedRegion(region);
  const p = PRICES.regions[known ? region : REFERENCE_REGION];
  const list = Object.freeze(
    INSTANCE_TYPES.filter((i) => p.hourlyUSD[i.type] !== undefined && (known || COMMON_FAMILIES.includes(familyOf(i.type)))).map((i) =>
      Object.freeze({ ...i, hourlyUSD: p.hourlyUSD[i.type], priceKnown: known }),
    ),
  );
  offered.set(region, list);
  return list;
}

/** Whether `region`'s price source covers the family of `type` (so a missing price = not offered). */
export function coversFamily(region: string, type: string): boolean {
  const p = PRICES.regions[region];
  return !!p && (p.families ?? Object.keys(p.hourlyUSD).map(familyOf)).includes(familyOf(type));
}

/** gp3 USD per GiB-month; NaN (unknown) for a region without a price table. */
export function gp3PricePerGiBMonth(region: string): number {
  return isSupportedRegion(region) ? PRICES.regions[region].gp3USDPerGiBMonth : NaN;
}

/** Fail at load, not mid-plan, if prices.json was hand-edited into nonsense. */
function checkPrices(p: PricesFile): PricesFile {
  if (!p.regions?.[REFERENCE_REGION]) throw new Error(`sizing/prices.json: the reference region ${REFERENCE_REGION} must have a table`);
  for (const [region, r] of Object.entries(p.regions ?? {})) {
    const bad = (what: string) => new Error(`sizing/prices.json: ${region}: ${what}`);
    if (!(r.gp3USDPerGiBMonth > 0)) throw bad("gp3USDPerGiBMonth must be > 0");
    if (!r.source || !r.asOf) throw bad("source and asOf are required");
    for (const [type, usd] of Object.entries(r.hourlyUSD ?? {})) {
      if (!(typeof usd === "number" && usd > 0)) throw bad(`${type}: hourly price must be > 0`);
    }
  }
  return p;
}
