// One security group per role (plus the load balancer's), with the rule table of config/firewall.ts turned
// into separate ingress-rule resources that reference other groups rather than CIDRs where possible.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cidrSubnet } from "../config/cidr";
import { callingEgressRules, EgressRule, GroupName, groupsInUse, ingressRules, IngressRule, isCallingGroup } from "../config/firewall";
import type { PlacementMap } from "../config/placement";

export interface SecurityGroupsArgs {
  stack: string;
  vpcId: pulumi.Input<string>;
  vpcCidr: string;
  online: boolean;
  adminCidrs: string[];
  /** turn.tls: TCP 5349 open on the TURN nodes. */
  turnTls: boolean;
  /** Offline: where clients connect from, instead of the whole internet. */
  clientCidrs: string[];
  /** Offline: the S3 gateway endpoint's prefix list (Wire's bundle is fetched from S3). */
  s3PrefixListId: pulumi.Input<string>;
  /** Where the data services run: decides which groups exist (config/firewall.ts groupsInUse). */
  placement?: PlacementMap;
  /** Offline: brig's SMTP relay (email.smtp), which the Kubernetes nodes may reach on its port only. */
  smtpRelay?: { cidrs: string[]; port: number };
}

function isIpv6(cidr: string): boolean {
  return cidr.includes(":");
}

function portLabel(r: IngressRule): string {
  if (r.protocol === "-1") return "all";
  return r.fromPort === r.toPort ? `${r.protocol}-${r.fromPort}` : `${r.protocol}-${r.fromPort}-${r.toPort}`;
}

export class SecurityGroups extends pulumi.ComponentResource {
  readonly ids: Record<GroupName, pulumi.Output<string>>;

