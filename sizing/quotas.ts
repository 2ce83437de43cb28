// What a plan asks of the AWS account: every Service Quotas quota the program's resources consume, with
// AWS's default and the need, per region. Pure: no Pulumi, no I/O. The codes and defaults are AWS's
// (sources in docs/quotas.md); the need is counted from the sizing and the stack's choices the same way
// the components create resources (components/network.ts, nodeGroup.ts, securityGroups.ts, ...).
import { formatNumber } from "./format";
import { callingEgressRules, groupsInUse, ingressRules, isCallingGroup } from "../config/firewall";
import type { PlacementMap } from "../config/placement";
import { ROOT_VOLUME_GIB_DATA_ROLES } from "./rules";
import { isDataRole, ROLES } from "./types";
import type { Role, Sizing } from "./types";

/** What the account check can read as "already in use" (besides the stack's own resources). */
export type UsageKind = "elasticIps" | "vpcs" | `vcpus:${string}`;

export interface QuotaNeed {
  /** Stable key: the quota code, or a name where AWS's Service Quotas has no code we could verify. */
  id: string;
  service: string;
  /** Service Quotas' service code (ec2, vpc, ebs, elasticloadbalancing, ...). */
  serviceCode: string;
  /** Service Quotas' quota code; absent where the quota is not in Service Quotas or its code is unverified. */
  quotaCode?: string;
  /** AWS's name of the quota. */
  name: string;
  /** What one unit of the quota is counted over. */
  scope: "region" | "zone" | "VPC" | "security group" | "network interface" | "account";
  /** AWS's default value; null where it varies per account (then only the applied quota tells). */
  defaultValue: number | null;
  need: number;
  unit: string;
  /** What consumes it, in a few words. */
  what: string;
  /** Read by `pulumi preview`/`npm run preflight` (quotaCode present and the quota can be read). */
  checked: boolean;
  /** What the check counts as used besides this stack's own resources. */
  usage?: UsageKind;
  /** Set when the need is above AWS's default. */
  warning?: string;
}

/** The stack's choices the quotas depend on (a subset of StackConfig; the size command has defaults). */
export interface QuotaInput {
  online: boolean;
  zones: number;
  natGateways: "perZone" | "single";
  adminCidrs: string[];
  /** Offline: where clients connect from (online: the whole internet, IPv4 and IPv6). */
  clientCidrs: string[];
  turnTls: boolean;
  /** An existing Route 53 zone: no hosted zone is created. */
  existingDnsZone: boolean;
}

export const DEFAULT_QUOTA_INPUT: QuotaInput = { online: true, zones: 3, natGateways: "perZone", adminCidrs: [], clientCidrs: [], turnTls: true, existingDnsZone: false };

/** The fields of a StackConfig the quotas read (structural, so sizing does not import config). */
export interface QuotaStackFields {
  connectivity?: "online" | "offline";
  network?: { zones?: number; natGateways?: "perZone" | "single"; clientCidrs?: string[] };
  access?: { adminCidrs?: string[] };
  turn?: { tls?: boolean };
  dns?: { zoneId?: string };
}

export function quotaInputOf(config: QuotaStackFields | undefined): QuotaInput {
  const d = DEFAULT_QUOTA_INPUT;
  return {
    online: (config?.connectivity ?? "online") === "online",
    zones: config?.network?.zones ?? d.zones,
    natGateways: config?.network?.natGateways ?? d.natGateways,
    adminCidrs: config?.access?.adminCidrs ?? [],
    clientCidrs: config?.network?.clientCidrs ?? [],
    turnTls: config?.turn?.tls ?? true,
    existingDnsZone: Boolean(config?.dns?.zoneId),
  };
}

/**
 * EC2's vCPU quotas for running On-Demand instances, one per group of families (AWS: "On-Demand
 * Instance quotas"). The standard one covers A, C, D, H, I, M, R, T and Z; the others cover what its
 * letters do not. Order matters: longer prefixes (inf, dl, hpc, trn, vt) before their first letter.
 */
