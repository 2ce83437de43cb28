// Every numeric key of the stack file, found in the JSON Schema zod generates from stackSchema (an
// independent reading of the same schema), gets an error that says what it accepts: "a whole number"
// or "a number", each bound, and "(exclusive)" where the bound itself is not allowed.
import fc from "fast-check";
import { z } from "zod";
import { ConfigError, parseStackConfig } from "../config";
import { stackSchema } from "../config/schema";
import { stack } from "./helpers/stacks";

interface NumericKey {
  path: string[];
  integer: boolean;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
}

type Json = Record<string, unknown>;

/** Walks objects and records (one key of a record's enum stands for all); unions hold no numbers. */
function numericKeys(node: Json, path: string[] = []): NumericKey[] {
  if (node.type === "integer" || node.type === "number") {
    const n = node as Omit<NumericKey, "path" | "integer">;
    return [{ path, integer: node.type === "integer", minimum: n.minimum, exclusiveMinimum: n.exclusiveMinimum, maximum: n.maximum, exclusiveMaximum: n.exclusiveMaximum }];
  }
  const found: NumericKey[] = [];
  for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Json>)) found.push(...numericKeys(v, [...path, k]));
  const names = (node.propertyNames as { enum?: string[] } | undefined)?.enum;
  if (names && node.additionalProperties && typeof node.additionalProperties === "object") found.push(...numericKeys(node.additionalProperties as Json, [...path, names[0]]));
  return found;
}

const KEYS = numericKeys(z.toJSONSchema(stackSchema, { io: "input", target: "draft-7", unrepresentable: "any" }) as Json).filter((k) => k.path[0] !== "region");
const keyName = (path: string[]) => `wire-backend:${path.join(".")}`;

/** What the key accepts, in the words the error must use, from the JSON Schema alone. */
function accepts(k: NumericKey): string {
  const bounds = [
    k.exclusiveMinimum !== undefined ? `> ${k.exclusiveMinimum} (exclusive)` : k.minimum !== undefined ? `>= ${k.minimum}` : undefined,
    k.exclusiveMaximum !== undefined ? `< ${k.exclusiveMaximum} (exclusive)` : k.maximum !== undefined && k.maximum < Number.MAX_SAFE_INTEGER ? `<= ${k.maximum}` : undefined,
  ].filter(Boolean);
  return `${k.integer ? "a whole number" : "a number"}${bounds.length ? ` ${bounds.join(" and ")}` : ""}`;
}

function withValue(path: string[], value: unknown) {
  const nested = path.slice(1).reduceRight<unknown>((inner, seg) => ({ [seg]: inner }), value);
  return stack(2000, { [`wire-backend:${path[0]}`]: nested });
}

/** The messages for this key (other keys may complain too, e.g. participants without concurrent). */
function messagesFor(k: NumericKey, value: unknown): string[] {
  try {
    parseStackConfig(withValue(k.path, value));
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.filter((p) => p.key === keyName(k.path)).map((p) => p.message);
  }
}

const lower = (k: NumericKey) => k.exclusiveMinimum ?? k.minimum;
const upper = (k: NumericKey) => {
  const u = k.exclusiveMaximum ?? k.maximum;
  return u !== undefined && u < Number.MAX_SAFE_INTEGER ? u : undefined;
};
const below = (k: NumericKey) => {
  const m = lower(k)!;
  const inclusive = k.exclusiveMinimum === undefined;
  return k.integer ? fc.integer({ min: m - 1000, max: inclusive ? m - 1 : m }) : fc.double({ min: m - 1000, max: m, noNaN: true }).filter((v) => (inclusive ? v < m : v <= m));
};
const above = (k: NumericKey) => {
  const m = upper(k)!;
  const inclusive = k.exclusiveMaximum === undefined;
  return k.integer ? fc.integer({ min: inclusive ? m + 1 : m, max: m + 1000 }) : fc.double({ min: m, max: m + 1000, noNaN: true }).filter((v) => (inclusive ? v > m : v >= m));
};

describe("the stack file's numeric keys", () => {
  it("are all found: the people, the calling model's shares and bitrates, counts, sizes and days", () => {
    const names = KEYS.map((k) => k.path.join("."));
    expect(names).toEqual(expect.arrayContaining(["users", "conferences.concurrent", "conferences.participants", "calling.headroom", "calling.audioLegKbps", "calling.relayedLegShare", "network.zones", "backup.retentionDays"]));
    expect(names.some((n) => /^roles\.\w+\.count$/.test(n))).toBe(true);
    // Both kinds and both kinds of bound are there, so each branch below is exercised.
    expect(KEYS.some((k) => k.integer) && KEYS.some((k) => !k.integer)).toBe(true);
    expect(KEYS.some((k) => k.exclusiveMinimum !== undefined) && KEYS.some((k) => k.minimum !== undefined)).toBe(true);
  });

  it.each(KEYS.filter((k) => lower(k) !== undefined).map((k) => [k.path.join("."), k] as const))("%s: a value below its range says what it accepts", (_name, k) => {
    fc.assert(fc.property(below(k), (v) => expect(messagesFor(k, v)).toEqual([`is not allowed; expected ${accepts(k)}`])), { numRuns: 30 });
  });

  it.each(KEYS.filter((k) => upper(k) !== undefined).map((k) => [k.path.join("."), k] as const))("%s: a value above its range says what it accepts", (_name, k) => {
    fc.assert(fc.property(above(k), (v) => expect(messagesFor(k, v)).toEqual([`is not allowed; expected ${accepts(k)}`])), { numRuns: 30 });
  });

  it.each(KEYS.map((k) => [k.path.join("."), k] as const))("%s: a fraction inside the range is refused only where a whole number is meant", (_name, k) => {
    const lo = lower(k) ?? 0;
    const hi = upper(k) ?? lo + 1000;
    const fraction = fc.double({ min: lo, max: hi, noNaN: true }).filter((v) => !Number.isInteger(v) && v > lo && v < hi);
    fc.assert(
      fc.property(fraction, (v) => {
        const messages = messagesFor(k, v);
        if (k.integer) expect(messages).toEqual([`is not allowed; expected ${accepts(k)}`]);
        else expect(messages).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it.each(KEYS.map((k) => [k.path.join("."), k] as const))("%s: a word instead of a number says what it accepts", (_name, k) => {
    expect(messagesFor(k, "lots")).toEqual([`is not allowed; expected ${accepts(k)}`]);
  });

  it("calling.headroom: 0 is refused as the exclusive bound it is, in a number's words", () => {
    const headroom = KEYS.find((k) => k.path.join(".") === "calling.headroom")!;
    expect(messagesFor(headroom, 0)).toEqual(["is not allowed; expected a number > 0 (exclusive) and <= 1"]);
  });
});
