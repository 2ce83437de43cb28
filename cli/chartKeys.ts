// chart-keys --git DIR --commit C --chart charts/NAME --release R --out FILE
// The value keys a Helm chart's templates read, taken from the chart's own Go templates (and those of
// its local subcharts, prefixed with the subchart's name, plus `tags.*` from requirements.yaml), so a
// test can check that every key of our values is read by the chart of the stack's release. A scope
// walk, not a Go-template engine: `with`/`range`/`$var :=`/`include "x" ctx`/`index`/`hasKey` are
// followed; a path used whole (toYaml, toJson, range over it) counts for every key beneath it.
import { execFileSync } from "child_process";
import * as fs from "fs";
import { Command } from "commander";
import { parse } from "yaml";

export interface ChartKeys {
  chart: string;
  source: { repository: string; commit: string; path: string; chartVersion: string; release: string };
  /** Key paths read by a template, dot-joined; `[]` stands for any list element. */
  keys: string[];
  /** Paths a template reads whole: every key beneath them counts as read. */
  whole: string[];
}

type Path = string[];
/** `.` is the root context (has .Values), a Values path, or unknown (null). */
type Scope = { root: true } | { root: false; path: Path | null };

const ROOT: Scope = { root: true };
const WHOLE_FUNCS = /\b(toYaml|toJson|toPrettyJson|toRawJson|tpl|range)\b/;

class Collector {
  keys = new Set<string>();
  whole = new Set<string>();
  defines = new Map<string, string>();
  private visiting = new Set<string>();

  constructor(private prefix: Path) {}

  add(path: Path, whole: boolean) {
    const full = [...this.prefix, ...path].filter((p) => p !== "");
    if (full.length === 0) return;
    this.keys.add(full.join("."));
    if (whole) this.whole.add(full.join("."));
  }

