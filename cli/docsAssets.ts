// docsAssets: regenerates what the documentation shows and must not drift from the code:
// docs/dev.svg (the dev stack's diagram, shown by README.md) and the stack-file reference between
// docs/reference.md's <!-- stack-reference:start --> / <!-- stack-reference:end --> markers.
// tests/schema.test.ts and tests/diagram.test.ts fail when either is stale.
import * as fs from "fs";
import * as path from "path";
import { configReference, REFERENCE_PAGE, replaceReference } from "../outputs/configReference";
import { stackDiagram } from "./diagram";
import { repoRoot, stackFileSchema } from "./schema";

export const DIAGRAM_FILE = path.join("docs", "dev.svg");

export async function main(root = repoRoot()): Promise<number> {
  const { text: svg } = await stackDiagram({ stack: "dev", cwd: root });
  const svgFile = path.join(root, DIAGRAM_FILE);
  fs.mkdirSync(path.dirname(svgFile), { recursive: true });
  fs.writeFileSync(svgFile, svg);
  process.stderr.write(`wrote ${DIAGRAM_FILE}\n`);

  const pageFile = path.join(root, REFERENCE_PAGE);
  const page = fs.existsSync(pageFile) ? fs.readFileSync(pageFile, "utf8") : "";
  try {
    const updated = replaceReference(page, configReference(stackFileSchema()));
    if (updated !== page) fs.writeFileSync(pageFile, updated);
    process.stderr.write(updated === page ? `${REFERENCE_PAGE}: the stack-file reference is current\n` : `${REFERENCE_PAGE}: updated the stack-file reference\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${REFERENCE_PAGE}: ${(e as Error).message}\n`);
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
