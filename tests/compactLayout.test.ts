// The compact layout and S3 assets (issue 20): the sizing of the shared data nodes, the cost against
// the reference layout, the cap, the placement guard on a deployed stack, and the plan's resources.
import { size } from "../sizing";
import { COMPACT_FLOOR_VCPU, COMPACT_KUBE_MEMORY_GIB, COMPACT_KUBE_VCPU, COMPACT_MAX_VCPU, COMPACT_MEMORY_GIB, compactKubernetes, SHARE_RULES } from "../sizing/compact";
import { resolveStack } from "../sizing/forStack";
import { deployedFromOutputs, FIRST_DEPLOYMENT, placementProblems } from "../sizing/deployed";
import { DATA_SERVICES } from "../config/services";
import { placementOf, servicesOn } from "../config/placement";
import { formatSizingTable } from "../outputs/sizingReport";
import { problemsOf } from "./helpers/configProblems";
import { ofType, plan, roleOf, stack, stackFile, INSTANCE, VOLUME } from "./helpers/stacks";
import { worstSteps } from "./helpers/costSweep";

const region = "eu-central-1";
const at = (users: number, layout: "reference" | "compact", assets: "minio" | "s3" = "minio") =>
  size({ users, region, placement: { layout, assets } });

describe("the placement table", () => {
  it("puts every service on nodes of its own (reference), on the shared data nodes (compact), and MinIO's job in S3 with assets: s3", () => {
    expect(servicesOn(placementOf({ layout: "reference", assets: "minio" }), "nodes")).toEqual([...DATA_SERVICES]);
    expect(servicesOn(placementOf({ layout: "compact", assets: "minio" }), "datanodes")).toEqual([...DATA_SERVICES]);
    const compactS3 = placementOf({ layout: "compact", assets: "s3" });
    expect(servicesOn(compactS3, "s3")).toEqual(["minio"]);
    expect(servicesOn(compactS3, "datanodes")).toEqual(DATA_SERVICES.filter((s) => s !== "minio"));
  });
});

