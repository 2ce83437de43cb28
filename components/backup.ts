// Daily AWS Backup of every data volume, selected by tag, into a vault encrypted with the stack's
// key; retention from `backup.retentionDays` (default 35).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn, partitionOf } from "./partition";

export interface BackupArgs {
  stack: string;
  kmsKeyArn: pulumi.Input<string>;
  retentionDays: number;
}

/** AWS's managed policies for the Backup service role; we write no `*` policy of our own. */
export const BACKUP_MANAGED_POLICIES = [
  "service-role/AWSBackupServiceRolePolicyForBackup",
  "service-role/AWSBackupServiceRolePolicyForRestores",
];

/** Data volumes carry this tag (components/nodeGroup.ts). */
export const BACKUP_TAG = { key: "wire:backup", value: "daily" };

export class Backup extends pulumi.ComponentResource {
  readonly vaultName: pulumi.Output<string>;

  constructor(name: string, args: BackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:backup:Backup", name, {}, opts);
    const parent = { parent: this };
    const tags = { "wire:stack": args.stack };
    const partition = partitionOf(parent);
    const vault = new aws.backup.Vault(`${name}-vault`, { name: `wire-${args.stack}`, kmsKeyArn: args.kmsKeyArn, tags }, parent);
    const plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        name: `wire-${args.stack}-daily`,
        rules: [{ ruleName: "daily", targetVaultName: vault.name, schedule: "cron(0 3 * * ? *)", startWindow: 60, completionWindow: 360, lifecycle: { deleteAfter: args.retentionDays } }],
        tags,
      },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        tags,
      },
      parent,
    );
    BACKUP_MANAGED_POLICIES.forEach((policy, i) =>
      new aws.iam.RolePolicyAttachment(`${name}-role-${i === 0 ? "backup" : "restore"}`, { role: role.name, policyArn: partition.apply((p) => managedPolicyArn(p, policy)) }, parent),
    );
    new aws.backup.Selection(
      `${name}-data-volumes`,
      {
        name: `wire-${args.stack}-data`,
        planId: plan.id,
        iamRoleArn: role.arn,
        // Every tagged resource of this stack only: both tags must match.
        resources: [pulumi.interpolate`arn:${partition}:ec2:*:*:volume/*`],
        conditions: [{ stringEquals: [{ key: `aws:ResourceTag/${BACKUP_TAG.key}`, value: BACKUP_TAG.value }, { key: "aws:ResourceTag/wire:stack", value: args.stack }] }],
      },
      parent,
    );
    this.vaultName = vault.name;
    this.registerOutputs({ vaultName: this.vaultName });
  }
}
