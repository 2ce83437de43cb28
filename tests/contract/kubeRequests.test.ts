// The compact layout sizes its Kubernetes nodes by need (sizing/compact.ts compactKubernetes), below
// the seed's per-node floor. Judged here by what Wire's charts really ask for: every chart the install
// runbook installs, rendered by a real helm from the export of each compact stack, and the resource
// requests of every pod they create summed. With one node lost, the nodes left must still hold all of
// it beside what Kubernetes keeps on each node for itself; otherwise pods would stay Pending. What this
// does not model: how pods pack onto each node (anti-affinity, the largest pod against one node's free
// room) and the charts' hook Jobs (migrations, which run once, beside everything else).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exportOutputsFromPlan } from "../../cli/export";
import { runPlan } from "../../cli/planRuntime";
import type { ConfigMap } from "../../config/load";
import { compareVersions, DEFAULT_RELEASE } from "../../config/releases";
import { runbookInput, writeExport } from "../../outputs/exportFiles";
import { type HelmStep, helmTemplateArgv, installSteps } from "../../outputs/installSteps";
import { fixtureReleases, type K8sObject, renderChartAsync } from "../helpers/helmRender";
import { exampleStacks, stack, stackFile } from "../helpers/stacks";

/**
 * What each node keeps outside the charts' pods, from kubespray (Wire's offline playbooks run it on
 * every kubenode, each a control-plane node): its reservation for control-plane nodes
 * (kube_master_cpu_reserved 200m, kube_master_memory_reserved 512Mi), the requests of the pods it
 * runs on each of them (kube-apiserver 250m, kube-controller-manager 200m, kube-scheduler 100m,
 * calico-node 150m / 64M, nodelocaldns 100m / 70Mi, a share of CoreDNS's 2 × 100m / 70Mi), and
 * the OS and etcd outside any cgroup Kubernetes accounts for: rounded up to 1 vCPU and 1.5 GiB.
 */
const SYSTEM_PER_NODE = { vcpu: 1, memoryGiB: 1.5 };

const SSO: ConfigMap = { "wire-backend:sso": { enabled: true } };
const CONFERENCES: ConfigMap = { "wire-backend:conferences": { concurrent: 5, participants: 6, video: true } };
const COMPACT: ConfigMap = { "wire-backend:layout": "compact" };
const releases = fixtureReleases().sort(compareVersions);
const at = (release: string, users: number, ...extra: ConfigMap[]) => stack(users, Object.assign({ "wire-backend:wireVersion": release }, COMPACT, ...extra));

const STACKS: Record<string, ConfigMap> = {
  ...Object.fromEntries(exampleStacks().filter((s) => stackFile(s)["wire-backend:layout"] === "compact").map((s) => [s, stackFile(s)])),
  // The oldest and the newest release of the fixtures, with every optional chart (SSO: spar; conferences).
  [`oldest ${releases[0]}, 500 users`]: at(releases[0], 500, SSO),
  [`newest ${releases[releases.length - 1]}, 3,000 users, SSO and conferences`]: at(releases[releases.length - 1], 3000, SSO, CONFERENCES, { "wire-backend:assets": "s3" }),
  // Past 3,000 users (S3 only: MinIO's compact cap is lower) a fourth Kubernetes node.
  [`newest ${releases[releases.length - 1]}, 3,300 users with S3, four Kubernetes nodes`]: at(releases[releases.length - 1], 3300, { "wire-backend:assets": "s3" }),
};

interface Requests {
  vcpu: number;
  memoryGiB: number;
}
const cpu = (v: unknown): number => (v === undefined ? 0 : String(v).endsWith("m") ? Number(String(v).slice(0, -1)) / 1000 : Number(v));
const UNITS: Record<string, number> = { "": 1 / 2 ** 30, k: 1e3 / 2 ** 30, M: 1e6 / 2 ** 30, G: 1e9 / 2 ** 30, Ki: 1 / 2 ** 20, Mi: 1 / 2 ** 10, Gi: 1 };
function memory(v: unknown): number {
  if (v === undefined) return 0;
  const m = /^([\d.]+)(k|M|G|Ki|Mi|Gi)?$/.exec(String(v));
  if (!m) throw new Error(`a memory quantity this test does not read: ${String(v)}`);
  return Number(m[1]) * UNITS[m[2] ?? ""];
}

interface PodSpec {
  containers: { resources?: { requests?: { cpu?: unknown; memory?: unknown } } }[];
  initContainers?: PodSpec["containers"];
}
/** A pod's requests as the scheduler counts them: its containers' sum, or its largest init container if more. */
function podRequests(spec: PodSpec): Requests {
  const sum = spec.containers.reduce((n, c) => ({ vcpu: n.vcpu + cpu(c.resources?.requests?.cpu), memoryGiB: n.memoryGiB + memory(c.resources?.requests?.memory) }), { vcpu: 0, memoryGiB: 0 });
  for (const c of spec.initContainers ?? []) {
    sum.vcpu = Math.max(sum.vcpu, cpu(c.resources?.requests?.cpu));
    sum.memoryGiB = Math.max(sum.memoryGiB, memory(c.resources?.requests?.memory));
  }
  return sum;
}

