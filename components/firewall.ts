// The security-group rule table as pure data: which group accepts what from whom.
// Ports follow Wire's charts and docs (shared/reference/wire-deployment.md §2): TURN 3478 UDP/TCP,
// TLS 5349, relay UDP 32768-65535, TURN-to-TURN 9191; SFT media UDP 32768-61000; ingress NodePorts
// 31773 (https) / 31772 (http) behind the load balancer; Cassandra 9042 (+7000/7001/7199 cluster),
// Elasticsearch 9200 (+9300), MinIO 9000; the asset host's HTTP 8080. Kept pure so that tests and
// the policy pack can judge the table without Pulumi.

export const GROUPS = [
  "loadBalancer",
  "kubernetes",
  "sft",
  "restund",
  "cassandra",
  "elasticsearch",
  "minio",
  "adminHost",
  "assetHost",
  // Appended: existing groups keep their logical names and order.
  "postgresql",
  "rabbitmq",
] as const;
export type GroupName = (typeof GROUPS)[number];

/** Who may connect: the internet (or, offline, the client ranges), another group, the group itself, or CIDRs. */
export type Peer =
  | { kind: "clients" }
  | { kind: "group"; group: GroupName }
  | { kind: "self" }
  | { kind: "cidrs"; cidrs: string[] };

export interface IngressRule {
  group: GroupName;
  protocol: "tcp" | "udp" | "-1";
  fromPort: number;
  toPort: number;
  peer: Peer;
  description: string;
}

/** Ports a client on the internet may reach; every other port is closed to the world. */
export const WORLD_OPEN_PORTS: ReadonlyArray<Pick<IngressRule, "group" | "protocol" | "fromPort" | "toPort">> = [
  { group: "loadBalancer", protocol: "tcp", fromPort: 443, toPort: 443 },
  { group: "loadBalancer", protocol: "tcp", fromPort: 80, toPort: 80 },
  { group: "restund", protocol: "udp", fromPort: 3478, toPort: 3478 },
  { group: "restund", protocol: "tcp", fromPort: 3478, toPort: 3478 },
  { group: "restund", protocol: "tcp", fromPort: 5349, toPort: 5349 },
  { group: "restund", protocol: "udp", fromPort: 32768, toPort: 65535 },
  { group: "sft", protocol: "udp", fromPort: 32768, toPort: 61000 },
];

const DATA_GROUPS = ["cassandra", "elasticsearch", "minio"] as const;
/** Every group whose nodes run an OS we manage (all but the load balancer). */
const NODE_GROUPS: GroupName[] = GROUPS.filter((g) => g !== "loadBalancer");

export interface FirewallInput {
  /** Admin-host SSH sources; empty means SSM Session Manager only. */
  adminCidrs: string[];
}

export function ingressRules(input: FirewallInput): IngressRule[] {
  const rules: IngressRule[] = [];
  const add = (group: GroupName, protocol: IngressRule["protocol"], fromPort: number, toPort: number, peer: Peer, description: string) =>
    rules.push({ group, protocol, fromPort, toPort, peer, description });
  const fromClients = { kind: "clients" } as const;
  const from = (group: GroupName) => ({ kind: "group", group }) as const;

  for (const open of WORLD_OPEN_PORTS) {
    add(open.group, open.protocol, open.fromPort, open.toPort, fromClients, describeOpenPort(open.group, open.protocol, open.fromPort));
  }
  add("restund", "udp", 9191, 9191, { kind: "self" }, "TURN-to-TURN federation (DTLS)");

  add("kubernetes", "tcp", 31772, 31773, from("loadBalancer"), "ingress-nginx NodePorts behind the load balancer");
  add("kubernetes", "-1", 0, 0, { kind: "self" }, "all traffic between Kubernetes nodes (incl. calling nodes)");
  add("kubernetes", "tcp", 6443, 6443, from("adminHost"), "Kubernetes API from the admin host");

  const dataPorts: Record<(typeof DATA_GROUPS)[number], { client: number[]; cluster: number[] }> = {
    cassandra: { client: [9042], cluster: [7000, 7001, 7199] },
    elasticsearch: { client: [9200], cluster: [9300] },
    // Wire's minio.yml runs two servers per node: 9000 and 9092.
    minio: { client: [9000, 9092], cluster: [9000, 9092] },
  };
  for (const group of DATA_GROUPS) {
    for (const port of dataPorts[group].client) {
      add(group, "tcp", port, port, from("kubernetes"), `${group} clients in Kubernetes`);
      add(group, "tcp", port, port, from("adminHost"), `${group} from the admin host (Ansible, checks)`);
    }
    for (const port of dataPorts[group].cluster) add(group, "tcp", port, port, { kind: "self" }, `${group} cluster traffic`);
  }

  dataServiceRules(add);

  for (const group of NODE_GROUPS) {
    if (group !== "assetHost") add("assetHost", "tcp", 8080, 8080, from(group), `offline packages and images for ${group}`);
    if (group !== "adminHost") add(group, "tcp", 22, 22, from("adminHost"), "SSH from the admin host (Ansible)");
  }
  if (input.adminCidrs.length > 0) {
    add("adminHost", "tcp", 22, 22, { kind: "cidrs", cidrs: input.adminCidrs }, "SSH from access.adminCidrs");
  }
  return rules;
}

