// Bad stack files through the real command: each exits non-zero, names every bad key with its value
// and a fix, and registers no resource.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { FakeCloud } from "../cli/fakeCloud";
import { main as planMain } from "../cli/plan";

const GOOD = {
  "aws:region": "eu-central-1",
  "wire-backend:users": 2000,
  "wire-backend:domain": "wire.example.com",
};
const WIRE = { account: "123456789012", region: "eu-west-1", arnEnv: "acme", accessKeyId: "AKIAAAAAAAAAAAAAAAAA", secretAccessKey: "s".repeat(40) };
const OFFLINE = { "wire-backend:connectivity": "offline", "wire-backend:network": { clientCidrs: ["10.8.0.0/16"] } };
const BIG_DEPLOYED = { outputs: { nodes: { cassandra: { count: 9 }, minio: { count: 3 }, elasticsearch: { count: 3 } } } };

// [name, changes to a good stack (undefined deletes a key), expected fragments of the error lines, previous deployment]
const CASES: [string, Record<string, unknown>, string[], object?][] = [
  ["users negative", { "wire-backend:users": -5 }, ["wire-backend:users: -5 is not allowed; expected a whole number >= 1 and <= 10000000"]],
  ["users a word", { "wire-backend:users": "lots" }, ['wire-backend:users: "lots" is not allowed; expected a whole number']],
  ["users fractional", { "wire-backend:users": 2.5 }, ["wire-backend:users: 2.5 is not allowed"]],
  ["users huge", { "wire-backend:users": 1e12 }, ["wire-backend:users: 1000000000000 is not allowed; expected a whole number >= 1 and <= 10000000"]],
  ["users missing", { "wire-backend:users": undefined }, ["wire-backend:users: is required"]],
  ["domain missing", { "wire-backend:domain": undefined }, ["wire-backend:domain: is required"]],
  ["domain with spaces", { "wire-backend:domain": "wire example com" }, ['wire-backend:domain: "wire example com" is not a DNS name']],
  ["domain upper case", { "wire-backend:domain": "Wire.Example.COM" }, ['"Wire.Example.COM" is not a DNS name']],
  ["unknown top key", { "wire-backend:user": 5 }, ["wire-backend:user: 5 is not a known key; did you mean wire-backend:users?"]],
  ["unknown nested key", { "wire-backend:conferences": { concurent: 4, participants: 5 } }, ["wire-backend:conferences.concurent: 4 is not a known key; did you mean wire-backend:conferences.concurrent?"]],
  ["unknown role", { "wire-backend:roles": { elastic: { count: 3 } } }, ['wire-backend:roles.elastic: {"count":3} is not a known key; did you mean wire-backend:roles.elasticsearch?']],
  ["conference of one", { "wire-backend:conferences": { concurrent: 2, participants: 1 } }, ["wire-backend:conferences.participants: 1 is not allowed; expected a whole number >= 2 and <= 500"]],
  ["negative conferences", { "wire-backend:conferences": { concurrent: -1, participants: 4 } }, ["wire-backend:conferences.concurrent: -1 is not allowed; expected a whole number >= 0"]],
  ["video not boolean", { "wire-backend:conferences": { concurrent: 1, participants: 4, video: "yes" } }, ['wire-backend:conferences.video: "yes" is not allowed; expected true or false']],
  ["malformed CIDR", { "wire-backend:network": { cidr: "172.16.0/16" } }, ['wire-backend:network.cidr: "172.16.0/16" is not an IPv4 CIDR']],
  ["CIDR with host bits", { "wire-backend:network": { cidr: "172.16.5.0/16" } }, ["has host bits set"]],
  ["CIDR too small", { "wire-backend:network": { cidr: "172.16.0.0/26" } }, ["is outside /16../22"]],
  ["CIDR too large", { "wire-backend:network": { cidr: "172.0.0.0/8" } }, ["is outside /16../22"]],
  ["CIDR overlapping Kubernetes' ranges", { "wire-backend:network": { cidr: "10.233.64.0/18" } }, ["overlaps Kubernetes' internal ranges"]],
  ["too few zones", { "wire-backend:network": { zones: 1 } }, ["wire-backend:network.zones: 1 is not allowed; expected a whole number >= 3 and <= 6"]],
  ["too many zones", { "wire-backend:network": { zones: 9 } }, ["wire-backend:network.zones: 9 is not allowed; expected a whole number >= 3 and <= 6"]],
  ["too few zone names", { "wire-backend:network": { zones: 3, zoneNames: ["eu-central-1a"] } }, ["names 1 zones but network.zones is 3"]],
  ["SSH from the world", { "wire-backend:access": { adminCidrs: ["0.0.0.0/0"] } }, ['wire-backend:access.adminCidrs[0]: "0.0.0.0/0" opens SSH to the whole internet']],
  ["bad admin CIDR", { "wire-backend:access": { adminCidrs: ["office"] } }, ['wire-backend:access.adminCidrs[0]: "office" is not a CIDR']],
  ["region with two zones", { "aws:region": "us-west-1" }, ['aws:region: "us-west-1" has 2 usable availability zones (us-west-1b, us-west-1c); Wire\'s layout needs 3']],
  ["more zones than the region has", { "wire-backend:network": { zones: 4 } }, ["wire-backend:network.zones: 4 is more than the 3 zones eu-central-1 has (eu-central-1a, eu-central-1b, eu-central-1c)"]],
  ["malformed region", { "aws:region": "Frankfurt" }, ['aws:region: "Frankfurt" is not an AWS region; expected a region code such as eu-central-1']],
  // Absent credentials are secrets not set yet: the plan uses stand-ins (tests/papercuts.test.ts); a bad one is refused.
  ["push A with a short key", { "wire-backend:push": { option: "A", wire: { ...WIRE, accessKeyId: "AKIA" } } }, ["wire-backend:push.wire.accessKeyId:", "16"]],
  ["push A with a bad account", { "wire-backend:push": { option: "A", wire: { ...WIRE, account: "12" } } }, ['wire-backend:push.wire.account: "12" is not an AWS account id']],
  ["push B without apps", { "wire-backend:push": { option: "B", arnEnv: "acme" } }, ["wire-backend:push.apps: is required"]],
  ["push B with an unknown transport", { "wire-backend:push": { option: "B", arnEnv: "acme", apps: [{ appId: "a.b", transport: "FCM", credential: "k" }] } }, ['wire-backend:push.apps[0].transport: "FCM" is not allowed; expected one of APNS']],
  ["push option unknown", { "wire-backend:push": { option: "Z" } }, ['wire-backend:push.option: "Z" has no valid option']],
  ["push A offline", { ...OFFLINE, "wire-backend:push": { option: "A", wire: WIRE } }, ['wire-backend:push.option: "A" needs the internet']],
  ["push B offline", { ...OFFLINE, "wire-backend:push": { option: "B", arnEnv: "acme", apps: [{ appId: "a.b", transport: "GCM", credential: "k" }] } }, ['wire-backend:push.option: "B" needs the internet']],
  ["client ranges overlapping the VPC", { ...OFFLINE, "wire-backend:network": { cidr: "172.16.0.0/16", clientCidrs: ["172.16.8.0/24"] } }, ['wire-backend:network.clientCidrs[0]: "172.16.8.0/24" overlaps the VPC range 172.16.0.0/16']],
  ["offline without client ranges", { "wire-backend:connectivity": "offline" }, ["wire-backend:network.clientCidrs: [] must list the client ranges"]],
  ["override below the requirement", { "wire-backend:roles": { kubernetes: { count: 2 } } }, ["wire-backend:roles.kubernetes.count: 2", "force: true"]],
  ["Cassandra below quorum even with force", { "wire-backend:roles": { cassandra: { count: 2, force: true } } }, ["wire-backend:roles.cassandra.count: 2"]],
  ["unknown instance type", { "wire-backend:roles": { minio: { instanceType: "m6i.huge" } } }, ["wire-backend:roles.minio.instanceType", "m6i."]],
  ["disk override below the requirement", { "wire-backend:roles": { minio: { diskGiB: 100 } } }, ["wire-backend:roles.minio.diskGiB: 100"]],
  ["scale down without allow", {}, ["wire-backend:roles.cassandra.count: 3 would remove cassandra-4", "allowScaleDown: true"], BIG_DEPLOYED],
  ["bad AMI", { "wire-backend:amiId": "ami-xyz" }, ['wire-backend:amiId: "ami-xyz" is not an AMI id']],
  ["bad Wire version", { "wire-backend:wireVersion": "latest" }, ['wire-backend:wireVersion: "latest"']],
  ["Wire version older than supported", { "wire-backend:wireVersion": "4.43.0" }, ['wire-backend:wireVersion: "4.43.0" is older than 5.0.0', "set 5.0.0 or newer"]],
  ["backup retention too long", { "wire-backend:backup": { retentionDays: 99999 } }, ["wire-backend:backup.retentionDays: 99999 is not allowed; expected a whole number >= 1 and <= 3650"]],
];