interface Workload {
  /** Pods that land once per node (DaemonSets), per node. */
  perNode: Requests;
  /** Every other pod, summed over its replicas. */
  placed: Requests;
  pods: number;
}
function workloadOf(objects: K8sObject[]): Workload {
  const w: Workload = { perNode: { vcpu: 0, memoryGiB: 0 }, placed: { vcpu: 0, memoryGiB: 0 }, pods: 0 };
  for (const o of objects) {
    if (!["Deployment", "StatefulSet", "DaemonSet"].includes(o.kind)) continue;
    const spec = o.spec as { replicas?: number; template: { spec: PodSpec } };
    const r = podRequests(spec.template.spec);
    if (o.kind === "DaemonSet") {
      w.perNode.vcpu += r.vcpu;
      w.perNode.memoryGiB += r.memoryGiB;
      continue;
    }
    const n = spec.replicas ?? 1;
    w.placed.vcpu += n * r.vcpu;
    w.placed.memoryGiB += n * r.memoryGiB;
    w.pods += n;
  }
  return w;
}

/** Whether `nodes` Kubernetes nodes of `node` size hold the workload with one of them lost. */
function fitsWithOneLost(w: Workload, nodes: number, node: Requests): { fits: boolean; text: string } {
  const left = nodes - 1;
  const need = { vcpu: w.placed.vcpu + left * (w.perNode.vcpu + SYSTEM_PER_NODE.vcpu), memoryGiB: w.placed.memoryGiB + left * (w.perNode.memoryGiB + SYSTEM_PER_NODE.memoryGiB) };
  const have = { vcpu: left * node.vcpu, memoryGiB: left * node.memoryGiB };
  const text = `${left} of ${nodes} nodes of ${node.vcpu} vCPU / ${node.memoryGiB} GiB: need ${need.vcpu.toFixed(2)} vCPU / ${need.memoryGiB.toFixed(2)} GiB, have ${have.vcpu} / ${have.memoryGiB}`;
  return { fits: need.vcpu <= have.vcpu && need.memoryGiB <= have.memoryGiB, text };
}

const results = new Map<string, { workload: Workload; nodes: number; node: Requests; layout: string }>();

beforeAll(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-requests-"));
  for (const [name, config] of Object.entries(STACKS)) {
    const plan = await runPlan({ stack: name.replace(/[^a-z0-9.-]+/gi, "-"), config, showSecrets: true });
    const dir = path.join(tmp, name.replace(/[^a-z0-9.-]+/gi, "-"));
    const outputs = exportOutputsFromPlan(plan);
    writeExport(outputs, dir);
    const release = String(config["wire-backend:wireVersion"] ?? DEFAULT_RELEASE);
    const steps = installSteps(runbookInput(outputs)!).filter((s): s is HelmStep => s.kind === "helm");
    const rendered = await Promise.all(steps.map((step) => renderChartAsync({ chart: step.chart, release, valuesFiles: step.valuesFiles, cwd: dir, commandLine: (tgz) => helmTemplateArgv(step, tgz) })));
    const kube = plan.sizing!.roles.kubernetes;
    results.set(name, { workload: workloadOf(rendered.flat()), nodes: kube.count, node: { vcpu: kube.instance.vcpu, memoryGiB: kube.instance.memoryGiB }, layout: plan.sizing!.placement.cassandra });
  }
}, 240_000);

describe("Kubernetes nodes of a compact stack hold what Wire's charts request, with one node lost", () => {
  for (const name of Object.keys(STACKS)) {
    it(name, () => {
      const r = results.get(name)!;
      expect(r.layout).toBe("datanodes");
      expect(r.workload.pods).toBeGreaterThan(20); // wire-server's services, three replicas each, were counted
      if (name.includes("four Kubernetes nodes")) expect(r.nodes).toBe(4);
      const fit = fitsWithOneLost(r.workload, r.nodes, r.node);
      expect({ name, fits: fit.fits, text: fit.text }).toEqual({ name, fits: true, text: fit.text });
    });
  }

  it("and the check would refuse nodes of half that size", () => {
    const r = results.get(Object.keys(STACKS)[0])!;
    expect(fitsWithOneLost(r.workload, r.nodes, { vcpu: r.node.vcpu / 2, memoryGiB: r.node.memoryGiB / 2 }).fits).toBe(false);
  });
});
