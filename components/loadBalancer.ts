// A network load balancer forwarding TCP 443 and 80 to the ingress NodePorts on every Kubernetes
// node (31773 https, 31772 http: Wire's ingress-nginx as a NodePort DaemonSet). Internet-facing
// online; internal on the island.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { INGRESS_NODE_PORTS } from "../config/ports";

export { INGRESS_NODE_PORTS };

export interface LoadBalancerArgs {
  stack: string;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  internal: boolean;
  targetInstanceIds: pulumi.Input<string>[];
  /** An internet-facing load balancer needs the VPC's internet gateway first; an internal one must
   * not take a reserved fixed address. */
  dependsOn: pulumi.Resource[];
}

export class LoadBalancer extends pulumi.ComponentResource {
  readonly dnsName: pulumi.Output<string>;
  readonly zoneId: pulumi.Output<string>;

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:network:LoadBalancer", name, {}, opts);
    const parent = { parent: this };
    const tags = { Name: `${args.stack}-${name}`, "wire:stack": args.stack };
    const lb = new aws.lb.LoadBalancer(
      `${name}-nlb`,
      {
        loadBalancerType: "network",
        internal: args.internal,
        subnets: args.subnetIds,
        securityGroups: [args.securityGroupId],
        enableCrossZoneLoadBalancing: true,
        // Every client reaches Wire through it, and its DNS name is the target of Wire's records: an
        // accidental delete must fail (AWSGuard's elb-deletion-protection-enabled).
        enableDeletionProtection: true,
        tags,
      },
      { parent: this, dependsOn: args.dependsOn },
    );
    for (const [listen, nodePort] of [[443, INGRESS_NODE_PORTS.https], [80, INGRESS_NODE_PORTS.http]] as const) {
      const scheme = listen === 443 ? "https" : "http";
      const tg = new aws.lb.TargetGroup(
        `${name}-${scheme}`,
        { port: nodePort, protocol: "TCP", targetType: "instance", vpcId: args.vpcId, healthCheck: { protocol: "TCP", port: String(nodePort) }, tags },
        parent,
      );
      new aws.lb.Listener(`${name}-${scheme}-listener`, { loadBalancerArn: lb.arn, port: listen, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: tg.arn }] }, parent);
      args.targetInstanceIds.forEach((id, i) =>
        new aws.lb.TargetGroupAttachment(`${name}-${scheme}-node-${i + 1}`, { targetGroupArn: tg.arn, targetId: id, port: nodePort }, parent),
      );
    }
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;
    this.registerOutputs({ dnsName: this.dnsName });
  }
}
