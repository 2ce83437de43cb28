// PostgreSQL and RabbitMQ (issue 10): sizing and its release gating, the security-group table, the
// inventory groups of 99-static, the Helm values and Secret, every data role's data directory on its
// data volume, and the plan's nodes. Expected figures are worked out by hand in the comments.
import { cloudConfig, DATA_MOUNT } from "../components/userData";
import { DATA_DIRS } from "../config/services";
import { GroupName, ingressRules, IngressRule } from "../config/firewall";
import { renderDataServiceValues } from "../outputs/dataServiceValues";
import { dataServiceObjects, WIRE_PG_SECRET } from "../config/postgresql";
import { parseInventoryGroups, renderInventory } from "../outputs/inventory";
import type { InventoryHost } from "../outputs/types";
import { applyOverrides, findInstance, gp3PricePerGiBMonth, hourlyPrice, roundCents, size } from "../sizing";
import { DATA_ROLES, Role } from "../sizing/types";
import { DATA_SERVICES, type DataService } from "../config/services";
import { INSTANCE, VOLUME, ofType, plan, roleOf, stack } from "./helpers/stacks";

const region = "us-east-1";
const shape = (r: { count: number; vcpu: number; memoryGiB: number; diskGiB: number }) => [r.count, r.vcpu, r.memoryGiB, r.diskGiB];

