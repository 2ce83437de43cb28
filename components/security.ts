// The stack's security baseline that nodes depend on: one KMS key (rotation on) encrypting EBS,
// queues and backups, and the instance roles that let SSM Session Manager reach every node
// without SSH from the internet (the Kubernetes nodes have one of their own, see below).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn, partitionOf } from "./partition";

export interface SecurityArgs {
  stack: string;
}

/** AWS's managed policy for Session Manager; we attach it rather than writing `ssm:*` ourselves. */
export const SSM_MANAGED_POLICY = "AmazonSSMManagedInstanceCore";

/**
 * AWS's default key policy (the account's IAM policies decide who uses the key), plus SNS, which
 * must encrypt what it delivers to gundeck's encrypted queue, limited to this account's topics.
 */
export function keyPolicy(account: string, partition: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountIamPolicies", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
      {
        Sid: "SnsToEncryptedQueue",
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": account } },
      },
    ],
  };
}

export class Security extends pulumi.ComponentResource {
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly kmsKeyId: pulumi.Output<string>;
  readonly instanceProfileName: pulumi.Output<string>;
  /**
   * The Kubernetes nodes' own role and profile: cert-manager runs there and answers DNS-01 with the
   * role's Route 53 rights (certManagerDns.ts), which no other node (data stores, the calling DMZ)
   * may have.
   */
  readonly kubeNodeRoleName: pulumi.Output<string>;
  readonly kubeNodeInstanceProfileName: pulumi.Output<string>;

  constructor(name: string, args: SecurityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:security:Security", name, {}, opts);
    const parent = { parent: this };
    const tags = { "wire:stack": args.stack };
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const partition = partitionOf(parent);
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `wire-backend ${args.stack}: EBS, SQS and backups`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.all([account, partition]).apply(([a, p]) => JSON.stringify(keyPolicy(a, p))),
        tags,
      },
      // Deleting the key makes every encrypted volume and snapshot unreadable.
      { parent: this, protect: true, retainOnDelete: true },
    );
    new aws.kms.Alias(`${name}-key-alias`, { name: `alias/wire-backend-${args.stack}`, targetKeyId: key.keyId }, parent);
    this.kmsKeyArn = key.arn;
    this.kmsKeyId = key.keyId;

    // Every node: SSM Session Manager and nothing else.
    const nodeRole = (prefix: string) => {
      const role = new aws.iam.Role(
        `${name}-${prefix}-role`,
        {
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
          }),
          tags,
        },
        parent,
      );
      new aws.iam.RolePolicyAttachment(`${name}-${prefix}-ssm`, { role: role.name, policyArn: partition.apply((p) => managedPolicyArn(p, SSM_MANAGED_POLICY)) }, parent);
      const profile = new aws.iam.InstanceProfile(`${name}-${prefix}-profile`, { role: role.name, tags }, parent);
      return { role, profile };
    };
    this.instanceProfileName = nodeRole("node").profile.name;
    const kube = nodeRole("kube-node");
    this.kubeNodeRoleName = kube.role.name;
    this.kubeNodeInstanceProfileName = kube.profile.name;
    this.registerOutputs({ kmsKeyArn: this.kmsKeyArn, instanceProfileName: this.instanceProfileName, kubeNodeInstanceProfileName: this.kubeNodeInstanceProfileName });
  }
}
