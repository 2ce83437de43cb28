// Regenerates one region's prices (prices.json) from AWS's public bulk price-list file
//   https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/<region>/index.json
// which the operator downloads. Pure: text goes in through feed(), the CLI does the file I/O.
//
// The regional EC2 offer file is several GB, beyond what JSON.parse (one V8 string) accepts, so
// OfferScanner walks the text incrementally and JSON.parses only the small objects we need:
// products.<sku> and terms.OnDemand.<sku>. terms.Reserved etc. are skipped without parsing.
import { INSTANCE_TYPES } from "./catalog";
import type { PricesFile } from "./catalog";

type Emit = (path: "product" | "onDemand" | "meta", key: string, value: unknown) => void;

interface Frame {
  kind: "{" | "[";
  key: string | null;
  awaitingKey: boolean;
}

/** Incremental scanner for the offer file's layout. Feed any chunking of the text. */
export class OfferScanner {
  private stack: Frame[] = [];
  private inString = false;
  private escape = false;
  private str: string[] = [];
  private wantString = false;
  /** Capturing one value (kind null: skipping it) while `depth` > 0. */
  private cap: { kind: "product" | "onDemand" | null; key: string; depth: number; buf: string[] } | null = null;

  constructor(private readonly emit: Emit) {}

  feed(chunk: string): void {
    let start = 0; // where the current captured/string slice began in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92 /* \ */) this.escape = true;
        else if (c === 34 /* " */) {
          this.inString = false;
          if (!this.cap && this.wantString) {
            this.str.push(chunk.slice(start, i));
            this.onString(JSON.parse(`"${this.str.join("")}"`));
          }
        }
        continue;
      }
      if (this.cap) {
        if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.cap.depth++;
        else if (c === 125 || c === 93) {
          if (--this.cap.depth === 0) {
            const cap = this.cap;
            this.cap = null;
            if (cap.kind) {
              cap.buf.push(chunk.slice(start, i + 1));
              this.emit(cap.kind, cap.key, JSON.parse(cap.buf.join("")));
            }
          }
        }
        continue;
      }
      if (c === 34) {
        this.inString = true;
        this.str = [];
        start = i + 1;
        const top = this.top();
        // keys always; string values only at the top level (publicationDate, region ...)
        this.wantString = !!top && (top.awaitingKey || this.stack.length === 1);
      } else if (c === 123 || c === 91) {
        const target = this.target();
        if (target !== undefined) {
          this.cap = { kind: target.kind, key: target.key, depth: 1, buf: [] };
          start = i;
        } else {
          this.stack.push({ kind: c === 123 ? "{" : "[", key: null, awaitingKey: c === 123 });
        }
      } else if (c === 125 || c === 93) {
        this.stack.pop();
      } else if (c === 44 /* , */) {
        const top = this.top();
        if (top && top.kind === "{") top.awaitingKey = true;
      }
      // anything else (":", whitespace, numbers, true/false/null) needs no state
    }
    // Carry unfinished slices into the next chunk.
    if (this.inString && this.wantString && !this.cap) this.str.push(chunk.slice(start));
    else if (this.cap && this.cap.kind) this.cap.buf.push(chunk.slice(start));
  }

  /** Call after the last chunk: a truncated download must not pass as a price list. */
  end(): void {
    if (this.stack.length || this.cap || this.inString) throw new Error("offer file ended early (truncated download?)");
  }

  private top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }
  private onString(s: string): void {
    const top = this.top();
    if (!top) return;
    if (top.awaitingKey) {
      top.key = s;
      top.awaitingKey = false;
    } else if (this.stack.length === 1 && top.key) {
      this.emit("meta", top.key, s);
    }
  }
  /** products.<sku> -> product; terms.OnDemand.<sku> -> onDemand; terms.<other> -> skip. */
  private target(): { kind: "product" | "onDemand" | null; key: string } | undefined {
    const s = this.stack;
    if (s.length === 2 && s[0].key === "products" && s[1].key) return { kind: "product", key: s[1].key };
    if (s.length === 2 && s[0].key === "terms" && s[1].key && s[1].key !== "OnDemand") return { kind: null, key: s[1].key };
    if (s.length === 3 && s[0].key === "terms" && s[1].key === "OnDemand" && s[2].key) return { kind: "onDemand", key: s[2].key };
    return undefined;
  }
}

interface OfferProduct {
  productFamily?: string;
  attributes?: Record<string, string>;
}
type OnDemandTerms = Record<string, { priceDimensions?: Record<string, { unit?: string; pricePerUnit?: { USD?: string } }> }>;

