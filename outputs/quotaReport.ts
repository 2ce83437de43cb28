// The AWS quota table: what `size` and `plan` print (the need against AWS's default) and what
// `npm run preflight` prints (with the account's applied quota, what else uses it, what is free).
import { formatNumber } from "../sizing/format";
import Table from "cli-table3";
import type { QuotaRow } from "../sizing/accountCheck";
import type { QuotaNeed } from "../sizing/quotas";

const n = (v: number | null | undefined) => (v === null || v === undefined ? "-" : formatNumber(v));

function quotaLabel(q: QuotaNeed): string {
  return `${q.name} (${q.serviceCode}${q.quotaCode ? ` ${q.quotaCode}` : ""})`;
}

/** Need against AWS's default, with a warning line for each need above it. */
export function formatQuotaNeeds(needs: QuotaNeed[], region: string): string {
  const table = new Table({
    head: ["AWS quota (service code)", "per", "default", "need", "what"],
    colAligns: ["left", "left", "right", "right", "left"],
    style: { head: [], border: [], compact: true },
    wordWrap: true,
    colWidths: [58, 12, 9, 7, 60],
  });
  for (const q of needs) table.push([quotaLabel(q), q.scope, n(q.defaultValue), `${n(q.need)}${q.warning ? " !" : ""}`, q.what]);
  const warnings = needs.filter((q) => q.warning).map((q) => `Warning: ${q.warning}`);
  return [`AWS quotas this plan consumes in ${region} (! above AWS's default; sources: docs/quotas.md):`, table.toString(), ...warnings].join("\n") + "\n";
}

/**
 * The plan summary's few lines: the quotas above AWS's default, one line each, and a pointer to the
 * whole table (the summary is what a person reads first; `size` and `plan --json` have every row).
 */
export function formatQuotaSummary(needs: QuotaNeed[], region: string): string {
  const over = needs.filter((q) => q.warning);
  const fit = over.length === 0 ? `all ${needs.length} needs fit AWS's defaults` : `${over.length} of ${needs.length} needs exceed AWS's default, the others fit`;
  const head = `AWS quotas in ${region}: ${fit} (all rows: size --stack, plan --json; npm run preflight checks the account; docs/quotas.md)`;
  return [head, ...over.map((q) => `  ${quotaLabel(q)}: need ${n(q.need)} ${q.unit}, default ${n(q.defaultValue)}: ${q.what}`)].join("\n");
}

/** The preflight table: need, default, the account's applied quota, used by other resources, free. */
export function formatQuotaRows(rows: QuotaRow[], region: string): string {
  const table = new Table({
    head: ["AWS quota (service code)", "need", "default", "applied", "used", "free", ""],
    colAligns: ["left", "right", "right", "right", "right", "right", "left"],
    style: { head: [], border: [], compact: true },
    wordWrap: true,
    colWidths: [58, 8, 9, 9, 7, 8, 18],
  });
  for (const r of rows) {
    const status = r.applied === undefined ? "not read" : r.short ? "SHORT" : "ok";
    table.push([quotaLabel(r), n(r.need), n(r.defaultValue), n(r.applied), n(r.used), n(r.free), status]);
  }
  return [`AWS quotas in ${region}: the plan's need against the account (used: by resources other than this stack's):`, table.toString()].join("\n") + "\n";
}
