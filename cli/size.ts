// size --users N [--conferences C --participants P] [--no-video] [--region R]
//      [--stack NAME | --config FILE] [--json] [--compare USERS,USERS,...]
// Prints how many nodes of which EC2 type each Wire role needs, and what it costs.
// No Pulumi import (directly or through ../config unless --stack/--config is given): it must
// start instantly. main() is pure apart from reading the stack file, so tests call it directly.
import { ASSET_STORES, LAYOUTS, type AssetStore, type Layout, type PlacementChoice } from "../config/placement";
import { parseArgs } from "util";
import { compareDocument, formatCompare, parseUserCounts } from "../outputs/compareReport";
import { formatSizingTable } from "../outputs/sizingReport";
import { DEFAULT_RELEASE } from "../config/releases";
import { formatProblem } from "../config/errors";
import { applyOverrides, isKnownRegion, size, SUPPORTED_REGIONS, unknownRegionMessage } from "../sizing";
import type { CallingAssumptions, Role, RoleOverride, SizingInput } from "../sizing";
import { quotaInputOf, quotaNeeds } from "../sizing/quotas";
import { billOf } from "../sizing/bill";
import type { QuotaStackFields } from "../sizing/quotas";
import { formatQuotaNeeds } from "../outputs/quotaReport";

export const DEFAULT_REGION = "eu-central-1";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The part of config's StackConfig this command uses. */
export interface StackFileValues {
  users: number;
  /** participants may be absent when concurrent is 0 (no group calls). */
  conferences?: { concurrent: number; participants?: number; video: boolean };
  calling?: Partial<CallingAssumptions>;
  region: string;
  roles?: Partial<Record<Role, RoleOverride>>;
  push?: { option: "A" | "B" | "C" };
  wireVersion?: string;
  /** Where the data services run (config/placement.ts). */
  layout?: Layout;
  assets?: AssetStore;
  /** What the bill beyond the nodes (sizing/bill.ts) and the AWS quota table (sizing/quotas.ts) read;
   * absent: an online stack over 3 zones with a NAT gateway per zone. */
  connectivity?: QuotaStackFields["connectivity"];
  network?: QuotaStackFields["network"] & { zones: number; natGateways: "perZone" | "single" };
  access?: QuotaStackFields["access"];
  turn?: QuotaStackFields["turn"];
  dns?: QuotaStackFields["dns"];
  backup?: { retentionDays: number };
  costs?: SizingInput["costs"];
}

/** The stack file's choices the bill depends on, as size() takes them. */
export type LoadStackConfig = (opts: { stack?: string; file?: string; cwd?: string }) => StackFileValues;

export interface SizeCliDeps {
  /** Defaults to ../config's loadStackConfig, loaded only when a stack file is asked for. */
  loadStackConfig?: LoadStackConfig;
  cwd?: string;
}

interface Flags {
  users?: string;
  conferences?: string;
  participants?: string;
  video: boolean;
  /** --no-video was on the command line (it then wins over the stack file). */
  videoGiven: boolean;
  region?: string;
  stack?: string;
  config?: string;
  json?: boolean;
  compare?: string;
  wireVersion?: string;
  layout?: string;
  assets?: string;
}

/** A whole number >= min from a flag's text; "1e3", "2.5", "+4" are refused. */
function intFlag(flag: string, text: string | undefined, min: number, errors: string[]): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    errors.push(`${flag}: "${text}" is not an integer >= ${min}`);
    return undefined;
  }
  return n;
}

/**
 * Flags, parsed with Node's own util.parseArgs rather than commander: `size` must start in well under
 * the time of a bare `node` (bench goal 1.5×), and loading commander alone cost about 13 ms of it.
 */
