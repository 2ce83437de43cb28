// Customer data survives every change: scaling, upgrades, new images; backups and recovery exist;
// scaling a data role down needs an explicit yes.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../config/errors";
import { FakeCloud } from "../cli/fakeCloud";
import { main as planMain } from "../cli/plan";
import { PlanDocument, runPlan } from "../cli/planRuntime";
import { deployedFromOutputs } from "../sizing/deployed";
import { DATA_ROLES } from "../sizing/types";
import { INSTANCE, VOLUME, ofType, plan, roleOf, stack } from "./helpers/stacks";

const DATA_TYPES = [INSTANCE, VOLUME, "aws:ec2/volumeAttachment:VolumeAttachment", "aws:cloudwatch/metricAlarm:MetricAlarm"];
const isDataResource = (r: PlanDocument["resources"][number]) =>
  DATA_TYPES.includes(r.type) && (DATA_ROLES as readonly string[]).includes(r.name.split("-")[0]);

/** Inputs that make AWS replace the resource (terraform-provider-aws ForceNew). */
const FORCE_NEW: Record<string, string[]> = {
  [INSTANCE]: ["ami", "availabilityZone", "subnetId", "privateIp", "keyName", "ebsBlockDevices", "tenancy", "placementGroup"],
  [VOLUME]: ["availabilityZone", "encrypted", "kmsKeyId", "snapshotId"],
};

describe("scaling from 2,000 to 10,000 users", () => {
  it("keeps every data instance's and volume's URN and replacement-forcing inputs", async () => {
    const small = await plan("test", stack(2_000));
    const large = await runPlan({ stack: "test", config: stack(10_000), deployed: deployedFromOutputs(small.outputs) });
    const later = new Map(large.resources.map((r) => [r.urn, r]));
    const data = small.resources.filter((r) => FORCE_NEW[r.type] && isDataResource(r));
    // cassandra, minio, elasticsearch, and (the default release, 5.20.0 or later) postgresql, rabbitmq: 3 nodes each.
    expect(data.length).toBe(2 * (3 + 3 + 3 + 3 + 3));
    for (const r of data) {
      const next = later.get(r.urn);
      expect(next).toBeDefined();
      for (const key of FORCE_NEW[r.type]) expect([r.name, key, next!.inputs[key]]).toEqual([r.name, key, r.inputs[key]]);
      expect((next!.inputs.rootBlockDevice as { encrypted?: boolean } | undefined)?.encrypted).toBe((r.inputs.rootBlockDevice as { encrypted?: boolean } | undefined)?.encrypted);
    }
  });
});

describe("a Wire release and a new Ubuntu image", () => {
  it("leave every data resource's inputs identical", async () => {
    const before = await plan("u", stack(3_000, { "wire-backend:amiId": "ami-0aaaaaaaaaaaaaaaa" }));
    const after = await runPlan({
      stack: "u",
      config: stack(3_000, { "wire-backend:amiId": "ami-0bbbbbbbbbbbbbbbb", "wire-backend:wireVersion": "5.29.5", "wire-backend:upgrade": { acknowledge: ["5.29-merged-charts"] } }),
      deployed: deployedFromOutputs(before.outputs),
    });
    const later = new Map(after.resources.map((r) => [r.urn, r]));
    const data = before.resources.filter(isDataResource);
    expect(data.length).toBeGreaterThan(20);
    for (const r of data) expect([r.urn, later.get(r.urn)?.inputs]).toEqual([r.urn, r.inputs]);
    // A new node of a non-data role would get the new image; the existing ones ignore `ami`.
    for (const i of ofType(after, INSTANCE)) expect(i.options.ignoreChanges).toEqual(expect.arrayContaining(["ami", "userData"]));
  });
});

