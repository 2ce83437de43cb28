// catalog-update --offer FILE --region R [--out sizing/prices.json] [--dry-run]
// Reads AWS's bulk EC2 offer file for one region (download it yourself:
//   curl -o offer.json https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/<region>/index.json
// several GB for big regions), replaces that region's prices in sizing/prices.json, and
// prints the new price table as JSON. Rebuild (tsc) afterwards: catalog.ts imports the JSON.
import { createReadStream, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { Command, CommanderError, OptionValues } from "commander";
import { createOfferCollector, mergePrices, OfferScanner } from "../sizing/catalogUpdate";
import type { PricesFile } from "../sizing/catalog";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Parses `argv` with output captured (the catalog commands run in-process in tests): the options, or
 * the result to return when commander stopped (--help, a bad flag). */
export function parseCaptured<T extends OptionValues>(program: Command, argv: string[], out: string[], err: string[]): { opts: T } | { result: CliResult } {
  program.exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  try {
    program.parse(argv, { from: "user" });
  } catch (e) {
    const code = e instanceof CommanderError ? (e.exitCode === 0 ? 0 : 1) : 1;
    return { result: { code, stdout: out.join(""), stderr: err.join("") } };
  }
  return { opts: program.opts<T>() };
}

/** Streams the file through the scanner: never holds the whole offer in memory. */
async function readOffer(file: string, region: string) {
  const collector = createOfferCollector(region);
  const scanner = new OfferScanner(collector.emit);
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 4 << 20 });
  for await (const chunk of stream) scanner.feed(chunk as string);
  scanner.end();
  return collector.result();
}

export async function main(argv: string[], cwd = process.cwd()): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command("catalog-update")
    .description("replace one region's EC2 prices in sizing/prices.json from an AWS bulk offer file")
    .requiredOption("--offer <file>", "the region's AmazonEC2 index.json, downloaded from the AWS Price List")
    .requiredOption("--region <region>", "AWS region the offer file is for, e.g. eu-central-1")
    .option("--out <file>", "prices file to rewrite", "sizing/prices.json")
    .option("--dry-run", "print the new table, write nothing");
  const parsed = parseCaptured<{ offer: string; region: string; out: string; dryRun?: boolean }>(program, argv, out, err);
  if ("result" in parsed) return parsed.result;
  const o = parsed.opts;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(o.region)) {
    return { code: 1, stdout: "", stderr: `--region: "${o.region}" does not look like an AWS region (e.g. eu-central-1)\n` };
  }
  try {
    const offer = await readOffer(path.resolve(cwd, o.offer), o.region);
    const outFile = path.resolve(cwd, o.out);
    const current = JSON.parse(readFileSync(outFile, "utf8")) as PricesFile;
    const next = mergePrices(current, offer, new Date().toISOString().slice(0, 10));
    for (const w of offer.warnings) err.push(`warning: ${w}\n`);
    if (offer.missing.length) err.push(`not in the offer (dropped for ${o.region}): ${offer.missing.join(", ")}\n`);
    const before = current.regions[o.region]?.hourlyUSD ?? {};
    for (const [t, usd] of Object.entries(next.regions[o.region].hourlyUSD)) {
      if (before[t] !== usd) err.push(`${t}: ${before[t] ?? "-"} -> ${usd}\n`);
    }
    out.push(JSON.stringify({ [o.region]: next.regions[o.region] }, null, 2) + "\n");
    if (!o.dryRun) {
      writeFileSync(outFile, JSON.stringify(next, null, 2) + "\n");
      err.push(`wrote ${outFile}; rebuild (npx tsc -p tsconfig.build.json) so the catalog picks it up\n`);
    }
    return { code: 0, stdout: out.join(""), stderr: err.join("") };
  } catch (e) {
    return { code: 1, stdout: out.join(""), stderr: `${err.join("")}catalog-update: ${(e as Error).message}\n` };
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((r) => {
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    process.exitCode = r.code;
  });
}
