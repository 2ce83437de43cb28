// Data nodes: created all at once, changed in waves that keep each role's quorum (sizing/rollout.ts),
// and the plan's dependency chains say so.
import { runPlan, PlanDocument } from "../cli/planRuntime";
import { change, criticalPath, deployTime, firstDeployment, roleChange, changeOperations } from "../outputs/deployTime";
import { deployedFromOutputs } from "../sizing/deployed";
import { changesInWaves, minioTolerated, ONE_AT_A_TIME, rolloutWaves, waveRule } from "../sizing/rollout";
import { size } from "../sizing/size";
import type { Role } from "../sizing/types";
import { DATA_SERVICES } from "../config/services";
import { INSTANCE, ofType, plan, roleOf, stack } from "./helpers/stacks";

const instancesOf = (p: PlanDocument, role: string) => ofType(p, INSTANCE).filter((i) => roleOf(i) === role);
const indexOf = (name: string) => Number(name.split("-")[1]);

describe("the waves of each data role (sizing/rollout.ts)", () => {
  it("put every existing node in exactly one wave", () => {
    for (const role of [...DATA_SERVICES, "kubernetes"] as Role[]) {
      for (const n of [0, 1, 3, 5, 6, 12, 16, 17, 32, 48, 80, 189]) {
        const all = rolloutWaves(role, n, 3).flat().sort((a, b) => a - b);
        expect([role, n, all]).toEqual([role, n, Array.from({ length: n }, (_, i) => i + 1)]);
      }
    }
  });

  it("Cassandra: one zone per wave, three waves at any size", () => {
    for (const n of [3, 12, 48, 189]) {
      const waves = rolloutWaves("cassandra", n, 3);
      expect(waves).toHaveLength(3);
      for (const [z, wave] of waves.entries()) for (const i of wave) expect((i - 1) % 3).toBe(z);
    }
  });

  it("MinIO: per erasure set no more nodes than its parity allows with a write quorum, pools in the same wave", () => {
    expect([3, 4, 6, 8, 12, 16].map(minioTolerated)).toEqual([1, 1, 2, 3, 4, 4]);
    expect(rolloutWaves("minio", 3, 3)).toHaveLength(3);
    expect(rolloutWaves("minio", 6, 3)).toEqual([[1, 2], [3, 4], [5, 6]]);
    const pools = rolloutWaves("minio", 32, 3);
    expect(pools).toHaveLength(4);
    for (const wave of pools) {
      expect(wave.filter((i) => i <= 16)).toHaveLength(4);
      expect(wave.filter((i) => i > 16)).toHaveLength(4);
    }
  });

  it("Elasticsearch: two nodes at a time (two replicas of every shard), one while fewer than five keep a master majority", () => {
    expect(rolloutWaves("elasticsearch", 3, 3)).toEqual([[1], [2], [3]]);
    expect(rolloutWaves("elasticsearch", 5, 3)).toEqual([[1, 2], [3, 4], [5]]);
    expect(rolloutWaves("elasticsearch", 17, 3)).toHaveLength(9);
  });

  it("as sized, every data role changes in at most 4 waves up to 250,000 users (3 at 2,000)", () => {
    const wavesAt = (users: number) =>
      Object.fromEntries(DATA_SERVICES.map((r) => [r, rolloutWaves(r, size({ users, region: "eu-central-1" }).roles[r].count, 3).length]));
    expect(Math.max(...Object.values(wavesAt(2_000)))).toBe(3);
    for (const users of [50_000, 100_000, 250_000]) {
      // RabbitMQ keeps each queue on exactly two nodes, so only one node may be down at a time: it keeps
      // 3 nodes and grows them (sizing/rules.ts), 3 waves.
      const waves = wavesAt(users);
      expect([users, Object.entries(waves).filter(([, n]) => n > 4)]).toEqual([users, []]);
      expect(waves.rabbitmq).toBe(3);
    }
    // Elasticsearch grows its nodes before its count: 5 nodes of 16 vCPU at 250,000 users, 3 waves
    expect(wavesAt(250_000).elasticsearch).toBe(3);
  });

  it("a data role without a rule of its own changes one node at a time", () => {
    expect(waveRule("postgresql")).toBe(ONE_AT_A_TIME);
    expect(rolloutWaves("postgresql", 4, 3)).toEqual([[1], [2], [3], [4]]);
  });

  it("Kubernetes (etcd's members spread over the zones) changes one zone at a time; roles without data or a rule all at once", () => {
    expect(rolloutWaves("kubernetes", 7, 3)).toEqual([[1, 4, 7], [2, 5], [3, 6]]);
    expect(changesInWaves("kubernetes", false)).toBe(true);
    expect(changesInWaves("restund", false)).toBe(false);
    expect(changesInWaves("postgresql", true)).toBe(true);
  });
});