describe("sizing", () => {
  it("floors: PostgreSQL 3 × 2 vCPU / 2 GB / 50 GB (WSD postgresql-cluster.md), RabbitMQ 3 × 2 / 4 / 20, with a cost line", () => {
    const s = size({ users: 2000, region, wireVersion: "5.23.0" });
    expect(shape(s.roles.postgresql)).toEqual([3, 2, 2, 50]);
    expect(shape(s.roles.rabbitmq)).toEqual([3, 2, 4, 20]);
    expect(s.roles.postgresql.why).toMatch(/repmgr.*postgresql-cluster\.md/);
    expect(s.roles.rabbitmq.why).toMatch(/rmq-cluster.*rabbitmq_setup\.md/);
    // 3 × (hourly × 730 + gp3 × (data + 20 GiB root)), at the catalog's price of the cheapest 2-vCPU type.
    const monthly = (type: string, diskGiB: number) => roundCents(3 * (hourlyPrice(type, region)! * 730 + gp3PricePerGiBMonth(region) * (diskGiB + 20)));
    expect(findInstance(s.roles.postgresql.instanceType)).toMatchObject({ vcpu: 2, burstable: false });
    expect(s.roles.postgresql.monthlyUSD).toBeCloseTo(monthly(s.roles.postgresql.instanceType, 50), 2);
    expect(s.roles.rabbitmq.monthlyUSD).toBeCloseTo(monthly(s.roles.rabbitmq.instanceType, 20), 2);
    const seedOnly = size({ users: 2000, region, wireVersion: "5.7.0" });
    expect(s.nodesMonthlyUSD).toBeCloseTo(seedOnly.nodesMonthlyUSD + s.roles.postgresql.monthlyUSD + s.roles.rabbitmq.monthlyUSD, 2);
    // The seed's per-server rows stay those of the seed's five cluster roles.
    expect(s.totals.perServer).toEqual(seedOnly.totals.perServer);
    expect(s.totals.cluster.instances).toBe(seedOnly.totals.cluster.instances + 6);
  });

  it("at 50,000 users: PostgreSQL and RabbitMQ grow vertically at 3 nodes, up to their caps", () => {
    const s = size({ users: 50_000, region: "eu-central-1" });
    // PostgreSQL: 0.25 + 0.25 × 50 = 12.75 -> 13 vCPU, 2 GiB/vCPU = 26 GiB, 50 + 5 × 48 = 290 GiB per node.
    expect(shape(s.roles.postgresql)).toEqual([3, 13, 26, 290]);
    // RabbitMQ: 0.25 + 0.75 × 50 = 37.75 vCPU cluster-wide, capped at 24 = 3 nodes of 8 vCPU (2 GiB/vCPU = 16 GiB);
    // 20 + 2 × 48 = 116 GiB per node (a node may hold every queue's mirror).
    expect(shape(s.roles.rabbitmq)).toEqual([3, 8, 16, 116]);
    expect(s.roles.rabbitmq.why).toMatch(/capped at 24 vCPU cluster-wide \(37\.75 wanted\)/);
    expect(s.roles.postgresql.why).toMatch(/0\.25 vCPU per node \+ 0\.25 vCPU per node per 1,000 users from the first, and 5 GiB per node per 1,000 users beyond 2,000/);
  });

  it("never shrinks as users grow", () => {
    let prev = size({ users: 1, region });
    for (const users of [2000, 2001, 3000, 10_000, 40_000, 100_000, 1_000_000]) {
      const s = size({ users, region });
      for (const r of ["postgresql", "rabbitmq"] as const) {
        expect(s.roles[r].count).toBeGreaterThanOrEqual(prev.roles[r].count);
        expect(s.roles[r].vcpu).toBeGreaterThanOrEqual(prev.roles[r].vcpu);
        expect(s.roles[r].memoryGiB).toBeGreaterThanOrEqual(prev.roles[r].memoryGiB);
        expect(s.roles[r].diskGiB).toBeGreaterThanOrEqual(prev.roles[r].diskGiB);
      }
      prev = s;
    }
  });

  it.each([
    ["5.0.0", 0, 0],
    ["5.7.9", 0, 0],
    ["5.8.0", 0, 3],
    ["5.19.4", 0, 3],
    ["5.20.0", 3, 3],
    ["5.32.0", 3, 3],
  ])("wire-server %s: %i PostgreSQL and %i RabbitMQ nodes", (wireVersion, pg, rmq) => {
    const s = size({ users: 2000, region, wireVersion });
    expect([s.roles.postgresql.count, s.roles.rabbitmq.count]).toEqual([pg, rmq]);
    for (const r of ["postgresql", "rabbitmq"] as const) {
      if (s.roles[r].count === 0) {
        expect(s.roles[r].monthlyUSD).toBe(0);
        expect(s.roles[r].why).toMatch(new RegExp(`^not built: wire-server ${wireVersion.replace(/\./g, "\\.")} does not need it \\(from 5\\.(8|20)\\.0`));
      }
    }
  });

  it("defaults to the default release (5.23.0) and refuses a malformed one", () => {
    expect(size({ users: 10, region }).roles.postgresql.count).toBe(3);
    expect(() => size({ users: 10, region, wireVersion: "5.x" })).toThrow(/wireVersion/);
  });

  it("PostgreSQL is exactly 3 nodes (repmgr: one primary, two standbys), whatever force says", () => {
    const base = size({ users: 2000, region });
    for (const n of [1, 2, 4, 5]) {
      const { problems } = applyOverrides(base, { postgresql: { count: n, force: true } }, region);
      expect(problems.map((p) => p.key)).toEqual(["wire-backend:roles.postgresql.count"]);
      expect(problems[0].message).toMatch(/exactly 3 nodes.*force cannot lift this/);
    }
    expect(applyOverrides(base, { rabbitmq: { count: 2 } }, region).problems.map((p) => p.key)).toEqual(["wire-backend:roles.rabbitmq.count"]);
    expect(applyOverrides(base, { rabbitmq: { count: 5 } }, region).problems).toEqual([]);
  });
});

