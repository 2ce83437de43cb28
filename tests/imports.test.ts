// The architecture's rules about what may load what, checked on the sources: `size` starts without
// Pulumi (and without zod), and sizing/ never imports Pulumi at all.
import * as fs from "fs";
import * as path from "path";

const REPO = path.join(__dirname, "..");

/** Module specifiers a file loads when it is loaded: static imports (not type-only), not lazy require()s. */
function staticImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(/^import\s+(?!type\b)(?:[^'"]*?from\s+)?["']([^"']+)["'];?/gm)) specs.push(m[1]);
  for (const m of text.matchAll(/^export\s+(?!type\b)[^'"]*?from\s+["']([^"']+)["'];?/gm)) specs.push(m[1]);
  return specs;
}

/** Every package reachable from `entry` through static imports of our own files. */
function reachablePackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (!spec.startsWith(".")) {
        packages.add(spec);
        continue;
      }
      const base = path.resolve(path.dirname(file), spec);
      const next = [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f));
      if (next) visit(next);
    }
  };
  visit(path.join(REPO, entry));
  return packages;
}

describe("what loads what", () => {
  it("`size` loads no @pulumi package and no zod", () => {
    const packages = [...reachablePackages("cli/size.ts")];
    expect(packages.length).toBeGreaterThan(0);
    expect(packages.filter((p) => p.startsWith("@pulumi/") || p === "zod")).toEqual([]);
  });

  it("nothing under sizing/ imports Pulumi, even lazily", () => {
    const dir = path.join(REPO, "sizing");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect([f, fs.readFileSync(path.join(dir, f), "utf8").includes("@pulumi/")]).toEqual([f, false]);
  });

  it("the import scanner sees a Pulumi import where there is one", () => {
    expect([...reachablePackages("index.ts")]).toContain("@pulumi/pulumi");
  });
});