describe("plan --json dependency chains", () => {
  let first: PlanDocument;
  beforeAll(async () => {
    first = await plan("test", stack(50_000));
  });

  it("every resource lists its dependencies, implicit ones from its inputs included", () => {
    for (const r of first.resources) expect(Array.isArray(r.dependsOn)).toBe(true);
    const attachment = first.resources.find((r) => r.name === "cassandra-1-data-attachment")!;
    const urn = (name: string) => first.resources.find((r) => r.name === name)!.urn;
    // Neither is an explicit dependsOn: both flow in as the instance's and the volume's ids.
    expect(attachment.options.dependsOn).toEqual([]);
    expect(attachment.dependsOn).toEqual(expect.arrayContaining([urn("cassandra-1"), urn("cassandra-1-data")]));
    expect(first.resources.find((r) => r.name === "cassandra-1")!.dependsOn).toContain(urn("cassandra-1-data"));
  });

  it("a first deployment: no data instance waits on another of its role", () => {
    for (const role of DATA_SERVICES) {
      const own = new Set(instancesOf(first, role).map((i) => i.urn));
      // Replica-set roles (PostgreSQL, RabbitMQ) stay at 3 nodes; the sharded ones have grown at 50,000 users.
      expect(own.size).toBeGreaterThanOrEqual(first.sizing.roles[role].count > 3 ? 5 : 3);
      expect(own.size).toBe(first.sizing.roles[role].count);
      for (const i of instancesOf(first, role)) expect([i.name, i.dependsOn.filter((d) => own.has(d))]).toEqual([i.name, []]);
    }
  });

  it("a change with --previous: existing nodes wait on exactly the wave before theirs, new nodes on nothing of their role", async () => {
    const deployed = deployedFromOutputs(first.outputs);
    // Three Cassandra nodes more than deployed: nodes 13-15 are new.
    const more = { "wire-backend:roles": { cassandra: { count: first.sizing.roles.cassandra.count + 3 } } };
    const next = await runPlan({ stack: "test", config: stack(50_000, more), deployed });
    for (const role of DATA_SERVICES) {
      const instances = instancesOf(next, role);
      const urnOf = new Map(instances.map((i) => [indexOf(i.name), i.urn]));
      const existing = deployed.nodes[role]!.count;
      const waves = rolloutWaves(role, existing, 3);
      const waveOf = new Map(waves.flatMap((w, k) => w.map((i) => [i, k] as const)));
      for (const i of instances) {
        const index = indexOf(i.name);
        const own = i.dependsOn.filter((d) => [...urnOf.values()].includes(d)).sort();
        const k = waveOf.get(index);
        const expected = k === undefined || k === 0 ? [] : waves[k - 1].map((j) => urnOf.get(j)!).sort();
        expect([i.name, own]).toEqual([i.name, expected]);
      }
      if (role === "cassandra") expect(instances.length - existing).toBe(3);
    }
    // Cassandra's waves are its zones.
    const cassandra = instancesOf(next, "cassandra").filter((i) => indexOf(i.name) <= deployed.nodes.cassandra!.count);
    for (const wave of rolloutWaves("cassandra", deployed.nodes.cassandra!.count, 3)) {
      expect(new Set(wave.map((j) => cassandra.find((i) => indexOf(i.name) === j)!.inputs.availabilityZone)).size).toBe(1);
    }
  });
});

