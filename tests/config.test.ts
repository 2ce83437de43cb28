import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, loadStackFile, parseStackConfig } from "../config";

const base = { "aws:region": "eu-central-1", "wire-backend:users": 2000, "wire-backend:domain": "wire.example.com" };

function problemsOf(map: Record<string, unknown>): string[] {
  try {
    parseStackConfig(map);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message.split("\n").slice(1).map((l) => l.replace(/^ {2}- /, ""));
  }
  throw new Error("expected a ConfigError");
}

describe("a valid stack", () => {
  it("fills every default", () => {
    const { config } = parseStackConfig(base);
    expect(config).toMatchObject({
      users: 2000,
      region: "eu-central-1",
      connectivity: "online",
      push: { option: "C" },
      network: { cidr: "172.16.0.0/16", zones: 3, clientCidrs: [] },
      access: { adminCidrs: [] },
      protect: true,
      backup: { retentionDays: 35 },
      sso: { enabled: false },
    });
    expect(config.conferences).toBeUndefined();
  });

  it("reads Pulumi's string-encoded values as the runtime hands them over", () => {
    const { config } = parseStackConfig({
      "aws:region": "eu-central-1",
      "wire-backend:users": "5000",
      "wire-backend:domain": "chat.example.org",
      "wire-backend:conferences": JSON.stringify({ concurrent: 3, participants: 10 }),
      "wire-backend:protect": "false",
    });
    expect(config.users).toBe(5000);
    expect(config.conferences).toEqual({ concurrent: 3, participants: 10, video: true });
    expect(config.protect).toBe(false);
  });

  it("ignores other namespaces (provider settings)", () => {
    expect(() => parseStackConfig({ ...base, "aws:profile": "prod", "kubernetes:context": "x" })).not.toThrow();
  });

  it("applies a scenario preset, and an explicit key wins over it", () => {
    const offline = parseStackConfig({ ...base, "wire-backend:scenario": "offline", "wire-backend:network": { clientCidrs: ["192.168.0.0/16"] }, "wire-backend:email": { smtp: { host: "10.20.0.25" } } });
    expect(offline.config.connectivity).toBe("offline");
    expect(offline.config.push.option).toBe("C");
    const explicit = parseStackConfig({ ...base, "wire-backend:scenario": "on-prem", "wire-backend:push": { option: "C" } });
    expect(explicit.config.push.option).toBe("C");
    expect(explicit.config.connectivity).toBe("online");
  });

  it("loads Pulumi.dev.yaml from the repository", () => {
    const { config } = loadStackFile({ stack: "dev", cwd: path.join(__dirname, "..") });
    expect(config.users).toBe(2000);
    expect(config.domain).toMatch(/\./);
  });

  it("treats `secure:` values as secrets and never prints them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-"));
    const file = path.join(dir, "Pulumi.a.yaml");
    fs.writeFileSync(
      file,
      [
        "config:",
        "  aws:region: eu-central-1",
        "  wire-backend:users: 100",
        "  wire-backend:domain: wire.example.com",
        "  wire-backend:push:",
        "    option: A",
        "    wire: { account: '123456789012', region: eu-west-1, arnEnv: acme,",
        "            accessKeyId: { secure: v1:abc }, secretAccessKey: tinysecret }",
      ].join("\n"),
    );
    let message = "";
    try {
      loadStackFile({ file });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("wire-backend:push.wire.secretAccessKey: \"[secret]\"");
    expect(message).not.toContain("tinysecret");
  });
});

