// diagram [--stack NAME | --config FILE] [--out FILE.svg | --out -] [--dot]
// Plans the stack on the mock runtime and draws it: zones, subnets, nodes, load balancer, public ports.
// Default output docs/<stack>.svg; `--out -` prints to stdout.
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { ConfigError } from "../config/errors";
import { readStackFile } from "../config/load";
import { diagramDot, renderSvg } from "../outputs/diagram";
import { runPlan } from "./planRuntime";

interface Flags {
  stack: string;
  config?: string;
  out?: string;
  dot?: boolean;
}

/** Plans a stack file and returns its diagram (SVG, or DOT with `format: "dot"`). */
export async function stackDiagram(opts: { stack?: string; file?: string; cwd?: string; format?: "svg" | "dot" }): Promise<{ stack: string; text: string }> {
  const { map, file } = readStackFile({ stack: opts.stack, file: opts.file, cwd: opts.cwd });
  const stack = opts.file ? (path.basename(file).match(/^Pulumi\.(.+)\.ya?ml$/)?.[1] ?? "stack") : (opts.stack ?? "dev");
  const dot = diagramDot(await runPlan({ stack, config: map }));
  return { stack, text: opts.format === "dot" ? dot : await renderSvg(dot) };
}

export async function main(argv: string[]): Promise<number> {
  const flags = new Command("diagram")
    .description("draw a stack's architecture as SVG (zones, subnets, nodes, load balancer, public ports)")
    .option("--stack <name>", "stack name: reads Pulumi.<name>.yaml", "dev")
    .option("--config <file>", "stack file to read instead of Pulumi.<stack>.yaml")
    .option("--out <file>", "where to write the SVG; - for stdout (default docs/<stack>.svg)")
    .option("--dot", "write Graphviz DOT instead of SVG")
    .parse(argv, { from: "user" })
    .opts<Flags>();
  try {
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
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nNothing was drawn.\n`);
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
