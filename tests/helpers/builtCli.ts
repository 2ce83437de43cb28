// The built CLIs (dist/), as `npm run <command>` runs them, for tests that need a real process.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO } from "./stacks";

const SOURCES = ["index.ts", "cli", "config", "sizing", "outputs", "components", "doctor"];

function newest(p: string): number {
  const s = fs.statSync(p);
  return s.isDirectory() ? Math.max(0, ...fs.readdirSync(p).map((f) => newest(path.join(p, f)))) : s.mtimeMs;
}

/** dist/cli/<name>.js, rebuilt when a source is newer than the last build. The build is incremental
 * (tsconfig.build.json): it rewrites only what changed, so the file's own time says nothing; the
 * newest file under dist/ does. */
export function builtCli(name: string): string {
  const file = path.join(REPO, "dist", "cli", `${name}.js`);
  const stale = !fs.existsSync(file) || Math.max(...SOURCES.map((s) => newest(path.join(REPO, s)))) > newest(path.join(REPO, "dist"));
  if (stale) {
    const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: REPO, encoding: "utf8" });
    if (tsc.status !== 0) throw new Error(`build failed: ${tsc.stdout}${tsc.stderr}`);
  }
  return file;
}
