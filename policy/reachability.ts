// Who can reach what, judged over the security-group rules of a stack (pure: no Pulumi import), for
// the calling DMZ: a calling node (TURN, SFT) must reach no data-store port and not the admin host's
// SSH, neither directly nor through a chain. A connection needs both an egress rule of one of the
// sender's groups and an ingress rule of one of the receiver's groups. A chain goes on from a node the
// calling node can log in to (SSH, or all traffic, which includes SSH): that node's reach counts as
// the calling node's. Addresses are unknown before `pulumi up`, so a CIDR peer is taken to match
// every instance when it overlaps the VPC (the safe side: it can only report too much).

/** Ports no calling node may reach on any other node (the list), and the admin host's SSH. */
export const FORBIDDEN_PORTS: ReadonlyArray<{ port: number; protocol: "tcp"; what: string }> = [
  { port: 9042, protocol: "tcp", what: "Cassandra CQL" },
  { port: 7000, protocol: "tcp", what: "Cassandra cluster" },
  { port: 9200, protocol: "tcp", what: "Elasticsearch HTTP" },
  { port: 9300, protocol: "tcp", what: "Elasticsearch cluster" },
  { port: 9000, protocol: "tcp", what: "MinIO" },
  { port: 9092, protocol: "tcp", what: "MinIO (second server)" },
  { port: 5432, protocol: "tcp", what: "PostgreSQL" },
  { port: 5672, protocol: "tcp", what: "RabbitMQ" },
];
export const ADMIN_SSH = { port: 22, protocol: "tcp" as const, what: "SSH" };
/** Reaching a node on these lets whoever holds the calling node act from that node. */
const PIVOT = { port: 22, protocol: "tcp" as const };

export const CALLING_ROLES = ["restund", "sft"] as const;
// "datanode": the compact layout's shared data nodes carry all five (config/placement.ts).
export const DATA_STORE_ROLES = ["cassandra", "elasticsearch", "minio", "postgresql", "rabbitmq", "datanode"] as const;

export interface SgRule {
  direction: "ingress" | "egress";
  /** Key of the group the rule belongs to. */
  group: string;
  protocol: string;
  fromPort?: number;
  toPort?: number;
  peerGroup?: string;
  cidr?: string;
  prefixList?: string;
  /** For messages: the rule's logical name. */
  name: string;
}

export interface GraphNode {
  name: string;
  role: string;
  groups: string[];
}

export interface NetGraph {
  nodes: GraphNode[];
  rules: SgRule[];
  /** Group key -> the role it serves (wire:role tag), for messages and for "a data store accepts". */
  groupRole: Record<string, string>;
  vpcCidr?: string;
}

export interface Finding {
  from: string;
  to: string;
  port: number;
  what: string;
  /** The nodes in between (pivots), empty for a direct reach. */
  via: string[];
}

const isCalling = (role: string) => (CALLING_ROLES as readonly string[]).includes(role);
const isDataStore = (role: string) => (DATA_STORE_ROLES as readonly string[]).includes(role);

function portCovered(r: SgRule, protocol: string, port: number): boolean {
  const p = String(r.protocol).toLowerCase();
  if (p === "-1" || p === "all") return true;
  const proto = p === "6" ? "tcp" : p === "17" ? "udp" : p;
  if (proto !== protocol) return false;
  if (r.fromPort === undefined || r.toPort === undefined || r.fromPort < 0 || r.toPort < 0) return true;
  return r.fromPort <= port && port <= r.toPort;
}

function ipv4Range(cidr: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (!m) return undefined;
  const base = ((+m[1] << 24) >>> 0) + (+m[2] << 16) + (+m[3] << 8) + +m[4];
  const bits = +m[5];
  const size = bits === 0 ? 2 ** 32 : 2 ** (32 - bits);
  const start = Math.floor(base / size) * size;
  return [start, start + size - 1];
}

/** Could a CIDR peer match an instance of this VPC? IPv6 never (the VPC has no IPv6), unknown VPC always. */
export function cidrMayMatchInstance(cidr: string, vpcCidr?: string): boolean {
  if (cidr.includes(":")) return false;
  const c = ipv4Range(cidr);
  const v = vpcCidr ? ipv4Range(vpcCidr) : undefined;
  if (!c || !v) return true;
  return c[0] <= v[1] && v[0] <= c[1];
}

function peerMatches(r: SgRule, other: GraphNode, vpcCidr?: string): boolean {
  if (r.peerGroup !== undefined) return other.groups.includes(r.peerGroup);
  if (r.cidr !== undefined) return cidrMayMatchInstance(r.cidr, vpcCidr);
  return false; // prefix lists: AWS services, not instances
}

/** True when `from` may open a connection to `to` on protocol/port under the graph's rules. */
export function canReach(g: NetGraph, from: GraphNode, to: GraphNode, protocol: string, port: number): boolean {
  const out = g.rules.some((r) => r.direction === "egress" && from.groups.includes(r.group) && portCovered(r, protocol, port) && peerMatches(r, to, g.vpcCidr));
  if (!out) return false;
  return g.rules.some((r) => r.direction === "ingress" && to.groups.includes(r.group) && portCovered(r, protocol, port) && peerMatches(r, from, g.vpcCidr));
}

