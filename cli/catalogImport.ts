// catalog-import [--karpenter FILE --karpenter-commit SHA]… [--skypilot FILE --skypilot-commit SHA
//                 --skypilot-date YYYY-MM-DD [--skypilot-path catalogs/v9/aws/vms.csv]]
//                [--table FILE --table-repo OWNER/NAME --table-path PATH --table-commit SHA --table-date YYYY-MM-DD]
//                [--derive-sizes] [--out sizing/prices.json] [--dry-run]
// Rebuilds the price tables of every region these public, dated tables cover (see docs/sizing.md "Refreshing prices"):
//   git -C <skypilot-catalog> show HEAD:catalogs/v8/aws/vms.csv > vms.csv
//   git -C <skypilot-catalog> log -1 --format=%cI -- catalogs/v8/aws/vms.csv      # its date
//   git -C <karpenter-provider-aws> show HEAD:pkg/providers/pricing/zz_generated.pricing_aws.go > k.go
// Sources are taken in this order: karpenter, skypilot, then --table; the first that prices a
// (type, region) wins, so the complete generated tables (karpenter) come before the scraped ones.
// --table is any other public, dated CSV with the columns InstanceType, Price, Region, Arch (e.g. rows
// cut from a committed copy of another mirror of AWS's price list), named by its repository and path.
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { Command } from "commander";
import type { PricesFile } from "../sizing/catalog";
import { importPrices, parseKarpenterPricing, parseSkypilotCsv, ParsedSource } from "../sizing/catalogImport";
import { parseCaptured } from "./catalogUpdate";
import type { CliResult } from "./catalogUpdate";

const collect = (v: string, prev: string[]) => [...prev, v];
/** The catalog version the importer was first written against; newer ones (v9 lists ap-southeast-4)
 * have the same columns, so only the recorded path differs. */
const SKYPILOT_PATH = "catalogs/v8/aws/vms.csv";

export async function main(argv: string[], cwd = process.cwd()): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command("catalog-import")
    .description("rebuild sizing/prices.json regions from karpenter's generated price tables, skypilot's vms.csv and other dated CSV tables")
    .option("--karpenter <file>", "pkg/providers/pricing/zz_generated.pricing_aws*.go (repeatable)", collect, [])
    .option("--karpenter-commit <sha>", "commit of the karpenter files (repeatable, same order)", collect, [])
    .option("--skypilot <file>", "catalogs/v8/aws/vms.csv of skypilot-org/skypilot-catalog")
    .option("--skypilot-commit <sha>", "commit of that vms.csv")
    .option("--skypilot-date <date>", "commit date of that vms.csv (git log -1 --format=%cI -- catalogs/v8/aws/vms.csv)")
    .option("--skypilot-note <text>", "a note recorded with the skypilot source (e.g. that it is an excerpt)")
    .option("--skypilot-path <path>", "the file's path in skypilot-org/skypilot-catalog, recorded as the source", SKYPILOT_PATH)
    .option("--table <file>", "another CSV with the columns InstanceType, Price, Region, Arch (lowest priority)")
    .option("--table-repo <owner/name>", "the public repository the --table rows come from")
    .option("--table-path <path>", "the file's path in that repository")
    .option("--table-commit <sha>", "the commit of that file")
    .option("--table-date <date>", "that commit's date, YYYY-MM-DD")
    .option("--table-note <text>", "a note recorded with the --table source (what it mirrors, how it was cut)")
    .option("--derive-sizes", "fill a family's missing sizes by memory from a listed size (for excerpts)")
    .option("--out <file>", "prices file to rewrite", "sizing/prices.json")
    .option("--dry-run", "print the summary, write nothing");
  const parsed = parseCaptured<{
    karpenter: string[];
    karpenterCommit: string[];
    skypilot?: string;
    skypilotCommit?: string;
    skypilotDate?: string;
    skypilotNote?: string;
    skypilotPath: string;
    table?: string;
    tableRepo?: string;
    tablePath?: string;
    tableCommit?: string;
    tableDate?: string;
    tableNote?: string;
    deriveSizes?: boolean;
    out: string;
    dryRun?: boolean;
  }>(program, argv, out, err);
  if ("result" in parsed) return parsed.result;
  const o = parsed.opts;
  const problems: string[] = [];
  if (o.karpenter.length !== o.karpenterCommit.length) problems.push("--karpenter-commit: give one per --karpenter file, in the same order");
  if (o.skypilot && (!o.skypilotCommit || !/^\d{4}-\d{2}-\d{2}/.test(o.skypilotDate ?? ""))) {
    problems.push("--skypilot needs --skypilot-commit and --skypilot-date YYYY-MM-DD: a price without its date is not a fact");
  }
  if (o.skypilot && !/^catalogs\/v\d+\/aws\/vms\.csv$/.test(o.skypilotPath)) {
    problems.push(`--skypilot-path: "${o.skypilotPath}" is not an AWS vms.csv of skypilot-catalog; give e.g. catalogs/v9/aws/vms.csv`);
  }
  if (o.table && (!o.tableRepo || !o.tablePath || !o.tableCommit || !/^\d{4}-\d{2}-\d{2}/.test(o.tableDate ?? ""))) {
    problems.push("--table needs --table-repo, --table-path, --table-commit and --table-date YYYY-MM-DD: a price is a fact only with where and when it was taken");
  }
  if (!o.skypilot && !o.table && o.karpenter.length === 0) problems.push("give at least one of --karpenter, --skypilot, --table");
  if (problems.length) return { code: 1, stdout: "", stderr: problems.map((p) => `catalog-import: ${p}\n`).join("") };
  try {
    const read = (f: string) => readFileSync(path.resolve(cwd, f), "utf8");
    const sources: ParsedSource[] = o.karpenter.map((f, i) =>
      parseKarpenterPricing(read(f), {
        repo: "aws/karpenter-provider-aws",
        path: `pkg/providers/pricing/${path.basename(f)}`,
        commit: o.karpenterCommit[i],
      }),
    );
    if (o.skypilot) {
      sources.push(
        parseSkypilotCsv(read(o.skypilot), {
          repo: "skypilot-org/skypilot-catalog",
          path: o.skypilotPath,
          commit: o.skypilotCommit!,
          date: o.skypilotDate!.slice(0, 10),
          ...(o.skypilotNote ? { note: o.skypilotNote } : {}),
        }),
      );
    }
    if (o.table) {
      sources.push(
        parseSkypilotCsv(read(o.table), {
          repo: o.tableRepo!,
          path: o.tablePath!,
          commit: o.tableCommit!,
          date: o.tableDate!.slice(0, 10),
          ...(o.tableNote ? { note: o.tableNote } : {}),
        }),
      );
    }
    const outFile = path.resolve(cwd, o.out);
    const current = JSON.parse(readFileSync(outFile, "utf8")) as PricesFile;
    const r = importPrices(current, sources, { deriveSizes: o.deriveSizes, today: new Date().toISOString().slice(0, 10) });
    for (const w of r.warnings) err.push(`warning: ${w}\n`);
    for (const [region, s] of Object.entries(r.summary)) out.push(`${region}: ${s}\n`);
    if (!o.dryRun) {
      writeFileSync(outFile, JSON.stringify(r.prices, null, 2) + "\n");
      err.push(`wrote ${outFile}; rebuild (npm run build) so the catalog picks it up\n`);
    }
    return { code: 0, stdout: out.join(""), stderr: err.join("") };
  } catch (e) {
    return { code: 1, stdout: out.join(""), stderr: `${err.join("")}catalog-import: ${(e as Error).message}\n` };
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((r) => {
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    process.exitCode = r.code;
  });
}
