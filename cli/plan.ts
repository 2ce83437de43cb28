// plan [--stack NAME] [--config FILE] [--json] [--resources] [--previous PLAN.json] [--compare USERS,...]
// Runs the whole program on Pulumi's mock runtime and prints what `pulumi up` would create.
// Needs no Pulumi CLI, account or credentials.
import { Command } from "commander";
import * as fs from "fs";
import { ConfigError } from "../config/errors";
import { compareDocument, formatCompare, parseUserCounts } from "../outputs/compareReport";
import { formatPlan } from "../outputs/planReport";
import { adminAccess } from "../outputs/adminAccess";
import { upgradeOf } from "../outputs/upgradeReport";
import { size } from "../sizing/size";
import { quotaWarnings } from "../sizing/quotas";
import { Deployed, deployedFromOutputs } from "../sizing/deployed";
import { deployTime } from "../outputs/deployTime";
import { publicFilesSummary, type PublicFilesOutput } from "../outputs/publicFiles";
import { CONFIG_OPTION, planStack, reportingErrors, runAsProcess, STACK_OPTION, stackConfigOf } from "./stackCommand";
import { usesFakeAws } from "../config/fakeAws";

interface PlanFlags {
  stack?: string;
  config?: string;
  json?: boolean;
  resources?: boolean;
  previous?: string;
  compare?: string;
}

export function planCommand(): Command {
  return new Command("plan")
    .description("print what `pulumi up` would create for a stack, without a cloud")
    .option(...STACK_OPTION)
    .option(...CONFIG_OPTION)
    .option("--json", "print one JSON document instead of tables")
    .option("--resources", "after the summary, list every resource with its key inputs")
    .option("--compare <users,...>", "also size the stack at other user counts, side by side, e.g. 500,2000,20000")
    .option("--previous <plan.json>", "a saved `plan --json` (or `pulumi stack output --json`) standing for the deployed stack");
}

/** Accepts a whole plan document (its `outputs`, and its resources' URNs) or a bare `pulumi stack output --json`. */
function readPrevious(file: string): { deployed: Deployed; urns?: Set<string> } {
  let doc: { outputs?: Record<string, unknown> } & Record<string, unknown>;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ConfigError([{ key: "--previous", value: file, message: `is not a readable JSON document: ${(e as Error).message}` }], "the command line");
  }
  const resources = Array.isArray(doc.resources) ? (doc.resources as { urn?: unknown }[]) : undefined;
  return { deployed: deployedFromOutputs(doc.outputs ?? doc), urns: resources && new Set(resources.map((r) => String(r.urn))) };
}

/** Where the public files are served (outputs/publicFiles.ts), as the report line says. */
function publicFilesField(plan: { outputs: Record<string, unknown> }) {
  const out = plan.outputs.publicFiles as PublicFilesOutput | undefined;
  return out ? { publicFiles: publicFilesSummary(out, Boolean((plan.outputs.install as { online?: boolean } | undefined)?.online)) } : {};
}

export async function main(argv: string[]): Promise<number> {
  const flags = planCommand().parse(argv, { from: "user" }).opts<PlanFlags>();
  return reportingErrors(async () => {
    const compare = flags.compare === undefined ? undefined : parseUserCounts(flags.compare);
    if (typeof compare === "string") throw new ConfigError([{ key: "--compare", value: flags.compare, message: compare }], "the command line");
    const previous = flags.previous ? readPrevious(flags.previous) : undefined;
    const plan = await planStack(flags, { deployed: previous?.deployed });
    const time = deployTime(plan, previous && { nodes: previous.deployed.nodes, urns: previous.urns });
    for (const w of plan.warnings) process.stderr.write(`warning: ${w}\n`);
    for (const w of quotaWarnings(plan.quotas)) process.stderr.write(`warning: ${w}\n`);
    // A wireVersion other than the deployed one: what the upgrade adds and Wire's steps.
    const upgrade = previous && upgradeOf(previous.deployed.wireVersion, String(plan.outputs.wireVersion), { fakeAws: usesFakeAws(stackConfigOf(flags).config), sft: plan.sizing.roles.sft.count > 0 });
    // The stack at other user counts: same conference load and region, the seed's rules.
    const { concurrent, participants, video } = plan.sizing.conferences;
    const others = (compare ?? []).map((users) => size({ users, region: plan.sizing.region, conferences: concurrent > 0 ? { concurrent, participants, video } : undefined }));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ ...plan, deployTime: time, dnsDelegation: plan.outputs.dnsDelegation, ...publicFilesField(plan), adminAccess: adminAccess(plan.resources), ...(compare ? { compare: compareDocument(others) } : {}), ...(upgrade ? { upgrade: upgrade.report } : {}) }, null, 2)}\n`);
    } else {
      process.stdout.write(`${upgrade ? `${upgrade.text}\n` : ""}${formatPlan(plan, { resources: flags.resources, deployTime: time })}\n${compare ? `\n${formatCompare(others)}` : ""}`);
    }
    return 0;
  }, "Nothing was planned.");
}

if (require.main === module) runAsProcess(main);
