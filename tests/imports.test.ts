// The architecture's rules about what may load what, checked on the sources: `size` starts without
// Pulumi (and without zod), sizing/ never imports Pulumi at all, and the layers are one-way: config/ and
// sizing/ (pure, below; config/ may read sizing/'s rules) import neither components/ nor outputs/, and
// those two, siblings over them, import each other never: what both need lives below both.
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

/**
 * Every module a source names: imports and re-exports (type-only ones too: a type shared by two layers
 * belongs below both), side-effect imports, import() and require().
 */
function referencedModules(text: string): string[] {
  // An import or export clause holds no quote, `;`, `=` or parenthesis, so the match never runs on
  // from an `export const`/`export function` into a later string.
  const patterns = [/^(?:import|export)\s[^'";=()]*?\sfrom\s*["']([^"']+)["']/gm, /^import\s*["']([^"']+)["']/gm, /\b(?:import|require)\s*\(\s*["']([^"']+)["']\s*\)/g];
  return patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
}

/** Which layers a layer must not import (directly or by type): the rules of the guide's "one way". */
const FORBIDDEN: Record<string, string[]> = {
  config: ["components", "outputs"],
  sizing: ["components", "outputs"],
  components: ["outputs"],
  outputs: ["components"],
};

/** `file -> module` for every import of a source (repo-relative path and text) into a layer its own layer must not import. */
function layerViolations(sources: { file: string; text: string }[]): string[] {
  return sources.flatMap(({ file, text }) => {
    const forbidden = FORBIDDEN[file.split("/")[0]] ?? [];
    return referencedModules(text)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)))
      .filter((target) => forbidden.includes(target.split("/")[0]))
      .map((target) => `${file} -> ${target}`);
  });
}

/** The TypeScript sources of the layers, with repo-relative paths. */
function layerSources(): { file: string; text: string }[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = `${dir}/${e.name}`;
      return e.isDirectory() ? walk(rel) : rel.endsWith(".ts") ? [rel] : [];
    });
  return Object.keys(FORBIDDEN).flatMap(walk).map((file) => ({ file, text: fs.readFileSync(path.join(REPO, file), "utf8") }));
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

  it("the layers are one-way: config/ and sizing/ import neither components/ nor outputs/, components/ and outputs/ not each other", () => {
    const sources = layerSources();
    expect(sources.length).toBeGreaterThan(100);
    // The scanner reads the real tree: the layers do import what lies below them.
    expect(sources.filter((s) => s.file.startsWith("components/") && referencedModules(s.text).some((m) => m.includes("config/"))).length).toBeGreaterThan(5);
    expect(layerViolations(sources)).toEqual([]);
  });

  it("the layer check names every kind of import that breaks a rule, and nothing else", () => {
    const sources = [
      { file: "components/push.ts", text: 'import * as pulumi from "@pulumi/pulumi";\nimport type { GundeckAws } from "../outputs/types";\n' },
      { file: "components/roles/role.ts", text: 'import {\n  hostsOf,\n  type InventoryHost,\n} from "../../outputs/inventory";\n' },
      { file: "outputs/helmValues.ts", text: 'import { TURN_TLS_PORT } from "../components/firewall";\nimport { wireHosts } from "../config/hostNames";\n' },
      { file: "outputs/stackFacts.ts", text: 'export { FAKE_AWS } from "../components/fakeAws";\nexport type { X } from "./types";\n' },
      { file: "sizing/quotas.ts", text: 'export const N = 1;\nconst rules = () => require("../components/firewall");\n' },
      { file: "config/kube.ts", text: 'import "../outputs/kubeObjects";\nexport async function f() { return import("../components/dns"); }\n' },
      // Allowed: downwards, within a layer, cli/ on top, and text that only mentions a path.
      { file: "components/dns.ts", text: 'import { turnHostname } from "../config/hostNames";\nimport { Network } from "./network";\n// see ../outputs/types\nexport const from = "x";\n' },
      { file: "cli/plan.ts", text: 'import { Backend } from "../components/backend";\nimport { formatPlan } from "../outputs/planReport";\n' },
    ];
    expect(layerViolations(sources)).toEqual([
      "components/push.ts -> outputs/types",
      "components/roles/role.ts -> outputs/inventory",
      "outputs/helmValues.ts -> components/firewall",
      "outputs/stackFacts.ts -> components/fakeAws",
      "sizing/quotas.ts -> components/firewall",
      "config/kube.ts -> outputs/kubeObjects",
      "config/kube.ts -> components/dns",
    ]);
  });

  it("nothing under outputs/ loads a @pulumi package: the renderers work on resolved data", () => {
    const outputs = layerSources().filter((s) => s.file.startsWith("outputs/"));
    expect(outputs.length).toBeGreaterThan(20);
    const pulumi = outputs.flatMap((s) => [...reachablePackages(s.file)].filter((p) => p.startsWith("@pulumi/")).map((p) => `${s.file} -> ${p}`));
    expect(pulumi).toEqual([]);
  });
});
