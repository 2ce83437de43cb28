// The compact layout judged against Wire's own compact inventory: for the smallco example stack
// (layout: compact), every play of Wire's playbooks (wire-server-deploy 682349d, committed copies under
// tests/fixtures/wire-server-deploy/ansible) must match, play by play, the hosts it matches with Wire's
// ansible/inventory/offline/staging.yml. Real `ansible-playbook --list-hosts` resolves the patterns (and
// the Jinja in postgresql-backup.yml's and -cleanup.yml's `hosts:`) on both inventories.
//
// Why a stand-in playbook: Wire's playbooks need their roles and collections (roles-external is a set
// of git submodules, the PostgreSQL plays need community modules) before Ansible will even list hosts.
// The stand-in keeps each play's `hosts:` verbatim and in order, following `import_playbook`; only
// kubespray's cluster.yml (imported from the roles-external submodule, not in the repository) is left
// out: its plays target kubespray's own groups, which kubernetes.yml's other plays already cover.
//
// Names: staging's datanodeN, kubenodeN and assethost are ours unchanged (cloud-init sets each node's
// host name to its inventory name, checked below). Ours has extra Kubernetes nodes, the calling nodes
// (coturnN, sftnodeN in kube-node: they join the cluster, wire-deployment.md §12), which staging.yml does
// not have: plays whose pattern reaches kube-node are compared with those nodes removed from our side,
// and must then be equal; every other play (all data plays) must be exactly equal.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml, stringify } from "yaml";
import { exportOutputsFromPlan } from "../../cli/export";
import { PlanDocument, runPlan } from "../../cli/planRuntime";
import { hostName } from "../../components/naming";
import { readStackFile } from "../../config/load";
import { ExportOutputs } from "../../outputs/exportFiles";

const REPO = path.join(__dirname, "..", "..");
const WSD = path.join(REPO, "tests", "fixtures", "wire-server-deploy", "ansible");
const STAGING = path.join(WSD, "inventory", "offline", "staging.yml");
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "wire-compact-"));

// wire-server-deploy's playbooks that install or configure hosts (wire-deployment.md §10), in the
// order the offline guide runs them; configure_dns.yml is rabbitmq-cluster's play for /etc/hosts.
const PLAYBOOKS = [
  "setup-offline-sources.yml",
  "seed-offline-containerd.yml",
  "sync_time.yml",
  "kubernetes.yml",
  "cassandra.yml",
  "elasticsearch.yml",
  "minio.yml",
  "postgresql-deploy.yml",
  "rabbitmq.yml",
  "roles/rabbitmq-cluster/tasks/configure_dns.yml",
  "helm_external.yml",
];
const DATA_PLAYBOOKS = ["sync_time.yml", "cassandra.yml", "elasticsearch.yml", "minio.yml", "postgresql-deploy.yml", "rabbitmq.yml", "roles/rabbitmq-cluster/tasks/configure_dns.yml", "helm_external.yml"];

interface Play {
  id: string; // "<playbook>#<n>", n counting plays within the top-level playbook (imports included)
  playbook: string;
  hosts: string;
}
const skipped: string[] = [];

/** The plays of a playbook, in order, following import_playbook (paths relative to the importing file). */
function playsOf(file: string): { hosts: string; from: string }[] {
  const doc = parseYaml(fs.readFileSync(file, "utf8")) as Record<string, unknown>[];
  return doc.flatMap((entry) => {
    const imp = entry.import_playbook as string | undefined;
    if (imp !== undefined) {
      if (imp.includes("{{")) {
        skipped.push(`${path.relative(WSD, file)}: ${imp}`);
        return [];
      }
      return playsOf(path.join(path.dirname(file), imp));
    }
    if (typeof entry.hosts !== "string") throw new Error(`${file}: a play without hosts: ${JSON.stringify(entry).slice(0, 120)}`);
    return [{ hosts: entry.hosts, from: path.relative(WSD, file) }];
  });
}

const PLAYS: Play[] = PLAYBOOKS.flatMap((pb) => playsOf(path.join(WSD, pb)).map((p, i) => ({ id: `${pb}#${i + 1}`, playbook: pb, hosts: p.hosts })));
const STAND_IN = path.join(TMP, "wire-plays.yml");
fs.writeFileSync(STAND_IN, stringify(PLAYS.map((p) => ({ name: p.id, hosts: p.hosts, gather_facts: false, tasks: [] }))));