describe("security groups", () => {
  const rules = ingressRules({ adminCidrs: ["198.51.100.0/24"], turnTls: true });
  const on = (group: GroupName) => rules.filter((r) => r.group === group);
  const peer = (r: IngressRule) => (r.peer.kind === "group" ? r.peer.group : r.peer.kind);
  const table = (group: GroupName) => on(group).map((r) => `${r.protocol}/${r.fromPort}-${r.toPort} from ${peer(r)}`).sort();

  it("PostgreSQL: 5432 from Kubernetes and between its nodes, SSH from the admin host, nothing else", () => {
    expect(table("postgresql")).toEqual(["tcp/22-22 from adminHost", "tcp/5432-5432 from kubernetes", "tcp/5432-5432 from self"].sort());
  });

  it("RabbitMQ: AMQP from Kubernetes, cluster ports between its nodes, management and SSH from the admin host only", () => {
    expect(table("rabbitmq")).toEqual(
      [
        "tcp/5672-5672 from kubernetes",
        "tcp/4369-4369 from self",
        "tcp/25672-25672 from self",
        "tcp/35672-35682 from self",
        "tcp/15672-15672 from adminHost",
        "tcp/22-22 from adminHost",
      ].sort(),
    );
  });

  it("opens their ports on no other group, and the asset host serves both", () => {
    for (const port of [5432, 5672, 15672, 4369, 25672]) {
      const groups = new Set(rules.filter((r) => r.protocol === "tcp" && r.fromPort <= port && port <= r.toPort && r.group !== "kubernetes").map((r) => r.group));
      expect({ port, groups: [...groups] }).toEqual({ port, groups: [port === 5432 ? "postgresql" : "rabbitmq"] });
    }
    expect(table("assetHost")).toEqual(expect.arrayContaining(["tcp/8080-8080 from postgresql", "tcp/8080-8080 from rabbitmq"]));
  });
});

const host = (role: Role, index: number, ip: string): InventoryHost => ({ role, hostname: `${role}${index}`, index, privateIp: ip, instanceType: "c6i.large" });
const HOSTS: InventoryHost[] = [
  host("cassandra", 1, "10.0.1.1"),
  host("assetHost", 1, "10.0.0.10"),
  ...[1, 2, 3].map((i) => host("postgresql", i, `10.0.2.${i}`)),
  ...[1, 2, 3].map((i) => host("rabbitmq", i, `10.0.3.${i}`)),
].map((h) => (h.role === "assetHost" ? { ...h, hostname: "assethost" } : h));