  collectDefines(text: string) {
    // Defines nest `if`/`with` blocks, so find each define's matching `end` by counting.
    const actions = [...text.matchAll(/\{\{([\s\S]*?)\}\}/g)];
    for (let i = 0; i < actions.length; i++) {
      const body = strip(actions[i][1]);
      const m = /^define\s+"([^"]+)"/.exec(body);
      if (!m) continue;
      let depth = 1;
      let j = i + 1;
      for (; j < actions.length && depth > 0; j++) {
        const b = strip(actions[j][1]);
        if (/^(if|with|range|define|block)\b/.test(b)) depth++;
        else if (/^end\b/.test(b)) depth--;
      }
      const start = actions[i].index! + actions[i][0].length;
      const end = actions[j - 1].index!;
      this.defines.set(m[1], text.slice(start, end));
    }
  }

  /** Walks a template (a file, or a define's body with the context it was included with). */
  walk(text: string, scope: Scope, vars: Map<string, Path | null> = new Map()) {
    const stack: Scope[] = [scope];
    const cur = () => stack[stack.length - 1];
    const actions = [...text.matchAll(/\{\{([\s\S]*?)\}\}/g)].map((m) => strip(m[1]));
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i];
      if (a.startsWith("/*")) continue;
      if (/^define\b/.test(a)) {
        // Bodies are walked where they are included; skip to the matching end here.
        let depth = 1;
        while (depth > 0 && ++i < actions.length) {
          if (/^(if|with|range|define|block)\b/.test(actions[i])) depth++;
          else if (/^end\b/.test(actions[i])) depth--;
        }
        continue;
      }
      if (/^end\b/.test(a)) {
        if (stack.length > 1) stack.pop();
        continue;
      }
      const withM = /^with\s+([\s\S]*)$/.exec(a);
      const rangeM = /^range\s+(?:(\$\w+)\s*(?:,\s*(\$\w+))?\s*:=\s*)?([\s\S]*)$/.exec(a);
      if (withM) {
        const p = this.resolveExpr(withM[1], cur(), vars);
        this.reads(withM[1], cur(), vars, false);
        stack.push({ root: false, path: p });
        continue;
      }
      if (rangeM) {
        const p = this.resolveExpr(rangeM[3], cur(), vars);
        this.reads(rangeM[3], cur(), vars, true);
        const item = p ? [...p, "[]"] : null;
        const itemVar = rangeM[2] ?? rangeM[1];
        if (itemVar) vars.set(itemVar, item);
        // With `$k, $v :=` the dot is still the item; either way the body's `.` is one element.
        stack.push({ root: false, path: item });
        continue;
      }
      if (/^(if|block)\b/.test(a)) {
        this.reads(a.replace(/^(if|block)\b/, ""), cur(), vars, false);
        stack.push(cur());
        continue;
      }
      const assign = /^(\$\w+)\s*:?=\s*([\s\S]*)$/.exec(a);
      if (assign) vars.set(assign[1], this.resolveExpr(assign[2], cur(), vars));
      this.reads(a.replace(/^else\s+if\b/, "").replace(/^else\b/, ""), cur(), vars, WHOLE_FUNCS.test(a));
      // include "name" ctx: walk the define with ctx as its dot.
      for (const inc of a.matchAll(/\b(?:include|template)\s+"([^"]+)"\s+(\(\s*[^)]*\)|\$?[\w.$-]*)/g)) {
        const body = this.defines.get(inc[1]);
        if (!body) continue;
        const arg = inc[2].trim();
        const ctx: Scope = arg === "." || arg === "$" ? (arg === "$" ? ROOT : cur()) : { root: false, path: this.resolveExpr(arg, cur(), vars) };
        const key = `${inc[1]}@${JSON.stringify(ctx)}`;
        if (this.visiting.has(key)) continue;
        this.visiting.add(key);
        this.walk(body, ctx, new Map(vars));
      }
    }
  }

  /** The Values path an expression denotes, when it is one path (possibly through index/default). */
  resolveExpr(expr: string, scope: Scope, vars: Map<string, Path | null>): Path | null {
    const e = expr.trim().replace(/^\(/, "").replace(/\)$/, "").split("|")[0].trim();
    const idx = /^index\s+(\S+)((?:\s+"[^"]*")+)/.exec(e);
    if (idx) {
      const base = this.refPath(idx[1], scope, vars);
      return base ? [...base, ...[...idx[2].matchAll(/"([^"]*)"/g)].map((m) => m[1])] : null;
    }
    const first = /^[$.][\w.$-]*/.exec(e);
    return first ? this.refPath(first[0], scope, vars) : null;
  }

  /** `.a.b`, `$.Values.a`, `.Values.a`, `$v.a` -> Values path (null when not a Values path). */
  refPath(ref: string, scope: Scope, vars: Map<string, Path | null>): Path | null {
    const parts = ref.split(".");
    const head = parts[0];
    const rest = parts.slice(1).filter((p) => p !== "");
    if (head === "$") return rest[0] === "Values" ? rest.slice(1) : null;
    if (head.startsWith("$")) {
      const base = vars.get(head);
      return base ? [...base, ...rest] : null;
    }
    // Starts with "." (head is "").
    if (rest[0] === "Values") return rest.slice(1);
    if (scope.root) return null; // .Chart, .Release, .Capabilities, .Files
    return scope.path ? [...scope.path, ...rest] : null;
  }

  /** Records every Values reference of an action. */
  reads(action: string, scope: Scope, vars: Map<string, Path | null>, whole: boolean) {
    const text = action.replace(/"(?:[^"\\]|\\.)*"/g, (s) => s.replace(/[.$]/g, "_")); // no refs inside strings
    // index X "a" "b" and hasKey X "k": the keys are strings.
    for (const m of action.matchAll(/\bindex\s+(\$?[\w.$-]*)((?:\s+"[^"]*")+)/g)) {
      const base = this.refPath(m[1], scope, vars);
      if (base) this.add([...base, ...[...m[2].matchAll(/"([^"]*)"/g)].map((x) => x[1])], whole);
    }
    for (const m of action.matchAll(/\bhasKey\s+(\$?[\w.$-]*)\s+"([^"]+)"/g)) {
      const base = this.refPath(m[1], scope, vars);
      if (base) this.add([...base, m[2]], false);
    }
    for (const m of text.matchAll(/(?<![\w)])(\$[\w]*|)((?:\.[A-Za-z_][\w]*)+|\.(?=[\s)|]|$))/g)) {
      const ref = m[1] + m[2];
      if (ref === "." || ref === "$") {
        if (!scope.root && scope.path && whole) this.add(scope.path, true);
        continue;
      }
      const p = this.refPath(ref, scope, vars);
      if (p && p.length > 0) this.add(p, whole);
    }
  }
}

function strip(action: string): string {
  return action.replace(/^-\s*/, "").replace(/\s*-$/, "").trim();
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] });
}