/**
 * PostgreSQL and RabbitMQ, ports from wire-server-deploy: postgresql.conf.j2 `port = 5432`, which
 * repmgr also uses (streaming replication, `repmgr standby clone`, repmgrd's checks: conninfo host=
 * <node> over 5432; no SSH between the nodes: Wire's playbooks drive every node from the admin host);
 * roles/rabbitmq-cluster defaults: AMQP 5672, epmd 4369, inter-node 25672, and the management plugin's
 * 15672 (rabbitmq_plugins: rabbitmq_management); 35672-35682 are the CLI tools' distribution ports
 * (rabbitmqctl join_cluster/cluster_status, RabbitMQ networking guide). Clients: wire-server in
 * Kubernetes only; management: the admin host only.
 */
function dataServiceRules(add: (group: GroupName, protocol: IngressRule["protocol"], fromPort: number, toPort: number, peer: Peer, description: string) => void): void {
  const kube = { kind: "group", group: "kubernetes" } as const;
  const self = { kind: "self" } as const;
  add("postgresql", "tcp", 5432, 5432, kube, "PostgreSQL clients in Kubernetes (brig, galley, background-worker)");
  add("postgresql", "tcp", 5432, 5432, self, "PostgreSQL replication and repmgr between the nodes");
  add("rabbitmq", "tcp", 5672, 5672, kube, "AMQP clients in Kubernetes (cannon, gundeck, brig, galley, background-worker)");
  add("rabbitmq", "tcp", 4369, 4369, self, "epmd: RabbitMQ peer discovery");
  add("rabbitmq", "tcp", 25672, 25672, self, "RabbitMQ inter-node (Erlang distribution)");
  add("rabbitmq", "tcp", 35672, 35682, self, "RabbitMQ CLI tools (rabbitmqctl) between the nodes");
  add("rabbitmq", "tcp", 15672, 15672, { kind: "group", group: "adminHost" }, "RabbitMQ management API from the admin host only");
}

function describeOpenPort(group: GroupName, protocol: string, port: number): string {
  if (group === "loadBalancer") return port === 443 ? "HTTPS to Wire (nginz, webapp, SFT signalling)" : "HTTP (redirects to HTTPS)";
  if (group === "sft") return "SFT conference media";
  if (port === 3478) return `TURN/STUN over ${protocol.toUpperCase()}`;
  if (port === 5349) return "TURN over TLS";
  return "TURN relay ports";
}

/** True when a rule with a world peer is one of the allowed calling/HTTPS ports. */
export function isAllowedWorldOpen(rule: Pick<IngressRule, "group" | "protocol" | "fromPort" | "toPort">): boolean {
  return WORLD_OPEN_PORTS.some(
    (o) => o.group === rule.group && o.protocol === rule.protocol && o.fromPort === rule.fromPort && o.toPort === rule.toPort,
  );
}
