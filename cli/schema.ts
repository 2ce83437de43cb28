// schema [--check]
// Writes schema/stack.schema.json: the JSON Schema of a whole `Pulumi.<stack>.yaml`, generated from
// config/schema.ts's stackSchema, so that an editor (yaml-language-server, via the `$schema` comment
// atop each stack file) flags a typo'd `wire-backend:` key or a wrongly typed value as you type.
// `--check` exits 1 when the committed file is stale instead of writing it.
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { PROJECT, stackSchema } from "../config/schema";

/** The repository: the nearest directory with a package.json (this file runs from cli/ and dist/cli/). */
export function repoRoot(from = __dirname): string {
  return fs.existsSync(path.join(from, "package.json")) || path.dirname(from) === from ? from : repoRoot(path.dirname(from));
}

export const SCHEMA_FILE = path.join(repoRoot(), "schema", "stack.schema.json");

type Json = Record<string, unknown>;

/** A Pulumi secret as the stack file holds it (`pulumi config set --secret`). */
const SECURE: Json = {
  type: "object",
  properties: { secure: { type: "string", description: "Encrypted by Pulumi (pulumi config set --secret)." } },
  required: ["secure"],
  additionalProperties: false,
};

/** Annotations stay on the outside so that an editor's hover still shows them. */
const ANNOTATIONS = ["description", "default", "title"];

/**
 * Pulumi may encrypt any string value, nested ones too (`--secret --path`), and the program decrypts
 * them before validating; so every free-form string leaf also accepts `{secure: ...}`. Enums and
 * constants (push.option, transports) are never secrets: encrypting them would break the program.
 */
function allowSecrets(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowSecrets);
  if (!node || typeof node !== "object") return node;
  const walked = Object.fromEntries(Object.entries(node as Json).map(([k, v]) => [k, k === "default" || k === "const" || k === "enum" ? v : allowSecrets(v)]));
  if (Array.isArray(walked.required) && walked.properties) secretsSetByPulumi(walked);
  if (walked.type !== "string" || "enum" in walked || "const" in walked) return walked;
  const outer = Object.fromEntries(ANNOTATIONS.filter((k) => k in walked).map((k) => [k, walked[k]]));
  const inner = Object.fromEntries(Object.entries(walked).filter(([k]) => !ANNOTATIONS.includes(k)));
  return { ...outer, anyOf: [inner, { $ref: "#/definitions/secure" }] };
}

/**
 * A required secret is set with `pulumi config set --secret --path`, which writes it into the file
 * encrypted; before that the file is fine as it is (the program names the missing secret), so the
 * editor does not flag it. Its description says that it is required and how to set it.
 */
function secretsSetByPulumi(node: Json): void {
  const properties = node.properties as Record<string, Json>;
  const secret = (k: string) => String(properties[k]?.description ?? "").startsWith("Secret config:");
  const required = node.required as string[];
  const secrets = required.filter(secret);
  for (const k of secrets) {
    properties[k] = { ...properties[k], description: String(properties[k].description).replace("Secret config:", "Secret config, required (pulumi config set --secret --path):") };
  }
  node.required = required.filter((k) => !secrets.includes(k));
}

/**
 * `pulumi config set wire-backend:users 2000` writes the top-level value as the string "2000" (Pulumi
 * keeps top-level config as strings), and the program reads it as the number. The editor must agree.
 */
function allowStringScalars(node: Json): Json {
  if (node.type === "integer") return { anyOf: [node, { type: "string", pattern: "^[0-9]+$" }], ...(node.description ? { description: node.description } : {}) };
  if (node.type === "boolean") return { anyOf: [node, { type: "string", enum: ["true", "false"] }], ...(node.description ? { description: node.description } : {}) };
  return node;
}

/** The schema of a whole stack file. Draft-07: what yaml-language-server and most editors speak. */
export function stackFileSchema(): Json {
  const generated = z.toJSONSchema(stackSchema, { io: "input", target: "draft-7", unrepresentable: "any" }) as Json;
  const { region, ...keys } = generated.properties as Record<string, Json>;
  // The program reads the region only from aws:region, so it is as required as users and domain.
  const required = (generated.required as string[]).map((k) => (k === "region" ? "aws:region" : `${PROJECT}:${k}`));
  const properties: Json = Object.fromEntries(Object.entries(keys).map(([k, v]) => [`${PROJECT}:${k}`, allowStringScalars(allowSecrets(v) as Json)]));
  properties["aws:region"] = allowSecrets({ ...region, description: "AWS region to deploy into (also prices the sizing), e.g. eu-central-1." });
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: `Pulumi.<stack>.yaml of ${PROJECT}`,
    description: `Generated from config/schema.ts by cli/schema.ts (npm run schema); do not edit.`,
    type: "object",
    properties: {
      config: {
        type: "object",
        description: `Stack configuration: ${PROJECT}:* keys, aws:region, and other providers' namespaces.`,
        properties,
        required,
        // Other namespaces (aws:profile, kubernetes:*, pulumi:*) belong to their providers and pass;
        // an unknown key in ours is a typo.
        patternProperties: { [`^(?!${PROJECT}:)`]: {} },
        additionalProperties: false,
      },
      secretsprovider: { type: "string" },
      encryptedkey: { type: "string" },
      encryptionsalt: { type: "string" },
      environment: { description: "Pulumi ESC environments to import." },
    },
    required: ["config"],
    definitions: { secure: SECURE },
  };
}

export function schemaText(): string {
  return `${JSON.stringify(stackFileSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const text = schemaText();
  const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
  if (process.argv.includes("--check")) {
    process.stderr.write(current === text ? "schema/stack.schema.json is current\n" : "schema/stack.schema.json is stale: run npm run schema\n");
    process.exitCode = current === text ? 0 : 1;
  } else {
    fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
    fs.writeFileSync(SCHEMA_FILE, text);
    process.stderr.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
  }
}
