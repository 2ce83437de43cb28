// Upgrades on Wire's release cycle: a wireVersion other than the deployed one is checked against the
// release table (config/releases.ts) before any resource is registered, and `plan` reports what the
// upgrade adds and Wire's steps.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../config/errors";
import { FORMER_DEFAULT_RELEASE, OLDEST_SUPPORTED_RELEASE, RELEASE_CHANGES } from "../config/releases";
import { main as planMain } from "../cli/plan";
import { runPlan } from "../cli/planRuntime";
import { Deployed, deployedFromOutputs } from "../sizing/deployed";
import { DATA_ROLES } from "../sizing/types";
import { resolveStack } from "../sizing/forStack";
import { formatUpgradeReport, upgradeReport } from "../outputs/upgradeReport";
import { INSTANCE, ofType, plan, roleOf, stack, VOLUME } from "./helpers/stacks";

const deployedAt = (wireVersion: string): Deployed => ({ nodes: {}, wireVersion });
/** These tests cross RabbitMQ (5.8) and PostgreSQL (5.20) but not the merged charts (5.29): the
 * release they upgrade to is pinned at 5.23.0 (the former default), whatever the default is now. */
const TARGET = FORMER_DEFAULT_RELEASE;
const at = (version: string, acknowledge?: string[]) =>
  stack(2_000, { "wire-backend:wireVersion": version, ...(acknowledge ? { "wire-backend:upgrade": { acknowledge } } : {}) });

function problems(map: ReturnType<typeof at>, deployed: Deployed): string[] {
  try {
    resolveStack(map, { deployed });
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => `${p.key}: ${p.message}`);
  }
}

describe("upgrade guard", () => {
  it(`oldest supported (${OLDEST_SUPPORTED_RELEASE}) to ${TARGET} is refused without acknowledging RabbitMQ and PostgreSQL`, () => {
    const found = problems(at(TARGET), deployedAt(OLDEST_SUPPORTED_RELEASE));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^wire-backend:upgrade\.acknowledge: the upgrade from 5\.0\.0 to 5\.23\.0 crosses breaking changes: 5\.8-rabbitmq .*; 5\.20-postgresql .*set wire-backend:upgrade\.acknowledge: \["5\.8-rabbitmq","5\.20-postgresql"\]$/);
  });

  it("names only the changes not yet acknowledged, and passes once all are", () => {
    const partly = problems(at(TARGET, ["5.8-rabbitmq"]), deployedAt(OLDEST_SUPPORTED_RELEASE));
    expect(partly).toHaveLength(1);
    expect(partly[0]).toMatch(/crosses a breaking change: 5\.20-postgresql/);
    expect(partly[0]).not.toMatch(/crosses .*5\.8-rabbitmq \(/);
    expect(problems(at(TARGET, ["5.8-rabbitmq", "5.20-postgresql"]), deployedAt(OLDEST_SUPPORTED_RELEASE))).toEqual([]);
  });

  it("a patch release and an unchanged release need no acknowledgement; a first deployment has nothing to compare", () => {
    expect(problems(at("5.23.4"), deployedAt("5.23.0"))).toEqual([]);
    expect(problems(at("5.23.0"), deployedAt("5.23.0"))).toEqual([]);
    expect(problems(at("5.29.5"), { nodes: {} })).toEqual([]);
  });

  it("a minor release without a breaking change needs none either; one across 5.29 does", () => {
    expect(problems(at("5.28.0"), deployedAt("5.23.0"))).toEqual([]);
    expect(problems(at("5.29.0"), deployedAt("5.28.3"))[0]).toMatch(/5\.29-merged-charts/);
  });

  it("a downgrade is refused, even a patch one", () => {
    expect(problems(at("5.22.0"), deployedAt("5.23.0"))).toEqual([expect.stringMatching(/^wire-backend:wireVersion: would downgrade the deployed 5\.23\.0: .*forward only/)]);
    expect(problems(at("5.23.0"), deployedAt("5.23.1"))).toEqual([expect.stringMatching(/would downgrade/)]);
  });

  it("an unknown acknowledgement is a schema error naming the known ones", () => {
    const found = problems(at(TARGET, ["5.20-postgres"]), deployedAt(TARGET));
    expect(found).toEqual([expect.stringMatching(/^wire-backend:upgrade\.acknowledge\[0\]: .*5\.20-postgresql/)]);
  });
});