  constructor(name: string, args: SecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:network:SecurityGroups", name, {}, opts);
    const parent = { parent: this };
    const groups = {} as Record<GroupName, aws.ec2.SecurityGroup>;
    const inUse = groupsInUse(args.placement);
    for (const g of inUse) {
      groups[g] = new aws.ec2.SecurityGroup(
        `${name}-${g}`,
        { vpcId: args.vpcId, description: `wire-backend ${g}`, tags: { Name: `${args.stack}-${g}`, "wire:stack": args.stack, "wire:role": g } },
        parent,
      );
    }
    this.ids = Object.fromEntries(inUse.map((g) => [g, groups[g].id])) as Record<GroupName, pulumi.Output<string>>;

    // The internet online; the island's client ranges offline.
    const clientCidrs = args.online ? ["0.0.0.0/0", "::/0"] : args.clientCidrs;
    for (const rule of ingressRules({ adminCidrs: args.adminCidrs, turnTls: args.turnTls, placement: args.placement })) {
      const base = {
        securityGroupId: groups[rule.group].id,
        ipProtocol: rule.protocol,
        fromPort: rule.protocol === "-1" ? undefined : rule.fromPort,
        toPort: rule.protocol === "-1" ? undefined : rule.toPort,
        description: rule.description,
        // The group's role travels with the rule, so a policy can judge a world-open port at preview
        // time, when the group's id is still unknown.
        tags: { "wire:stack": args.stack, "wire:group": rule.group },
      };
      const ruleName = `${name}-${rule.group}-${portLabel(rule)}`;
      const peer = rule.peer;
      if (peer.kind === "group" || peer.kind === "self") {
        const source = peer.kind === "self" ? rule.group : peer.group;
        // wire:peer names the source group, so a policy can judge who may reach whom at preview time.
        new aws.vpc.SecurityGroupIngressRule(`${ruleName}-from-${source}`, { ...base, tags: { ...base.tags, "wire:peer": source }, referencedSecurityGroupId: groups[source].id }, parent);
        continue;
      }
      const cidrs = peer.kind === "clients" ? clientCidrs : peer.cidrs;
      for (const cidr of cidrs) {
        const label = cidr === "0.0.0.0/0" ? "world-v4" : cidr === "::/0" ? "world-v6" : cidr.replace(/[/:.]/g, "_");
        new aws.vpc.SecurityGroupIngressRule(`${ruleName}-from-${label}`, { ...base, ...(isIpv6(cidr) ? { cidrIpv6: cidr } : { cidrIpv4: cidr }) }, parent);
      }
    }

    // Online nodes reach package mirrors, registries and Apple/Google; the island stays inside the VPC.
    for (const g of inUse.filter((g) => !isCallingGroup(g))) {
      const egress = args.online ? [{ cidrIpv4: "0.0.0.0/0" }, { cidrIpv6: "::/0" }] : [{ cidrIpv4: args.vpcCidr }];
      egress.forEach((dest, i) =>
        new aws.vpc.SecurityGroupEgressRule(`${name}-${g}-egress-${i === 0 ? "v4" : "v6"}`, { securityGroupId: groups[g].id, ipProtocol: "-1", ...dest, description: args.online ? "all outbound" : "inside the VPC only", tags: { "wire:stack": args.stack, "wire:group": g } }, parent),
      );
    }
    // The calling DMZ sends only what it needs (config/firewall.ts); the VPC resolver is the VPC's base + 2.
    const resolverCidr = cidrSubnet(args.vpcCidr, 32, 2);
    for (const rule of callingEgressRules({ online: args.online, resolverCidr, vpcCidr: args.vpcCidr })) {
      this.callingEgress(name, args, groups, rule, clientCidrs);
    }
    if (!args.online) {
      // The island reaches nothing outside the VPC, except S3 through the gateway endpoint, for the
      // hosts that fetch Wire's offline bundle and back-ups of the tooling.
      for (const g of ["adminHost", "assetHost"] as const) {
        new aws.vpc.SecurityGroupEgressRule(
          `${name}-${g}-egress-s3`,
          { securityGroupId: groups[g].id, ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: args.s3PrefixListId, description: "S3 through the gateway endpoint", tags: { "wire:stack": args.stack, "wire:group": g } },
          parent,
        );
      }
    }
    if (!args.online && args.smtpRelay) {
      // brig runs on the Kubernetes nodes: they alone may send to the relay, on its port alone.
      const { cidrs, port } = args.smtpRelay;
      for (const cidr of cidrs) {
        new aws.vpc.SecurityGroupEgressRule(
          `${name}-kubernetes-egress-smtp-${cidr.replace(/[/:.]/g, "_")}`,
          { securityGroupId: groups.kubernetes.id, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: cidr, description: "brig's SMTP relay (email.smtp)", tags: { "wire:stack": args.stack, "wire:group": "kubernetes" } },
          parent,
        );
      }
    }
    this.registerOutputs({ ids: this.ids });
  }

  private callingEgress(name: string, args: SecurityGroupsArgs, groups: Record<GroupName, aws.ec2.SecurityGroup>, rule: EgressRule, clientCidrs: string[]): void {
    const base = {
      securityGroupId: groups[rule.group].id,
      ipProtocol: rule.protocol,
      fromPort: rule.fromPort,
      toPort: rule.toPort,
      description: rule.description,
      tags: { "wire:stack": args.stack, "wire:group": rule.group },
    };
    const ruleName = `${name}-${rule.group}-egress-${rule.label}`;
    const peer = rule.peer;
    if (peer.kind === "group") {
      new aws.vpc.SecurityGroupEgressRule(ruleName, { ...base, tags: { ...base.tags, "wire:peer": peer.group }, referencedSecurityGroupId: groups[peer.group].id }, { parent: this });
      return;
    }
    const cidrs = peer.kind === "world" ? ["0.0.0.0/0", "::/0"] : peer.kind === "clients" ? clientCidrs : peer.cidrs;
    for (const cidr of cidrs) {
      const label = cidr === "0.0.0.0/0" ? "v4" : cidr === "::/0" ? "v6" : cidr.replace(/[/:.]/g, "_");
      new aws.vpc.SecurityGroupEgressRule(`${ruleName}-${label}`, { ...base, ...(isIpv6(cidr) ? { cidrIpv6: cidr } : { cidrIpv4: cidr }) }, { parent: this });
    }
  }
}
