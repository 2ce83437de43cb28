// The stack-file reference of docs/reference.md: a Markdown table of every key (type, default,
// description), generated from the stack-file JSON Schema (itself generated from config/schema.ts), so
// the documentation cannot document a key the program does not read. Pure: schema in, Markdown out.

type Json = Record<string, unknown>;

export const REFERENCE_START = "<!-- stack-reference:start -->";
export const REFERENCE_END = "<!-- stack-reference:end -->";
/** The page (relative to the repository) whose markers hold the reference; `npm run docs` writes it. */
export const REFERENCE_PAGE = "docs/reference.md";

export interface ReferenceRow {
  key: string;
  type: string;
  default: string;
  description: string;
}

const code = (v: unknown) => `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;
const num = (n: number) => n.toLocaleString("en-US");

/** The string schema inside `anyOf [string, {secure}]` (every string may be a Pulumi secret). */
function unwrap(s: Json): Json {
  const anyOf = s.anyOf as Json[] | undefined;
  if (anyOf?.length === 2 && anyOf[1].$ref === "#/definitions/secure") return { ...anyOf[0], ...s, anyOf: undefined };
  // `anyOf [integer|boolean, its string form]`: the string form is how `pulumi config set` writes it.
  if (anyOf?.length === 2 && anyOf[1].type === "string" && (anyOf[0].type === "integer" || anyOf[0].type === "boolean")) {
    return { ...anyOf[0], ...s, anyOf: undefined };
  }
  return s;
}

function typeOf(raw: Json): string {
  const s = unwrap(raw);
  if (s.enum) return (s.enum as unknown[]).map(code).join(" \\| ");
  if (s.const !== undefined) return code(s.const);
  if (s.oneOf) return "map, by `option`";
  if (s.type === "array") return `list of ${typeOf((s.items ?? {}) as Json)}`;
  if (s.type === "object") return "map";
  if (s.type === "integer" || s.type === "number") {
    const lo = s.minimum as number | undefined;
    const hi = s.maximum as number | undefined;
    const range = lo !== undefined && hi !== undefined && hi < Number.MAX_SAFE_INTEGER ? ` ${num(lo)}–${num(hi)}` : lo !== undefined ? ` ≥ ${num(lo)}` : "";
    return `${s.type}${range}`;
  }
  return String(s.type ?? "any");
}

function rowsOf(key: string, raw: Json, required: boolean, note = ""): ReferenceRow[] {
  const s = unwrap(raw);
  const description = [note, String(s.description ?? "")].filter(Boolean).join(" ").replace(/\|/g, "\\|");
  const row: ReferenceRow = { key, type: typeOf(s), default: s.default !== undefined ? code(s.default) : required ? "required" : "—", description };
  const rows = [row];
  const children = (props: Record<string, Json>, req: string[], prefix: string, childNote = "") =>
    Object.entries(props).flatMap(([k, v]) => rowsOf(`${prefix}.${k}`, v, req.includes(k), childNote));
  if (s.properties) rows.push(...children(s.properties as Record<string, Json>, (s.required ?? []) as string[], key));
  const items = s.items as Json | undefined;
  if (items?.properties) rows.push(...children(items.properties as Record<string, Json>, (items.required ?? []) as string[], `${key}[]`));
  // A record (roles): its entries' shape, under a placeholder key; the map's row names the keys.
  const entry = s.additionalProperties as Json | boolean | undefined;
  if (entry && typeof entry === "object") rows.push(...rowsOf(`${key}.<name>`, entry, false));
  // A discriminated union (push): one `option` row with every value, then each branch's own keys.
  const branches = (s.oneOf ?? []) as Json[];
  if (branches.length > 0) {
    const tag = (b: Json) => ((b.properties as Record<string, Json>).option?.const as string) ?? "?";
    rows.push({ key: `${key}.option`, type: branches.map((b) => code(tag(b))).join(" \\| "), default: "required", description: "" });
    for (const b of branches) {
      const props = Object.fromEntries(Object.entries(b.properties as Record<string, Json>).filter(([k]) => k !== "option"));
      rows.push(...children(props, (b.required ?? []) as string[], key, `Option ${tag(b)}:`));
    }
  }
  return rows;
}

/** Every key of the stack file, in schema order; `wire-backend:` is left off, `aws:region` kept. */
export function referenceRows(stackFileSchema: Json, project = "wire-backend"): ReferenceRow[] {
  const config = (stackFileSchema.properties as Record<string, Json>).config;
  const required = (config.required ?? []) as string[];
  return Object.entries(config.properties as Record<string, Json>).flatMap(([k, v]) =>
    rowsOf(k.startsWith(`${project}:`) ? k.slice(project.length + 1) : k, v, required.includes(k)),
  );
}

export function configReference(stackFileSchema: Json, project = "wire-backend"): string {
  const rows = referenceRows(stackFileSchema, project);
  return [
    `Keys are in the \`${project}:\` namespace of \`Pulumi.<stack>.yaml\` unless written with their own (\`aws:region\`).`,
    "Any string may be a Pulumi secret (`pulumi config set --secret`). Generated from `config/schema.ts`; " +
      "editors validate stack files against `schema/stack.schema.json`.",
    "",
    "| Key | Type | Default | Description |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| \`${r.key}\` | ${r.type} | ${r.default} | ${r.description} |`),
  ].join("\n");
}

/** `page` with the text between the reference markers replaced; throws if the markers are missing. */
export function replaceReference(page: string, reference: string): string {
  const start = page.indexOf(REFERENCE_START);
  const end = page.indexOf(REFERENCE_END);
  if (start < 0 || end < start) throw new Error(`the page has no ${REFERENCE_START} … ${REFERENCE_END} markers (in that order)`);
  return `${page.slice(0, start + REFERENCE_START.length)}\n${reference}\n${page.slice(end)}`;
}