describe("images and zones of existing nodes", () => {
  it("a new image (amiId) goes to new nodes only; existing nodes keep theirs", async () => {
    const before = await runPlan({ stack: "img", config: stack(2_000, { "wire-backend:amiId": "ami-0aaaaaaaaaaaaaaaa" }) });
    const after = await runPlan({ stack: "img", config: stack(20_000, { "wire-backend:amiId": "ami-0bbbbbbbbbbbbbbbb" }), deployed: deployedFromOutputs(before.outputs) });
    const old = new Set(ofType(before, INSTANCE).map((i) => i.urn));
    const instances = ofType(after, INSTANCE);
    expect(instances.filter((i) => !old.has(i.urn)).length).toBeGreaterThan(10);
    for (const i of instances) expect([i.name, i.inputs.ami]).toEqual([i.name, old.has(i.urn) ? "ami-0aaaaaaaaaaaaaaaa" : "ami-0bbbbbbbbbbbbbbbb"]);
  });

  it("keeps the zones it was deployed over, and refuses another number of zones", async () => {
    const before = await plan("test", stack(2_000));
    const deployed = deployedFromOutputs(before.outputs);
    expect(deployed.zones).toEqual(["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
    // A later run does not look the zones up again: it uses the recorded ones.
    const again = await runPlan({ stack: "test", config: stack(2_000), deployed: { ...deployed, zones: ["eu-central-1c", "eu-central-1a", "eu-central-1b"] } });
    expect(ofType(again, INSTANCE).find((i) => i.name === "cassandra-1")!.inputs.availabilityZone).toBe("eu-central-1c");
    const error = await runPlan({ stack: "test", config: stack(2_000, { "wire-backend:network": { zones: 4 } }), deployed }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error.message)).toContain("wire-backend:network.zones: 4 would move existing nodes to other zones");
  });
});

describe("scaling a data role down", () => {
  let big: PlanDocument;
  beforeAll(async () => {
    // Elasticsearch grows vertically at 20,000 users: 5 nodes set by hand, so it has nodes to lose too.
    big = await plan("d", stack(20_000, { "wire-backend:roles": { elasticsearch: { count: 5 } } }));
  });

  it("is refused with what would be deleted and the key that allows it, and registers nothing", async () => {
    const registered = jest.spyOn(FakeCloud.prototype, "newResource");
    const error = await runPlan({ stack: "d", config: stack(2_000), deployed: deployedFromOutputs(big.outputs) }).catch((e) => e);
    expect(registered).not.toHaveBeenCalled();
    registered.mockRestore();
    expect(error).toBeInstanceOf(ConfigError);
    const cassandra = (error as ConfigError).problems.find((p) => p.key === "wire-backend:roles.cassandra.count")!;
    expect(cassandra.value).toBe(3);
    expect(cassandra.message).toContain(`cassandra-4`);
    expect(cassandra.message).toContain(`cassandra-${big.sizing.roles.cassandra.count}`);
    expect(cassandra.message).toContain("wire-backend:roles.cassandra.allowScaleDown: true");
  });

  it("goes ahead for the roles the stack file allows, and never shrinks a data volume", async () => {
    const allow = { cassandra: { allowScaleDown: true }, minio: { allowScaleDown: true }, elasticsearch: { allowScaleDown: true } };
    const p = await runPlan({ stack: "d", config: stack(2_000, { "wire-backend:roles": allow }), deployed: deployedFromOutputs(big.outputs) });
    // PostgreSQL and RabbitMQ keep 3 nodes at any size (they grow vertically); the others grow by nodes: the roles that shrink here.
    for (const role of ["cassandra", "minio", "elasticsearch"] as const) {
      expect(ofType(p, INSTANCE).filter((i) => roleOf(i) === role)).toHaveLength(p.sizing.roles[role].count);
      expect(p.sizing.roles[role].count).toBeLessThan(big.sizing.roles[role].count);
      for (const v of ofType(p, VOLUME).filter((x) => roleOf(x) === role)) expect(v.inputs.size).toBe(Math.max(big.sizing.roles[role].diskGiB, p.sizing.roles[role].diskGiB));
    }
  });

  it("is refused by `plan --previous PLAN.json` too", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-"));
    fs.writeFileSync(path.join(dir, "previous.json"), JSON.stringify(big));
    fs.writeFileSync(path.join(dir, "Pulumi.d.yaml"), `config:\n  aws:region: eu-central-1\n  wire-backend:users: 2000\n  wire-backend:domain: wire.example.com\n`);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const code = await planMain(["--config", path.join(dir, "Pulumi.d.yaml"), "--previous", path.join(dir, "previous.json")]);
    const printed = stderr.mock.calls.map((c) => String(c[0])).join("");
    stderr.mockRestore();
    expect(code).toBe(1);
    expect(printed).toMatch(/wire-backend:roles\.minio\.count: \d+ would remove minio-/);
    expect(printed).toMatch(/Nothing was planned/);
  });
});

describe("stateful resources", () => {
  it("protects, retains and snapshots data volumes; data instances cannot be terminated by API", async () => {
    const p = await plan("test", stack(2_000));
    for (const v of ofType(p, VOLUME)) {
      expect(v.options).toMatchObject({ protect: true, retainOnDelete: true });
      expect(v.inputs.finalSnapshot).toBe(true);
    }
    for (const i of ofType(p, INSTANCE)) {
      const data = (DATA_ROLES as readonly string[]).includes(roleOf(i));
      expect([i.name, i.inputs.disableApiTermination, i.options.protect]).toEqual([i.name, data, data]);
      expect(i.inputs.userDataReplaceOnChange).toBe(false);
    }
  });

  it("drops protection only when the stack file says protect: false", async () => {
    const p = await plan("unprotected", stack(2_000, { "wire-backend:protect": false }));
    for (const v of ofType(p, VOLUME)) expect(v.options.protect).toBe(false);
    for (const v of ofType(p, VOLUME)) expect(v.options.retainOnDelete).toBe(true);
  });
});

