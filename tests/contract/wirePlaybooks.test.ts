// Our hosts.ini judged by Ansible the way wire-server-deploy's playbooks use it, without Wire's code
// and without network: real `ansible-inventory --list` for the PostgreSQL/RabbitMQ groups and vars of
// 99-static, `ansible-playbook --list-hosts` against a playbook of our own that targets every host
// pattern of Wire's playbooks, and a local run of a stand-in for kubernetes.yml's "Annotate nodes" task
// (which runs `kubectl annotate` on each host that has node_annotations: only control-plane nodes have
// kubectl). The full runs against Wire's own playbooks are scripted in tests/contract/wire-playbooks.sh.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exportOutputsFromPlan } from "../../cli/export";
import { PlanDocument, runPlan } from "../../cli/planRuntime";
import { hostName } from "../../components/naming";
import type { ConfigMap } from "../../config/load";
import { controlPlaneCount } from "../../outputs/inventory";
import type { Role } from "../../sizing/types";

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "wire-playbooks-"));
const base = (extra: ConfigMap = {}): ConfigMap => ({
  "aws:region": "eu-central-1",
  "wire-backend:users": 2000,
  "wire-backend:domain": "wire.example.com",
  "wire-backend:conferences": { concurrent: 10, participants: 8, video: true },
  ...extra,
});
const STACKS: Record<string, ConfigMap> = {
  "wire-5.23": base(),
  "wire-5.10": base({ "wire-backend:wireVersion": "5.10.0" }),
  "wire-5.7-offline": base({ "wire-backend:wireVersion": "5.7.0", "wire-backend:connectivity": "offline", "wire-backend:network": { clientCidrs: ["192.168.0.0/16"] }, "wire-backend:email": { smtp: { host: "10.20.0.25" } } }),
};
const cases = new Map<string, { plan: PlanDocument; ini: string }>();

beforeAll(async () => {
  for (const [name, config] of Object.entries(STACKS)) {
    const plan = await runPlan({ stack: name.replace(/\./g, "-"), config, showSecrets: true });
    const ini = path.join(TMP, `${name}.ini`);
    fs.writeFileSync(ini, exportOutputsFromPlan(plan).inventory);
    cases.set(name, { plan, ini });
  }
}, 300_000);

