// The EC2 catalog the sizing engine chooses from: static hardware facts here, prices in
// prices.json (keyed by region) so `cli/catalog-update.ts` can regenerate them from AWS's
// bulk price-list file without touching code. Pure data: no I/O, no Pulumi.
//
// Prices: Linux, on-demand, shared tenancy. The shipped figures are from the AWS public price
// list AS REMEMBERED, NOT FETCHED (no price API was reachable when this was written):
// us-east-1 with fair confidence; eu-central-1 from memory where the reference had a figure
// and otherwise us-east-1 × ~1.15 (c6in.*, the 4xlarge and 2xlarge sizes not in the
// reference, t3.xlarge). Re-run the catalog-update CLI on a downloaded offer file before
// quoting costs to anyone.
import pricesJson from "./prices.json";

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
  source: string;
  asOf: string;
  gp3USDPerGiBMonth: number;
  hourlyUSD: Record<string, number>;
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

/** x86_64 types only: Wire's offline artifact ships amd64 images. Baseline network from
 * AWS's EC2 network-performance docs (large = 0.781, doubling per size; c6in ×4). */
export const INSTANCE_TYPES: readonly InstanceTypeInfo[] = [
  t("t3.small", 2, 2, 0.128),
  t("t3.medium", 2, 4, 0.256),
  t("t3.large", 2, 8, 0.512),
  t("t3.xlarge", 4, 16, 1.024),
  t("c6i.large", 2, 4, 0.781),
  t("c6i.xlarge", 4, 8, 1.562),
  t("c6i.2xlarge", 8, 16, 3.125),
  t("c6i.4xlarge", 16, 32, 6.25),
  t("m6i.large", 2, 8, 0.781),
  t("m6i.xlarge", 4, 16, 1.562),
  t("m6i.2xlarge", 8, 32, 3.125),
  t("m6i.4xlarge", 16, 64, 6.25),
  t("r6i.large", 2, 16, 0.781),
  t("r6i.xlarge", 4, 32, 1.562),
  t("r6i.2xlarge", 8, 64, 3.125),
  t("r6i.4xlarge", 16, 128, 6.25),
  t("c6in.large", 2, 4, 3.125),
  t("c6in.xlarge", 4, 8, 6.25),
  t("c6in.2xlarge", 8, 16, 12.5),
  t("c7i.large", 2, 4, 0.781),
  t("c7i.xlarge", 4, 8, 1.562),
  t("c7i.2xlarge", 8, 16, 3.125),
  t("m7i.large", 2, 8, 0.781),
  t("m7i.xlarge", 4, 16, 1.562),
  t("m7i.2xlarge", 8, 32, 3.125),
];

export const PRICES: PricesFile = checkPrices(pricesJson as PricesFile);

/** Regions with a price table; a region added by catalog-update becomes supported. */
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

export function isSupportedRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(PRICES.regions, region);
}

function regionPrices(region: string): RegionPrices {
  if (!isSupportedRegion(region)) {
    throw new RangeError(`region "${region}" has no price table (supported: ${SUPPORTED_REGIONS.join(", ")})`);
  }
  return PRICES.regions[region];
}

/** The price source/date of one region (a regenerated region differs from the rest). */
export function priceSource(region: string): { source: string; asOf: string } {
  const p = regionPrices(region);
  return { source: p.source, asOf: p.asOf };
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

/** Hourly on-demand USD, or undefined when the type is not offered (priced) in the region. */
export function hourlyPrice(type: string, region: string): number | undefined {
  return regionPrices(region).hourlyUSD[type];
}

/** The catalog types that have a price in `region`, with that price. */
export function instancesIn(region: string): (InstanceTypeInfo & { hourlyUSD: number })[] {
  const p = regionPrices(region);
  return INSTANCE_TYPES.filter((i) => p.hourlyUSD[i.type] !== undefined).map((i) => ({
    ...i,
    hourlyUSD: p.hourlyUSD[i.type],
  }));
}

export function gp3PricePerGiBMonth(region: string): number {
  return regionPrices(region).gp3USDPerGiBMonth;
}

/** Fail at load, not mid-plan, if prices.json was hand-edited into nonsense. */
function checkPrices(p: PricesFile): PricesFile {
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