describe("backups and recovery", () => {
  it("backs up daily into a vault encrypted with the stack's key, for the configured retention", async () => {
    const p = await plan("bk", stack(2_000, { "wire-backend:backup": { retentionDays: 90 } }));
    const key = ofType(p, "aws:kms/key:Key")[0];
    expect(key.inputs.enableKeyRotation).toBe(true);
    const vault = ofType(p, "aws:backup/vault:Vault")[0];
    expect(String(vault.inputs.kmsKeyArn)).toContain(key.id!);
    const rule = (ofType(p, "aws:backup/plan:Plan")[0].inputs.rules as { schedule: string; lifecycle: { deleteAfter: number } }[])[0];
    expect(rule.lifecycle.deleteAfter).toBe(90);
    expect(rule.schedule).toMatch(/^cron\(/);
    const selection = JSON.stringify(ofType(p, "aws:backup/selection:Selection")[0].inputs.conditions);
    expect(selection).toContain("aws:ResourceTag/wire:backup");
    for (const v of ofType(p, VOLUME)) expect((v.inputs.tags as Record<string, string>)["wire:backup"]).toBe("daily");
  });

  it("keeps 35 days by default", async () => {
    const p = await plan("test", stack(2_000));
    expect((ofType(p, "aws:backup/plan:Plan")[0].inputs.rules as { lifecycle: { deleteAfter: number } }[])[0].lifecycle.deleteAfter).toBe(35);
  });

  it("has one recovery alarm per data-role instance, and none for other roles", async () => {
    const p = await plan("test", stack(2_000));
    const alarms = ofType(p, "aws:cloudwatch/metricAlarm:MetricAlarm");
    const data = ofType(p, INSTANCE).filter((i) => (DATA_ROLES as readonly string[]).includes(roleOf(i)));
    expect(alarms.map((a) => (a.inputs.dimensions as { InstanceId: string }).InstanceId).sort()).toEqual(data.map((i) => i.id).sort());
    for (const a of alarms) {
      expect(a.inputs).toMatchObject({ metricName: "StatusCheckFailed_System", namespace: "AWS/EC2" });
      expect(a.inputs.alarmActions).toEqual(["arn:aws:automate:eu-central-1:ec2:recover"]);
    }
  });

  it("logs the VPC's flows", async () => {
    const p = await plan("test", stack(2_000));
    expect(ofType(p, "aws:ec2/flowLog:FlowLog")).toHaveLength(1);
    expect(ofType(p, "aws:ec2/flowLog:FlowLog")[0].inputs).toMatchObject({ trafficType: "ALL", vpcId: p.outputs.vpcId });
  });
});

describe("what each node boots with", () => {
  it("MinIO keeps both of Wire's server directories on its data volume; every node accepts the Ansible key", async () => {
    const p = await plan("test", stack(2_000), { showSecrets: true });
    const key = String(p.outputs.ansibleSshPrivateKey);
    expect(key).toMatch(/BEGIN OPENSSH PRIVATE KEY/);
    const users = ofType(p, INSTANCE).map((i) => [i.name, String(i.inputs.userData)] as const);
    for (const [name, userData] of users) expect([name, /ssh_authorized_keys:\n\s+- ssh-ed25519 /.test(userData)]).toEqual([name, true]);
    const minio = users.find(([n]) => n === "minio-1")![1];
    for (const dir of ["/var/lib/minio-server1", "/var/lib/minio-server2"]) expect(minio).toContain(`/srv/wire-data/${dir.split("/").pop()} ${dir} none bind`);
    // The private key is a secret: a plain plan shows a placeholder.
    expect((await plan("test", stack(2_000))).outputs.ansibleSshPrivateKey).toBe("[secret]");
  });

  it("creates data nodes all at once, and updates existing ones in waves (one zone of Cassandra, and of Kubernetes, at a time), so quorum survives a resize", async () => {
    const p = await plan("test", stack(2_000));
    const reservation = ofType(p, "aws:ec2/subnetCidrReservation:SubnetCidrReservation")[0].urn;
    for (const i of ofType(p, INSTANCE)) expect([i.name, i.options.dependsOn]).toEqual([i.name, [reservation]]);
    const again = await runPlan({ stack: "test", config: stack(2_000), deployed: deployedFromOutputs(p.outputs) });
    const cassandra = ofType(again, INSTANCE).filter((i) => roleOf(i) === "cassandra");
    expect(cassandra.map((i) => i.options.dependsOn)).toEqual([[reservation], [cassandra[0].urn, reservation], [cassandra[1].urn, reservation]]);
    // Kubernetes too (etcd's members are spread over the zones): one zone at a time.
    const kube = ofType(again, INSTANCE).filter((i) => roleOf(i) === "kubernetes");
    expect(kube.map((i) => i.options.dependsOn)).toEqual([[reservation], [kube[0].urn, reservation], [kube[1].urn, reservation]]);
    // A role without data or etcd (TURN) changes all at once.
    for (const i of ofType(again, INSTANCE).filter((x) => roleOf(x) === "restund")) expect(i.options.dependsOn).toEqual([reservation]);
  });
});
