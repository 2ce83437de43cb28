// Stack-file mistakes a new user made (issue 23's tryout), each as the stack file's text and the
// problem line it must get: the key, the value as written, and the fix. Config parsing and sizing
// only (no Pulumi), except one run of `plan` showing all of them at once with nothing registered.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { z } from "zod";
import { ConfigError } from "../config/errors";
import { configMapOfStackFile } from "../config/load";
import { stackSchema } from "../config/schema";
import { withSecretStandIns } from "../config/secretStandIns";
import { AWS_PROVIDER_KEYS } from "../config/stackKeys";
import { resolveStack } from "../sizing/forStack";
import { FakeCloud } from "../cli/fakeCloud";
import { main as planMain } from "../cli/plan";

const BASE = ["config:", "  aws:region: eu-central-1", "  wire-backend:users: 2000", "  wire-backend:domain: chat.example-corp.com"];

/** A stack file: the base lines with `replace` applied (a key's line swapped or, with null, dropped), plus `extra` lines. */
function stackText(extra: string[] = [], replace: Record<string, string | null> = {}): string {
  const lines = BASE.flatMap((l) => {
    const key = l.trim().split(":").slice(0, 2).join(":");
    if (!(key in replace)) return [l];
    return replace[key] === null ? [] : [replace[key] as string];
  });
  return [...lines, ...extra].join("\n") + "\n";
}

/** The problem lines (`key: value message`) the stack file gets, or [] when it is accepted. */
function problemLines(text: string): string[] {
  try {
    resolveStack(withSecretStandIns(configMapOfStackFile(text)).map);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message.split("\n").filter((l) => l.startsWith("  - ")).map((l) => l.slice(4));
  }
}

/** The one line about `key`, which must start with `key: value` as the operator wrote it. */
function lineFor(lines: string[], key: string, written?: string): string {
  const mine = lines.filter((l) => l.startsWith(`${key}: `));
  expect(mine).toHaveLength(1);
  if (written !== undefined) expect(mine[0].startsWith(`${key}: ${written} `)).toBe(true);
  return mine[0];
}

/** A did-you-mean names another key, never the one it is about. */
function expectNoSelfSuggestion(lines: string[]): void {
  for (const line of lines) {
    const key = line.slice(0, line.indexOf(": "));
    const meant = /did you mean ([^?]+)\?/.exec(line)?.[1];
    if (meant !== undefined) expect(meant.split(/,| or /).map((s) => s.trim())).not.toContain(key);
  }
}

const PUSH_B_WITH_A_BLOCK = [
  "  wire-backend:push:",
  "    option: B",
  "    arnEnv: corp",
  "    apps:",
  "      - {appId: com.example-corp.wire, transport: GCM, credential: fcm-key}",
  "    wire:",
  '      account: "210987654321"',
  "      region: eu-west-1",
  "      arnEnv: corp",
];