describe("upgrade report", () => {
  it("lists the roles and charts the release table adds and Wire's steps in order", () => {
    const r = upgradeReport({ from: OLDEST_SUPPORTED_RELEASE, to: "5.30.0", acknowledged: RELEASE_CHANGES.map((c) => c.id), fakeAws: true, sft: true });
    expect(r.kind).toBe("minor");
    expect(r.changes.map((c) => [c.id, c.acknowledged])).toEqual([["5.8-rabbitmq", true], ["5.20-postgresql", true], ["5.29-merged-charts", true]]);
    expect(r.rolesAdded.map((x) => x.role)).toEqual(["rabbitmq", "postgresql"]);
    expect(r.chartsAdded).toEqual(["rabbitmq-external", "postgresql-external"]);
    const order = ["offline bundle", "asset host", "rabbitmq.yml", "postgresql-deploy.yml", "helm_external.yml", "kubectl get nodes", "cassandra-external", "fake-aws", "databases-ephemeral", "install wire-server", "webapp", "nginx-ingress-services", "install coturn", "install sftd", "npm run doctor"];
    const positions = order.map((needle) => r.steps.findIndex((s) => s.includes(needle)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(formatUpgradeReport(r)).toMatch(/^Upgrade of wire-server 5\.0\.0 -> 5\.30\.0 \(minor release\)\nBreaking changes crossed:\n  - 5\.8-rabbitmq/);
  });

  it("a patch release adds nothing and skips the playbooks of new roles", () => {
    const r = upgradeReport({ from: "5.23.0", to: "5.23.2", acknowledged: [], fakeAws: false, sft: false });
    expect({ kind: r.kind, changes: r.changes, roles: r.rolesAdded, added: r.chartsAdded }).toEqual({ kind: "patch", changes: [], roles: [], added: [] });
    expect(r.steps.some((s) => s.includes("postgresql-deploy") || s.includes("upgrade --install fake-aws") || s.includes("sftd"))).toBe(false);
    expect(r.steps.some((s) => s.includes("install wire-server"))).toBe(true);
    // Charts earlier exports installed for no reader are removed, not upgraded.
    expect(r.steps.filter((s) => /smtp/.test(s))).toEqual([expect.stringMatching(/helm uninstall smtp; d helm uninstall fake-aws/)]);
    const withFake = upgradeReport({ from: "5.23.0", to: "5.23.2", acknowledged: [], fakeAws: true, sft: false });
    // A stack that still reads fake-aws upgrades it and never removes it.
    const fakeSteps = withFake.steps.filter((s) => /fake-aws/.test(s));
    expect(fakeSteps).toHaveLength(1);
    expect(fakeSteps[0]).toContain("upgrade --install fake-aws");
  });

  it("plan --previous prints it before the plan, and --json carries it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wire-upgrade-"));
    const previous = path.join(dir, "previous.json");
    const before = await plan("up", at(OLDEST_SUPPORTED_RELEASE));
    expect(before.outputs.wireVersion).toBe(OLDEST_SUPPORTED_RELEASE);
    fs.writeFileSync(previous, JSON.stringify(before.outputs));
    const stackFile = path.join(dir, "Pulumi.up.yaml");
    const write = (ack: string[]) =>
      fs.writeFileSync(stackFile, `config:\n  aws:region: eu-central-1\n  wire-backend:users: 2000\n  wire-backend:domain: wire.example.com\n  wire-backend:wireVersion: ${TARGET}\n  wire-backend:upgrade: {acknowledge: ${JSON.stringify(ack)}}\n`);
    let out = "";
    let err = "";
    const o = jest.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
    const e = jest.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
    try {
      write([]);
      expect(await planMain(["--config", stackFile, "--previous", previous])).toBe(1);
      expect(err).toMatch(/wire-backend:upgrade\.acknowledge/);
      expect(out).toBe("");
      write(["5.8-rabbitmq", "5.20-postgresql"]);
      expect(await planMain(["--config", stackFile, "--previous", previous])).toBe(0);
      expect(out).toMatch(/^Upgrade of wire-server 5\.0\.0 -> 5\.23\.0 \(minor release\)[\s\S]*Roles added: rabbitmq \(\[rmq-cluster\][\s\S]*postgresql/);
      out = "";
      expect(await planMain(["--config", stackFile, "--previous", previous, "--json"])).toBe(0);
      const doc = JSON.parse(out);
      expect(doc.upgrade.rolesAdded.map((r: { role: string }) => r.role)).toEqual(["rabbitmq", "postgresql"]);
      expect(doc.outputs.wireVersion).toBe(TARGET);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }, 120_000);
});

describe(`upgrade from the oldest supported release (${OLDEST_SUPPORTED_RELEASE}) to ${TARGET}`, () => {
  // Inputs whose change makes AWS replace an instance or a volume (ForceNew), i.e. lose its data.
  const REPLACING: Record<string, string[]> = {
    [INSTANCE]: ["ami", "availabilityZone", "subnetId", "privateIp", "keyName", "rootBlockDevice"],
    [VOLUME]: ["availabilityZone", "encrypted", "kmsKeyId", "snapshotId", "type"],
  };
  const dataRoles: readonly string[] = DATA_ROLES;

  it("with the acknowledgements plans the added roles and replaces no data resource", async () => {
    const before = await plan("upgrade", at(OLDEST_SUPPORTED_RELEASE));
    const deployed = deployedFromOutputs(before.outputs);
    expect(deployed.wireVersion).toBe(OLDEST_SUPPORTED_RELEASE);
    const count = (p: typeof before, role: string) => ofType(p, INSTANCE).filter((r) => roleOf(r) === role).length;
    expect([count(before, "postgresql"), count(before, "rabbitmq")]).toEqual([0, 0]);

    // Refused without, planned with the acknowledgements (the same guard `pulumi up` runs).
    expect(problems(at(TARGET), deployed)).toHaveLength(1);
    const after = await runPlan({ stack: "upgrade", config: at(TARGET, ["5.8-rabbitmq", "5.20-postgresql"]), deployed });
    expect([count(after, "postgresql"), count(after, "rabbitmq")]).toEqual([3, 3]);
    expect(ofType(after, VOLUME).filter((r) => ["postgresql", "rabbitmq"].includes(roleOf(r)))).toHaveLength(6);

    const old = [...ofType(before, INSTANCE), ...ofType(before, VOLUME)].filter((r) => dataRoles.includes(roleOf(r)));
    expect(old.length).toBeGreaterThanOrEqual(18);
    const byUrn = new Map(after.resources.map((r) => [r.urn, r]));
    for (const r of old) {
      const next = byUrn.get(r.urn);
      expect({ urn: r.urn, kept: Boolean(next) }).toEqual({ urn: r.urn, kept: true });
      for (const key of REPLACING[r.type]) {
        expect({ urn: r.urn, key, value: next!.inputs[key] }).toEqual({ urn: r.urn, key, value: r.inputs[key] });
      }
      expect(next!.options.protect).toBe(true);
    }
  }, 180_000);
});
