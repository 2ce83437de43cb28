// The doctor's answer: one line of progress per check as it ends, then a table (or one JSON document).
import Table from "cli-table3";
import type { CheckResult, Status } from "./check";
import { breakLongWords } from "../outputs/tableText";

const MARK: Record<Status, string> = { pass: "ok", warn: "WARN", fail: "FAIL" };
const ORDER = ["dns", "https", "sft", "turn", "push", "email"];

export function progressLine(r: CheckResult): string {
  return `${MARK[r.status].padEnd(4)} ${r.id} (${r.ms} ms)`;
}

function sorted(results: CheckResult[]): CheckResult[] {
  return [...results].sort((a, b) => ORDER.indexOf(a.group) - ORDER.indexOf(b.group) || a.id.localeCompare(b.id));
}

export function summary(results: CheckResult[]): Record<Status, number> {
  const s: Record<Status, number> = { pass: 0, warn: 0, fail: 0 };
  for (const r of results) s[r.status]++;
  return s;
}

/** The table fits a 120-column terminal: the widths (padding included) plus the 5 borders. */
export const TABLE_WIDTH = 120;
const COL_WIDTHS = [6, 30, 41, 38];

export function formatResults(stack: string, results: CheckResult[]): string {
  const table = new Table({ head: ["", "check", "what was seen", "likely cause"], style: { head: [], border: [], compact: true }, wordWrap: true, colWidths: COL_WIDTHS });
  const cell = (text: string, col: number) => breakLongWords(text, COL_WIDTHS[col] - 2);
  for (const r of sorted(results)) table.push([MARK[r.status], cell(`${r.group} ${r.target}`, 1), cell(r.detail, 2), cell(r.cause ?? "", 3)]);
  const s = summary(results);
  return `${table.toString()}\n\nDoctor for stack ${stack}: ${s.pass} passed, ${s.warn} warnings, ${s.fail} failed\n`;
}

export function resultsDocument(stack: string, results: CheckResult[]) {
  return { stack, ok: results.every((r) => r.status !== "fail"), summary: summary(results), results: sorted(results) };
}
