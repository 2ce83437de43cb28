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

/** One option of a discriminated union (push's A, B, C): its tag, what it is, its keys. */
interface UnionOption {
  tag: string;
  what?: string;
  keys: string[];
}

/** At a discriminated union: the discriminator's name, the option the input chose and the others. */
function unionChoice(path: Path, input: unknown): { discriminator: string; chosen: UnionOption; others: UnionOption[] } | undefined {
  const s = unwrap(schemaAt(path));
  const discriminator: string | undefined = s?.def?.discriminator;
  if (!discriminator || !input || typeof input !== "object") return undefined;
  const options: UnionOption[] = s.def.options.map((o: AnySchema) => {
    const shape = unwrap(o).def.shape;
    const tag = unwrap(shape[discriminator]);
    // "A: proxy through Wire's SNS (...)." → "proxy through Wire's SNS (...)"
    const what = (shape[discriminator].description as string | undefined)?.replace(/^[^:]*:\s*/, "").replace(/\.$/, "");
    return { tag: String(tag.def.values[0]), what, keys: Object.keys(shape) };
  });
  const chosen = options.find((o) => o.tag === String((input as Record<string, unknown>)[discriminator]));
  return chosen && { discriminator, chosen, others: options.filter((o) => o !== chosen) };
}

/** Why a key the schema does not take here is refused, and the fix. */
function unknownKeyMessage(path: Path, key: string, input: unknown): string {
  const choice = unionChoice(path, input);
  if (choice) {
    const owner = choice.others.find((o) => o.keys.includes(key));
    const tagKey = keyName([...path, choice.discriminator]);
    if (owner) {
      const own = choice.chosen.keys.filter((k) => k !== choice.discriminator);
      const takes = own.length > 0 ? `takes ${own.join(", ")}` : "takes no other key";
      return (
        `belongs to ${choice.discriminator} ${owner.tag}, but ${tagKey} is ${choice.chosen.tag}; ` +
        `remove it (${choice.discriminator} ${choice.chosen.tag} ${takes}), or set ${tagKey}: ${owner.tag}${owner.what ? ` (${owner.what})` : ""}`
      );
    }
  }
  // A key is never its own suggestion (it may be valid in another option of a union).
  // `region` is the schema's name for aws:region, never written as wire-backend:region.
  const valid = (choice ? choice.chosen.keys : keysAt(path)).filter((k) => k !== key && !(path.length === 0 && k === "region"));
  const hint = suggest(key, valid);
  return `is not a known key${hint ? `; did you mean ${keyName([...path, hint])}?` : `; valid keys here, nearest first: ${nearestFirst(key, valid).join(", ")}`}`;
}

/** Candidates ordered by edit distance to a word (ties keep their order). */
export function nearestFirst(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase();
  return candidates
    .map((c, i) => ({ c, i, d: distance(w, c.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.c);
}

export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, [...candidates]);
  if (distance(word.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3))) return best;
  // A shortened name (elastic for elasticsearch) is far in edit distance but plain to a reader.
  const w = word.toLowerCase();
  return w.length >= 4 ? candidates.find((c) => c.toLowerCase().startsWith(w)) : undefined;
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
      const given = issue.input && typeof issue.input === "object" ? (issue.input as Record<string, unknown>) : {};
      for (const k of issue.keys) {
        const value = isSecretPath([...path, k], secretKeys) ? SECRET_PLACEHOLDER : given[k];
        problems.push({ key: keyName([...path, k]), value, message: unknownKeyMessage(path, k, issue.input) });
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