describe("inventory", () => {
  const ini = renderInventory(HOSTS, { online: true });
  const groups = parseInventoryGroups(ini);
  // parseInventoryGroups keeps only the first word of a line: read the :vars lines themselves.
  const varLines = (group: string) => {
    const block = ini.split(`[${group}:vars]\n`)[1].split("\n\n")[0];
    return Object.fromEntries(block.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  };

  it("has 99-static's PostgreSQL groups: all nodes, the primary (rw), the standbys (ro), and its vars", () => {
    expect(groups.postgresql).toEqual(["postgresql1", "postgresql2", "postgresql3"]);
    expect(groups.postgresql_rw).toEqual(["postgresql1"]);
    expect(groups.postgresql_ro).toEqual(["postgresql2", "postgresql3"]);
    const v = varLines("postgresql");
    expect(Object.keys(v).sort()).toEqual(["postgresql_network_interface", "repmgr_node_config", "wire_dbname"]);
    expect(v.postgresql_network_interface).toBe("ens5");
    expect(v.wire_dbname).toBe("wire-server");
    const repmgr = JSON.parse(v.repmgr_node_config) as Record<string, { node_id: number; priority: number; role: string }>;
    expect(Object.keys(repmgr)).toEqual(groups.postgresql);
    expect(Object.values(repmgr).map((n) => [n.node_id, n.role])).toEqual([[1, "primary"], [2, "standby"], [3, "standby"]]);
    expect(repmgr.postgresql1.priority).toBeGreaterThan(repmgr.postgresql2.priority);
  });

  it("has [rmq-cluster] named by host name, with the master among them", () => {
    expect(groups["rmq-cluster"]).toEqual(["rabbitmq1", "rabbitmq2", "rabbitmq3"]);
    expect(varLines("rmq-cluster")).toEqual({ rabbitmq_cluster_master: "rabbitmq1", rabbitmq_network_interface: "ens5" });
  });

  it("has no such groups when the stack builds no such nodes", () => {
    const g = parseInventoryGroups(renderInventory(HOSTS.filter((h) => h.role !== "postgresql" && h.role !== "rabbitmq"), { online: true }));
    for (const name of ["postgresql", "postgresql:vars", "postgresql_rw", "postgresql_ro", "rmq-cluster", "rmq-cluster:vars"]) expect(g[name]).toBeUndefined();
  });
});

describe("data directories lie on the data volume", () => {
  // The path each Ansible role really writes, and where it comes from (wire-server-deploy 5.32 pins):
  const ini = renderInventory(HOSTS, { online: true });
  const cassandraDataDir = /^cassandra_data_dir=(.+)$/m.exec(ini)?.[1];
  const ROLE_PATHS: Record<DataService, string[]> = {
    // ansible-cassandra defaults/main.yml cassandra_data_dir: "/mnt/cassandra" (data, commitlog, hints,
    // saved_caches under it), overridden by our inventory's [cassandra:vars].
    cassandra: ["data", "commitlog", "hints", "saved_caches"].map((d) => `${cassandraDataDir}/${d}`),
    // elasticsearch role (elastic/ansible-elasticsearch 6.x): es_data_dirs "/var/lib/elasticsearch" + /<host>-<instance>.
    elasticsearch: ["/var/lib/elasticsearch/elasticsearch1-elasticsearch1"],
    // ansible-minio tasks/install-server.yml: '/var/lib/minio-' + layout; WSD minio.yml layouts server1, server2.
    minio: ["/var/lib/minio-server1", "/var/lib/minio-server2"],
    // WSD templates/postgresql/postgresql.conf.j2: data_directory '/var/lib/postgresql/17/main'
    // (group_vars/postgresql postgresql_version 17); repmgr's passfile /var/lib/postgresql/.pgpass.
    postgresql: ["/var/lib/postgresql/17/main", "/var/lib/postgresql/.pgpass"],
    // WSD roles/rabbitmq-cluster: Debian's rabbitmq-server, mnesia under /var/lib/rabbitmq.
    rabbitmq: ["/var/lib/rabbitmq/mnesia"],
  };
  const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);

  it("the inventory moves Cassandra off its /mnt/cassandra default", () => {
    expect(cassandraDataDir).toBeDefined();
    expect(under(`/mnt/cassandra/data`, cassandraDataDir!)).toBe(false);
  });

  it.each([...DATA_SERVICES])("%s: every path the role writes lies under a directory cloud-init bind-mounts from the volume", (role) => {
    const userData = cloudConfig({ hostname: `${role}1`, dataVolume: { volumeId: "vol-0123456789abcdef0", dirs: DATA_DIRS[role] } });
    const mounted = [...userData.matchAll(new RegExp(`${DATA_MOUNT}/\\S+ (\\S+) none bind`, "g"))].map((m) => m[1]);
    expect(mounted.sort()).toEqual([...DATA_DIRS[role]].sort());
    for (const p of ROLE_PATHS[role]) expect({ path: p, on: mounted.some((d) => under(p, d)) }).toEqual({ path: p, on: true });
  });

  it("would notice a path off the volume", () => {
    expect(DATA_DIRS.cassandra.some((d) => under("/mnt/cassandra/data", d))).toBe(false);
  });
});

