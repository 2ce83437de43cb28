// What the commands that run the program share: choosing the stack file, planning it, reporting a
// bad stack without a stack trace, and the process wrapper.
import { ConfigError } from "../config/errors";
import { parseStackConfig, readStackFile, stackNameOf } from "../config/load";
import type { StackConfig } from "../config/schema";
import { standInWarning } from "../config/secretStandIns";
import type { Deployed } from "../sizing/deployed";
import { deferTypescript } from "./lazyTypescript";
import { PlanDocument, runPlan } from "./planRuntime";

export interface StackFlags {
  stack?: string;
  config?: string;
  cwd?: string;
}

/** The `--stack`/`--config` options every command that plans a stack shares (same rule everywhere). */
export const STACK_OPTION = ["--stack <name>", "stack name (default dev): reads Pulumi.<name>.yaml; with --config, names that file's stack"] as const;
export const CONFIG_OPTION = [
  "--config <file>",
  "stack file to read instead of Pulumi.<stack>.yaml; its stack is --stack, else <name> of Pulumi.<name>.yaml, else the file name without .yaml",
] as const;

/** Plans `Pulumi.<stack>.yaml`, or the `--config` file (see stackNameOf for its stack's name). */
export async function planStack(flags: StackFlags, opts: { showSecrets?: boolean; deployed?: Deployed } = {}): Promise<PlanDocument> {
  const where = { stack: flags.stack, file: flags.config, cwd: flags.cwd };
  const stack = stackNameOf(where);
  const { map, standIns } = readStackFile(where);
  const plan = await runPlan({ stack, config: map, ...opts });
  return { ...plan, warnings: [...standIns.map(standInWarning), ...plan.warnings] };
}

/** The stack file's typed config, and the file it came from (the doctor's checks; plan's upgrade report). */
export function stackConfigOf(flags: StackFlags): { config: StackConfig; file: string } {
  const { map, file } = readStackFile({ stack: flags.stack, file: flags.config, cwd: flags.cwd });
  return { config: parseStackConfig(map, { source: file }).config, file };
}

/** Runs a command's body; an operator's mistake (a ConfigError, or `userErrors`) exits 1 with its message. */
export async function reportingErrors(
  body: () => Promise<number>,
  nothingDone: string,
  userErrors: (new (...args: never[]) => Error)[] = [],
): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof ConfigError || userErrors.some((E) => e instanceof E)) {
      process.stderr.write(`${(e as Error).message}\n${nothingDone}\n`);
      return 1;
    }
    throw e;
  }
}

/**
 * Exits once standard output and error have drained. `process.exit` right after a large write cuts
 * a pipe's copy at what the kernel buffer took (64 KiB multiples: `plan --json | jq` got a third of
 * the document); a write's callback runs only after it, and every write before it, was flushed.
 */
export function exitAfterDrain(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

/** The process around a command: exit code from `main`, a stack trace (exit 2) only for our bugs. */
export function runAsProcess(main: (argv: string[]) => Promise<number>): void {
  // V8's code cache for the SDK's ~1,500 modules, which load lazily after this line: ~20% of a plan.
  require("v8-compile-cache");
  deferTypescript();
  main(process.argv.slice(2)).then(exitAfterDrain, (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    exitAfterDrain(2);
  });
}
