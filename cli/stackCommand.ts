// What the commands that run the program share: choosing the stack file, planning it, reporting a
// bad stack without a stack trace, and the process wrapper.
import { ConfigError } from "../config/errors";
import { readStackFile } from "../config/load";
import type { Deployed } from "../sizing/deployed";
import { PlanDocument, runPlan } from "./planRuntime";

export interface StackFlags {
  stack?: string;
  config?: string;
  cwd?: string;
}

/** Plans `Pulumi.<stack>.yaml`, or the `--config` file (whose name gives the stack's name). */
export async function planStack(flags: StackFlags, opts: { showSecrets?: boolean; deployed?: Deployed } = {}): Promise<PlanDocument> {
  const { map, file } = readStackFile({ stack: flags.stack, file: flags.config, cwd: flags.cwd });
  const stack = flags.config ? (file.match(/Pulumi\.(.+)\.ya?ml$/)?.[1] ?? "stack") : (flags.stack ?? "dev");
  return runPlan({ stack, config: map, ...opts });
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

/** The process around a command: exit code from `main`, a stack trace (exit 2) only for our bugs. */
export function runAsProcess(main: (argv: string[]) => Promise<number>): void {
  // V8's code cache for the SDK's ~1,500 modules, which load lazily after this line: ~20% of a plan.
  require("v8-compile-cache");
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exit(2);
    },
  );
}