describe("each stack-file mistake gets the key, the value and the fix", () => {
  it("push option B with option A's push.wire left in: push.wire belongs to option A; remove it or switch", () => {
    const lines = problemLines(stackText(PUSH_B_WITH_A_BLOCK));
    const line = lineFor(lines, "wire-backend:push.wire", '{"account":"210987654321","region":"eu-west-1","arnEnv":"corp"}');
    expect(line).toMatch(/option A/);
    expect(line).toMatch(/remove it/);
    expect(line).toMatch(/wire-backend:push\.option: A/);
    expect(line).not.toMatch(/did you mean wire-backend:push\.wire\b/);
    expectNoSelfSuggestion(lines);
  });

  it("a key of option B under option C is refused the same way", () => {
    const line = lineFor(problemLines(stackText(["  wire-backend:push:", "    option: C", "    arnEnv: corp"])), "wire-backend:push.arnEnv", '"corp"');
    expect(line).toMatch(/option B/);
    expect(line).toMatch(/remove it/);
  });

  it("dns.zoneId holding the domain: a zone id looks like Z0123456789ABC, the domain goes in `domain`", () => {
    const line = lineFor(problemLines(stackText(["  wire-backend:dns:", "    zoneId: chat.example-corp.com"])), "wire-backend:dns.zoneId", '"chat.example-corp.com"');
    expect(line).toContain("Z0123456789ABC");
    expect(line).toContain("Route 53");
    expect(line).toContain("wire-backend:domain");
  });

  it("dns.zoneId as the API's /hostedzone/ path or in lower case: the id to write", () => {
    expect(lineFor(problemLines(stackText(["  wire-backend:dns:", "    zoneId: /hostedzone/Z0123456789ABC"])), "wire-backend:dns.zoneId")).toMatch(/: Z0123456789ABC$/);
    expect(lineFor(problemLines(stackText(["  wire-backend:dns:", "    zoneId: z0123456789abc"])), "wire-backend:dns.zoneId")).toMatch(/: Z0123456789ABC$/);
  });

  it('wireVersion: 5.23 (a YAML number): write "5.23.0" in quotes', () => {
    const line = lineFor(problemLines(stackText(["  wire-backend:wireVersion: 5.23"])), "wire-backend:wireVersion", "5.23");
    expect(line).toContain('"5.23.0"');
    expect(line).toMatch(/quot/);
  });

  it("access.adminCidrs with host bits (198.51.100.1/24): refused, naming the network 198.51.100.0/24", () => {
    const lines = problemLines(stackText(["  wire-backend:access:", "    adminCidrs:", "      - 198.51.100.1/24"]));
    const line = lineFor(lines, "wire-backend:access.adminCidrs[0]", '"198.51.100.1/24"');
    expect(line).toMatch(/host bits/);
    expect(line).toContain("198.51.100.0/24");
    expect(line).toContain("198.51.100.1/32");
  });

  // Every key of the schema that holds CIDRs (found in the JSON Schema zod generates, by name), with an
  // address inside a network instead of the network: each refused, naming the network.
  const cidrKeys: { path: string[]; list: boolean }[] = [];
  (function walk(node: Record<string, unknown>, at: string[]) {
    for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      if (/cidrs?$/i.test(k)) cidrKeys.push({ path: [...at, k], list: v.type === "array" });
      else walk(v, [...at, k]);
    }
  })(z.toJSONSchema(stackSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>, []);

  it("finds the schema's CIDR keys", () => expect(cidrKeys.map((k) => k.path.join("."))).toEqual(expect.arrayContaining(["network.cidr", "network.clientCidrs", "access.adminCidrs"])));

  it.each(cidrKeys.map((k) => [k.path.join("."), k] as const))("%s with host bits is refused with the network it meant", (_name, k) => {
    // A VPC range must be /16../22 outside Kubernetes' ranges; a list takes any range.
    const [written, network] = k.list ? ["10.8.3.7/16", "10.8.0.0/16"] : ["172.20.5.0/16", "172.20.0.0/16"];
    const yaml = k.path.map((seg, i) => `${"  ".repeat(i + 1)}${i === 0 ? "wire-backend:" : ""}${seg}:`);
    const value = k.list ? [`${"  ".repeat(k.path.length + 1)}- ${written}`] : [];
    if (!k.list) yaml[yaml.length - 1] += ` ${written}`;
    const key = `wire-backend:${k.path.join(".")}${k.list ? "[0]" : ""}`;
    const line = lineFor(problemLines(stackText([...yaml, ...value])), key, `"${written}"`);
    expect(line).toMatch(/host bits/);
    expect(line).toContain(network);
  });

  it("an IPv6 client range with host bits names its network too", () => {
    const text = stackText(["  wire-backend:connectivity: offline", "  wire-backend:network:", "    clientCidrs:", "      - 2001:db8::1/64"]);
    expect(lineFor(problemLines(text), "wire-backend:network.clientCidrs[0]", '"2001:db8::1/64"')).toContain("2001:db8::/64");
  });

  it("a key without namespace (stray: 1) is refused, saying how keys are written", () => {
    const line = lineFor(problemLines(stackText(["  stray: 1"])), "stray", "1");
    expect(line).toMatch(/namespace/);
    expect(line).toContain("wire-backend:");
    expect(line).toMatch(/remove it/);
  });

  it("a known key written without its namespace (users: 2000) gets the nearest known key", () => {
    const lines = problemLines(stackText(["  users: 2000"], { "wire-backend:users": null }));
    expect(lineFor(lines, "users", "2000")).toMatch(/did you mean wire-backend:users\?/);
    // The program's own key is still missing, and said so.
    expect(lineFor(lines, "wire-backend:users")).toMatch(/is required/);
  });

  it("an unknown key in the namespace gets the nearest known key", () => {
    const lines = problemLines(stackText(["  wire-backend:conferance:", "    concurrent: 4", "    participants: 6"]));
    expect(lineFor(lines, "wire-backend:conferance", '{"concurrent":4,"participants":6}')).toMatch(/did you mean wire-backend:conferences\?/);
    const far = lineFor(problemLines(stackText(["  wire-backend:stray: 1"])), "wire-backend:stray", "1");
    expect(far).toMatch(/valid keys here/);
    expect(far).toContain("users");
    expectNoSelfSuggestion(lines);
  });

  it("a misspelt namespace (wire_backend:) is refused with the key it meant", () => {
    const line = lineFor(problemLines(stackText(["  wire_backend:sso:", "    enabled: true"])), "wire_backend:sso", '{"enabled":true}');
    expect(line).toMatch(/did you mean wire-backend:sso\?/);
  });

  it("aws:regoin: did you mean aws:region, and the missing aws:region is still said", () => {
    const lines = problemLines(stackText(["  aws:regoin: eu-west-1"], { "aws:region": null }));
    expect(lineFor(lines, "aws:regoin", '"eu-west-1"')).toMatch(/did you mean aws:region\?/);
    expect(lineFor(lines, "aws:region")).toMatch(/is required/);
    expectNoSelfSuggestion(lines);
  });

  it("keys Pulumi's aws provider reads, and other namespaces, are accepted", () => {
    const text = stackText([
      "  aws:profile: corp-prod",
      "  aws:defaultTags:",
      "    tags: {owner: it-ops}",
      "  aws:skipRequestingAccountId: false",
      "  aws:allowedAccountIds: [\"210987654321\"]",
      "  kubernetes:context: corp",
      "  pulumi:disable-default-providers: []",
    ]);
    expect(problemLines(text)).toEqual([]);
  });

  it("the aws provider keys accepted are exactly those of the @pulumi/aws package installed", () => {
    const vars = fs.readFileSync(require.resolve("@pulumi/aws/config/vars.d.ts"), "utf8");
    const declared = [...vars.matchAll(/export declare const (\w+)/g)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(20);
    expect([...AWS_PROVIDER_KEYS].sort()).toEqual(declared.sort());
  });

  it("a region typo (eu-west1) is refused with the nearest names", () => {
    const line = lineFor(problemLines(stackText([], { "aws:region": "  aws:region: eu-west1" })), "aws:region", '"eu-west1"');
    expect(line).toMatch(/did you mean eu-west-1\?/);
  });

  it.each([
    ["count", "    kubernetes: {count: 2}", "wire-backend:roles.kubernetes.count", "2", /force: true/],
    ["instance type", '    minio: {instanceType: "t3.medium"}', "wire-backend:roles.minio.instanceType", '"t3.medium"', /larger type|force: true/],
    ["unknown instance type", '    minio: {instanceType: "m6i.huge"}', "wire-backend:roles.minio.instanceType", '"m6i.huge"', /m6i\.large, m6i\.xlarge/],
    ["disk", "    minio: {diskGiB: 100}", "wire-backend:roles.minio.diskGiB", "100", /raise it|force: true/],
    ["count below quorum", "    cassandra: {count: 2, force: true}", "wire-backend:roles.cassandra.count", "2", /at least 3/],
  ])("an override's message (%s) says the value once", (_what, override, key, written, fix) => {
    const line = lineFor(problemLines(stackText(["  wire-backend:roles:", override])), key, written);
    const rest = line.slice(`${key}: ${written} `.length);
    const bare = written.replace(/^"|"$/g, "");
    expect(rest.startsWith(bare)).toBe(false);
    expect(rest.startsWith(`"${bare}"`)).toBe(false);
    expect(line).toMatch(fix);
  });
});

describe("all of a stack file's mistakes at once", () => {
  const everything = stackText(
    [
      ...PUSH_B_WITH_A_BLOCK,
      "  aws:regoin: eu-west-1",
      "  stray: 1",
      "  wire-backend:dns:",
      "    zoneId: chat.example-corp.com",
      "  wire-backend:wireVersion: 5.23",
      "  wire-backend:access:",
      "    adminCidrs: [198.51.100.1/24]",
      "  wire-backend:roles:",
      "    kubernetes: {count: 2}",
    ],
    { "aws:region": "  aws:region: eu-west-2" },
  );
  const keys = [
    "wire-backend:push.wire",
    "aws:regoin",
    "stray",
    "wire-backend:dns.zoneId",
    "wire-backend:wireVersion",
    "wire-backend:access.adminCidrs[0]",
    // The sizing's own check, listed with the schema's although those failed.
    "wire-backend:roles.kubernetes.count",
  ];

  it("are listed together, one line each", () => {
    const lines = problemLines(everything);
    expect(lines.map((l) => l.slice(0, l.indexOf(": "))).sort()).toEqual([...keys].sort());
    expectNoSelfSuggestion(lines);
  });

  it("by `plan`, which exits 1 and registers no resource", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wb-mistakes-")), "Pulumi.corp.yaml");
    fs.writeFileSync(file, everything);
    const registered = jest.spyOn(FakeCloud.prototype, "newResource");
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const code = await planMain(["--config", file]);
    const printed = stderr.mock.calls.map((c) => String(c[0])).join("");
    stderr.mockRestore();
    expect(registered).not.toHaveBeenCalled();
    registered.mockRestore();
    expect(code).toBe(1);
    expect(printed).toContain(`${keys.length} problems in stack corp`);
    for (const key of keys) expect(printed).toContain(`  - ${key}: `);
    expect(printed).toContain("Nothing was planned.");
  });
});
