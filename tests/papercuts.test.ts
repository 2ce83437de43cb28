// What a new user trips over first: piping the JSON plan, naming a stack by its file, example stacks
// a real `pulumi` can read, and a plan that leads with its summary.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../config/errors";
import { parseStackConfig, stackNameOf } from "../config/load";
import { withSecretStandIns } from "../config/secretStandIns";
import { planStack } from "../cli/stackCommand";
import { formatPlan } from "../outputs/planReport";
import { formatResults, TABLE_WIDTH } from "../doctor/report";
import { builtCli } from "./helpers/builtCli";
import { plan, REPO, stackFile } from "./helpers/stacks";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "wb-papercut-"));
const STACK_TEXT = "config:\n  aws:region: eu-central-1\n  wire-backend:users: 2000\n  wire-backend:domain: wire.example.com\n";



describe("the stack's name", () => {
  it("comes from --stack, else Pulumi.<name>.yaml, else the file's name without .yaml", () => {
    expect(stackNameOf({ file: "customers/acme.yaml" })).toBe("acme");
    expect(stackNameOf({ file: "customers/Pulumi.acme-prod.yaml" })).toBe("acme-prod");
    expect(stackNameOf({ file: "customers/acme.yml", stack: "prod" })).toBe("prod");
    expect(stackNameOf({ stack: "globex-onprem" })).toBe("globex-onprem");
    expect(stackNameOf({})).toBe("dev");
    expect(() => stackNameOf({ file: "my stack.yaml" })).toThrow(ConfigError);
    expect(() => stackNameOf({ file: "my stack.yaml" })).toThrow(/pass --stack NAME/);
  });

  it("names the plan's problems and resources (not `stack`)", async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "acme.yaml"), STACK_TEXT.replace("users: 2000", "users: -5"));
    const error = await planStack({ config: path.join(dir, "acme.yaml") }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error.message)).toMatch(/^1 problem in stack acme:/);
    fs.writeFileSync(path.join(dir, "acme.yaml"), STACK_TEXT);
    const p = await planStack({ config: path.join(dir, "acme.yaml") });
    expect(p.stack).toBe("acme");
    expect(p.resources[0].urn).toMatch(/^urn:pulumi:acme::wire-backend::/);
  });
});

describe("the example stacks", () => {
  const files = fs.readdirSync(REPO).filter((f) => /^Pulumi\..+\.yaml$/.test(f) && f !== "Pulumi.yaml");

  /** Every `secure:` value anywhere in a document. */
  const secureValues = (v: unknown): unknown[] =>
    Array.isArray(v) ? v.flatMap(secureValues) : v && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => (k === "secure" ? [x] : secureValues(x))) : [];

  it.each(files)("%s is valid YAML with no ciphertext only a real key could decrypt", (file) => {
    const doc = parseYaml(fs.readFileSync(path.join(REPO, file), "utf8")) as { config: Record<string, unknown> };
    expect(Object.keys(doc.config)).toContain("wire-backend:users");
    expect(secureValues(doc)).toEqual([]);
  });

  it.each(files.map((f) => f.replace(/^Pulumi\.|\.yaml$/g, "")))("%s plans, with stand-ins for the secrets it does not hold", async (name) => {
    const p = await planStack({ stack: name, cwd: REPO });
    expect(p.stack).toBe(name);
    const standIns = p.warnings.filter((w) => w.startsWith("secret "));
    const option = (stackFile(name)["wire-backend:push"] as { option?: string } | undefined)?.option;
    if (option === "A") expect(standIns).toHaveLength(2);
    if (option === "B") expect(standIns.length).toBeGreaterThanOrEqual(3);
    // The push option's secrets, and the relay's password (email.smtp.password) of a relay with a login.
    for (const w of standIns) expect(w).toMatch(/pulumi config set --secret --path 'wire-backend:(push\.|email\.smtp\.password')/);
  });

  it("under pulumi (no stand-ins), a secret not set yet is named with its key", () => {
    expect(() => parseStackConfig(stackFile("acme-cloud"))).not.toThrow();
    const raw = parseYaml(fs.readFileSync(path.join(REPO, "Pulumi.acme-cloud.yaml"), "utf8")) as { config: Record<string, unknown> };
    expect(() => parseStackConfig(raw.config)).toThrow(/wire-backend:push\.wire\.accessKeyId: is required/);
  });

  it("stand-ins never replace a secret the stack holds", () => {
    const held = { "wire-backend:push": { option: "A", wire: { account: "1", accessKeyId: { secure: "v1:real" } } } };
    const { map, paths } = withSecretStandIns(held);
    expect(paths).toEqual(["wire-backend:push.wire.secretAccessKey"]);
    expect((map["wire-backend:push"] as { wire: Record<string, unknown> }).wire.accessKeyId).toEqual({ secure: "v1:real" });
    expect(held["wire-backend:push"].wire).not.toHaveProperty("secretAccessKey");
  });
});

