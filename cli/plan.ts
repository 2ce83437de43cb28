// plan [--stack NAME | --config FILE] [--json]
// Runs the whole program on Pulumi's mock runtime and prints what `pulumi up` would create.
// Needs no Pulumi CLI, account or credentials.
import { Command } from "commander";
import * as fs from "fs";
import { ConfigError } from "../config/errors";
import { formatPlan } from "../outputs/planReport";
import { deployedFromOutputs } from "../sizing/deployed";
import { planStack, reportingErrors, runAsProcess } from "./stackCommand";

interface PlanFlags {
  stack?: string;
  config?: string;
  json?: boolean;
  previous?: string;
}

export function planCommand(): Command {
  return new Command("plan")
    .description("print what `pulumi up` would create for a stack, without a cloud")
    .option("--stack <name>", "stack name: reads Pulumi.<name>.yaml", "dev")
    .option("--config <file>", "stack file to read instead of Pulumi.<stack>.yaml")
    .option("--json", "print one JSON document instead of tables")
    .option("--previous <plan.json>", "a saved `plan --json` (or `pulumi stack output --json`) standing for the deployed stack");
}

/** Accepts a whole plan document (its `outputs`) or a bare `pulumi stack output --json`. */
function readDeployed(file: string) {
  let doc: { outputs?: Record<string, unknown> } & Record<string, unknown>;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ConfigError([{ key: "--previous", value: file, message: `is not a readable JSON document: ${(e as Error).message}` }], "the command line");
  }
  return deployedFromOutputs(doc.outputs ?? doc);
}

export async function main(argv: string[]): Promise<number> {
  const flags = planCommand().parse(argv, { from: "user" }).opts<PlanFlags>();
  return reportingErrors(async () => {
    const deployed = flags.previous ? readDeployed(flags.previous) : undefined;
    const plan = await planStack(flags, { deployed });
    for (const w of plan.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(flags.json ? `${JSON.stringify(plan, null, 2)}\n` : `${formatPlan(plan)}\n`);
    return 0;
  }, "Nothing was planned.");
}

if (require.main === module) runAsProcess(main);