function run(cmd: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ANSIBLE_INVENTORY_UNPARSED_FAILED: "True", ANSIBLE_HOST_KEY_CHECKING: "False", ...env } });
  if (r.error) throw new Error(`${cmd} is not installed (.ci/run installs ansible-core from Debian): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}
// Ours is INI (hosts.ini), Wire's staging.yml is YAML: each parsed by its own plugin only.
const pluginFor = (inv: string) => ({ ANSIBLE_INVENTORY_ENABLED: inv.endsWith(".yml") ? "yaml" : "ini" });

/** Hosts per play, by play name, as `ansible-playbook --list-hosts` prints them. */
function listHosts(inv: string, playbook = STAND_IN): Map<string, string[]> {
  const out = run("ansible-playbook", ["-i", inv, playbook, "--list-hosts"], pluginFor(inv));
  const plays = new Map<string, string[]>();
  for (const block of out.split(/^\s+play #\d+ /m).slice(1)) {
    const name = /\): (.*?)\tTAGS:/.exec(block)?.[1];
    const hosts = /hosts \((\d+)\):\n((?:\s{6}\S+\n?)*)/.exec(block);
    if (!name || !hosts) throw new Error(`unreadable --list-hosts output: ${block}`);
    const list = hosts[2].split("\n").map((s) => s.trim()).filter(Boolean).sort();
    expect(list).toHaveLength(Number(hosts[1]));
    plays.set(name, list);
  }
  return plays;
}

type Inventory = Record<string, { hosts?: string[]; children?: string[] }> & { _meta: { hostvars: Record<string, Record<string, unknown>> } };
function inventory(inv: string): Inventory {
  return JSON.parse(run("ansible-inventory", ["-i", inv, "--list"], pluginFor(inv))) as Inventory;
}
function members(inv: Inventory, group: string): string[] {
  const g = inv[group];
  if (!g) return [];
  return [...new Set([...(g.hosts ?? []), ...(g.children ?? []).flatMap((c) => members(inv, c))])].sort();
}

let plan: PlanDocument;
let outputs: ExportOutputs;
let ini: string;
beforeAll(async () => {
  plan = await runPlan({ stack: "smallco", config: readStackFile({ stack: "smallco", cwd: REPO }).map, showSecrets: true });
  outputs = exportOutputsFromPlan(plan);
  ini = path.join(TMP, "smallco.ini");
  fs.writeFileSync(ini, outputs.inventory);
}, 300_000);

describe("the stand-in keeps Wire's plays", () => {
  it("has every playbook's plays, and leaves out only kubespray's cluster.yml", () => {
    for (const pb of PLAYBOOKS) expect(PLAYS.some((p) => p.playbook === pb)).toBe(true);
    // postgresql-deploy.yml imports ten playbooks, postgresql-verify-HA.yml has two plays.
    expect(PLAYS.filter((p) => p.playbook === "postgresql-deploy.yml")).toHaveLength(11);
    expect(skipped).toEqual([expect.stringMatching(/^kubernetes\.yml: .*kubespray\/cluster\.yml/)]);
  });

  it("tells the inventories apart (the check can fail)", () => {
    // staging.yml with the PostgreSQL standbys moved to the primary: postgresql_ro's plays must differ.
    const staging = parseYaml(fs.readFileSync(STAGING, "utf8")) as Record<string, Record<string, unknown>>;
    staging.postgresql_ro = { hosts: { datanode1: {} } };
    const broken = path.join(TMP, "broken-staging.yml");
    fs.writeFileSync(broken, stringify(staging));
    const good = listHosts(STAGING);
    const bad = listHosts(broken);
    const differ = PLAYS.filter((p) => JSON.stringify(good.get(p.id)) !== JSON.stringify(bad.get(p.id))).map((p) => p.hosts);
    expect(differ).toEqual(expect.arrayContaining(["postgresql_ro"]));
  });
});

describe("smallco (layout: compact): Wire's playbooks match the hosts they match with staging.yml", () => {
  it("play by play: data plays exactly, Kubernetes plays once the calling nodes are set aside", () => {
    const ours = listHosts(ini);
    const wire = listHosts(STAGING);
    const inv = inventory(ini);
    const callingNodes = members(inv, "kube-node").filter((h) => !/^kubenode\d+$/.test(h));
    // The calling nodes are there, and are Kubernetes nodes only.
    const n = (r: string) => plan.sizing.roles[r as keyof typeof plan.sizing.roles]?.count ?? 0;
    expect(callingNodes).toHaveLength(n("restund") + n("sft"));
    expect(callingNodes.length).toBeGreaterThan(0);
    // staging.yml has three kubenodes; smallco plans three too (at 300 users), so names line up 1:1.
    expect(n("kubernetes")).toBe(3);
    for (const play of PLAYS) {
      const expected = wire.get(play.id);
      const got = ours.get(play.id);
      expect({ play: play.id, hosts: play.hosts, got: got?.filter((h) => !callingNodes.includes(h)) }).toEqual({ play: play.id, hosts: play.hosts, got: expected });
      if (DATA_PLAYBOOKS.includes(play.playbook)) expect({ play: play.id, got }).toEqual({ play: play.id, got: expected });
      expect(expected!.length).toBeGreaterThan(0);
    }
    // The data plays run on the three data nodes and nowhere else.
    for (const play of PLAYS.filter((p) => DATA_PLAYBOOKS.includes(p.playbook))) {
      for (const h of ours.get(play.id)!) expect(h).toMatch(/^datanode[123]$/);
    }
  });

  it("ansible-inventory: seeds, primary, standbys, master and repmgr_node_config as in staging.yml", () => {
    const inv = inventory(ini);
    const wire = inventory(STAGING);
    const datanodes = ["datanode1", "datanode2", "datanode3"];
    expect(members(inv, "datanodes")).toEqual(datanodes);
    for (const g of ["cassandra", "cassandra_seed", "elasticsearch", "elasticsearch_master", "minio", "rmq-cluster", "postgresql", "postgresql_rw", "postgresql_ro"]) {
      expect({ g, hosts: members(inv, g) }).toEqual({ g, hosts: members(wire, g) });
    }
    // kubespray's groups (cluster.yml, left out of the stand-in): the control plane and etcd are
    // staging's, kube-node and k8s-cluster are once the calling nodes are set aside.
    const calling = members(inv, "kube-node").filter((h) => !/^kubenode\d+$/.test(h));
    for (const g of ["kube-master", "etcd", "kube-node", "k8s-cluster"]) {
      expect({ g, hosts: members(inv, g).filter((h) => !calling.includes(h)) }).toEqual({ g, hosts: members(wire, g) });
    }
    expect(members(inv, "assethost")).toEqual(members(wire, "assethost"));
    expect(members(inv, "cassandra_seed")).toEqual(["datanode1"]);
    expect(members(inv, "postgresql_rw")).toEqual(["datanode1"]);
    expect(members(inv, "postgresql_ro")).toEqual(["datanode2", "datanode3"]);
    for (const h of datanodes) {
      const ours = inv._meta.hostvars[h];
      const theirs = wire._meta.hostvars[h];
      expect(ours.rabbitmq_cluster_master).toBe("datanode1");
      expect(ours.rabbitmq_cluster_master).toBe(theirs.rabbitmq_cluster_master);
      expect(ours.wire_dbname).toBe(theirs.wire_dbname);
      // Ansible turned our INI JSON into the same mapping staging.yml spells in YAML.
      expect(ours.repmgr_node_config).toEqual(theirs.repmgr_node_config);
      expect(Object.keys(ours.repmgr_node_config as object).sort()).toEqual(datanodes);
      // Every data service's interface variable is set (Wire's helm_external.yml reads it per host).
      for (const v of ["cassandra_network_interface", "elasticsearch_network_interface", "minio_network_interface", "rabbitmq_network_interface", "postgresql_network_interface"]) {
        expect({ h, v, set: typeof ours[v] }).toEqual({ h, v, set: "string" });
      }
    }
  });

  it("no data host line outside [datanodes]: each service's group has datanodes as its children", () => {
    const inv = inventory(ini);
    for (const g of ["cassandra", "elasticsearch", "elasticsearch_master", "minio", "rmq-cluster", "postgresql"]) {
      expect({ g, hosts: inv[g]?.hosts ?? [], children: inv[g]?.children }).toEqual({ g, hosts: [], children: ["datanodes"] });
    }
  });

  it("each data node's cloud-init host name is its inventory name (RabbitMQ's node names need it)", () => {
    const inv = inventory(ini);
    const instances = plan.resources.filter((r) => r.type === "aws:ec2/instance:Instance" && (r.inputs.tags as Record<string, string>)["wire:role"] === "datanode");
    expect(instances).toHaveLength(3);
    const names = instances.map((r) => {
      const doc = parseYaml(outputs.cloudInit[r.name]) as { hostname: string; fqdn: string; preserve_hostname: boolean };
      const index = Number((r.inputs.tags as Record<string, string>)["wire:index"]);
      expect({ instance: r.name, hostname: doc.hostname, fqdn: doc.fqdn, preserve: doc.preserve_hostname }).toEqual({ instance: r.name, hostname: hostName("datanode", index), fqdn: hostName("datanode", index), preserve: false });
      return doc.hostname;
    });
    expect(names.sort()).toEqual(members(inv, "datanodes"));
    expect(members(inv, "rmq-cluster")).toEqual(names);
  });
});

// ---- a data node's user data, judged by cloud-init and by sh ----------------------------------------
// Five volumes (smallco: every service), four (assets: s3, no MinIO) and three (release 5.7: neither
// PostgreSQL nor RabbitMQ): cloud-init's own schema check, and `sh -n` (dash, /bin/sh on Ubuntu, which
// runs the script's #!/bin/sh) on the mount script it writes.
const DATANODE_STACKS: Record<string, { config: () => Record<string, unknown>; services: string[] }> = {
  "smallco-five-volumes": { config: () => readStackFile({ stack: "smallco", cwd: REPO }).map, services: ["cassandra", "minio", "elasticsearch", "postgresql", "rabbitmq"] },
  "compact-s3-four-volumes": { config: () => ({ ...readStackFile({ stack: "smallco", cwd: REPO }).map, "wire-backend:assets": "s3" }), services: ["cassandra", "elasticsearch", "postgresql", "rabbitmq"] },
  "compact-5.7-three-volumes": { config: () => ({ ...readStackFile({ stack: "smallco", cwd: REPO }).map, "wire-backend:wireVersion": "5.7.0" }), services: ["cassandra", "minio", "elasticsearch"] },
};
const MOUNT_SCRIPT = "/usr/local/sbin/wire-mount-data";

describe("a data node's cloud-init", () => {
  function check(cmd: string, args: string[]) {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    if (r.error) throw new Error(`${cmd} is not installed (.ci/run installs it from Debian): ${r.error.message}`);
    return { code: r.status, out: `${r.stdout}${r.stderr}`.trim() };
  }

  it("the judges reject broken input (the checks can fail)", () => {
    const bad = path.join(TMP, "bad-cloud-init.yaml");
    fs.writeFileSync(bad, "#cloud-config\nhostname: datanode1\nwrite_files:\n  - path: /x\n    permissions: 755\n    content: 1\n    nonsense: true\n");
    expect(check("cloud-init", ["schema", "--config-file", bad]).code).not.toBe(0);
    const script = path.join(TMP, "bad.sh");
    fs.writeFileSync(script, "#!/bin/sh\nfor dev in a b; do\n  echo $dev\n");
    expect(check("sh", ["-n", script]).code).not.toBe(0);
  });

  it.each(Object.keys(DATANODE_STACKS))("%s: passes cloud-init schema, and its mount script passes sh -n", async (name) => {
    const { config, services } = DATANODE_STACKS[name];
    const p = await runPlan({ stack: name, config: config() as never, showSecrets: true });
    const out = exportOutputsFromPlan(p);
    const instances = p.resources.filter((r) => r.type === "aws:ec2/instance:Instance" && (r.inputs.tags as Record<string, string>)["wire:role"] === "datanode");
    expect(instances).toHaveLength(3);
    // One EBS volume per service placed on the data nodes, for each node.
    const volumes = p.resources.filter((r) => r.type === "aws:ebs/volume:Volume" && String(r.name).startsWith("datanode-1-"));
    expect({ name, volumes: volumes.length }).toEqual({ name, volumes: services.length });
    for (const inst of instances) {
      const text = out.cloudInit[inst.name];
      const file = path.join(TMP, `${name}-${inst.name}.yaml`);
      fs.writeFileSync(file, text);
      // The three differ only in names, addresses and volume ids: cloud-init (slow to start) judges one.
      if (inst === instances[0]) {
        const schema = check("cloud-init", ["schema", "--config-file", file]);
        expect({ instance: inst.name, ...schema }).toEqual({ instance: inst.name, code: 0, out: expect.stringContaining("Valid cloud-config") });
      }
      const doc = parseYaml(text) as { write_files: { path: string; content: string }[]; runcmd?: unknown[] };
      const mount = doc.write_files.find((f) => f.path === MOUNT_SCRIPT);
      expect(mount).toBeDefined();
      const script = path.join(TMP, `${name}-${inst.name}-mount.sh`);
      fs.writeFileSync(script, mount!.content);
      expect({ instance: inst.name, ...check("sh", ["-n", script]) }).toEqual({ instance: inst.name, code: 0, out: "" });
      // It formats (if blank) one file system per service, labelled with the service's name.
      const labels = [...mount!.content.matchAll(/mkfs\.ext4 -L (\S+)/g)].map((m) => m[1]).sort();
      expect(labels).toEqual([...services].sort());
      expect(JSON.stringify(doc.runcmd ?? [])).toContain(MOUNT_SCRIPT);
    }
  });
});