function writeStack(dir: string, changes: Record<string, unknown>): string {
  const config: Record<string, unknown> = { ...GOOD };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete config[k];
    else config[k] = v;
  }
  const file = path.join(dir, "Pulumi.bad.yaml");
  fs.writeFileSync(file, stringify({ config }));
  return file;
}

describe("`plan` refuses a bad stack file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-bad-"));
  const registered = jest.spyOn(FakeCloud.prototype, "newResource");
  afterAll(() => {
    // Not one resource for any of the bad stacks.
    expect(registered).not.toHaveBeenCalled();
    registered.mockRestore();
  });

  it("has at least 30 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  // Every row gets all four arguments: with fewer, jest would take the fourth parameter for `done`.
  const rows = CASES.map(([name, changes, expected, previous]) => [name, changes, expected, previous ?? null] as const);
  it.each(rows)("%s", async (_name, changes, expected, previous) => {
    const file = writeStack(dir, changes);
    const args = ["--config", file];
    if (previous) {
      fs.writeFileSync(path.join(dir, "previous.json"), JSON.stringify(previous));
      args.push("--previous", path.join(dir, "previous.json"));
    }
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const code = await planMain(args);
    const printed = stderr.mock.calls.map((c) => String(c[0])).join("");
    stderr.mockRestore();
    expect(code).toBe(1);
    for (const fragment of expected) expect(printed).toContain(fragment);
    expect(printed).toContain("Nothing was planned.");
  });
});
