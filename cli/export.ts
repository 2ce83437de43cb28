// export [--stack NAME | --config FILE] [--outputs STACK_OUTPUTS.json] --out DIR
// Writes the inventory, Helm values and secrets, Kubernetes manifests and cloud-init files for the
// admin host, laid out as wire-server-deploy's tree: values/<chart>/values.yaml and secrets.yaml are
// complete files for Wire's documented `helm upgrade --install` commands (see docs/install.md). With --outputs: from a real stack (`pulumi stack output --json --show-secrets`).
// Without: from a plan on the mock runtime, whose addresses and secrets are placeholders.
import * as fs from "fs";
import { Command } from "commander";
import { ExportOutputs, findRedacted, writeExport } from "../outputs/exportFiles";
import type { PlanDocument } from "./planRuntime";
import { CONFIG_OPTION, planStack, reportingErrors, runAsProcess, STACK_OPTION } from "./stackCommand";

interface ExportFlags {
  stack?: string;
  config?: string;
  outputs?: string;
  out: string;
}

export function exportCommand(): Command {
  return new Command("export")
    .description("write hosts.ini, values/<chart>/{values,secrets}.yaml (complete, Wire's layout), Kubernetes manifests and cloud-init files for the admin host")
    .option(...STACK_OPTION)
    .option(...CONFIG_OPTION)
    .option("--outputs <file>", "a real stack's `pulumi stack output --json --show-secrets`")
    .requiredOption("--out <dir>", "directory to write into");
}

/** The plan's outputs are the program's own (with mock addresses and mock secrets). */
export function exportOutputsFromPlan(plan: PlanDocument): ExportOutputs {
  return plan.outputs as unknown as ExportOutputs;
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
  return reportingErrors(async () => {
    let outputs: ExportOutputs;
    if (flags.outputs) {
      outputs = readOutputsFile(flags.outputs);
    } else {
      const plan = await planStack(flags, { showSecrets: true });
      outputs = exportOutputsFromPlan(plan);
      process.stderr.write(
        "warning: no --outputs given, so this export comes from a plan: IP addresses are the plan's placeholders and secrets are the plan's mock values.\n" +
          "         Use `pulumi stack output --json --show-secrets > outputs.json` and --outputs outputs.json for a real stack.\n",
      );
    }
    const written = writeExport(outputs, flags.out);
    process.stdout.write(`wrote ${written.length} files to ${flags.out}\n`);
    return 0;
  }, "Nothing was exported.", [ExportError]);
}

if (require.main === module) runAsProcess(main);
