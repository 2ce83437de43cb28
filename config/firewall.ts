// The security-group rule table as pure data: which group accepts what from whom.
// Ports follow Wire's charts and docs (shared/reference/wire-deployment.md §2): TURN 3478 UDP/TCP,
// TLS 5349 (with turn.tls), relay UDP 32768-65535, TURN-to-TURN 9191; SFT media UDP 32768-61000; ingress NodePorts
// 31773 (https) / 31772 (http) behind the load balancer; Cassandra 9042 (+7000/7001/7199 cluster),
// Elasticsearch 9200 (+9300), MinIO 9000; the asset host's HTTP 8080. Kept pure so that tests and
// the policy pack can judge the table without Pulumi. The data services' ports come from their records
// (config/services.ts), on the group where the placement table puts them (config/placement.ts).
// A fact, not a component: the SecurityGroups component turns it into resources, sizing counts its
// rules against AWS's quotas (sizing/quotas.ts) and the Helm values read its ports, so it lives below all.
import { placementOf, servicesOn, type PlacementMap } from "./placement";
import { DATA_SERVICE_RECORDS, isDataService, type DataService } from "./services";

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
  // The compact layout's shared data nodes: the union of the rules of the services placed on them.
  "datanode",
] as const;
export type GroupName = (typeof GROUPS)[number];

/**
 * The groups a stack has: a data service's own group only where it runs on nodes of its own, the shared
 * data nodes' group only where some service runs there (config/placement.ts).
 */
export function groupsInUse(placement: PlacementMap = placementOf()): GroupName[] {
  return GROUPS.filter((g) => {
    if (g === "datanode") return servicesOn(placement, "datanodes").length > 0;
    return !isDataService(g) || placement[g] === "nodes";
  });
}

/** The group a data service's nodes are in: its own, or the shared data nodes'. Undefined in S3. */
export function groupOfService(service: DataService, placement: PlacementMap): GroupName | undefined {
  const where = placement[service];
  return where === "nodes" ? service : where === "datanodes" ? "datanode" : undefined;
}

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

/** Ports a client on the internet may reach (5349 only with turn.tls); every other port is closed to the world. */
export const WORLD_OPEN_PORTS: ReadonlyArray<Pick<IngressRule, "group" | "protocol" | "fromPort" | "toPort">> = [
  { group: "loadBalancer", protocol: "tcp", fromPort: 443, toPort: 443 },
  { group: "loadBalancer", protocol: "tcp", fromPort: 80, toPort: 80 },
  { group: "restund", protocol: "udp", fromPort: 3478, toPort: 3478 },
  { group: "restund", protocol: "tcp", fromPort: 3478, toPort: 3478 },
  { group: "restund", protocol: "tcp", fromPort: 5349, toPort: 5349 },
  { group: "restund", protocol: "udp", fromPort: 32768, toPort: 65535 },
  { group: "sft", protocol: "udp", fromPort: 32768, toPort: 61000 },
];

/** The order the data services' rules are listed in (the table's order before the service records). */
const SERVICE_RULE_ORDER: readonly DataService[] = ["cassandra", "elasticsearch", "minio", "postgresql", "rabbitmq"];
/** The calling DMZ: nodes every Wire user gets credentials for (TURN) or sends media to (SFT). */
export const CALLING_GROUPS = ["restund", "sft"] as const satisfies readonly GroupName[];
export type CallingGroup = (typeof CALLING_GROUPS)[number];

/**
 * What a calling node needs of the cluster and nothing more (kubespray's defaults, which our
 * inventory keeps: kube_network_plugin=calico, whose default backend in kubespray 2.25 is VXLAN on
 * UDP 4789 with the Kubernetes datastore, so no BGP 179, no IP-in-IP and no etcd for calico-node):
 * the API server 6443 (kubelet, kube-proxy, calico-node; via kubespray's local nginx proxy), the
 * kubelet 10250 (the control plane calls it) and VXLAN both ways. CoreDNS (53) and everything else
 * between pods travel inside VXLAN.
 */
export const CLUSTER_PORTS = { apiServer: 6443, kubelet: 10250, calicoVxlan: 4789 } as const;
/** Ports of the calling services the cluster reaches (Wire's coturn and sftd charts, host network). */
export const CALLING_SERVICE_PORTS = { coturnMetrics: 9641, sftd: 8585, sftdMetrics: 49090 } as const;