describe("estimated pulumi up time (outputs/deployTime.ts)", () => {
  const r = (name: string, type: string, dependsOn: string[] = []) => ({
    urn: `u::${name}`, id: null, type, name, parent: null, custom: true, inputs: {},
    options: { protect: false, retainOnDelete: false, ignoreChanges: [], deleteBeforeReplace: false, dependsOn: [] }, dependsOn,
  });

  it("is the longest chain of dependent operations, each at its stated duration", () => {
    const resources = [r("vpc", "aws:ec2/vpc:Vpc"), r("cassandra-1-data", "aws:ebs/volume:Volume"), r("cassandra-1", INSTANCE, ["u::vpc", "u::cassandra-1-data"]), r("x", "aws:sns/topic:Topic")];
    const e = firstDeployment({ resources });
    expect(e.seconds).toBe(15 + 60);
    expect(e.path.map((s) => s.name)).toEqual(["cassandra-1-data", "cassandra-1"]);
    const resize = criticalPath(resources, new Map([["u::cassandra-1", "resize"]]));
    expect(resize.seconds).toBe(180);
  });

  it("stays flat from 2,000 to 50,000 users for a first deployment, and a Cassandra type change takes three waves", async () => {
    const small = await plan("test", stack(2_000));
    const big = await plan("test", stack(50_000));
    expect(firstDeployment(big).seconds).toBeLessThanOrEqual(1.3 * firstDeployment(small).seconds);
    const types = { cassandra: { instanceType: "m6i.2xlarge" } };
    const next = await runPlan({ stack: "test", config: stack(50_000, { "wire-backend:roles": types }), deployed: deployedFromOutputs(big.outputs) });
    const previous = { nodes: deployedFromOutputs(big.outputs).nodes };
    const ops = changeOperations(next, previous);
    expect([...ops.values()].filter((o) => o === "resize")).toHaveLength(big.sizing.roles.cassandra.count);
    expect(roleChange(next, ops, "cassandra").waves).toBe(3);
    expect(change(next, previous).seconds).toBe(3 * 180);
    expect(deployTime(next, previous).change!.roles.map((x) => [x.role, x.waves])).toEqual([["cassandra", 3]]);
  });

  it("a Kubernetes type change takes three waves, one zone each, and a first deployment none", async () => {
    const big = await plan("test", stack(50_000));
    const kube = (p: PlanDocument) => p.resources.filter((r) => r.type === INSTANCE && /^kubernetes-\d+$/.test(r.name));
    const firstUrns = new Set(kube(big).map((i) => i.urn));
    for (const i of kube(big)) expect([i.name, i.dependsOn.filter((d) => firstUrns.has(d))]).toEqual([i.name, []]);
    const next = await runPlan({ stack: "test", config: stack(50_000, { "wire-backend:roles": { kubernetes: { instanceType: "m6i.2xlarge" } } }), deployed: deployedFromOutputs(big.outputs) });
    const previous = { nodes: deployedFromOutputs(big.outputs).nodes };
    const ops = changeOperations(next, previous);
    expect(roleChange(next, ops, "kubernetes").waves).toBe(3);
    const nodes = kube(next);
    expect(nodes.length).toBe(big.sizing.roles.kubernetes.count);
    const urnOf = new Map(nodes.map((i) => [indexOf(i.name), i.urn]));
    const waves = rolloutWaves("kubernetes", nodes.length, 3);
    waves.forEach((wave, k) => {
      expect(new Set(wave.map((j) => nodes.find((i) => indexOf(i.name) === j)!.inputs.availabilityZone)).size).toBe(1);
      for (const j of wave) {
        const own = nodes.find((i) => indexOf(i.name) === j)!.dependsOn.filter((d) => [...urnOf.values()].includes(d)).sort();
        expect([j, own]).toEqual([j, k === 0 ? [] : waves[k - 1].map((x) => urnOf.get(x)!).sort()]);
      }
    });
  });
});