describe("the human plan", () => {
  it("leads with the sizing, cost and counts per component, and lists resources only with --resources", async () => {
    const p = await plan("dev", stackFile("dev"));
    const summary = formatPlan(p).split("\n");
    expect(summary.length).toBeLessThan(90);
    expect(summary.findIndex((l) => l.includes("Cassandra"))).toBeLessThan(25);
    expect(summary.join("\n")).toMatch(/Monthly cost: \$/);
    expect(summary.join("\n")).toMatch(/cassandra \(NodeGroup\)\s*│ 12/);
    expect(summary.join("\n")).not.toContain("cassandra-1-data");
    const full = formatPlan(p, { resources: true });
    expect(full.startsWith(summary.slice(0, -1).join("\n"))).toBe(true);
    expect(full).toContain("cassandra-1-data");
  });
});

/** A cli-table3 table's column `col` (0 = the first after the left border), every line's cell joined without spaces. */
function columnText(table: string, col: number): string {
  return table
    .split("\n")
    .filter((l) => l.startsWith("│"))
    .map((l) => (l.split("│")[col + 1] ?? "").replace(/\s+/g, ""))
    .join("");
}

describe("plan --resources", () => {
  it("shows every resource type whole (no cell cut with …)", async () => {
    const p = await plan("dev", stackFile("dev"));
    const full = formatPlan(p, { resources: true });
    const resourcesTable = full.split("\n\n").find((part) => /│ component\s+│ type\s+│ name/.test(part))!;
    expect(resourcesTable).toBeDefined();
    expect(resourcesTable).not.toContain("…");
    const types = columnText(resourcesTable, 1);
    const custom = [...new Set(p.resources.filter((r) => r.custom).map((r) => r.type))];
    expect(custom).toContain("aws:ec2/subnetCidrReservation:SubnetCidrReservation");
    for (const type of custom) expect(types).toContain(type);
  });
});

describe("the doctor's table", () => {
  const long = "nginz-https.wire.a-rather-long-customer-subdomain.example-corporation.com";
  const results = [
    { id: "a", group: "dns", target: "turn1.wire.example.com", ms: 3, status: "pass" as const, detail: "→ 10.0.0.1 (TURN node 1)" },
    {
      id: "b",
      group: "https",
      target: `https://${long}/status`,
      ms: 9,
      status: "fail" as const,
      detail: `TLS handshake failed: unable to verify the first certificate of ${long}:443`,
      cause: "the ingress serves a certificate not signed by a CA this machine trusts: pass the island's CA with --ca FILE, or look at cert-manager's Certificate (kubectl -n wire describe certificate nginz-https)",
    },
  ];

  it(`fits ${TABLE_WIDTH} columns and shows every character of every cell`, () => {
    expect(TABLE_WIDTH).toBe(120);
    const text = formatResults("acme", results);
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(120);
    expect(text).not.toContain("…");
    const nospace = (t: string) => t.replace(/\s+/g, "");
    expect(columnText(text, 1)).toContain(nospace(`https https://${long}/status`));
    expect(columnText(text, 2)).toContain(nospace(results[1].detail));
    expect(columnText(text, 3)).toContain(nospace(results[1].cause!));
  });
});