export interface FirewallInput {
  /** Admin-host SSH sources; empty means SSM Session Manager only. */
  adminCidrs: string[];
  /**
   * coturn listens for TLS on 5349 (turn.tls, the default): only then is the port open; without
   * TLS nothing would answer there.
   */
  turnTls: boolean;
  /** Where the data services run; default the reference layout (a group per service). */
  placement?: PlacementMap;
}

/** TURN over TLS: open only when coturn serves it (FirewallInput.turnTls). */
export const TURN_TLS_PORT = 5349;
const isTurnTls = (o: Pick<IngressRule, "group" | "protocol" | "fromPort">) => o.group === "restund" && o.protocol === "tcp" && o.fromPort === TURN_TLS_PORT;

export function ingressRules(input: FirewallInput): IngressRule[] {
  const rules: IngressRule[] = [];
  const add = (group: GroupName, protocol: IngressRule["protocol"], fromPort: number, toPort: number, peer: Peer, description: string) =>
    rules.push({ group, protocol, fromPort, toPort, peer, description });
  const fromClients = { kind: "clients" } as const;
  const from = (group: GroupName) => ({ kind: "group", group }) as const;

  for (const open of WORLD_OPEN_PORTS.filter((o) => input.turnTls || !isTurnTls(o))) {
    add(open.group, open.protocol, open.fromPort, open.toPort, fromClients, describeOpenPort(open.group, open.protocol, open.fromPort));
  }
  add("restund", "udp", 9191, 9191, { kind: "self" }, "TURN-to-TURN federation (DTLS)");

  add("kubernetes", "tcp", 31772, 31773, from("loadBalancer"), "ingress-nginx NodePorts behind the load balancer");
  add("kubernetes", "-1", 0, 0, { kind: "self" }, "all traffic between Kubernetes nodes (not the calling nodes)");
  add("kubernetes", "tcp", 6443, 6443, from("adminHost"), "Kubernetes API from the admin host");
  // The calling DMZ: calling nodes are Kubernetes nodes in groups of their own (see CLUSTER_PORTS).
  for (const calling of CALLING_GROUPS) {
    add("kubernetes", "tcp", CLUSTER_PORTS.apiServer, CLUSTER_PORTS.apiServer, from(calling), `Kubernetes API for the ${calling} nodes' kubelet, kube-proxy and calico-node`);
    add("kubernetes", "udp", CLUSTER_PORTS.calicoVxlan, CLUSTER_PORTS.calicoVxlan, from(calling), `Calico VXLAN from the ${calling} nodes (cluster DNS travels inside it)`);
    add(calling, "tcp", CLUSTER_PORTS.kubelet, CLUSTER_PORTS.kubelet, from("kubernetes"), "kubelet API from the control plane (logs, exec, metrics)");
    add(calling, "udp", CLUSTER_PORTS.calicoVxlan, CLUSTER_PORTS.calicoVxlan, from("kubernetes"), "Calico VXLAN from the Kubernetes nodes");
  }
  add("restund", "tcp", CALLING_SERVICE_PORTS.coturnMetrics, CALLING_SERVICE_PORTS.coturnMetrics, from("kubernetes"), "coturn metrics (Prometheus in the cluster)");
  add("sft", "tcp", CALLING_SERVICE_PORTS.sftd, CALLING_SERVICE_PORTS.sftd, from("kubernetes"), "sftd HTTP behind the ingress and join-call nginx");
  add("sft", "tcp", CALLING_SERVICE_PORTS.sftdMetrics, CALLING_SERVICE_PORTS.sftdMetrics, from("kubernetes"), "sftd metrics (Prometheus in the cluster)");
  add("restund", "udp", 3478, 3478, from("sft"), "TURN from the SFT nodes by private address (offline multi-SFT)");
  // Without a conference pool sftd runs on the Kubernetes nodes and reaches clients only through
  // TURN (turnDiscoveryEnabled): it allocates on coturn by private address (offline there is no other).
  add("restund", "udp", 3478, 3478, from("kubernetes"), "TURN for sftd in the cluster (turnDiscoveryEnabled)");
  add("restund", "tcp", 3478, 3478, from("kubernetes"), "TURN over TCP for sftd in the cluster");

  // Each data service's ports, from its record (config/services.ts), on the group its nodes are in: a
  // shared data node's group accepts exactly the union of its services' rules.
  const placement = input.placement ?? placementOf();
  for (const service of SERVICE_RULE_ORDER) {
    const group = groupOfService(service, placement);
    if (!group) continue;
    for (const p of DATA_SERVICE_RECORDS[service].ports) {
      const peer: Peer = p.peer === "self" ? { kind: "self" } : from(p.peer);
      add(group, p.protocol, p.fromPort, p.toPort, peer, p.description);
    }
  }

  for (const group of groupsInUse(placement).filter((g) => g !== "loadBalancer")) {
    if (group !== "assetHost") add("assetHost", "tcp", 8080, 8080, from(group), `offline packages and images for ${group}`);
    if (group !== "adminHost") add(group, "tcp", 22, 22, from("adminHost"), "SSH from the admin host (Ansible)");
  }
  if (input.adminCidrs.length > 0) {
    add("adminHost", "tcp", 22, 22, { kind: "cidrs", cidrs: input.adminCidrs }, "SSH from access.adminCidrs");
  }
  return rules;
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

/** Where an egress rule may send to. */
export type EgressPeer =
  | { kind: "world" }
  | { kind: "clients" }
  | { kind: "group"; group: GroupName }
  | { kind: "cidrs"; cidrs: string[] };

export interface EgressRule {
  group: GroupName;
  protocol: "tcp" | "udp" | "-1";
  fromPort: number;
  toPort: number;
  peer: EgressPeer;
  description: string;
  /** Stable part of the rule's logical name. */
  label: string;
}

export interface CallingEgressInput {
  online: boolean;
  /** The VPC resolver (VPC base + 2) as a /32. */
  resolverCidr: string;
  vpcCidr: string;
}

/**
 * What a calling node may send (the other groups keep "all outbound" online, "the VPC" offline).
 * Online: UDP anywhere (media to clients and relay peers, NTP), HTTP(S) to the internet (apt,
 * container registries, SSM); offline: UDP to the client ranges, HTTPS to the VPC's SSM endpoints.
 * Both: DNS to the VPC resolver, the cluster (API, VXLAN), the asset host's package source and, for
 * SFT, TURN. A security group cannot deny, so "UDP anywhere" includes the VPC: the groups there accept
 * nothing from calling nodes but the cluster ports above, and coturn's and the node's own peer
 * restrictions (callingDmz.ts) refuse private peers.
 */
export function callingEgressRules(input: CallingEgressInput): EgressRule[] {
  const rules: EgressRule[] = [];
  const world = input.online ? ({ kind: "world" } as const) : ({ kind: "clients" } as const);
  for (const group of CALLING_GROUPS) {
    const add = (protocol: EgressRule["protocol"], fromPort: number, toPort: number, peer: EgressPeer, description: string, label: string) =>
      rules.push({ group, protocol, fromPort, toPort, peer, description, label });
    add("udp", 0, 65535, world, input.online ? "media to clients and relay peers on the internet; NTP" : "media to the client ranges", "media");
    if (input.online) {
      add("tcp", 443, 443, world, "HTTPS: apt mirrors, container registries, SSM", "https");
      add("tcp", 80, 80, world, "HTTP: Ubuntu's apt mirrors", "http");
    } else {
      add("tcp", 443, 443, { kind: "cidrs", cidrs: [input.vpcCidr] }, "HTTPS to the VPC's SSM interface endpoints", "endpoints");
    }
    add("udp", 53, 53, { kind: "cidrs", cidrs: [input.resolverCidr] }, "DNS to the VPC resolver", "dns-udp");
    add("tcp", 53, 53, { kind: "cidrs", cidrs: [input.resolverCidr] }, "DNS to the VPC resolver", "dns-tcp");
    add("tcp", CLUSTER_PORTS.apiServer, CLUSTER_PORTS.apiServer, { kind: "group", group: "kubernetes" }, "Kubernetes API", "kube-api");
    add("udp", CLUSTER_PORTS.calicoVxlan, CLUSTER_PORTS.calicoVxlan, { kind: "group", group: "kubernetes" }, "Calico VXLAN to the Kubernetes nodes", "vxlan");
    add("tcp", 8080, 8080, { kind: "group", group: "assetHost" }, "offline packages from the asset host", "asset-host");
    if (group === "sft") add("udp", 3478, 3478, { kind: "group", group: "restund" }, "TURN by private address (offline multi-SFT)", "turn");
  }
  return rules;
}

export function isCallingGroup(g: string): g is CallingGroup {
  return (CALLING_GROUPS as readonly string[]).includes(g);
}