const STRICT = { ANSIBLE_INVENTORY_ENABLED: "ini", ANSIBLE_INVENTORY_UNPARSED_FAILED: "True", ANSIBLE_HOST_KEY_CHECKING: "False" };
function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...STRICT, ...env } });
  if (r.error) throw new Error(`${cmd} is not installed (.ci/run installs ansible-core from Debian): ${r.error.message}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}
type Inventory = Record<string, { hosts?: string[]; children?: string[] }> & { _meta: { hostvars: Record<string, Record<string, unknown>> } };
function inventory(ini: string): Inventory {
  const r = run("ansible-inventory", ["-i", ini, "--list"]);
  if (r.code !== 0) throw new Error(r.err);
  return JSON.parse(r.out) as Inventory;
}
function members(inv: Inventory, group: string): string[] {
  const g = inv[group];
  if (!g) return [];
  return [...new Set([...(g.hosts ?? []), ...(g.children ?? []).flatMap((c) => members(inv, c))])].sort();
}
const names = (role: Role, n: number) => Array.from({ length: n }, (_, i) => hostName(role, i + 1));

describe("ansible-inventory: 99-static's PostgreSQL and RabbitMQ groups and vars", () => {
  it.each(Object.keys(STACKS))("%s", (name) => {
    const c = cases.get(name)!;
    const inv = inventory(c.ini);
    const count = (r: Role) => c.plan.sizing.roles[r].count;
    const pg = names("postgresql", count("postgresql"));
    const rmq = names("rabbitmq", count("rabbitmq"));
    expect(members(inv, "postgresql")).toEqual(pg);
    expect(members(inv, "postgresql_rw")).toEqual(pg.slice(0, 1));
    expect(members(inv, "postgresql_ro")).toEqual(pg.slice(1));
    expect(members(inv, "rmq-cluster")).toEqual(rmq);
    const hv = inv._meta.hostvars;
    for (const h of pg) {
      // Ansible itself turned the INI value into a mapping: keys must equal the PostgreSQL host names.
      const repmgr = hv[h].repmgr_node_config as Record<string, { node_id: number; role: string }>;
      expect(Object.keys(repmgr).sort()).toEqual(pg);
      expect(repmgr[pg[0]].role).toBe("primary");
      expect(hv[h]).toMatchObject({ postgresql_network_interface: "ens5", wire_dbname: "wire-server" });
    }
    for (const h of rmq) {
      expect(rmq).toContain(hv[h].rabbitmq_cluster_master);
      expect(hv[h].rabbitmq_network_interface).toBe("ens5");
    }
    // ansible-cassandra's data directory on the data volume (not its /mnt/cassandra default).
    for (const h of members(inv, "cassandra")) expect(hv[h].cassandra_data_dir).toBe("/var/lib/cassandra");
  });
});

// Every host pattern wire-server-deploy 5.32's playbooks target (cassandra.yml, elasticsearch.yml,
// minio.yml, postgresql-deploy.yml and its postgresql-playbooks/, rabbitmq.yml, configure_dns.yml,
// kubernetes.yml, helm_external.yml, setup-offline-sources.yml, seed-offline-containerd.yml, sync_time.yml).
const PATTERNS = [
  "cassandra",
  "elasticsearch_master",
  "elasticsearch",
  "minio",
  "postgresql",
  "postgresql_rw",
  "postgresql_rw,postgresql_ro",
  "postgresql_ro",
  "rmq-cluster",
  "k8s-cluster",
  "kube-master",
  "kube-node",
  "etcd",
  "assethost",
  "k8s-cluster:etcd:cassandra:elasticsearch:minio:rmq-cluster:postgresql",
];
const PLAYBOOK = path.join(TMP, "wire-patterns.yml");
fs.writeFileSync(PLAYBOOK, PATTERNS.map((p) => `- hosts: "${p}"\n  gather_facts: false\n  tasks:\n    - ansible.builtin.debug: { msg: "{{ inventory_hostname }}" }\n`).join("\n"));

function listHosts(ini: string): number[] {
  const r = run("ansible-playbook", ["-i", ini, PLAYBOOK, "--list-hosts"]);
  if (r.code !== 0) throw new Error(r.err);
  return [...r.out.matchAll(/hosts \((\d+)\):/g)].map((m) => Number(m[1]));
}

describe("ansible-playbook --list-hosts: every pattern of Wire's playbooks", () => {
  it("sees a missing group as 0 hosts (the check can fail)", () => {
    const bare = path.join(TMP, "bare.ini");
    fs.writeFileSync(bare, "[cassandra]\ncassandra1 ansible_host=10.0.0.1\n");
    const counts = listHosts(bare);
    expect(counts).toHaveLength(PATTERNS.length);
    expect(counts[PATTERNS.indexOf("rmq-cluster")]).toBe(0);
    expect(counts[PATTERNS.indexOf("cassandra")]).toBe(1);
  });

  it.each(Object.keys(STACKS))("%s: each pattern matches the planned nodes", (name) => {
    const c = cases.get(name)!;
    const n = (r: Role) => c.plan.sizing.roles[r].count;
    const kube = n("kubernetes") + n("restund") + n("sft");
    const masters = controlPlaneCount(n("kubernetes"));
    const expected: Record<string, number> = {
      cassandra: n("cassandra"),
      elasticsearch_master: n("elasticsearch"),
      elasticsearch: n("elasticsearch"),
      minio: n("minio"),
      postgresql: n("postgresql"),
      postgresql_rw: Math.min(1, n("postgresql")),
      "postgresql_rw,postgresql_ro": n("postgresql"),
      postgresql_ro: Math.max(0, n("postgresql") - 1),
      "rmq-cluster": n("rabbitmq"),
      "k8s-cluster": kube,
      "kube-master": masters,
      "kube-node": kube,
      etcd: masters,
      assethost: 1,
      "k8s-cluster:etcd:cassandra:elasticsearch:minio:rmq-cluster:postgresql": kube + n("cassandra") + n("elasticsearch") + n("minio") + n("rabbitmq") + n("postgresql"),
    };
    const counts = listHosts(c.ini);
    expect(Object.fromEntries(PATTERNS.map((p, i) => [p, counts[i]]))).toEqual(expected);
    // The release decides: 5.23 needs both, 5.10 RabbitMQ only, 5.7 neither.
    const version = String(STACKS[name]["wire-backend:wireVersion"] ?? "5.23.0");
    expect([expected.postgresql > 0, expected["rmq-cluster"] > 0]).toEqual({ "5.23.0": [true, true], "5.10.0": [false, true], "5.7.0": [false, false] }[version]);
  });
});

// kubernetes.yml's task, run locally (connection local, no facts): which hosts would call kubectl.
const ANNOTATE = path.join(TMP, "annotate.yml");
fs.writeFileSync(
  ANNOTATE,
  `- hosts: k8s-cluster\n  gather_facts: false\n  connection: local\n  tasks:\n    - name: Annotate nodes (stand-in that prints instead of running kubectl)\n      ansible.builtin.debug: { msg: "kubectl annotate node {{ inventory_hostname }} {{ item.key }}={{ item.value }}" }\n      with_dict: "{{ node_annotations | default({}) }}"\n`,
);
function kubectlHosts(ini: string): string[] {
  // ansible-core's default callback prints one "ok: [host] => (item=...)" line per loop item.
  const r = run("ansible-playbook", ["-i", ini, ANNOTATE, "-e", "ansible_python_interpreter=/usr/bin/python3"], { ANSIBLE_STDOUT_CALLBACK: "default", ANSIBLE_NOCOLOR: "1" });
  if (r.code !== 0) throw new Error(r.out + r.err);
  expect(r.out).toMatch(/TASK \[Annotate nodes/);
  return [...new Set([...r.out.matchAll(/^ok: \[([^\]]+)\] => \(item=/gm)].map((m) => m[1]))].sort();
}

describe("kubernetes.yml's annotate task runs kubectl on control-plane nodes only", () => {
  it("catches node_annotations on a worker (the check can fail)", () => {
    const bad = path.join(TMP, "annotated-worker.ini");
    fs.writeFileSync(bad, `[kube-node]\nkubenode1 ansible_host=10.0.0.1\ncoturn1 ansible_host=10.0.0.2 node_annotations="{'wire.com/external-ip': '198.51.100.1'}"\n[kube-master]\nkubenode1\n[k8s-cluster:children]\nkube-master\nkube-node\n`);
    expect(kubectlHosts(bad)).toEqual(["coturn1"]);
  });

  it.each(Object.keys(STACKS))("%s", (name) => {
    const c = cases.get(name)!;
    const masters = members(inventory(c.ini), "kube-master");
    for (const h of kubectlHosts(c.ini)) expect(masters).toContain(h);
  });
});