const OPTIONS = {
  users: { type: "string", help: "<n>  active users to size for" },
  conferences: { type: "string", help: "<n>  peak concurrent conferences (0: no group calls)" },
  participants: { type: "string", help: "<n>  participants per conference at peak (>= 2)" },
  "no-video": { type: "boolean", help: "conferences are audio only" },
  region: { type: "string", help: `<region>  AWS region for prices (${SUPPORTED_REGIONS.length} have price tables; others size with costs unknown; default ${DEFAULT_REGION})` },
  stack: { type: "string", help: "<name>  read users/conferences/region/overrides from Pulumi.<name>.yaml" },
  config: { type: "string", help: "<file>  read them from this stack file" },
  json: { type: "boolean", help: "print the sizing as one JSON document" },
  "wire-version": { type: "string", help: `<x.y.z>  wire-server release (decides PostgreSQL/RabbitMQ; default the stack's or ${DEFAULT_RELEASE})` },
  compare: { type: "string", help: "<users,...>  size several user counts side by side instead of --users, e.g. 500,2000,20000" },
  layout: { type: "string", help: "<reference|compact>  where the data services run (default the stack's, or reference)" },
  assets: { type: "string", help: "<minio|s3>  where users' files are kept (default the stack's, or minio)" },
  help: { type: "boolean", help: "show this help" },
} as const;

function usage(): string {
  const lines = Object.entries(OPTIONS).map(([name, o]) => `  --${name} ${o.help}`);
  return `Usage: size [options]\n\nsize the Wire backend: nodes, EC2 types and monthly cost per role\n\nOptions:\n${lines.join("\n")}\n`;
}

function parseFlags(argv: string[]): Flags & { help?: boolean } {
  const options = Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, { type: o.type }])) as Record<string, { type: "string" | "boolean" }>;
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  const v = values as Record<string, string | boolean | undefined>;
  return {
    users: v.users as string | undefined,
    conferences: v.conferences as string | undefined,
    participants: v.participants as string | undefined,
    video: !v["no-video"],
    videoGiven: v["no-video"] !== undefined,
    region: v.region as string | undefined,
    stack: v.stack as string | undefined,
    config: v.config as string | undefined,
    json: v.json as boolean | undefined,
    compare: v.compare as string | undefined,
    wireVersion: v["wire-version"] as string | undefined,
    layout: v.layout as string | undefined,
    assets: v.assets as string | undefined,
    help: v.help as boolean | undefined,
  };
}

function loadStack(flags: Flags, deps: SizeCliDeps): StackFileValues {
  // Lazy: ../config may pull in heavier modules; plain `size --users N` never loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load: LoadStackConfig = deps.loadStackConfig ?? (require("../config") as typeof import("../config")).loadStackConfig;
  return load({ stack: flags.stack, file: flags.config, cwd: deps.cwd ?? process.cwd() });
}

