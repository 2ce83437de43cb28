// How an operator reaches the admin host, as the plan really builds it. `access.adminCidrs` only
// adds a security-group rule (SSH 22 from those ranges): the admin host sits in a private subnet
// with no public address, and the stack routes nothing from an office range into the VPC. The
// ranges therefore need a routed link the customer provides (VPN, Direct Connect, peering, Transit
// Gateway). We keep it that way on purpose: the admin host holds the SSH key to every node, and a
// public address would put that key one exposed sshd away from the internet. SSM Session Manager
// (no inbound port at all) stays the default. Pure: read from the plan's firewall rules, so what the
// plan and the diagram say cannot drift from what the firewall opens.
import type { PlanResource } from "./types";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** The routed links that can carry an office range into the VPC; the stack creates none of them. */
export const ROUTED_LINKS = "VPN, Direct Connect, VPC peering or Transit Gateway";

/** The ranges the admin host's group admits on SSH 22 (access.adminCidrs), from the plan's rules. */
export function adminSshSources(resources: readonly PlanResource[]): string[] {
  const sources = resources
    .filter((r) => r.type === INGRESS && (r.inputs.tags as Record<string, string> | undefined)?.["wire:group"] === "adminHost")
    .filter((r) => r.inputs.ipProtocol === "tcp" && Number(r.inputs.fromPort) <= 22 && Number(r.inputs.toPort) >= 22)
    .map((r) => String(r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6 ?? ""))
    .filter(Boolean);
  return [...new Set(sources)];
}

export interface AdminAccess {
  /** SSM Session Manager: always, and the only way in without a routed link. */
  ssm: true;
  /** access.adminCidrs: SSH 22 to the admin host, over a routed link only. */
  sshFrom: string[];
  /** The path the plan really has, in one sentence. */
  note: string;
}

export function adminAccess(resources: readonly PlanResource[]): AdminAccess {
  const sshFrom = adminSshSources(resources);
  const note =
    sshFrom.length === 0
      ? "SSM Session Manager only (aws ssm start-session --target <admin host id>): the admin host has no public address and admits no SSH from outside the VPC."
      : `SSM Session Manager (the default), and SSH 22 from access.adminCidrs ${sshFrom.join(", ")} over a routed link you provide (${ROUTED_LINKS}): ` +
        "the admin host has no public address and the stack routes nothing from those ranges into the VPC, so the rule admits them only once such a link carries their traffic with those source addresses.";
  return { ssm: true, sshFrom, note };
}

/** The plan's lines about access. */
export function adminAccessLines(a: AdminAccess): string[] {
  return [`Admin host access: ${a.note}`];
}
