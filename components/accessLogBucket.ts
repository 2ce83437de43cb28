// S3 server access logs of the stack's buckets (the users' files with `assets: s3`, the public files):
// who read, wrote or deleted which object, when and from where. AWS Config's s3-bucket-logging-enabled and
// AWSGuard's policy of that name ask for it on every bucket; an auditor asks for it on users' files.
// The logs go to one bucket of their own, which does not log itself (a bucket logging into itself logs
// its own log deliveries without end).
// The target takes no SSE-KMS: S3's log delivery writes only to SSE-S3 (AES-256) targets (AWS, "Enabling
// Amazon S3 server access logging", destination bucket requirements). With object ownership enforced
// there are no ACLs, so the bucket policy admits the logging service, from this account and these
// buckets only.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketPrefix, tlsOnlyPolicy } from "./assetsBucket";
import { FLOW_LOG_RETENTION_DAYS } from "../sizing/bill";

/** As long as the VPC's flow logs (network.ts, priced in sizing/bill.ts): what an auditor and a debugging operator ask for. */
export const ACCESS_LOG_RETENTION_DAYS = FLOW_LOG_RETENTION_DAYS;

export interface LoggedBucket {
  /** Short name: the logging resource's name suffix and the logs' key prefix. */
  name: string;
  /** The bucket's id (its name, for S3), so that the engine knows the logging resource depends on it. */
  bucketId: pulumi.Input<string>;
  bucketArn: pulumi.Input<string>;
}

export interface AccessLogBucketArgs {
  stack: string;
  /** The stack's buckets whose access is logged here. */
  sources: LoggedBucket[];
}

/** The log bucket's policy: TLS only, and S3's log delivery for these source buckets of this account. */
export function accessLogPolicy(logBucketArn: string, accountId: string, sourceArns: string[]): object {
  const tls = tlsOnlyPolicy(logBucketArn) as { Statement: object[] };
  return {
    Version: "2012-10-17",
    Statement: [
      ...tls.Statement,
      {
        Sid: "S3ServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${logBucketArn}/*`,
        Condition: { ArnLike: { "aws:SourceArn": sourceArns }, StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

export class AccessLogBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;

  constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:storage:AccessLogBucket", name, {}, opts);
    // Kept when the stack is destroyed, like the data whose access it records, with its settings (the
    // expiry of the logs, the public-access block, the policy).
    const parent = { parent: this, retainOnDelete: true };
    const tags = { "wire:stack": args.stack, "wire:purpose": "S3 server access logs" };
    const bucket = new aws.s3.Bucket(name, { bucketPrefix: bucketPrefix(args.stack, "logs"), tags }, parent);
    const ref = { bucket: bucket.id };
    new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, { ...ref, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, parent);
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { ...ref, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, { ...ref, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, parent);
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      { ...ref, rules: [{ id: "expire-logs", status: "Enabled", filter: {}, expiration: { days: ACCESS_LOG_RETENTION_DAYS } }] },
      parent,
    );
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      { ...ref, policy: pulumi.all([bucket.arn, account, ...args.sources.map((s) => s.bucketArn)]).apply(([arn, id, ...sources]) => JSON.stringify(accessLogPolicy(arn, id, sources))) },
      parent,
    );
    for (const source of args.sources) {
      new aws.s3.BucketLogging(`${name}-${source.name}`, { bucket: source.bucketId, targetBucket: bucket.id, targetPrefix: `${source.name}/` }, { ...parent, dependsOn: [policy] });
    }
    this.bucketName = bucket.bucket;
    this.registerOutputs({ bucketName: this.bucketName });
  }
}
