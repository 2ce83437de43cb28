// Wire's DNS names under `domain`: the HTTPS names point at the load balancer, one A record per TURN
// node. A public zone online, a private zone (attached to the VPC) on the island, or the stack's
// existing zone (`dns.zoneId`).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { turnHostname, WIRE_HOSTNAMES } from "../config/hostNames";

export interface DnsArgs {
  stack: string;
  domain: string;
  online: boolean;
  vpcId: pulumi.Input<string>;
  existingZoneId?: string;
  loadBalancer: { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> };
  /** Address of each TURN node in node order: public online, private offline. */
  turnIps: pulumi.Input<string>[];
  /** Whether sftd runs (a pool or in the cluster): its signalling name then points at the load balancer. */
  sft: boolean;
  /** Names another component points elsewhere (assets with `assets: s3`: components/publicFiles.ts). */
  elsewhere?: string[];
}

export class Dns extends pulumi.ComponentResource {
  readonly zoneId: pulumi.Output<string>;
  readonly nameServers: pulumi.Output<string[]>;

  constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:dns:Dns", name, {}, opts);
    const parent = { parent: this };
    if (args.existingZoneId) {
      this.zoneId = pulumi.output(args.existingZoneId);
      this.nameServers = pulumi.output([]);
    } else {
      const zone = new aws.route53.Zone(
        `${name}-zone`,
        {
          name: args.domain,
          comment: `Wire (${args.stack}), ${args.online ? "public" : "private to the island's VPC"}`,
          vpcs: args.online ? undefined : [{ vpcId: args.vpcId }],
          tags: { "wire:stack": args.stack },
        },
        parent,
      );
      this.zoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
    }
    for (const host of WIRE_HOSTNAMES.filter((h) => (h !== "sftd" || args.sft) && !args.elsewhere?.includes(h))) {
      new aws.route53.Record(
        `${name}-${host}`,
        { zoneId: this.zoneId, name: `${host}.${args.domain}`, type: "A", aliases: [{ name: args.loadBalancer.dnsName, zoneId: args.loadBalancer.zoneId, evaluateTargetHealth: true }] },
        parent,
      );
    }
    args.turnIps.forEach((ip, i) => {
      const host = turnHostname(i + 1);
      new aws.route53.Record(`${name}-${host}`, { zoneId: this.zoneId, name: `${host}.${args.domain}`, type: "A", ttl: 300, records: [ip] }, parent);
    });
    this.registerOutputs({ zoneId: this.zoneId, nameServers: this.nameServers });
  }
}