describe("Helm values and the PostgreSQL Secret", () => {
  const secrets = { turnSecret: "t", minioAccessKey: "a", minioSecretKey: "s", postgresqlPassword: "pgpw", rabbitmqPassword: "rmqpw" };

  it("5.23: postgresql-external (rw = primary, ro = standbys), rabbitmq-external, and the Secret postgresql-secrets.yml reads", () => {
    const v = renderDataServiceValues(HOSTS, { wireVersion: "5.23.0", secrets });
    expect(v.charts["postgresql-external"].values).toEqual({ RWIPs: ["10.0.2.1"], ROIPs: ["10.0.2.2", "10.0.2.3"] });
    expect(v.charts["rabbitmq-external"].values).toEqual({ IPs: ["10.0.3.1", "10.0.3.2", "10.0.3.3"] });
    // Passwords only ever in secrets (wire-server's keys for both: outputs/wireServerValues.ts, tests/outputs.test.ts).
    expect(JSON.stringify(v.charts)).not.toMatch(/pgpw|rmqpw/);
    const [secret] = dataServiceObjects(HOSTS, { wireVersion: "5.23.0", secrets });
    expect(secret.metadata).toMatchObject(WIRE_PG_SECRET);
    expect(secret.stringData).toEqual({ password: "pgpw", username: "wire-server", database: "wire-server" });
  });

  it("5.10: RabbitMQ only; 5.7: neither", () => {
    const mid = renderDataServiceValues(HOSTS, { wireVersion: "5.10.0", secrets });
    expect(Object.keys(mid.charts)).toEqual(["rabbitmq-external"]);
    expect(dataServiceObjects(HOSTS, { wireVersion: "5.10.0", secrets })).toEqual([]);
    const old = renderDataServiceValues(HOSTS, { wireVersion: "5.7.0", secrets });
    expect(old).toEqual({ charts: {} });
  });
});

describe("the plan", () => {
  it("5.23: three PostgreSQL and three RabbitMQ nodes, each with its own protected, encrypted, backed-up data volume and a recovery alarm", async () => {
    const p = await plan("test", stack(2_000));
    for (const role of ["postgresql", "rabbitmq"]) {
      const nodes = ofType(p, INSTANCE).filter((i) => roleOf(i) === role);
      expect(nodes.map((n) => n.name)).toEqual([`${role}-1`, `${role}-2`, `${role}-3`]);
      for (const n of nodes) {
        expect([n.name, n.inputs.disableApiTermination, n.options.protect]).toEqual([n.name, true, true]);
        expect(n.inputs.userData).toContain(`${DATA_MOUNT}/${role}`);
      }
      const volumes = ofType(p, VOLUME).filter((v) => roleOf(v) === role);
      expect(volumes).toHaveLength(3);
      for (const v of volumes) {
        expect(v.options).toMatchObject({ protect: true, retainOnDelete: true });
        expect(v.inputs).toMatchObject({ encrypted: true, type: "gp3", finalSnapshot: true });
        expect((v.inputs.tags as Record<string, string>)["wire:backup"]).toBe("daily");
      }
      expect(p.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.startsWith(`${role}-`))).toHaveLength(3);
    }
    // RabbitMQ's FQDN is its host name: the role tells the master by ansible_fqdn.
    const rmq1 = ofType(p, INSTANCE).find((i) => i.name === "rabbitmq-1")!;
    expect(rmq1.inputs.userData).toMatch(/^fqdn: rabbitmq1$/m);
  }, 120_000);

  it("5.7: no PostgreSQL or RabbitMQ node", async () => {
    const p = await plan("old", stack(2000, { "wire-backend:wireVersion": "5.7.0" }));
    expect(ofType(p, INSTANCE).filter((i) => ["postgresql", "rabbitmq"].includes(roleOf(i)))).toEqual([]);
  }, 120_000);

  it("replaces Wire's default Erlang cookie with a generated one, for Ansible's group_vars, only with RabbitMQ nodes", async () => {
    const cookie = async (version: string) => {
      const p = await plan("test", stack(2_000, { "wire-backend:wireVersion": version }), { showSecrets: true });
      return (p.outputs.ansibleSecrets as Record<string, string>).rabbitmq_erlang_cookie;
    };
    const c = await cookie("5.8.0");
    expect(c).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(c).not.toBe("WKRBTTEQRYPTQOPUKSVF"); // roles/rabbitmq-cluster/defaults/main.yml
    expect(await cookie("5.7.0")).toBeUndefined();
  }, 120_000);
});