/** Every forbidden port some calling node reaches, directly or through nodes it can log in to. */
export function callingReach(g: NetGraph): Finding[] {
  const findings: Finding[] = [];
  for (const start of g.nodes.filter((n) => isCalling(n.role))) {
    // Breadth-first over pivots: each controlled node with the path that got there.
    const via = new Map<GraphNode, string[]>([[start, []]]);
    const queue: GraphNode[] = [start];
    while (queue.length > 0) {
      const at = queue.shift()!;
      const path = via.get(at)!;
      for (const to of g.nodes) {
        if (to === at) continue;
        const targets = [...(isCalling(to.role) ? [] : FORBIDDEN_PORTS), ...(to.role === "adminHost" ? [ADMIN_SSH] : [])];
        for (const t of targets) {
          if (canReach(g, at, to, t.protocol, t.port)) findings.push({ from: start.name, to: to.name, port: t.port, what: t.what, via: path });
        }
        if (!via.has(to) && canReach(g, at, to, PIVOT.protocol, PIVOT.port)) {
          via.set(to, [...path, to.name]);
          queue.push(to);
        }
      }
    }
  }
  return findings;
}

/** Groups whose members some data store accepts (by group reference; CIDR peers overlapping the VPC count as "every group"). */
export function groupsDataStoresAccept(g: NetGraph): { groups: Set<string>; anyByCidr: string[] } {
  const groups = new Set<string>();
  const anyByCidr: string[] = [];
  for (const r of g.rules) {
    if (r.direction !== "ingress" || !isDataStore(g.groupRole[r.group] ?? "")) continue;
    if (r.peerGroup !== undefined) groups.add(r.peerGroup);
    else if (r.cidr !== undefined && cidrMayMatchInstance(r.cidr, g.vpcCidr)) anyByCidr.push(r.name);
  }
  return { groups, anyByCidr };
}

/** Calling instances in a group a data store accepts: "<instance> is in <group>, which <rule> accepts". */
export function callingInDataStoreGroups(g: NetGraph): string[] {
  const { groups, anyByCidr } = groupsDataStoresAccept(g);
  const out: string[] = [];
  for (const n of g.nodes.filter((x) => isCalling(x.role))) {
    for (const grp of n.groups) if (groups.has(grp)) out.push(`${n.name} is in group ${g.groupRole[grp] ?? grp}, which a data store accepts`);
    for (const rule of anyByCidr) out.push(`${n.name} may match ${rule}, a data store's rule from a range inside the VPC`);
  }
  return out;
}

export function describe(f: Finding): string {
  const chain = f.via.length > 0 ? ` via ${f.via.join(" -> ")}` : "";
  return `${f.from} reaches ${f.to} on ${f.port}/tcp (${f.what})${chain}`;
}

// ---------------------------------------------------------------------------------------------------
// Building the graph from resources (a plan's, or the policy SDK's)

export interface ResourceView {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** Keys of the security groups an input refers to (ids once known, or the SG resources it depends on). */
  refs: (field: string) => string[];
  /** This resource's own key when it is a security group (its id or URN, matching what refs returns). */
  key: string;
}

export const SG_TYPES = {
  group: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  instance: "aws:ec2/instance:Instance",
  vpc: "aws:ec2/vpc:Vpc",
} as const;

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined; // unknown at preview
  }
}

function tagOf(props: Record<string, unknown>, key: string): string | undefined {
  const tags = safe(() => props.tags) as Record<string, unknown> | undefined;
  const v = tags && typeof tags === "object" ? safe(() => tags[key]) : undefined;
  return typeof v === "string" ? v : undefined;
}

function numberOf(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

export function buildGraph(resources: ResourceView[]): NetGraph {
  const groupRole: Record<string, string> = {};
  const rules: SgRule[] = [];
  const nodes: GraphNode[] = [];
  let vpcCidr: string | undefined;
  for (const r of resources) {
    if (r.type === SG_TYPES.group) groupRole[r.key] = tagOf(r.props, "wire:role") ?? tagOf(r.props, "wire:group") ?? r.name;
    if (r.type === SG_TYPES.vpc) vpcCidr = safe(() => r.props.cidrBlock) as string | undefined;
  }
  for (const r of resources) {
    if (r.type === SG_TYPES.ingress || r.type === SG_TYPES.egress) {
      const p = r.props;
      const cidr = (safe(() => p.cidrIpv4) ?? safe(() => p.cidrIpv6)) as string | undefined;
      const prefixList = safe(() => p.prefixListId) as string | undefined;
      const peer = r.refs("referencedSecurityGroupId")[0];
      for (const group of r.refs("securityGroupId")) {
        rules.push({
          direction: r.type === SG_TYPES.ingress ? "ingress" : "egress",
          group,
          protocol: String(safe(() => p.ipProtocol) ?? "-1"),
          fromPort: numberOf(safe(() => p.fromPort)),
          toPort: numberOf(safe(() => p.toPort)),
          ...(peer !== undefined ? { peerGroup: peer } : typeof cidr === "string" ? { cidr } : { prefixList: typeof prefixList === "string" ? prefixList : "?" }),
          name: r.name,
        });
      }
    }
    if (r.type === SG_TYPES.instance) nodes.push({ name: r.name, role: tagOf(r.props, "wire:role") ?? "?", groups: r.refs("vpcSecurityGroupIds") });
  }
  return { nodes, rules, groupRole, vpcCidr };
}
