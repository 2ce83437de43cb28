// Wire's real charts (tests/fixtures/charts, see its README.md) rendered by a real helm, the way the
// operator installs our export: `helm upgrade --install <chart> ./charts/<chart> --values
// values/<chart>/values.yaml --values values/<chart>/secrets.yaml` (namespace default).
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { helmPath } from "./helm";

export const CHARTS_DIR = path.join(__dirname, "..", "fixtures", "charts");

interface Manifest {
  helm: string;
  files: Record<string, { chart: string; sha256: string; sources: { repository: string; ref: string; commit: string; path: string; licence: string }[] }>;
  /** release -> chart -> file */
  releases: Record<string, Record<string, string>>;
  /** chart -> file, for charts that do not follow wire-server's releases (sftd, coturn, ...) */
  common: Record<string, string>;
}

let manifest: Manifest | undefined;
export function chartManifest(): Manifest {
  return (manifest ??= JSON.parse(fs.readFileSync(path.join(CHARTS_DIR, "manifest.json"), "utf8")) as Manifest);
}

/** The releases the fixtures cover. */
export function fixtureReleases(): string[] {
  return Object.keys(chartManifest().releases);
}

/** Path of the packaged chart Wire ships for `release`, or undefined when there is no fixture. */
export function chartFixture(chart: string, release: string): string | undefined {
  const m = chartManifest();
  const file = m.releases[release]?.[chart] ?? m.common[chart];
  return file === undefined ? undefined : path.join(CHARTS_DIR, file);
}

/** One rendered Kubernetes object (helm template's documents, parsed). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export interface RenderRequest {
  chart: string;
  release: string;
  /** In the order helm gets them (later files win), e.g. [values.yaml, secrets.yaml]. */
  valuesFiles: string[];
  /** helm's release name; the operator uses the chart's name. */
  releaseName?: string;
  namespace?: string;
  /**
   * The command line to run instead, given the chart package (the install runbook's own step as
   * `helm template`, outputs/installSteps.ts helmTemplateArgv), with `valuesFiles` relative to `cwd`.
   */
  commandLine?: (tgz: string) => string[];
  cwd?: string;
}

function helmArgs(req: RenderRequest): { tgz: string; args: string[] } {
  const tgz = chartFixture(req.chart, req.release);
  if (!tgz) throw new Error(`no fixture of chart ${req.chart} at release ${req.release} in ${CHARTS_DIR}/manifest.json (add it to rebuild.sh)`);
  // --skip-tests: `helm upgrade --install` creates no `helm.sh/hook: test` objects (only `helm test`
  // does), so they are not part of what the operator's install applies.
  if (req.commandLine) {
    const [helm, ...args] = req.commandLine(tgz);
    if (helm !== "helm" || args[0] !== "template") throw new Error(`not a helm template command: ${[helm, ...args].join(" ")}`);
    return { tgz, args: [...args, "--skip-tests"] };
  }
  const args = ["template", req.releaseName ?? req.chart, tgz, "--namespace", req.namespace ?? "default", "--skip-tests"];
  for (const f of req.valuesFiles) args.push("-f", f);
  return { tgz, args };
}

// helm keeps caches and a repository list under $HOME: give it an empty scratch home, so nothing of
// the user's helm setup (or a network repository) takes part.
let helmHome: string | undefined;
function helmEnv(): NodeJS.ProcessEnv {
  helmHome ??= fs.mkdtempSync(path.join(os.tmpdir(), "helm-home-"));
  return { ...process.env, HELM_CACHE_HOME: helmHome, HELM_CONFIG_HOME: helmHome, HELM_DATA_HOME: helmHome, HELM_NO_PLUGINS: "1" };
}

function failure(req: RenderRequest, stderr: string): Error {
  return new Error(`${stderr.trim()}\n  (helm template of chart ${req.chart} at release ${req.release} with ${req.valuesFiles.join(", ")})`);
}

function parse(req: RenderRequest, stdout: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(stdout)) {
    if (doc.errors.length) throw failure(req, `helm printed YAML that does not parse: ${doc.errors[0].message}`);
    const o = doc.toJS() as K8sObject | null;
    if (o) objects.push(o);
  }
  return objects;
}

/** Renders synchronously; throws helm's stderr on a non-zero exit. */
export function renderChart(req: RenderRequest): K8sObject[] {
  const { args } = helmArgs(req);
  const r = spawnSync(helmPath(), args, { encoding: "utf8", env: helmEnv(), maxBuffer: 64 * 1024 * 1024, cwd: req.cwd });
  if (r.error) throw r.error;
  if (r.status !== 0) throw failure(req, r.stderr);
  return parse(req, r.stdout);
}

function renderOnce(req: RenderRequest): Promise<K8sObject[]> {
  const { args } = helmArgs(req);
  return new Promise((resolve, reject) => {
    execFile(helmPath(), args, { encoding: "utf8", env: helmEnv(), maxBuffer: 64 * 1024 * 1024, cwd: req.cwd }, (err, stdout, stderr) => {
      if (err && typeof err.code !== "number") return reject(err); // could not start helm at all
      if (err) return reject(failure(req, stderr));
      try {
        resolve(parse(req, stdout));
      } catch (e) {
        reject(e);
      }
    });
  });
}

// The CI machine has 2 cores: more helm processes at once only queue.
const POOL = 2;
let running = 0;
const waiting: (() => void)[] = [];

// A finished render hands its slot straight to the next waiter, so no newcomer can slip in between.
async function acquire(): Promise<void> {
  if (running < POOL) {
    running++;
    return;
  }
  await new Promise<void>((go) => waiting.push(go));
}
function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

/** As renderChart, but at most two helm processes run at a time across all callers. */
export async function renderChartAsync(req: RenderRequest): Promise<K8sObject[]> {
  await acquire();
  try {
    return await renderOnce(req);
  } finally {
    release();
  }
}