export function main(argv: string[], deps: SizeCliDeps = {}): CliResult {
  const out: string[] = [];
  const err: string[] = [];
  const done = (code: number): CliResult => ({ code, stdout: out.join(""), stderr: err.join("") });
  let f: ReturnType<typeof parseFlags>;
  try {
    f = parseFlags(argv);
  } catch (e) {
    err.push(`size: ${(e as Error).message}\n${usage()}`);
    return done(1);
  }
  if (f.help) {
    out.push(usage());
    return done(0);
  }
  const errors: string[] = [];
  if (f.stack !== undefined && f.config !== undefined) errors.push("--stack/--config: give one of them, not both");

  let file: StackFileValues | undefined;
  if (errors.length === 0 && (f.stack !== undefined || f.config !== undefined)) {
    try {
      file = loadStack(f, deps);
    } catch (e) {
      // ConfigError's message already lists every problem, one per line.
      err.push(`${f.stack !== undefined ? `--stack ${f.stack}` : `--config ${f.config}`}: ${(e as Error).message}\n`);
      return done(1);
    }
  }

  // Explicit flags win over the stack file's values.
  const users = intFlag("--users", f.users, 1, errors) ?? file?.users;
  const concurrent = intFlag("--conferences", f.conferences, 0, errors) ?? file?.conferences?.concurrent;
  const participants = intFlag("--participants", f.participants, 2, errors) ?? file?.conferences?.participants;
  const video = f.videoGiven ? f.video : (file?.conferences?.video ?? true);
  const region = f.region ?? file?.region ?? DEFAULT_REGION;
  const wireVersion = f.wireVersion ?? file?.wireVersion;
  const compare = f.compare === undefined ? undefined : parseUserCounts(f.compare);
  const layout = f.layout ?? file?.layout ?? "reference";
  const assets = f.assets ?? file?.assets ?? "minio";
  if (!(LAYOUTS as readonly string[]).includes(layout)) errors.push(`--layout: "${layout}" is not a layout; expected ${LAYOUTS.join(" or ")}`);
  if (!(ASSET_STORES as readonly string[]).includes(assets)) errors.push(`--assets: "${assets}" is not an assets store; expected ${ASSET_STORES.join(" or ")}`);
  const placement = { layout, assets } as PlacementChoice;
  if (typeof compare === "string") errors.push(`--compare: ${compare}`);
  if (compare !== undefined && f.users !== undefined) errors.push("--users/--compare: give one of them, not both");
  if (users === undefined && f.users === undefined && compare === undefined) errors.push("--users: required (or give --stack/--config)");
  if (concurrent !== undefined && concurrent > 0 && participants === undefined && f.participants === undefined) {
    errors.push("--conferences: needs --participants (participants per conference)");
  }
  if (participants !== undefined && concurrent === undefined && f.conferences === undefined) {
    errors.push("--participants: needs --conferences (peak concurrent conferences)");
  }
  if (!isKnownRegion(region)) errors.push(`${f.region !== undefined ? "--region" : "aws:region"}: "${region}" ${unknownRegionMessage(region)}`);
  if (errors.length > 0 || (users === undefined && compare === undefined)) {
    err.push(errors.map((e) => `size: ${e}\n`).join(""));
    return done(1);
  }

  // --conferences 0 (or concurrent: 0 in the stack file) is the explicit "no group calls".
  const conferences =
    concurrent !== undefined && (participants !== undefined || concurrent === 0) ? { concurrent, participants: participants ?? 0, video } : undefined;
  const calling = file?.calling;
  const bill = billOf(file);
  if (Array.isArray(compare)) {
    // One sizing per user count, each with the stack file's overrides applied as for a single one.
    let applied;
    try {
      applied = compare.map((u) => applyOverrides(size({ users: u, conferences, calling, region, wireVersion, placement, ...bill }), file?.roles, region));
    } catch (e) {
      err.push(`size: ${(e as Error).message}\n`);
      return done(1);
    }
    const sizings = applied.map((a) => a.sizing);
    out.push(f.json ? JSON.stringify(compareDocument(sizings), null, 2) + "\n" : formatCompare(sizings));
    applied.forEach((a, i) => a.problems.forEach((p) => err.push(`${p.key} (at ${compare[i]} users): ${p.message}\n`)));
    return done(applied.some((a) => a.problems.length > 0) ? 1 : 0);
  }
  let sizing;
  try {
    sizing = size({ users: users!, conferences, calling, region, wireVersion, placement, compareLayouts: true, ...bill });
  } catch (e) {
    err.push(`size: ${(e as Error).message}\n`);
    return done(1);
  }
  // Stack-file overrides: shown applied; problems make the command fail as `pulumi up` would.
  const { sizing: final, problems } = applyOverrides(sizing, file?.roles, region);
  // What the plan asks of the AWS account (without a stack file: online, 3 zones, a NAT gateway per zone).
  const quotas = quotaNeeds(final, quotaInputOf(file));
  out.push(f.json ? JSON.stringify({ ...final, quotas }, null, 2) + "\n" : `${formatSizingTable(final)}\n${formatQuotaNeeds(quotas, final.region)}`);
  for (const p of problems) err.push(`${formatProblem(p)}\n`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const w of (require("../config/warnings") as typeof import("../config/warnings")).stackWarnings({ users: users!, push: file?.push, conferences })) err.push(`warning: ${w}\n`);
  return done(problems.length > 0 ? 1 : 0);
}

if (require.main === module) {
  const r = main(process.argv.slice(2));
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
