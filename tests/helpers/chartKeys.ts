// The chart key lists of tests/fixtures/chart-keys (see cli/chartKeys.ts) and how a key is judged.
import * as fs from "fs";
import * as path from "path";
import { compareVersions } from "../../config/releases";
import type { ChartKeys } from "../../cli/chartKeys";

export const FIXTURES = path.join(__dirname, "..", "fixtures", "chart-keys");
export const load = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")) as T;
export const PROD = load<{ charts: Record<string, { values?: string[]; secrets?: string[] }> }>("wsd-prod-examples.json");

/** wire-server releases with a key list: the newest one not newer than the stack's release is used. */
export const WIRE_SERVER_RELEASES = fs.readdirSync(FIXTURES).map((f) => /^wire-server-(\d+\.\d+\.\d+)\.json$/.exec(f)?.[1]).filter((v): v is string => !!v).sort(compareVersions);

/** The key list of the chart a release installs. */
export function chartKeysFor(chart: string, wireVersion: string): ChartKeys {
  if (chart === "wire-server") {
    const release = [...WIRE_SERVER_RELEASES].reverse().find((r) => compareVersions(r, wireVersion) <= 0) ?? WIRE_SERVER_RELEASES[0];
    return load(`wire-server-${release}.json`);
  }
  return load(`${chart}.json`);
}

/** Key paths of a document; a list, a scalar or an empty map ends a path. */
export function leaves(doc: unknown, prefix: string[] = []): string[] {
  if (doc && typeof doc === "object" && !Array.isArray(doc) && Object.keys(doc).length > 0) {
    return Object.entries(doc as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...prefix, k]));
  }
  return prefix.length > 0 ? [prefix.join(".")] : [];
}

export function isRead(key: string, keys: ChartKeys): boolean {
  if (keys.keys.includes(key)) return true;
  const parts = key.split(".");
  for (let i = parts.length - 1; i > 0; i--) if (keys.whole.includes(parts.slice(0, i).join("."))) return true;
  return false;
}

