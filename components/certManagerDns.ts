// cert-manager's DNS-01 rights: the TURN names (turnN.<domain>) serve no HTTP, so Let's Encrypt checks
// them by a TXT record that cert-manager writes into the stack's Route 53 zone (the issuer
// `letsencrypt-dns01`, config/kubeObjects.ts). cert-manager runs on the Kubernetes nodes and takes
// their instance role through IMDSv2 (nodeGroup.ts sets the hop limit to 2, so a pod, one hop
// behind the node, gets an answer). The policy allows what cert-manager's Route 53 solver calls and
// nothing wider: record changes and reads in this one zone, the status of its changes, and the
// zone lookup by name (which supports no resource-level permission).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "./partition";

/** A hosted zone's ARN; Route 53 ARNs have neither region nor account. */
export function hostedZoneArn(partition: string, zoneId: string): string {
  return `arn:${partition}:route53:::hostedzone/${zoneId}`;
}

export function route53ChallengePolicy(partition: string, zoneId: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ChallengeRecordsInTheStackZone", Effect: "Allow", Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"], Resource: hostedZoneArn(partition, zoneId) },
      { Sid: "WaitForTheChange", Effect: "Allow", Action: "route53:GetChange", Resource: `arn:${partition}:route53:::change/*` },
      { Sid: "FindTheZone", Effect: "Allow", Action: "route53:ListHostedZonesByName", Resource: "*" },
    ],
  };
}

export interface CertManagerDnsArgs {
  /** The Kubernetes nodes' role (security.ts), where cert-manager runs. */
  kubeNodeRoleName: pulumi.Input<string>;
  zoneId: pulumi.Input<string>;
}

export class CertManagerDns extends pulumi.ComponentResource {
  constructor(name: string, args: CertManagerDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:dns:CertManagerDns", name, {}, opts);
    const partition = partitionOf({ parent: this });
    new aws.iam.RolePolicy(
      `${name}-route53`,
      { role: args.kubeNodeRoleName, policy: pulumi.all([partition, args.zoneId]).apply(([p, z]) => JSON.stringify(route53ChallengePolicy(p, z))) },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