/** Keys of one chart at one commit of a git directory, with its local subcharts. */
export function chartKeys(gitDir: string, commit: string, chartPath: string, repository: string, release: string): ChartKeys {
  const chartYaml = parse(git(gitDir, "show", `${commit}:${chartPath}/Chart.yaml`)) as { name: string; version: string; dependencies?: Dep[] };
  const keys = new Set<string>();
  const whole = new Set<string>();
  const visit = (path: string, prefix: Path) => {
    const c = new Collector(prefix);
    const files = git(gitDir, "ls-tree", "-r", "--name-only", commit, `${path}/templates`).split("\n").filter((f) => /\.(ya?ml|tpl|txt)$/.test(f));
    const texts = files.map((f) => git(gitDir, "show", `${commit}:${f}`));
    // Shared helpers of the parent chart are visible in subcharts too; ours are per chart.
    texts.forEach((t) => c.collectDefines(t));
    texts.forEach((t) => c.walk(t, ROOT));
    // Helpers no template includes with a known context still name absolute .Values paths.
    for (const body of c.defines.values()) c.walk(body, ROOT);
    c.keys.forEach((k) => keys.add(k));
    c.whole.forEach((k) => whole.add(k));
    for (const dep of dependencies(gitDir, commit, path)) {
      for (const tag of dep.tags ?? []) keys.add([...prefix, "tags", tag].join("."));
      if (dep.condition) dep.condition.split(",").forEach((cond) => keys.add([...prefix, ...cond.trim().split(".")].join(".")));
      const m = /^file:\/\/\.\.\/(.+)$/.exec(dep.repository ?? "");
      if (m) visit(`${path.replace(/\/[^/]+$/, "")}/${m[1]}`, [...prefix, dep.alias ?? dep.name]);
    }
  };
  visit(chartPath, []);
  return {
    chart: chartYaml.name,
    source: { repository, commit, path: chartPath, chartVersion: chartYaml.version, release },
    keys: [...keys].sort(),
    whole: [...whole].sort(),
  };
}

interface Dep {
  name: string;
  alias?: string;
  repository?: string;
  condition?: string;
  tags?: string[];
}

function dependencies(gitDir: string, commit: string, path: string): Dep[] {
  const out: Dep[] = [];
  for (const file of ["requirements.yaml", "Chart.yaml"]) {
    try {
      const doc = parse(git(gitDir, "show", `${commit}:${path}/${file}`)) as { dependencies?: Dep[] } | null;
      out.push(...(doc?.dependencies ?? []));
    } catch {
      // no such file at that commit
    }
  }
  return out;
}

export function main(argv: string[]): number {
  const o = new Command("chart-keys")
    .requiredOption("--git <dir>", "git directory of the chart's repository")
    .requiredOption("--repository <owner/name>", "the repository's name, recorded as the source")
    .requiredOption("--commit <sha>", "commit to read")
    .requiredOption("--chart <path>", "chart directory, e.g. charts/wire-server")
    .requiredOption("--release <version>", "wire-server release the commit is")
    .requiredOption("--out <file>", "JSON file to write")
    .parse(argv, { from: "user" })
    .opts<{ git: string; repository: string; commit: string; chart: string; release: string; out: string }>();
  const keys = chartKeys(o.git, o.commit, o.chart, o.repository, o.release);
  fs.writeFileSync(o.out, JSON.stringify(keys, null, 1) + "\n");
  process.stdout.write(`${o.out}: ${keys.keys.length} keys (${keys.whole.length} read whole) of ${keys.chart} ${keys.source.chartVersion}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
