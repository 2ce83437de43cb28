// Numbers as en-US prints them (1,234.5), without ICU: creating the first Intl formatter costs about
// 25 ms here, a third of `npm run size`'s own time.

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Thousands separators and at most `decimals` fraction digits (trailing zeros dropped). */
export function formatNumber(n: number, decimals = 2): string {
  const [int, frac = ""] = Math.abs(n).toFixed(decimals).split(".");
  const grouped = group(int);
  const trimmed = frac.replace(/0+$/, "");
  return `${n < 0 ? "-" : ""}${grouped}${trimmed ? `.${trimmed}` : ""}`;
}

/** Dollars with cents: $1,234.50. */
export function formatUsd(n: number): string {
  if (!Number.isFinite(n)) return "unknown"; // a region without a price table
  const [int, frac] = Math.abs(n).toFixed(2).split(".");
  return `${n < 0 ? "-" : ""}$${group(int)}.${frac}`;
}

/** Cost per user is often below a dollar: a tenth of a cent there. */
export function formatUsdPerUser(n: number): string {
  if (!Number.isFinite(n)) return "unknown";
  return `$${n.toFixed(n < 1 ? 3 : 2)}`;
}

/** Orders ASCII names (instance types) by code point: a stable tie-break for sorts that, unlike
 * localeCompare, does not load ICU's collator (about 7 ms on the first call). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
