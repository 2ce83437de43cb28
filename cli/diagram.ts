// diagram [--stack NAME | --config FILE] [--out FILE.svg | --out -] [--dot]
// Plans the stack on the mock runtime and draws it: zones, subnets, nodes, load balancer, public ports.
// Default output docs/<stack>.svg; `--out -` prints to stdout.
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { diagramDot, renderSvg } from "../outputs/diagram";
import { CONFIG_OPTION, planStack, reportingErrors, runAsProcess, STACK_OPTION } from "./stackCommand";

interface Flags {
  stack?: string;
  config?: string;
  out?: string;
  dot?: boolean;
}

/** Plans a stack file and returns its diagram (SVG, or DOT with `format: "dot"`). */
export async function stackDiagram(opts: { stack?: string; file?: string; cwd?: string; format?: "svg" | "dot" }): Promise<{ stack: string; text: string }> {
  const plan = await planStack({ stack: opts.stack, config: opts.file, cwd: opts.cwd });
  const dot = diagramDot(plan);
  return { stack: plan.stack, text: opts.format === "dot" ? dot : await renderSvg(dot) };
}

export async function main(argv: string[]): Promise<number> {
  const flags = new Command("diagram")
    .description("draw a stack's architecture as SVG (zones, subnets, nodes, load balancer, public ports)")
    .option(...STACK_OPTION)
    .option(...CONFIG_OPTION)
    .option("--out <file>", "where to write the SVG; - for stdout (default docs/<stack>.svg)")
    .option("--dot", "write Graphviz DOT instead of SVG")
    .parse(argv, { from: "user" })
    .opts<Flags>();
  return reportingErrors(async () => {
    const { stack, text } = await stackDiagram({ stack: flags.stack, file: flags.config, format: flags.dot ? "dot" : "svg" });
    const out = flags.out ?? path.join("docs", `${stack}.${flags.dot ? "dot" : "svg"}`);
    if (out === "-") {
      process.stdout.write(text);
    } else {
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(out, text);
      process.stderr.write(`wrote ${out}\n`);
    }
    return 0;
  }, "Nothing was drawn.");
}

if (require.main === module) runAsProcess(main);
