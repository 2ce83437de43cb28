// export [--stack NAME | --config FILE] [--outputs STACK_OUTPUTS.json] --out DIR
// Writes the inventory, Helm values and secrets, Kubernetes manifests and cloud-init files for the
// admin host. With --outputs: from a real stack (`pulumi stack output --json --show-secrets`).
// Without: from a plan on the mock runtime, whose addresses and secrets are placeholders.
import * as fs from "fs";
import { Command } from "commander";
import { ConfigError } from "../config/errors";
import { parseStackConfig, readStackFile } from "../config/load";
import type { StackConfig } from "../config/schema";
import { ExportOutputs, findRedacted, writeExport } from "../outputs/exportFiles";
import { renderHelmValues } from "../outputs/helmValues";
import { hostsFromPlan } from "../outputs/hostsFromPlan";
import { renderInventory } from "../outputs/inventory";
import { kubeObjects } from "../outputs/kubeObjects";
import { FAKE_AWS, isFakeAws, stackFacts } from "../outputs/stackFacts";
import type { GundeckAws } from "../outputs/types";
import { PlanDocument, runPlan } from "./planRuntime";

interface ExportFlags {
  stack?: string;
  config?: string;
  outputs?: string;
  out: string;
}

export function exportCommand(): Command {
  return new Command("export")
    .description("write hosts.ini, Helm values/secrets, Kubernetes manifests and cloud-init files for the admin host")
    .option("--stack <name>", "stack name: reads Pulumi.<name>.yaml", "dev")
    .option("--config <file>", "stack file to read instead of Pulumi.<stack>.yaml")
    .option("--outputs <file>", "a real stack's `pulumi stack output --json --show-secrets`")
    .requiredOption("--out <dir>", "directory to write into");
}

/** Stand-ins for generated secrets when the plan does not produce them (never valid credentials). */
export const PLAN_SECRETS = { turnSecret: "plan-placeholder-turn-secret", minioAccessKey: "plan-placeholder-access", minioSecretKey: "plan-placeholder-secret-key" };
const PLAN_AWS_KEYS = { awsKeyId: "plan-placeholder-aws-key-id", awsSecretKey: "plan-placeholder-aws-secret" };

/** The plan's instances' user data, by resource name (cassandra-1, ...). */
export function cloudInitFromPlan(plan: PlanDocument): Record<string, string> {
  return Object.fromEntries(
    plan.resources
      .filter((r) => r.type === "aws:ec2/instance:Instance" && typeof r.inputs.userData === "string")
      .map((r) => [r.name, r.inputs.userData as string]),
  );
}

/**
 * The export's outputs from a plan: the program's own outputs where it returns them, otherwise
 * rendered here from the plan's addresses (until index.ts returns inventory/helmValues/kubeObjects).
 */
export function exportOutputsFromPlan(plan: PlanDocument, config: StackConfig): ExportOutputs {
  const given = plan.outputs as Partial<ExportOutputs>;
  // Loaded here: the Pulumi SDKs behind it are only needed (and already loaded) on the plan path.
  const { ASSET_HOST_PORT } = require("../components/backend") as typeof import("../components/backend");
  const hosts = hostsFromPlan(plan);
  // gundeck's settings as components/push.ts decided them (index.ts returns them as `gundeck`).
  const gundeck = (plan.outputs.gundeck as GundeckAws | undefined) ?? FAKE_AWS;
  const facts = stackFacts({
    stack: plan.stack,
    config,
    loadBalancerDnsName: String(plan.outputs.loadBalancerDnsName ?? ""),
    secrets: PLAN_SECRETS,
    gundeck,
    awsKeys: isFakeAws(gundeck) ? undefined : PLAN_AWS_KEYS,
  });
  return {
    inventory: given.inventory ?? renderInventory(hosts, { online: facts.online, assetHostPort: ASSET_HOST_PORT }),
    helmValues: given.helmValues ?? renderHelmValues(hosts, facts),
    kubeObjects: given.kubeObjects ?? kubeObjects(hosts, PLAN_SECRETS),
    cloudInit: given.cloudInit ?? cloudInitFromPlan(plan),
  };
}

/** A problem with the operator's input, reported without a stack trace. */
class ExportError extends Error {}

function readOutputsFile(file: string): ExportOutputs {
  let doc: Partial<ExportOutputs>;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<ExportOutputs>;
  } catch (e) {
    throw new ExportError(`cannot read --outputs ${file}: ${(e as Error).message}`);
  }
  const missing = (["inventory", "helmValues", "kubeObjects", "cloudInit"] as const).filter((k) => doc[k] === undefined);
  if (missing.length > 0) throw new ExportError(`${file} lacks the stack outputs ${missing.join(", ")}; is it \`pulumi stack output --json --show-secrets\` of a wire-backend stack?`);
  const redacted = findRedacted(doc);
  if (redacted) throw new ExportError(`${file}: ${redacted} is "[secret]"; export with \`pulumi stack output --json --show-secrets\``);
  return doc as ExportOutputs;
}

export async function main(argv: string[]): Promise<number> {
  const flags = exportCommand().parse(argv, { from: "user" }).opts<ExportFlags>();
  try {
    let outputs: ExportOutputs;
    if (flags.outputs) {
      outputs = readOutputsFile(flags.outputs);
    } else {
      const { map, file } = readStackFile({ stack: flags.stack, file: flags.config });
      const stack = flags.config ? (file.match(/Pulumi\.(.+)\.ya?ml$/)?.[1] ?? "stack") : (flags.stack ?? "dev");
      const plan = await runPlan({ stack, config: map });
      const { config } = parseStackConfig(map, { source: file });
      outputs = exportOutputsFromPlan(plan, config);
      process.stderr.write(
        "warning: no --outputs given, so this export comes from a plan: IP addresses are the plan's placeholders and secrets are stand-ins.\n" +
          "         Use `pulumi stack output --json --show-secrets > outputs.json` and --outputs outputs.json for a real stack.\n",
      );
    }
    const written = writeExport(outputs, flags.out);
    process.stdout.write(`wrote ${written.length} files to ${flags.out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof ExportError) {
      process.stderr.write(`${e.message}\nNothing was exported.\n`);
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
