// The human-readable plan: the summary a person looks for first (sizing and cost, resources per
// component, the estimated `pulumi up` time), then on request every resource with the inputs an
// operator checks first (instance type, zone, ports, sizes) and counts per type.
import { publicFilesLines, type PublicFilesOutput } from "./publicFiles";
import Table from "cli-table3";
import type { PlanDocument, PlanResource } from "./types";
import { DeployTime, formatDeployTime } from "./deployTime";
import { formatSizingTable } from "./sizingReport";
import { breakLongWords } from "./tableText";
import { formatQuotaSummary } from "./quotaReport";
import { adminAccess, adminAccessLines } from "./adminAccess";
import { delegationRecord } from "./dnsDelegation";

type Inputs = Record<string, unknown>;

function rulePeer(i: Inputs, byId: Map<string, PlanResource>): string {
  if (i.cidrIpv4) return String(i.cidrIpv4);
  if (i.cidrIpv6) return String(i.cidrIpv6);
  const sg = byId.get(String(i.referencedSecurityGroupId));
  return sg ? `group ${sg.name}` : "group ?";
}

function ports(i: Inputs): string {
  if (i.ipProtocol === "-1") return "all";
  return i.fromPort === i.toPort ? `${i.ipProtocol} ${i.fromPort}` : `${i.ipProtocol} ${i.fromPort}-${i.toPort}`;
}

/** The one line an operator needs about a resource. */
export function keyInputs(r: PlanResource, byId: Map<string, PlanResource>): string {
  const i = r.inputs;
  switch (r.type) {
    case "aws:ec2/instance:Instance":
      return `${i.instanceType} in ${i.availabilityZone}${i.privateIp ? ` at ${i.privateIp}` : ""}`;
    case "aws:ebs/volume:Volume":
      return `${i.size} GiB ${i.type}${i.encrypted ? " encrypted" : " UNENCRYPTED"} in ${i.availabilityZone}`;
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
      return `in ${ports(i)} from ${rulePeer(i, byId)}`;
    case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
      return `out ${ports(i)} to ${i.cidrIpv4 ?? i.cidrIpv6}`;
    case "aws:ec2/vpc:Vpc":
    case "aws:ec2/subnet:Subnet":
      return [i.cidrBlock, i.availabilityZone].filter(Boolean).join(" in ");
    case "aws:lb/loadBalancer:LoadBalancer":
      return `${i.loadBalancerType}, ${i.internal ? "internal" : "internet-facing"}`;
    case "aws:lb/listener:Listener":
      return `${i.protocol} ${i.port}`;
    case "aws:lb/targetGroup:TargetGroup":
      return `${i.protocol} to node port ${i.port}`;
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return `${i.serviceName} (${i.vpcEndpointType})`;
    default:
      return "";
  }
}

export function countsByType(resources: PlanResource[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Resources per component (the node group, network, firewall, ...) that owns them. */
export function countsByComponent(plan: PlanDocument): [string, number][] {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const counts = new Map<string, number>();
  for (const r of plan.resources.filter((x) => x.custom)) {
    const owner = r.parent ? byUrn.get(r.parent) : undefined;
    const key = owner ? `${owner.name} (${owner.type.split(":").pop()})` : "(stack)";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The parent zone's NS record; on the mock runtime its name servers are the fake cloud's. */
function formatDelegation(plan: PlanDocument): string {
  const d = plan.outputs.dnsDelegation as { kind?: string } | undefined;
  const record = delegationRecord(plan.outputs);
  if (d?.kind !== "delegate" || record.length === 0) return ["DNS delegation:", ...record].join("\n");
  // On the mock runtime the name servers are invented: said on the record's last line, not a line of its own.
  const last = record.length - 1;
  return ["DNS delegation:", ...record.slice(0, last), `${record[last]} (The plan's name servers are invented; \`pulumi up\` prints the zone's real ones as the stack output dnsDelegation.)`].join("\n");
}

export interface PlanReportOptions {
  /** List every resource (and the counts per type) after the summary. */
  resources?: boolean;
  deployTime?: DeployTime;
}

/** Summary first (sizing and cost, resources per component, deploy time); every resource only on request. */
export function formatPlan(plan: PlanDocument, opts: PlanReportOptions = {}): string {
  const custom = plan.resources.filter((r) => r.custom).length;
  const components = new Table({ head: ["component", "resources"], style: { head: [], border: [], compact: true } });
  for (const [name, n] of countsByComponent(plan)) components.push([name, n]);
  const summary = [
    `Plan for stack ${plan.stack} (project ${plan.project}): ${custom} resources in ${plan.resources.length - custom} components`,
    formatSizingTable(plan.sizing, { costDetail: false }).trimEnd(),
    ...(plan.quotas ? [formatQuotaSummary(plan.quotas, plan.sizing.region)] : []),
    components.toString(),
    ...(opts.deployTime ? [formatDeployTime(opts.deployTime)] : []),
    formatDelegation(plan),
    ...(plan.outputs.publicFiles ? [publicFilesLines(plan.outputs.publicFiles as PublicFilesOutput, Boolean((plan.outputs.install as { online?: boolean } | undefined)?.online))] : []),
    adminAccessLines(adminAccess(plan.resources)).join("\n"),
  ];
  if (!opts.resources) return [...summary, `(--resources lists all ${custom} resources with their key inputs)`].join("\n\n");

  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const byId = new Map(plan.resources.filter((r) => r.id).map((r) => [r.id as string, r]));
  const widths = [26, 40, 42, 48];
  const table = new Table({ head: ["component", "type", "name", "key inputs"], style: { head: [], border: [], compact: true }, wordWrap: true, colWidths: widths });
  // Whole type names (aws:ec2/subnetCidrReservation:SubnetCidrReservation), broken after a : or /.
  const cell = (text: string, col: number) => breakLongWords(text, widths[col] - 2);
  for (const r of plan.resources.filter((x) => x.custom)) {
    const owner = r.parent ? byUrn.get(r.parent) : undefined;
    const flags = [r.options.protect ? "protected" : "", r.options.retainOnDelete ? "retained" : ""].filter(Boolean).join(", ");
    const row = [owner ? `${owner.name} (${owner.type.split(":").pop()})` : "(stack)", r.type, r.name, [keyInputs(r, byId), flags].filter(Boolean).join("; ")];
    table.push(row.map(cell));
  }
  const counts = new Table({ head: ["resource type", "count"], style: { head: [], border: [], compact: true } });
  for (const [type, n] of countsByType(plan.resources)) counts.push([type, n]);
  return [...summary, table.toString(), counts.toString()].join("\n\n");
}