// Each row: a bad stack, and the text every expected problem line must contain (key, value, fix).
const badStacks: [string, Record<string, unknown>, string[]][] = [
  ["negative users", { "wire-backend:users": -5 }, ["wire-backend:users: -5 is not allowed; expected a whole number >= 1 and <= 10000000"]],
  ["users not a number", { "wire-backend:users": "many" }, ['wire-backend:users: "many" is not allowed; expected a whole number']],
  ["fractional users", { "wire-backend:users": 10.5 }, ["wire-backend:users: 10.5 is not allowed; expected a whole number >= 1"]],
  ["missing users", { "wire-backend:users": undefined }, ["wire-backend:users: is required"]],
  ["missing domain", { "wire-backend:domain": undefined }, ["wire-backend:domain: is required"]],
  ["bad domain", { "wire-backend:domain": "Wire Example" }, ['wire-backend:domain: "Wire Example" is not a DNS name']],
  ["bad region", { "aws:region": "frankfurt" }, ['aws:region: "frankfurt" is not an AWS region; expected a region code such as eu-central-1']],
  ["unknown key", { "wire-backend:usres": 3 }, ["wire-backend:usres: 3 is not a known key; did you mean wire-backend:users?"]],
  ["unknown nested key", { "wire-backend:network": { cidrs: "172.16.0.0/16" } }, ['wire-backend:network.cidrs: "172.16.0.0/16" is not a known key; did you mean wire-backend:network.cidr?']],
  ["unknown role", { "wire-backend:roles": { cassandr: { count: 3 } } }, ['wire-backend:roles.cassandr: {"count":3} is not a known key; did you mean wire-backend:roles.cassandra?']],
  ["bad connectivity", { "wire-backend:connectivity": "offlne" }, ['wire-backend:connectivity: "offlne" is not allowed; expected one of online, offline (did you mean offline?)']],
  ["bad push option", { "wire-backend:push": { option: "D" } }, ['wire-backend:push.option: "D" has no valid option; expected option A']],
  ["push A without Wire's data", { "wire-backend:push": { option: "A" } }, ["wire-backend:push.wire: is required"]],
  ["push B without apps", { "wire-backend:push": { option: "B", arnEnv: "acme" } }, ["wire-backend:push.apps: is required"]],
  ["malformed CIDR", { "wire-backend:network": { cidr: "172.16.0.0/33" } }, ['wire-backend:network.cidr: "172.16.0.0/33" is not an IPv4 CIDR']],
  ["CIDR with host bits", { "wire-backend:network": { cidr: "172.16.1.0/16" } }, ['wire-backend:network.cidr: "172.16.1.0/16" has host bits set']],
  ["CIDR too small", { "wire-backend:network": { cidr: "172.16.0.0/24" } }, ['wire-backend:network.cidr: "172.16.0.0/24" is outside /16../22']],
  ["CIDR overlapping Kubernetes", { "wire-backend:network": { cidr: "10.233.0.0/16" } }, ["overlaps Kubernetes' internal ranges"]],
  ["too few zones", { "wire-backend:network": { zones: 2 } }, ["wire-backend:network.zones: 2 is not allowed; expected a whole number >= 3 and <= 6"]],
  ["world-open SSH", { "wire-backend:access": { adminCidrs: ["0.0.0.0/0"] } }, ['wire-backend:access.adminCidrs[0]: "0.0.0.0/0" opens SSH to the whole internet']],
  ["world-open SSH over IPv6", { "wire-backend:access": { adminCidrs: ["::/0"] } }, ['wire-backend:access.adminCidrs[0]: "::/0" opens SSH']],
  ["offline without client ranges", { "wire-backend:connectivity": "offline" }, ["wire-backend:network.clientCidrs: [] must list the client ranges"]],
  ["push A offline", { "wire-backend:connectivity": "offline", "wire-backend:network": { clientCidrs: ["192.168.0.0/16"] }, "wire-backend:push": { option: "A", wire: { account: "123456789012", region: "eu-west-1", arnEnv: "acme", accessKeyId: "AKIAAAAAAAAAAAAAAAAA", secretAccessKey: "s".repeat(40) } } }, ['wire-backend:push.option: "A" needs the internet']],
  ["conference of one", { "wire-backend:conferences": { concurrent: 2, participants: 1 } }, ["wire-backend:conferences.participants: 1 is not allowed; expected a whole number >= 2 and <= 500"]],
  ["override with a bad type name", { "wire-backend:roles": { kubernetes: { instanceType: "big" } } }, ['wire-backend:roles.kubernetes.instanceType: "big" is not an EC2 instance type']],
  ["bad AMI id", { "wire-backend:amiId": "ubuntu" }, ['wire-backend:amiId: "ubuntu" is not an AMI id']],
  ["bad scenario", { "wire-backend:scenario": "hybrid" }, ['wire-backend:scenario: "hybrid" is not allowed; expected one of cloud, on-prem, offline']],
  ["backup retention zero", { "wire-backend:backup": { retentionDays: 0 } }, ["wire-backend:backup.retentionDays: 0 is not allowed; expected a whole number >= 1 and <= 3650"]],
  ["protect not boolean", { "wire-backend:protect": "yes" }, ['wire-backend:protect: "yes" is not allowed; expected true or false']],
];

describe("a bad stack file gets one clear line per problem", () => {
  it.each(badStacks)("%s", (_name, change, expected) => {
    const problems = problemsOf({ ...base, ...change });
    for (const text of expected) expect(problems.some((p) => p.includes(text))).toBe(true);
  });

  it("reports every problem of a stack at once", () => {
    const problems = problemsOf({
      "aws:region": "mars-1",
      "wire-backend:users": 0,
      "wire-backend:domain": "x",
      "wire-backend:connectivty": "online",
      "wire-backend:access": { adminCidrs: ["0.0.0.0/0"] },
    });
    expect(problems.map((p) => p.split(":")[0] + ":" + p.split(":")[1])).toEqual(
      expect.arrayContaining(["aws:region", "wire-backend:users", "wire-backend:domain", "wire-backend:connectivty", "wire-backend:access.adminCidrs[0]"]),
    );
    expect(problems).toHaveLength(5);
  });

  it("names a missing stack file and the flag that chose it", () => {
    expect(() => loadStackFile({ stack: "nosuch", cwd: os.tmpdir() })).toThrow(/--stack: "nosuch" has no stack file/);
  });

  it("rejects a stack file that is not YAML", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wb-")), "Pulumi.bad.yaml");
    fs.writeFileSync(file, "config: [unclosed");
    expect(() => loadStackFile({ file })).toThrow(/is not valid YAML/);
  });
});
