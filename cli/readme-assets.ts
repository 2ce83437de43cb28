// readme-assets: regenerates what the README shows and must not drift from the code:
// docs/dev.svg (the dev stack's diagram) and the stack-file reference between the README's
// <!-- stack-reference:start --> / <!-- stack-reference:end --> markers.
import * as fs from "fs";
import * as path from "path";
import { configReference, replaceReference } from "../outputs/configReference";
import { stackDiagram } from "./diagram";
import { repoRoot, stackFileSchema } from "./schema";

export async function main(root = repoRoot()): Promise<number> {
  const { text: svg } = await stackDiagram({ stack: "dev", cwd: root });
  const svgFile = path.join(root, "docs", "dev.svg");
  fs.mkdirSync(path.dirname(svgFile), { recursive: true });
  fs.writeFileSync(svgFile, svg);
  process.stderr.write("wrote docs/dev.svg\n");

  const readmeFile = path.join(root, "README.md");
  const readme = fs.existsSync(readmeFile) ? fs.readFileSync(readmeFile, "utf8") : "";
  try {
    const updated = replaceReference(readme, configReference(stackFileSchema()));
    if (updated !== readme) fs.writeFileSync(readmeFile, updated);
    process.stderr.write(updated === readme ? "README.md stack-file reference is current\n" : "updated the stack-file reference in README.md\n");
    return 0;
  } catch (e) {
    process.stderr.write(`README.md: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exit(2);
    },
  );
}