export const VCPU_QUOTAS: readonly { prefixes: string[]; code: string; name: string; verified: boolean }[] = [
  { prefixes: ["u-"], code: "L-43DA4232", name: "Running On-Demand High Memory instances", verified: false },
  { prefixes: ["inf"], code: "L-1945791B", name: "Running On-Demand Inf instances", verified: false },
  { prefixes: ["dl"], code: "L-6E869C2A", name: "Running On-Demand DL instances", verified: false },
  { prefixes: ["trn"], code: "L-2C3B7624", name: "Running On-Demand Trn instances", verified: false },
  { prefixes: ["hpc"], code: "L-F7808C92", name: "Running On-Demand HPC instances", verified: false },
  { prefixes: ["g", "vt"], code: "L-DB2E81BA", name: "Running On-Demand G and VT instances", verified: false },
  { prefixes: ["p"], code: "L-417A185B", name: "Running On-Demand P instances", verified: false },
  { prefixes: ["x"], code: "L-7295265B", name: "Running On-Demand X instances", verified: false },
  { prefixes: ["f"], code: "L-74FC7D96", name: "Running On-Demand F instances", verified: false },
  { prefixes: ["a", "c", "d", "h", "i", "m", "r", "t", "z"], code: "L-1216C47A", name: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", verified: true },
];
export const STANDARD_VCPU_QUOTA = "L-1216C47A";

/** The vCPU quota an instance type counts against (undefined: a family none of them names, e.g. mac). */
export function vcpuQuotaOf(instanceType: string): (typeof VCPU_QUOTAS)[number] | undefined {
  const t = instanceType.toLowerCase();
  // Mac instances run on Dedicated Hosts, counted by the host quotas, not by vCPUs.
  if (t.startsWith("mac")) return undefined;
  return VCPU_QUOTAS.find((q) => q.prefixes.some((p) => t.startsWith(p)));
}

/** Kubernetes nodes (and TURN/SFT, which join the cluster) get at least this root volume (components/roles/role.ts). */
const KUBERNETES_ROOT_GIB = 40;
const KUBE_NODE_ROLES: readonly Role[] = ["kubernetes", "restund", "sft"];
/** TURN and SFT nodes have an Elastic IP each when online (components/roles/restund.ts, sft.ts). */
const PUBLIC_ROLES: readonly Role[] = ["restund", "sft"];

/** GiB of gp3 per node of a role: the root volume plus, for data roles, the data volume. */
export function gp3GiBPerNode(role: Role, diskGiB: number): number {
  if (isDataRole(role)) return ROOT_VOLUME_GIB_DATA_ROLES + diskGiB;
  return KUBE_NODE_ROLES.includes(role) ? Math.max(diskGiB, KUBERNETES_ROOT_GIB) : diskGiB;
}

/**
 * Rules per security group as AWS counts them against "Inbound or outbound rules per security group":
 * separately inbound and outbound, and separately IPv4 and IPv6; a rule naming a group counts in both.
 * Returns the largest count and the group and direction it is in (the firewall table, config/firewall.ts).
 */
export function largestRuleCount(input: QuotaInput, placement?: PlacementMap): { count: number; group: string; direction: "inbound" | "outbound" } {
  const counts = new Map<string, { v4: number; v6: number }>();
  const add = (key: string, cidrs: string[] | "both") => {
    const c = counts.get(key) ?? { v4: 0, v6: 0 };
    if (cidrs === "both") {
      c.v4++;
      c.v6++;
    } else for (const cidr of cidrs) cidr.includes(":") ? c.v6++ : c.v4++;
    counts.set(key, c);
  };
  const clients = input.online ? ["0.0.0.0/0", "::/0"] : input.clientCidrs;
  for (const r of ingressRules({ adminCidrs: input.adminCidrs, turnTls: input.turnTls, placement })) {
    const key = `${r.group}\0inbound`;
    const p = r.peer;
    add(key, p.kind === "group" || p.kind === "self" ? "both" : p.kind === "clients" ? clients : p.cidrs);
  }
  for (const g of groupsInUse(placement).filter((g) => !isCallingGroup(g))) add(`${g}\0outbound`, input.online ? ["0.0.0.0/0", "::/0"] : ["10.0.0.0/8"]);
  if (!input.online) for (const g of ["adminHost", "assetHost"]) add(`${g}\0outbound`, "both"); // the S3 prefix list
  for (const r of callingEgressRules({ online: input.online, resolverCidr: "10.0.0.2/32", vpcCidr: "10.0.0.0/16" })) {
    const p = r.peer;
    add(`${r.group}\0outbound`, p.kind === "group" ? "both" : p.kind === "world" ? ["0.0.0.0/0", "::/0"] : p.kind === "clients" ? clients : p.cidrs);
  }
  let best = { count: 0, group: "", direction: "inbound" as "inbound" | "outbound" };
  for (const [key, c] of counts) {
    const count = Math.max(c.v4, c.v6);
    const [group, direction] = key.split("\0") as [string, "inbound" | "outbound"];
    if (count > best.count) best = { count, group, direction };
  }
  return best;
}

const nodes = (s: Sizing, roles: readonly Role[]) => roles.reduce((n, r) => n + s.roles[r].count, 0);

/** Every quota the plan consumes, with the need, AWS's default and a warning where the need exceeds it. */
export function quotaNeeds(sizing: Sizing, input: QuotaInput = DEFAULT_QUOTA_INPUT): QuotaNeed[] {
  const natGateways = !input.online ? 0 : input.natGateways === "perZone" ? input.zones : 1;
  const publicNodes = input.online ? nodes(sizing, PUBLIC_ROLES) : 0;
  const needs: Omit<QuotaNeed, "warning">[] = [];
  const natWhat =
    natGateways === 0
      ? ""
      : input.natGateways === "perZone"
        ? ` + ${natGateways} NAT gateways, one per zone (network.natGateways: single would need ${publicNodes + 1} in all)`
        : " + 1 NAT gateway (network.natGateways: single)";
  needs.push({
    id: "L-0263D0A3", service: "Amazon EC2", serviceCode: "ec2", quotaCode: "L-0263D0A3", name: "EC2-VPC Elastic IPs", scope: "region", defaultValue: 5,
    need: publicNodes + natGateways, unit: "addresses", checked: true, usage: "elasticIps",
    what: input.online ? `${nodes(sizing, ["restund"])} TURN + ${nodes(sizing, ["sft"])} SFT nodes${natWhat}` : "none offline",
  });

  // vCPUs per quota group: the standard families always (a zero need is still shown), others when chosen.
  const vcpus = new Map<string, { need: number; roles: string[] }>([[STANDARD_VCPU_QUOTA, { need: 0, roles: [] }]]);
  const unknownFamilies: string[] = [];
  for (const role of ROLES) {
    const r = sizing.roles[role];
    if (r.count === 0) continue;
    const q = vcpuQuotaOf(r.instanceType);
    if (!q) {
      unknownFamilies.push(`${role} (${r.instanceType})`);
      continue;
    }
    const v = vcpus.get(q.code) ?? { need: 0, roles: [] };
    v.need += r.count * r.instance.vcpu;
    v.roles.push(`${r.count} ${role}`);
    vcpus.set(q.code, v);
  }
  for (const [code, v] of vcpus) {
    const q = VCPU_QUOTAS.find((x) => x.code === code)!;
    needs.push({
      id: code, service: "Amazon EC2", serviceCode: "ec2", quotaCode: code, name: q.name, scope: "region",
      // The standard quota's default: AWS's EC2 quota table says 5 vCPUs; new accounts are often set
      // differently (Service Quotas shows the applied value), so the check reads the account's.
      defaultValue: code === STANDARD_VCPU_QUOTA ? 5 : null,
      need: v.need, unit: "vCPUs", checked: true, usage: `vcpus:${code}`,
      what: `running On-Demand instances: ${v.roles.join(", ") || "none"}${q.verified ? "" : " (quota code not verified at an AWS source)"}`,
    });
  }
  for (const f of unknownFamilies) {
    needs.push({ id: `family:${f}`, service: "Amazon EC2", serviceCode: "ec2", name: "a vCPU quota this tool does not know", scope: "region", defaultValue: null, need: 0, unit: "vCPUs", checked: false, what: `${f}: look the family's quota up in the Service Quotas console` });
  }

  const gp3GiB = ROLES.reduce((n, r) => n + sizing.roles[r].count * gp3GiBPerNode(r, sizing.roles[r].diskGiB), 0);
  needs.push({
    id: "L-7A658B76", service: "Amazon EBS", serviceCode: "ebs", quotaCode: "L-7A658B76", name: "Storage for General Purpose SSD (gp3) volumes, in TiB", scope: "region", defaultValue: 50,
    need: Math.round((gp3GiB / 1024) * 10) / 10, unit: "TiB", checked: true, what: `${formatNumber(gp3GiB)} GiB of root and data volumes (volumes already in the region are not counted)`,
  });
  needs.push({ id: "L-F678F1CE", service: "Amazon VPC", serviceCode: "vpc", quotaCode: "L-F678F1CE", name: "VPCs per Region", scope: "region", defaultValue: 5, need: 1, unit: "VPCs", checked: true, usage: "vpcs", what: "the stack's VPC (the region's default VPC counts too)" });
  if (input.online) {
    needs.push({ id: "L-A4707A72", service: "Amazon VPC", serviceCode: "vpc", quotaCode: "L-A4707A72", name: "Internet gateways per Region", scope: "region", defaultValue: 5, need: 1, unit: "gateways", checked: true, what: "the VPC's internet gateway (rises with VPCs per Region)" });
    needs.push({
      id: "L-FE5A380F", service: "Amazon VPC", serviceCode: "vpc", quotaCode: "L-FE5A380F", name: "NAT gateways per Availability Zone", scope: "zone", defaultValue: 5, need: 1, unit: "gateways",
      checked: true, what: input.natGateways === "perZone" ? `one in each of the ${input.zones} zones` : "one, in the first zone",
    });
  }
  const tableGroups = groupsInUse(sizing.placement).length;
  const groups = tableGroups + (input.online ? 0 : 1) + 1;
  needs.push({ id: "L-E79EC296", service: "Amazon VPC", serviceCode: "vpc", quotaCode: "L-E79EC296", name: "VPC security groups per Region", scope: "region", defaultValue: 2500, need: groups, unit: "groups", checked: true, what: `${tableGroups} of the firewall table${input.online ? "" : ", the endpoints' group"} and the VPC's default group` });
  const rules = largestRuleCount(input, sizing.placement);
  needs.push({
    id: "L-0EA8095F", service: "Amazon VPC", serviceCode: "vpc", quotaCode: "L-0EA8095F", name: "Inbound or outbound rules per security group", scope: "security group", defaultValue: 60, need: rules.count, unit: "rules",
    checked: true, what: `the largest: ${rules.group}, ${rules.direction} (per IP version; a rule naming a group counts in both)`,
  });
  needs.push({ id: "L-2AFB9258", service: "Amazon VPC", serviceCode: "vpc", quotaCode: "L-2AFB9258", name: "Security groups per network interface", scope: "network interface", defaultValue: 5, need: 1, unit: "groups", checked: true, what: "one group per node (its role's)" });
  needs.push({ id: "L-69A177A2", service: "Elastic Load Balancing", serviceCode: "elasticloadbalancing", quotaCode: "L-69A177A2", name: "Network Load Balancers per Region", scope: "region", defaultValue: 50, need: 1, unit: "load balancers", checked: true, what: `the ${input.online ? "internet-facing" : "internal"} ingress NLB (no Application Load Balancer)` });
  needs.push({ id: "gateway-endpoints", service: "Amazon VPC", serviceCode: "vpc", name: "Gateway VPC endpoints per Region", scope: "region", defaultValue: 20, need: 1, unit: "endpoints", checked: false, what: "the S3 gateway endpoint" });
  if (!input.online) needs.push({ id: "interface-endpoints", service: "Amazon VPC", serviceCode: "vpc", name: "Interface VPC endpoints per VPC", scope: "VPC", defaultValue: 50, need: 3, unit: "endpoints", checked: false, what: "SSM, SSM messages, EC2 messages (Session Manager on the island)" });
  needs.push({ id: "kms-keys", service: "AWS KMS", serviceCode: "kms", name: "Customer managed keys", scope: "region", defaultValue: 100000, need: 1, unit: "keys", checked: false, what: "the stack's key (volumes, backups, queues)" });
  needs.push({ id: "backup-vaults", service: "AWS Backup", serviceCode: "backup", name: "Backup vaults per Region", scope: "region", defaultValue: 100, need: 1, unit: "vaults", checked: false, what: "the stack's vault (daily snapshots of the data volumes)" });
  if (!input.existingDnsZone) needs.push({ id: "L-4EA4796A", service: "Amazon Route 53", serviceCode: "route53", quotaCode: "L-4EA4796A", name: "Hosted zones", scope: "account", defaultValue: 500, need: 1, unit: "zones", checked: false, what: "the stack's zone (dns.zoneId reuses one); an account-wide quota, not read by the check" });

  return needs.map((n) => (n.defaultValue !== null && n.need > n.defaultValue ? { ...n, warning: overDefault(n, sizing.region) } : n));
}

function overDefault(n: Omit<QuotaNeed, "warning">, region: string): string {
  const where = n.scope === "region" ? ` in ${region}` : ` per ${n.scope}`;
  return `needs ${formatNumber(n.need)} ${n.unit} of "${n.name}"${where}${n.quotaCode ? ` (${n.serviceCode} ${n.quotaCode})` : ""} where AWS's default is ${formatNumber(n.defaultValue!)}: ${n.what}; an account at the default must ask for an increase first (npm run preflight tells what the account has)`;
}

/** The warnings of a plan's needs, one line each. */
export function quotaWarnings(needs: QuotaNeed[]): string[] {
  return needs.filter((n) => n.warning).map((n) => n.warning!);
}
