// From a stack's config map (Pulumi's `allConfig()` or a `Pulumi.<stack>.yaml` file) to a typed,
// defaulted StackConfig, or a ConfigError listing every problem at once.
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { ConfigError, ConfigProblem, SECRET_PLACEHOLDER } from "./errors";
import { toProblems } from "./issues";
import { applyScenario } from "./presets";
import { PROJECT, StackConfig, stackSchema } from "./schema";
import { withSecretStandIns } from "./secretStandIns";
import { stackKeyProblems } from "./stackKeys";

/** A stack's config as Pulumi keeps it: `{"wire-backend:users": 2000, "aws:region": "eu-central-1", ...}`. */
export type ConfigMap = Record<string, unknown>;

export interface ParsedStack {
  config: StackConfig;
  /** Full keys whose values are secrets (`secure:` in the stack file, or marked secret by Pulumi). */
  secretKeys: Set<string>;
}

/**
 * Pulumi hands every config value to the program as a string (objects JSON-encoded);
 * a stack file read with `yaml` has them typed already. Both end up typed here.
 */
function typed(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** `{secure: "v1:..."}` cannot be decrypted without Pulumi; the plan uses a placeholder instead. */
export function replaceSecure(value: unknown, found: { secret: boolean }): unknown {
  if (Array.isArray(value)) return value.map((v) => replaceSecure(v, found));
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && entries[0][0] === "secure") {
      found.secret = true;
      return SECRET_PLACEHOLDER.padEnd(16, "*");
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, replaceSecure(v, found)]));
  }
  return value;
}

export function parseStackConfig(map: ConfigMap, opts: { secretKeys?: Iterable<string>; source?: string } = {}): ParsedStack {
  const secretKeys = new Set(opts.secretKeys ?? []);
  const input: Record<string, unknown> = {};
  const prefix = `${PROJECT}:`;
  for (const [key, raw] of Object.entries(map)) {
    const found = { secret: false };
    const value = replaceSecure(typed(raw), found);
    if (found.secret) secretKeys.add(key);
    if (key.startsWith(prefix)) input[key.slice(prefix.length).replace(/^config:/, "")] = value;
    else if (key === "aws:region") input.region = value;
    // Other keys (aws:profile, kubernetes:*, pulumi:*) belong to their providers: stackKeyProblems
    // checks only that each has a namespace and that an aws: key is one the aws provider takes.
  }
  const withPreset = applyScenario(input);
  const result = stackSchema.safeParse(withPreset, { reportInput: true });
  // Keys no one reads (stray, aws:regoin) are reported with the values' problems, all at once.
  const keyProblems = stackKeyProblems(map).map((p) => (secretKeys.has(p.key) ? { ...p, value: SECRET_PLACEHOLDER } : p));
  if (!result.success) throw new ConfigError([...keyProblems, ...toProblems(result.error.issues, secretKeys)], opts.source);
  if (keyProblems.length > 0) throw new ConfigError(keyProblems, opts.source);
  return { config: result.data, secretKeys };
}

/** The config map of a `Pulumi.<stack>.yaml` file's text. */
export function configMapOfStackFile(text: string, source = "the stack file"): ConfigMap {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ConfigError([{ key: source, value: undefined, message: `is not valid YAML: ${(e as Error).message}` }]);
  }
  if (doc === null || doc === undefined) doc = {};
  const config = (doc as { config?: unknown }).config ?? {};
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new ConfigError([{ key: "config", value: config, message: "must be a map of keys such as wire-backend:users" }], source);
  }
  return config as ConfigMap;
}

export interface StackFileOptions {
  /** Stack name: reads `Pulumi.<stack>.yaml` in `cwd`. */
  stack?: string;
  /** Explicit stack-file path (wins over `stack`). */
  file?: string;
  cwd?: string;
}

export function stackFilePath(opts: StackFileOptions): string {
  const cwd = opts.cwd ?? process.cwd();
  return opts.file ? path.resolve(cwd, opts.file) : path.join(cwd, `Pulumi.${opts.stack ?? "dev"}.yaml`);
}

/** Pulumi's rule for stack names: letters, digits, `-`, `_` and `.`. */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The stack a stack file belongs to: `--stack NAME` when given; else `<name>` of a file named
 * `Pulumi.<name>.yaml` (what `pulumi` reads for stack `<name>`); else the file's name without its
 * `.yaml`/`.yml` extension (`customers/acme.yaml` is stack `acme`); without either, `dev`.
 */
export function stackNameOf(opts: StackFileOptions): string {
  if (opts.stack !== undefined || !opts.file) return opts.stack ?? "dev";
  const base = path.basename(opts.file);
  const name = base.match(/^Pulumi\.(.+)\.ya?ml$/)?.[1] ?? base.replace(/\.ya?ml$/i, "");
  if (!STACK_NAME.test(name)) {
    throw new ConfigError(
      [{ key: "--config", value: opts.file, message: `gives no valid stack name ("${name}"); pass --stack NAME, or name the file Pulumi.<stack>.yaml` }],
      "the command line",
    );
  }
  return name;
}

/**
 * A stack file as the commands without Pulumi read it: secrets the schema requires but the file does
 * not hold (set with `pulumi config set --secret`, or not yet) get stand-ins, listed in `standIns`.
 */
export function readStackFile(opts: StackFileOptions): { map: ConfigMap; file: string; standIns: string[] } {
  const file = stackFilePath(opts);
  if (!fs.existsSync(file)) {
    const problem: ConfigProblem = {
      key: opts.file ? "--config" : "--stack",
      value: opts.file ?? opts.stack ?? "dev",
      message: `has no stack file at ${file}; pass --stack NAME for Pulumi.NAME.yaml or --config FILE`,
    };
    throw new ConfigError([problem], "the command line");
  }
  const { map, paths } = withSecretStandIns(configMapOfStackFile(fs.readFileSync(file, "utf8"), path.basename(file)));
  return { map, file, standIns: paths };
}

export function loadStackFile(opts: StackFileOptions): ParsedStack & { file: string } {
  const { map, file } = readStackFile(opts);
  return { ...parseStackConfig(map, { source: path.basename(file) }), file };
}

/** Convenience for the `size` command: just the typed config. */
export function loadStackConfig(opts: StackFileOptions): StackConfig {
  return loadStackFile(opts).config;
}
