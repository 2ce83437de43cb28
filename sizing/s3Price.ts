// S3 Standard storage, per GiB-month, for the assets bucket (assets: s3). Replaced by the whole-bill
// price tables once they land; until then the two regions the examples use, from
// https://aws.amazon.com/s3/pricing/ (first 50 TB tier, read 2026-12-07), and an assumption elsewhere.
import { gp3PricePerGiBMonth } from "./catalog";

const S3_STANDARD_USD_PER_GIB_MONTH: Record<string, number> = { "us-east-1": 0.023, "eu-central-1": 0.0245 };

export function s3StorageMonthlyUSD(region: string, gib: number): number {
  const known = S3_STANDARD_USD_PER_GIB_MONTH[region];
  // Elsewhere: us-east-1's price scaled like the region's gp3 price (an assumption, stated in the note).
  const price = known ?? S3_STANDARD_USD_PER_GIB_MONTH["us-east-1"] * (gp3PricePerGiBMonth(region) / gp3PricePerGiBMonth("us-east-1"));
  return Math.round(price * gib * 100) / 100;
}

export const S3_PRICE_NOTE = (region: string) =>
  S3_STANDARD_USD_PER_GIB_MONTH[region] !== undefined
    ? `$${S3_STANDARD_USD_PER_GIB_MONTH[region]} per GiB-month in ${region} (aws.amazon.com/s3/pricing, first 50 TB, 2026-12-07)`
    : `S3 price assumed: us-east-1's $0.023 per GiB-month scaled by ${region}'s gp3 price`;
