// Prices of the bill's lines beyond the nodes (data transfer, NAT, load balancer, IPv4, snapshots,
// flow logs, S3), kept in servicePrices.json beside the EC2 table (prices.json). Pure: no I/O.
//
// A region listed there has its own figures; a region with an EC2 price table but no entry is priced
// by a stated assumption (us-east-1's figure × the region's median EC2 price ratio, at least 1: the
// rule prices.json already uses for gp3); a region without an EC2 table has no prices (NaN).
import pricesJson from "./servicePrices.json";
import { hourlyPrice, INSTANCE_TYPES, isSupportedRegion } from "./catalog";
import { REFERENCE_REGION } from "./regions";
import { formatNumber } from "./format";

export interface Tier {
  /** Upper limit of the tier in GB a month; null: no limit. */
  upToGB: number | null;
  usdPerGB: number;
}

export interface RegionServicePrices {
  name: string;
  /** The date the figures were recorded. */
  asOf: string;
  dataTransferOut: { freeGB: number; tiers: Tier[] };
  natGatewayHourUSD: number;
  natGatewayGBUSD: number;
  nlbHourUSD: number;
  nlcuHourUSD: number;
  publicIpv4HourUSD: number;
  snapshotGBMonthUSD: number;
  vendedLogsToCloudWatchGB: Tier[];
  logStorageGBMonthUSD: number;
  s3StandardGBMonth: Tier[];
  s3PutPer1000USD: number;
  s3GetPer1000USD: number;
  confirmedBy: string[];
  notes?: string;
}

export type ServiceKey = "dataTransferOut" | "natGateway" | "loadBalancer" | "publicIpv4" | "snapshots" | "flowLogs" | "s3";

interface ServicePricesFile {
  note: string;
  referenceRegion: string;
  sources: Record<ServiceKey, Record<string, string>>;
  regions: Record<string, RegionServicePrices>;
}

export const SERVICE_PRICES: ServicePricesFile = checkServicePrices(pricesJson as ServicePricesFile);

