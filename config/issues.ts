// Turns zod's issues into problems an operator can act on: key path, value, and what would be valid.
import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { ConfigProblem, SECRET_PLACEHOLDER } from "./errors";
import { PROJECT, stackSchema } from "./schema";

type Path = PropertyKey[];
// zod's internals are typed loosely on purpose; we only read `def` to find keys and descriptions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySchema = any;

const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly"]);

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (s && WRAPPERS.has(s.def?.type)) s = s.def.innerType;
  return s;
}

/** The schema at a path, walking objects, records, arrays and the push union. */
function schemaAt(path: Path): AnySchema | undefined {
  let s: AnySchema = stackSchema;
  for (const segment of path) {
    s = unwrap(s);
    if (!s) return undefined;
    const t = s.def.type;
    if (t === "object") s = s.def.shape[segment as string];
    else if (t === "record") s = s.def.valueType;
    else if (t === "array") s = s.def.element;
    else if (t === "union") s = s.def.options.map(unwrap).find((o: AnySchema) => o.def.shape?.[segment as string])?.def.shape[segment as string];
    else return undefined;
  }
  return s;
}

/** The keys that would be valid at a path (for did-you-mean). */
function keysAt(path: Path): string[] {
  const s = unwrap(schemaAt(path));
  if (!s) return [];
  if (s.def.type === "object") return Object.keys(s.def.shape);
  if (s.def.type === "record") return (unwrap(s.def.keyType)?.options as string[]) ?? [];
  if (s.def.type === "union") return [...new Set(s.def.options.flatMap((o: AnySchema) => Object.keys(unwrap(o).def.shape)))] as string[];
  return [];
}

export function describeKey(path: Path): string | undefined {
  let s: AnySchema = schemaAt(path);
  while (s) {
    if (s.description) return s.description;
    s = WRAPPERS.has(s.def?.type) ? s.def.innerType : undefined;
  }
  return undefined;
}

/** `users` → `wire-backend:users`; `network.cidr`, `access.adminCidrs[0]`; `region` → `aws:region`. */
export function keyName(path: Path): string {
  if (path[0] === "region") return "aws:region";
  let out = `${PROJECT}:`;
  path.forEach((seg, i) => {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += i === 0 ? String(seg) : `.${String(seg)}`;
  });
  return out;
}

export function suggest(word: string, candidates: string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates);
  return distance(word.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

interface Bound {
  value: number;
  inclusive: boolean;
}

/** What a numeric key accepts, read from its schema's checks: whole or any number, and its bounds. */
interface NumberRange {
  whole: boolean;
  min?: Bound;
  max?: Bound;
}

function numberRange(path: Path): NumberRange | undefined {
  const s = unwrap(schemaAt(path));
  if (s?.def?.type !== "number") return undefined;
  const range: NumberRange = { whole: false };
  for (const check of s.def.checks ?? []) {
    const d = check._zod?.def ?? {};
    if (d.check === "number_format" && /int/.test(String(d.format))) range.whole = true;
    if (d.check === "greater_than") range.min = { value: d.value, inclusive: d.inclusive };
    // int()'s implied ceiling (2^53 - 1) is no bound an operator needs to hear about.
    if (d.check === "less_than" && d.value < Number.MAX_SAFE_INTEGER) range.max = { value: d.value, inclusive: d.inclusive };
  }
  return range;
}

/** "a whole number >= 1 and <= 500", "a number > 0 (exclusive) and <= 1": the kind, then each bound. */
function numberWords(r: NumberRange): string {
  const bounds = [
    r.min && (r.min.inclusive ? `>= ${r.min.value}` : `> ${r.min.value} (exclusive)`),
    r.max && (r.max.inclusive ? `<= ${r.max.value}` : `< ${r.max.value} (exclusive)`),
  ].filter(Boolean);
  return `${r.whole ? "a whole number" : "a number"}${bounds.length > 0 ? ` ${bounds.join(" and ")}` : ""}`;
}

/** The range at the issue's path; where the schema cannot be walked, what the issue itself says. */
function rangeOf(issue: z.core.$ZodIssue): NumberRange {
  const known = numberRange(issue.path as Path);
  if (known) return known;
  const range: NumberRange = { whole: issue.code === "invalid_type" && issue.expected === "int" };
  if (issue.code === "too_small") range.min = { value: Number(issue.minimum), inclusive: issue.inclusive !== false };
  if (issue.code === "too_big") range.max = { value: Number(issue.maximum), inclusive: issue.inclusive !== false };
  return range;
}

const isNumeric = (origin: string) => origin === "number" || origin === "int" || origin === "bigint";

function typeWords(expected: string): string {
  if (expected === "boolean") return "true or false";
  if (expected === "string") return "a string";
  if (expected === "array") return "a list";
  if (expected === "object") return "a map of keys";
  return expected;
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_small":
      return issue.origin === "array"
        ? `has too few entries; expected at least ${issue.minimum}`
        : issue.origin === "string"
          ? `is too short; expected at least ${issue.minimum} characters`
          : isNumeric(issue.origin)
            ? `is not allowed; expected ${numberWords(rangeOf(issue))}`
            : issue.message;
    case "too_big":
      return issue.origin === "array" || issue.origin === "string"
        ? `is too long; expected at most ${issue.maximum}`
        : isNumeric(issue.origin)
          ? `is not allowed; expected ${numberWords(rangeOf(issue))}`
          : issue.message;
    case "invalid_type": {
      // A schema's own message for a wrong type (wireVersion: 5.23) wins over the generic words.
      if (issue.input !== undefined && !issue.message.startsWith("Invalid input")) return issue.message;
      const want = issue.expected === "number" || issue.expected === "int" ? numberWords(rangeOf(issue)) : typeWords(issue.expected);
      return issue.input === undefined ? `is required; expected ${want}` : `is not allowed; expected ${want}`;
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      const hint = typeof issue.input === "string" ? suggest(issue.input, values) : undefined;
      return `is not allowed; expected one of ${values.join(", ")}${hint ? ` (did you mean ${hint}?)` : ""}`;
    }
    default:
      return issue.message;
  }
}

function isSecretPath(path: Path, secretKeys: Set<string>): boolean {
  const top = keyName(path.slice(0, 1));
  return secretKeys.has(top) && path.length > 0 && /key|secret|credential|principal|kubeconfig/i.test(String(path[path.length - 1]));
}

export function toProblems(issues: readonly z.core.$ZodIssue[], secretKeys = new Set<string>()): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path as Path;
    if (issue.code === "unrecognized_keys") {
      const valid = keysAt(path);
      for (const k of issue.keys) {
        const hint = suggest(k, valid);
        problems.push({
          key: keyName([...path, k]),
          value: undefined,
          message: `is not a known key${hint ? `; did you mean ${keyName([...path, hint])}?` : `; valid keys here: ${valid.join(", ")}`}`,
        });
      }
      continue;
    }
    const input =
      issue.code === "invalid_union" && issue.discriminator && issue.input && typeof issue.input === "object"
        ? (issue.input as Record<string, unknown>)[issue.discriminator]
        : issue.input;
    const value = isSecretPath(path, secretKeys) ? SECRET_PLACEHOLDER : input;
    let message = expectation(issue);
    if (issue.code === "invalid_type" && issue.input === undefined) {
      const doc = describeKey(path);
      if (doc) message += ` (${doc})`;
    }
    problems.push({ key: keyName(path), value, message });
  }
  return problems;
}
