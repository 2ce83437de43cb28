// preflight [--stack NAME] [--config FILE] [--endpoint-url URL] [--json]
// Can the AWS account take this stack? The same check `pulumi preview`/`up` run before creating
// anything (index.ts), with the AWS SDK and the usual credentials (AWS_PROFILE, environment), no Pulumi
// CLI: the plan's quota needs against the account's applied quotas and what else uses them, and every
// chosen instance type in every chosen zone. Exit 0: the account can take it; 1: a shortfall (or a bad
// stack file); 3: the account could not be read (access denied, throttling, no credentials).
import { Command } from "commander";
import { readStackFile, stackNameOf } from "../config/load";
import { chosenTypes, judgeAccount, quotasToRead, SKIP_KEY } from "../sizing/accountCheck";
import { resolveStack } from "../sizing/forStack";
import { quotaInputOf, quotaNeeds } from "../sizing/quotas";
import { formatQuotaRows } from "../outputs/quotaReport";
import { formatProblem } from "../config/errors";
import { explainAwsError, readAccount } from "./awsAccount";
import { CONFIG_OPTION, reportingErrors, runAsProcess, STACK_OPTION } from "./stackCommand";

interface PreflightFlags {
  stack?: string;
  config?: string;
  endpointUrl?: string;
  json?: boolean;
}

export const COULD_NOT_CHECK = 3;

export async function main(argv: string[]): Promise<number> {
  const flags = new Command("preflight")
    .description("check that the AWS account can take the stack: quotas, what else uses them, instance types per zone")
    .option(...STACK_OPTION)
    .option(...CONFIG_OPTION)
    .option("--endpoint-url <url>", "an AWS-compatible endpoint instead of AWS's (default: AWS_ENDPOINT_URL if set)")
    .option("--json", "print the rows and the verdict as one JSON document")
    .parse(argv, { from: "user" })
    .opts<PreflightFlags>();
  return reportingErrors(async () => {
    const where = { stack: flags.stack, file: flags.config };
    const stack = stackNameOf(where);
    const { map } = readStackFile(where);
    // A first deployment: the stack's own resources, if any exist, carry its tag and are not counted as used.
    const { config, sizing } = resolveStack(map, { source: `stack ${stack}` });
    const needs = quotaNeeds(sizing, quotaInputOf(config));
    const types = chosenTypes(sizing);
    let read;
    try {
      read = await readAccount(
        {
          stack,
          region: config.region,
          quotas: quotasToRead(needs),
          usage: needs.flatMap((n) => (n.usage ? [n.usage] : [])),
          instanceTypes: [...types.keys()],
          zones: config.network.zoneNames?.slice(0, config.network.zones),
          zoneCount: config.network.zones,
          endpoint: flags.endpointUrl,
        },
        Object.fromEntries(needs.filter((n) => n.quotaCode).map((n) => [n.quotaCode!, n.defaultValue])),
      );
    } catch (e) {
      const explained = explainAwsError(e);
      if (!explained) throw e;
      process.stderr.write(`preflight: ${explained}\nNothing was checked.\n`);
      return COULD_NOT_CHECK;
    }
    const verdict = judgeAccount(needs, read.facts, types);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ stack, region: config.region, ok: verdict.ok, zones: read.facts.zones, quotas: verdict.rows, problems: verdict.problems, atDefault: read.atDefault }, null, 2)}\n`);
    } else {
      const lines = [
        `Preflight for stack ${stack} in ${config.region} (zones ${read.facts.zones.join(", ")}):`,
        formatQuotaRows(verdict.rows, config.region),
        ...(read.atDefault.length > 0 ? [`At AWS's default (no value set for the account): ${read.atDefault.join(", ")}.`] : []),
        verdict.ok
          ? `The account can take the plan.${config.preflight.skip ? ` (${SKIP_KEY} is true: pulumi up will not check again.)` : ""}`
          : `The account cannot take the plan: ${verdict.problems.length} problem${verdict.problems.length === 1 ? "" : "s"}:\n${verdict.problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`,
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    return verdict.ok ? 0 : 1;
  }, "Nothing was checked.");
}

if (require.main === module) runAsProcess(main);