/** One region's prices with how they were obtained. */
export interface ResolvedServicePrices extends RegionServicePrices {
  region: string;
  /** Set where the region's figures are derived from us-east-1's: the assumption, in words. */
  assumed?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The region's median EC2 on-demand price ratio to the reference region (types both price). */
export function ec2PriceRatio(region: string): number {
  const ratios = INSTANCE_TYPES.flatMap((i) => {
    const here = hourlyPrice(i.type, region);
    const ref = hourlyPrice(i.type, REFERENCE_REGION);
    return here !== undefined && ref !== undefined ? [here / ref] : [];
  });
  return ratios.length ? median(ratios) : 1;
}

const scaleTiers = (tiers: Tier[], k: number): Tier[] => tiers.map((t) => ({ upToGB: t.upToGB, usdPerGB: round6(t.usdPerGB * k) }));
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

const resolved = new Map<string, ResolvedServicePrices | undefined>();

/** The region's service prices; undefined where the region has no EC2 price table (costs unknown). */
export function servicePricesFor(region: string): ResolvedServicePrices | undefined {
  if (resolved.has(region)) return resolved.get(region);
  let out: ResolvedServicePrices | undefined;
  const own = SERVICE_PRICES.regions[region];
  if (own) out = { ...own, region };
  else if (isSupportedRegion(region)) {
    const ref = SERVICE_PRICES.regions[SERVICE_PRICES.referenceRegion];
    const raw = ec2PriceRatio(region);
    const k = Math.max(1, raw);
    out = {
      ...ref,
      region,
      name: region,
      dataTransferOut: { freeGB: ref.dataTransferOut.freeGB, tiers: scaleTiers(ref.dataTransferOut.tiers, k) },
      natGatewayHourUSD: round6(ref.natGatewayHourUSD * k),
      natGatewayGBUSD: round6(ref.natGatewayGBUSD * k),
      nlbHourUSD: round6(ref.nlbHourUSD * k),
      nlcuHourUSD: round6(ref.nlcuHourUSD * k),
      // AWS charges the same per public IPv4 address in every commercial region (the announcement).
      publicIpv4HourUSD: ref.publicIpv4HourUSD,
      snapshotGBMonthUSD: round6(ref.snapshotGBMonthUSD * k),
      vendedLogsToCloudWatchGB: scaleTiers(ref.vendedLogsToCloudWatchGB, k),
      logStorageGBMonthUSD: round6(ref.logStorageGBMonthUSD * k),
      s3StandardGBMonth: scaleTiers(ref.s3StandardGBMonth, k),
      s3PutPer1000USD: round6(ref.s3PutPer1000USD * k),
      s3GetPer1000USD: round6(ref.s3GetPer1000USD * k),
      confirmedBy: [],
      assumed: `assumed: no figures recorded for ${region}; ${REFERENCE_REGION}'s × ${k.toFixed(3)} (the region's median EC2 price ratio to ${REFERENCE_REGION}${raw < 1 ? `, ${raw.toFixed(3)}, raised to 1` : ""}; public IPv4 is one price everywhere)`,
    };
  }
  resolved.set(region, out);
  return out;
}

/** USD for `gb` in a month at tiered prices, after `freeGB` free. */
export function tieredUSD(tiers: readonly Tier[], gb: number, freeGB = 0): number {
  let left = Math.max(0, gb - freeGB);
  let floor = 0;
  let usd = 0;
  // Tier limits count from the first GB billed: AWS's free 100 GB are not part of the first tier.
  for (const t of tiers) {
    if (left <= 0) break;
    const width = t.upToGB === null ? Infinity : t.upToGB - floor;
    const take = Math.min(left, width);
    usd += take * t.usdPerGB;
    left -= take;
    floor = t.upToGB ?? floor;
  }
  return usd;
}

/** A tier table in words: "$0.09/GB first 10,240 GB, $0.085/GB to 51,200 GB, ...". */
export function describeTiers(tiers: readonly Tier[], unit = "GB"): string {
  return tiers
    .map((t, i) => `$${t.usdPerGB}/${unit}${t.upToGB === null ? (i === 0 ? "" : " above") : i === 0 ? ` first ${formatNumber(t.upToGB, 0)} ${unit}` : ` to ${formatNumber(t.upToGB, 0)} ${unit}`}`)
    .join(", ");
}

/** Where a region's price for `key` comes from: AWS's page and offer file, the date, what confirms it,
 * or the assumption made. */
export function serviceSource(p: ResolvedServicePrices, key: ServiceKey): string {
  const s = SERVICE_PRICES.sources[key];
  const urls = Object.values(s).map((u) => u.replace("{region}", p.region)).join("; ");
  if (p.assumed) return `${p.assumed}. ${SERVICE_PRICES.referenceRegion}: ${urls}`;
  return `${p.name}, recorded ${p.asOf}: ${urls}`;
}

/** S3 Standard storage of `gib` GiB for a month in `region` (tiered: 50 TB, 450 TB, above). NaN where
 * the region has no prices. The price is per GB-month, where AWS's GB is 2^30 bytes (a GiB). */
export function s3StorageMonthlyUSD(region: string, gib: number): number {
  const p = servicePricesFor(region);
  return p ? tieredUSD(p.s3StandardGBMonth, gib) : NaN;
}

/** S3 requests for a month: PUTs (uploads) and GETs (downloads). NaN where the region has no prices. */
export function s3RequestsMonthlyUSD(region: string, puts: number, gets: number): number {
  const p = servicePricesFor(region);
  return p ? (puts / 1000) * p.s3PutPer1000USD + (gets / 1000) * p.s3GetPer1000USD : NaN;
}

/** Fail at load if servicePrices.json was hand-edited into nonsense. */
function checkServicePrices(f: ServicePricesFile): ServicePricesFile {
  const bad = (where: string, what: string) => new Error(`sizing/servicePrices.json: ${where}: ${what}`);
  if (!f.regions?.[f.referenceRegion]) throw bad("referenceRegion", `${f.referenceRegion} must have figures`);
  const tiersOk = (ts: Tier[]) =>
    Array.isArray(ts) && ts.length > 0 && ts.every((t, i) => t.usdPerGB >= 0 && (t.upToGB === null ? i === ts.length - 1 : t.upToGB > (i ? (ts[i - 1].upToGB ?? Infinity) : 0)));
  for (const [region, r] of Object.entries(f.regions)) {
    for (const k of ["natGatewayHourUSD", "natGatewayGBUSD", "nlbHourUSD", "nlcuHourUSD", "publicIpv4HourUSD", "snapshotGBMonthUSD", "logStorageGBMonthUSD", "s3PutPer1000USD", "s3GetPer1000USD"] as const) {
      if (!(typeof r[k] === "number" && r[k] > 0)) throw bad(region, `${k} must be a price > 0`);
    }
    for (const k of ["vendedLogsToCloudWatchGB", "s3StandardGBMonth"] as const) if (!tiersOk(r[k])) throw bad(region, `${k}: tiers must rise and end with upToGB null`);
    if (!tiersOk(r.dataTransferOut?.tiers)) throw bad(region, "dataTransferOut.tiers must rise and end with upToGB null");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.asOf ?? "")) throw bad(region, "asOf must be a date YYYY-MM-DD");
  }
  return f;
}