export interface OfferPrices {
  region: string;
  publicationDate?: string;
  hourlyUSD: Record<string, number>;
  gp3USDPerGiBMonth?: number;
  /** Catalog types the offer has no price for (not offered in the region). */
  missing: string[];
  warnings: string[];
}

/** Collects the prices of `types` (default: the catalog's) for `region` from scanner events. */
export function createOfferCollector(region: string, types: readonly string[] = INSTANCE_TYPES.map((i) => i.type)) {
  const wanted = new Set(types);
  const skuToItem = new Map<string, string>(); // sku -> instance type, or "gp3"
  const prices = new Map<string, number[]>();
  const meta: Record<string, string> = {};
  const warnings: string[] = [];

  const inRegion = (a: Record<string, string>) =>
    // Regional files also list Local/Wavelength Zones (regionCode "us-east-1-bos-1" ...).
    (a.regionCode === undefined || a.regionCode === region) && (a.locationType === undefined || a.locationType === "AWS Region");

  function onProduct(sku: string, p: OfferProduct): void {
    const a = p.attributes ?? {};
    if (!inRegion(a)) return;
    if (
      p.productFamily === "Compute Instance" &&
      wanted.has(a.instanceType) &&
      a.operatingSystem === "Linux" &&
      a.tenancy === "Shared" &&
      a.preInstalledSw === "NA" &&
      a.capacitystatus === "Used" &&
      (a.licenseModel === undefined || a.licenseModel === "No License required")
    ) {
      skuToItem.set(sku, a.instanceType);
    } else if (p.productFamily === "Storage" && a.volumeApiName === "gp3") {
      skuToItem.set(sku, "gp3");
    }
  }

  function onOnDemand(sku: string, terms: OnDemandTerms): void {
    const item = skuToItem.get(sku);
    if (!item) return;
    for (const term of Object.values(terms)) {
      for (const dim of Object.values(term.priceDimensions ?? {})) {
        const usd = Number(dim.pricePerUnit?.USD);
        if (!(usd > 0)) continue; // $0 dimensions (e.g. free tiers) are not the rate
        prices.set(item, [...(prices.get(item) ?? []), usd]);
      }
    }
  }

  const emit: Emit = (kind, key, value) => {
    if (kind === "product") onProduct(key, value as OfferProduct);
    else if (kind === "onDemand") onOnDemand(key, value as OnDemandTerms);
    else meta[key] = String(value);
  };

  function result(): OfferPrices {
    if (meta.offerCode && meta.offerCode !== "AmazonEC2") warnings.push(`offerCode is ${meta.offerCode}, expected AmazonEC2`);
    if (meta.regionCode && meta.regionCode !== region) throw new Error(`the offer file is for ${meta.regionCode}, not ${region}`);
    const pick = (item: string): number | undefined => {
      const ps = prices.get(item);
      if (!ps) return undefined;
      const distinctPs = [...new Set(ps)];
      if (distinctPs.length > 1) warnings.push(`${item}: several on-demand prices (${distinctPs.join(", ")}); took the highest`);
      return Math.max(...distinctPs);
    };
    const hourlyUSD: Record<string, number> = {};
    const missing: string[] = [];
    for (const t of types) {
      const p = pick(t);
      if (p === undefined) missing.push(t);
      else hourlyUSD[t] = p;
    }
    return { region, publicationDate: meta.publicationDate, hourlyUSD, gp3USDPerGiBMonth: pick("gp3"), missing, warnings };
  }

  return { emit, result };
}

/** Convenience for small files and tests: the whole text at once (still via the scanner). */
export function parseOfferText(text: string, region: string, types?: readonly string[]): OfferPrices {
  const c = createOfferCollector(region, types);
  const s = new OfferScanner(c.emit);
  s.feed(text);
  s.end();
  return c.result();
}

/** prices.json with `region` replaced by the offer's prices. Types the offer lacks are
 * dropped from that region (so the engine never picks a type the region does not sell). */
export function mergePrices(current: PricesFile, offer: OfferPrices, today: string): PricesFile {
  if (offer.gp3USDPerGiBMonth === undefined) throw new Error("the offer file has no gp3 storage price: is it the EC2 offer?");
  if (Object.keys(offer.hourlyUSD).length === 0) throw new Error(`the offer file has no price for any catalog type in ${offer.region}`);
  const asOf = (offer.publicationDate ?? today).slice(0, 10);
  return {
    regions: {
      ...current.regions,
      [offer.region]: {
        source: `AWS Price List bulk offer file (AmazonEC2, ${offer.region}, published ${offer.publicationDate ?? "unknown"}), read by catalog-update on ${today}`,
        asOf,
        gp3USDPerGiBMonth: offer.gp3USDPerGiBMonth,
        hourlyUSD: offer.hourlyUSD,
      },
    },
  };
}
