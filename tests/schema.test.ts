// The editor JSON Schema of a stack file: current, accepting the repository's stack files, rejecting
// what the program would reject for a key or a type. Validated with ajv (draft-07, as editors do).
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse } from "yaml";
import { schemaText, SCHEMA_FILE, stackFileSchema } from "../cli/schema";
import { configReference, REFERENCE_END, REFERENCE_PAGE, REFERENCE_START, referenceRows, replaceReference } from "../outputs/configReference";
import { REPO } from "./helpers/stacks";

const validate = new Ajv({ allErrors: true, strict: true }).compile(stackFileSchema());
const STACK_FILES = fs.readdirSync(REPO).filter((f) => /^Pulumi\..+\.ya?ml$/.test(f));

const base = {
  "aws:region": "eu-central-1",
  "wire-backend:users": 2000,
  "wire-backend:domain": "wire.example.com",
};
const ok = (config: Record<string, unknown>) => {
  const valid = validate({ config });
  return valid ? "valid" : JSON.stringify(validate.errors);
};

describe("schema/stack.schema.json", () => {
  it("is current: equal to a freshly generated one (npm run schema)", () => {
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(schemaText());
  });

  it("accepts every stack file in the repository", () => {
    expect(STACK_FILES).toContain("Pulumi.dev.yaml");
    for (const file of STACK_FILES) {
      const doc = parse(fs.readFileSync(path.join(REPO, file), "utf8"));
      expect([file, validate(doc) ? "valid" : JSON.stringify(validate.errors)]).toEqual([file, "valid"]);
    }
  });

  it("accepts top-level numbers and booleans as `pulumi config set` writes them (strings)", () => {
    expect(ok({ ...base, "wire-backend:users": "2000", "wire-backend:protect": "false" })).toBe("valid");
  });

  it("rejects a typo'd key, a word for users, a missing domain, an unknown nested key", () => {
    expect(ok(base)).toBe("valid");
    expect(ok({ ...base, "wire-backend:user": 2000 })).toMatch(/additionalProperties/);
    expect(ok({ ...base, "wire-backend:users": "many" })).toMatch(/must be integer|must match pattern/);
    const { "wire-backend:domain": _, ...noDomain } = base;
    expect(ok(noDomain)).toMatch(/wire-backend:domain/);
    const { "aws:region": __, ...noRegion } = base;
    expect(ok(noRegion)).toMatch(/aws:region/);
    expect(ok({ ...base, "wire-backend:network": { zone: 3 } })).toMatch(/additionalProperties/);
    expect(ok({ ...base, "wire-backend:roles": { kubernets: { count: 3 } } })).toMatch(/propertyNames|enum/);
    expect(ok({ ...base, "wire-backend:push": { option: "D" } })).not.toBe("valid");
    expect(validate({ configs: { ...base } })).toBe(false);
  });

  it("lets other namespaces through and accepts Pulumi secrets where strings go", () => {
    expect(ok({ ...base, "aws:profile": "prod", "kubernetes:context": "x" })).toBe("valid");
    const secure = { secure: "v1:abc==" };
    const pushA = { option: "A", wire: { account: "123456789012", region: "eu-west-1", arnEnv: "acme", accessKeyId: secure, secretAccessKey: secure } };
    expect(ok({ ...base, "wire-backend:push": pushA })).toBe("valid");
    expect(ok({ ...base, "wire-backend:kubernetes": { kubeconfig: secure } })).toBe("valid");
    expect(ok({ ...base, "wire-backend:push": { option: "B", arnEnv: "acme", apps: [{ appId: "com.acme.wire", transport: "APNS", credential: secure, principal: secure }] } })).toBe("valid");
    // Enums are never secrets, and a secret is exactly {secure: string}.
    expect(ok({ ...base, "wire-backend:push": { option: secure } })).not.toBe("valid");
    expect(ok({ ...base, "wire-backend:domain": { secure: 1 } })).not.toBe("valid");
  });
});

describe("the stack-file reference (docs/reference.md)", () => {
  const rows = referenceRows(stackFileSchema());
  const row = (key: string) => rows.find((r) => r.key === key);

  it("is current: the page's generated table equals a freshly generated one (npm run docs)", () => {
    const page = fs.readFileSync(path.join(REPO, REFERENCE_PAGE), "utf8");
    expect(page.indexOf(REFERENCE_START)).toBeGreaterThan(0);
    expect(replaceReference(page, configReference(stackFileSchema()))).toBe(page);
  });

  it("would be caught stale: a schema with one more key no longer matches the page", () => {
    const page = fs.readFileSync(path.join(REPO, REFERENCE_PAGE), "utf8");
    const schema = stackFileSchema() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const changed = { ...schema, properties: { ...schema.properties, config: { ...schema.properties.config, properties: { ...schema.properties.config.properties, "wire-backend:newKey": { type: "boolean", description: "A key added to the schema." } } } } };
    expect(replaceReference(page, configReference(changed))).not.toBe(page);
  });

  it("has a row for every key, with type, default and description", () => {
    const top = Object.keys((stackFileSchema().properties as any).config.properties).map((k) => k.replace(/^wire-backend:/, "")); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining([...top, "network.cidr", "push.option", "push.apps[].credential", "roles.<name>.count"]));
    expect(row("users")).toEqual({ key: "users", type: "integer 1–10,000,000", default: "required", description: "Expected number of users (required)." });
    expect(row("connectivity")).toMatchObject({ type: "`online` \\| `offline`", default: "`online`" });
    expect(row("network.zones")).toMatchObject({ type: "integer 3–6", default: "`3`" });
    expect(row("push.wire")?.description).toMatch(/^Option A: What Wire hands over/);
    expect(row("push.wire.secretAccessKey")?.description).toMatch(/^Secret config/);
  });

  it("replaces only the text between the markers, idempotently", () => {
    const readme = `# Wire\n\n${REFERENCE_START}\nold table\n${REFERENCE_END}\n\nMore.\n`;
    const once = replaceReference(readme, configReference(stackFileSchema()));
    expect(once).not.toContain("old table");
    expect(once.startsWith(`# Wire\n\n${REFERENCE_START}\n`)).toBe(true);
    expect(once.endsWith(`|\n${REFERENCE_END}\n\nMore.\n`)).toBe(true);
    expect(replaceReference(once, configReference(stackFileSchema()))).toBe(once);
    expect(() => replaceReference("# no markers", "x")).toThrow(/markers/);
  });
});