describe("the shared data nodes", () => {
  it("carry the sum of their services' shares, each with a volume of its own, within Wire's staging memory", () => {
    const s = at(500, "compact");
    const d = s.roles.datanode;
    expect(d.count).toBe(3);
    for (const svc of DATA_SERVICES) expect(s.roles[svc].count).toBe(0);
    expect(d.shares!.map((x) => x.service)).toEqual([...DATA_SERVICES]);
    // The node's disk is the sum of the five volumes; its memory holds the pinned shares plus the OS.
    expect(d.diskGiB).toBe(d.shares!.reduce((n, x) => n + x.diskGiB, 0));
    const pinned = d.shares!.reduce((n, x) => n + x.memoryGiB, 0);
    expect(pinned).toBeLessThan(d.memoryGiB);
    expect(d.memoryGiB).toBe(COMPACT_MEMORY_GIB);
    expect(d.instance.memoryGiB).toBeGreaterThanOrEqual(d.memoryGiB);
    expect(d.instance.vcpu).toBeGreaterThanOrEqual(d.shares!.reduce((n, x) => n + x.vcpu, 0));
    // MinIO's volume holds 400 GiB of files per 1,000 users on 2 data drives of 3.
    expect(d.shares!.find((x) => x.service === "minio")!.diskGiB).toBe(Math.max(SHARE_RULES.minio.diskFloorGiB, Math.ceil((400 * 0.5) / 2)));
    for (const x of d.shares!) expect(d.why).toContain(x.why);
  });

  it("with assets: s3 carry no MinIO, and the bucket's cost is a line of the bill", () => {
    const s = at(500, "compact", "s3");
    expect(s.roles.datanode.shares!.map((x) => x.service)).not.toContain("minio");
    expect(s.roles.minio.count).toBe(0);
    const bucket = s.costLines.find((l) => l.key === "assetsBucket")!;
    expect(bucket.quantity).toBe(200); // 400 GiB per 1,000 users × 500
    expect(bucket.monthlyUSD).toBeGreaterThan(0);
    expect(s.monthlyCostUSD).toBeCloseTo(s.nodesMonthlyUSD + s.costLines.reduce((n, l) => n + l.monthlyUSD, 0), 2);
  });

  it("keep their size up to the cap, past which the layout is refused naming the reference layout", () => {
    let prev = at(1000, "compact").roles.datanode;
    for (const users of [1500, 2000, 2500]) {
      const d = at(users, "compact").roles.datanode;
      expect(d.count).toBe(3);
      expect(d.vcpu).toBe(prev.vcpu);
      expect(d.vcpu).toBe(COMPACT_MAX_VCPU);
      prev = d;
    }
    const big = at(20_000, "compact");
    expect(big.layoutRefusal).toMatch(/past the compact layout's cap of 4 vCPU; use wire-backend:layout: reference/);
    const problems = problemsOf(() => resolveStack(stack(20_000, { "wire-backend:layout": "compact" })));
    expect(problems.map((p) => `${p.key} ${p.value}`)).toContain("wire-backend:layout compact");
  });
});

describe("what compact and S3 cost against the reference layout (eu-central-1)", () => {
  it("compact at 500 users costs at most 0.6× of the reference layout, and at most 0.55× with assets: s3, in nodes and on the whole bill", () => {
    const ref = at(500, "reference");
    const compact = at(500, "compact");
    const compactS3 = at(500, "compact", "s3");
    expect(compact.nodesMonthlyUSD / ref.nodesMonthlyUSD).toBeLessThanOrEqual(0.6);
    expect(compact.monthlyCostUSD / ref.monthlyCostUSD).toBeLessThanOrEqual(0.6);
    expect(compactS3.nodesMonthlyUSD / ref.nodesMonthlyUSD).toBeLessThanOrEqual(0.55);
    expect(compactS3.monthlyCostUSD / ref.monthlyCostUSD).toBeLessThanOrEqual(0.55);
    expect(compactS3.monthlyCostUSD).toBeLessThan(compact.monthlyCostUSD);
  });

  it("Kubernetes beside the data nodes is sized by its need, not the seed's per-node floor, and grows by whole nodes", () => {
    const small = at(500, "compact").roles.kubernetes;
    expect(small).toMatchObject({ count: 3, vcpu: COMPACT_KUBE_VCPU, memoryGiB: COMPACT_KUBE_MEMORY_GIB });
    // The reference layout keeps Wire's 6 vCPU per node at the same user count.
    expect(at(500, "reference").roles.kubernetes.vcpu).toBe(6);
    // 6 vCPU fixed + 2 per 1,000 users: 12 vCPU at 3,000 users fill three nodes of 4, the next user a fourth.
    expect(at(3000, "compact", "s3").roles.kubernetes.count).toBe(3);
    expect(at(3001, "compact", "s3").roles.kubernetes.count).toBe(4);
    expect(compactKubernetes(12).count).toBe(3);
    expect(compactKubernetes(12.002).count).toBe(4);
    expect(small.why).toMatch(/the need, not the seed's per-node floor of 6 vCPU/);
  });

  it("the data nodes are Wire's staging node (4 vCPU / 8 GiB) from the first user to the cap", () => {
    for (const users of [50, 500, 2000]) expect(at(users, "compact").roles.datanode).toMatchObject({ vcpu: COMPACT_FLOOR_VCPU, memoryGiB: COMPACT_MEMORY_GIB });
  });

  it("S3 for assets: at most 0.8× of MinIO at 1,000,000 users and 0.85× at 50,000", () => {
    expect(at(1_000_000, "reference", "s3").monthlyCostUSD / at(1_000_000, "reference").monthlyCostUSD).toBeLessThanOrEqual(0.8);
    expect(at(50_000, "reference", "s3").monthlyCostUSD / at(50_000, "reference").monthlyCostUSD).toBeLessThanOrEqual(0.85);
  });

  it("size shows the other layout's figure beside this one's, and what compact gives up", () => {
    const s = size({ users: 500, region, placement: { layout: "reference", assets: "minio" }, compareLayouts: true });
    expect(s.layoutComparison).toMatchObject({ layout: "compact", monthlyCostUSD: at(500, "compact").monthlyCostUSD });
    const text = formatSizingTable(s);
    expect(text).toMatch(/layout: compact would be \$[\d,.]+ with 10 nodes/);
    expect(text).toMatch(/What compact gives up: the five data services share a failure domain per node/);
    // Past the compact cap there is nothing to compare.
    expect(size({ users: 50_000, region, compareLayouts: true }).layoutComparison).toBeUndefined();
  });
});

describe("no cost cliffs in the compact layout, up to its cap", () => {
  for (const assets of ["minio", "s3"] as const) {
    for (const conferences of [undefined, { concurrent: 5, participants: 6, video: true }]) {
      it(`eu-central-1, assets ${assets}, ${conferences ? "5 × 6 conferences" : "no conference load"}`, () => {
        const sized = (users: number) => size({ users, region, conferences, placement: { layout: "compact", assets } });
        let end = 1000;
        while (!sized(Math.ceil(end * 1.05)).layoutRefusal) end = Math.ceil(end * 1.05);
        expect(end).toBeGreaterThan(2000);
        const steep = worstSteps((users) => sized(users).monthlyCostUSD, { end }).filter((s) => s.ratio > 1.1);
        expect(steep).toEqual([]);
      });
    }
  }
});

describe("a deployed stack keeps its placement", () => {
  const deployed = deployedFromOutputs({ nodes: { cassandra: { count: 3 } }, placement: { layout: "reference", assets: "minio" } });
  it("refuses a change of layout or assets store, naming the migration", () => {
    const problems = placementProblems(deployed, { layout: "compact", assets: "s3" });
    expect(problems.map((p) => p.key)).toEqual(["wire-backend:layout", "wire-backend:assets"]);
    expect(problems[0].message).toMatch(/would delete every data node and its volumes.*keep layout: reference/);
    expect(problems[1].message).toMatch(/mc mirror from MinIO to the bucket.*keep assets: minio/);
  });
  it("reads a stack deployed before placement was recorded as the reference layout with MinIO", () => {
    const old = deployedFromOutputs({ nodes: { cassandra: { count: 3 } } });
    expect(placementProblems(old, { layout: "compact", assets: "minio" }).map((p) => p.key)).toEqual(["wire-backend:layout"]);
    expect(placementProblems(FIRST_DEPLOYMENT, { layout: "compact", assets: "s3" })).toEqual([]);
  });
  it("is refused by the plan before anything is registered", () => {
    const problems = problemsOf(() => resolveStack(stackFile("smallco"), { deployed }));
    expect(problems.map((p) => p.key)).toContain("wire-backend:layout");
  });
});

describe("the plan of the compact example (smallco)", () => {
  let p: Awaited<ReturnType<typeof plan>>;
  beforeAll(async () => {
    p = await plan("smallco", stackFile("smallco"));
  }, 120_000);

  it("builds three data nodes, one per zone, each with a protected, encrypted volume per service", () => {
    const nodes = ofType(p, INSTANCE).filter((i) => roleOf(i) === "datanode");
    expect(nodes.map((n) => n.name)).toEqual(["datanode-1", "datanode-2", "datanode-3"]);
    expect(new Set(nodes.map((n) => n.inputs.availabilityZone)).size).toBe(3);
    for (const svc of DATA_SERVICES) expect(ofType(p, INSTANCE).filter((i) => roleOf(i) === svc)).toEqual([]);
    const volumes = ofType(p, VOLUME).filter((v) => v.name.startsWith("datanode-"));
    expect(volumes.map((v) => v.name).sort()).toEqual(nodes.flatMap((n) => DATA_SERVICES.map((s) => `${n.name}-${s}-data`)).sort());
    for (const v of volumes) {
      expect(v.inputs).toMatchObject({ encrypted: true, type: "gp3" });
      expect(v.options).toMatchObject({ protect: true, retainOnDelete: true });
    }
  });

  it("has one security group for the data nodes and none for the services it replaces", () => {
    const groups = ofType(p, "aws:ec2/securityGroup:SecurityGroup").map((g) => g.name);
    expect(groups).toContain("firewall-datanode");
    for (const svc of DATA_SERVICES) expect(groups).not.toContain(`firewall-${svc}`);
  });
});

describe("the shared data nodes' volumes never shrink", () => {
  it("keeps each service's volume at least at its deployed size", () => {
    const before = resolveStack(stack(2500, { "wire-backend:layout": "compact" })).sizing.roles.datanode;
    const deployed = deployedFromOutputs({
      nodes: { datanode: { count: 3, diskGiB: before.diskGiB, volumes: Object.fromEntries(before.shares!.map((s) => [s.service, s.diskGiB])) } },
      placement: { layout: "compact", assets: "minio" },
    });
    const after = resolveStack(stack(500, { "wire-backend:layout": "compact" }), { deployed }).sizing.roles.datanode;
    for (const s of after.shares!) expect([s.service, s.diskGiB]).toEqual([s.service, before.shares!.find((b) => b.service === s.service)!.diskGiB]);
    expect(after.diskGiB).toBe(before.diskGiB);
    expect(after.why).toMatch(/volumes kept at their deployed sizes/);
  });
});
