// plan [--stack NAME | --config FILE] [--json]
// Runs the whole program on Pulumi's mock runtime and prints what `pulumi up` would create.
// Needs no Pulumi CLI, account or credentials.
import { Command } from "commander";
import { ConfigError } from "../config/errors";
import { readStackFile } from "../config/load";
import { formatPlan } from "../outputs/planReport";
import { runPlan } from "./planRuntime";

interface PlanFlags {
  stack?: string;
  config?: string;
  json?: boolean;
}

export function planCommand(): Command {
  return new Command("plan")
    .description("print what `pulumi up` would create for a stack, without a cloud")
    .option("--stack <name>", "stack name: reads Pulumi.<name>.yaml", "dev")
    .option("--config <file>", "stack file to read instead of Pulumi.<stack>.yaml")
    .option("--json", "print one JSON document instead of tables");
}

export async function main(argv: string[]): Promise<number> {
  const flags = planCommand().parse(argv, { from: "user" }).opts<PlanFlags>();
  try {
    const { map, file } = readStackFile({ stack: flags.stack, file: flags.config });
    const stack = flags.config ? (file.match(/Pulumi\.(.+)\.ya?ml$/)?.[1] ?? "stack") : (flags.stack ?? "dev");
    const plan = await runPlan({ stack, config: map });
    for (const w of plan.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(flags.json ? `${JSON.stringify(plan, null, 2)}\n` : `${formatPlan(plan)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nNothing was planned.\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exit(2);
    },
  );
}
