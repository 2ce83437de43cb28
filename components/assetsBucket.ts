// assets: s3. Users' files in a private S3 bucket of the stack instead of on MinIO's EBS volumes.
// cargohold speaks S3 natively and its AWS client (amazonka's `discover`) finds credentials through the
// standard chain, the EC2 instance profile included: the Kubernetes nodes' role may do exactly what
// cargohold does on this bucket and its key, nothing else (shared/reference/layouts.md §2; wire-server
// services/cargohold/src/CargoHold/Options.hs; Wire's docs how-to/install/aws-prod.md). Clients download
// with pre-signed URLs straight from S3, hence CORS for the web apps' origins.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dataOptions } from "./nodeGroup";

/** What cargohold calls: HEAD/GET/PUT/DELETE of objects, multipart uploads, and ListBucket so that a missing key is a 404, not a 403. */
export const CARGOHOLD_OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
export const CARGOHOLD_BUCKET_ACTIONS = ["s3:ListBucket"];

/** The Kubernetes nodes' rights on the bucket and on the key that encrypts it (through S3 only). */
export function cargoholdPolicy(bucketArn: string, kmsKeyArn: string, region: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "CargoholdObjects", Effect: "Allow", Action: CARGOHOLD_OBJECT_ACTIONS, Resource: `${bucketArn}/*` },
      { Sid: "CargoholdBucket", Effect: "Allow", Action: CARGOHOLD_BUCKET_ACTIONS, Resource: bucketArn },
      {
        Sid: "CargoholdKeyThroughS3",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
      },
    ],
  };
}

/** Refuses every request that does not come over TLS (AWS's s3-bucket-ssl-requests-only). */
export function tlsOnlyPolicy(bucketArn: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "TlsOnly",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/**
 * S3 bucket names: 3-63 lower-case letters, digits and hyphens; the stack name may have others. The
 * prefix of an existing bucket must never change (a new prefix replaces the bucket): `assets` keeps the
 * form it was created with.
 */
export function bucketPrefix(stack: string, purpose = "assets"): string {
  return `wire-${bucketNamePart(stack)}`.slice(0, 28) + `-${purpose}-`;
}

/** A stack name as bucket names allow it: lower-case letters, digits and single hyphens. */
export function bucketNamePart(stack: string): string {
  return stack.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
}

export interface AssetsBucketArgs {
  stack: string;
  region: string;
  kmsKeyArn: pulumi.Input<string>;
  /** The Kubernetes nodes' role (security.ts), where cargohold runs. */
  kubeNodeRoleName: pulumi.Input<string>;
  /** Noncurrent versions are kept as long as the backups (backup.retentionDays). */
  retentionDays: number;
  /** Origins of the web apps that fetch assets with pre-signed URLs (https://webapp.<domain>, ...). */
  corsOrigins: string[];
  protect: boolean;
}

export class AssetsBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketId: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: AssetsBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:storage:AssetsBucket", name, {}, opts);
    // The bucket's settings stay with it when the stack is destroyed (the bucket is retained): a kept
    // bucket of users' files must not lose its public-access block, encryption or TLS-only policy.
    const parent = { parent: this, retainOnDelete: true };
    const tags = { "wire:stack": args.stack, "wire:data": "true" };
    // Users' files: never deleted or replaced by the engine, kept when the stack is destroyed.
    const bucket = new aws.s3.Bucket(name, { bucketPrefix: bucketPrefix(args.stack), tags }, { parent: this, ...dataOptions(args.protect) });
    const ref = { bucket: bucket.id };
    new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, { ...ref, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, parent);
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { ...ref, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { ...ref, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }] },
      parent,
    );
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { ...ref, versioningConfiguration: { status: "Enabled" } }, parent);
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        ...ref,
        rules: [
          { id: "noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: args.retentionDays } },
          { id: "unfinished-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
        ],
      },
      { ...parent, dependsOn: [versioning] },
    );
    new aws.s3.BucketCorsConfiguration(
      `${name}-cors`,
      { ...ref, corsRules: [{ allowedMethods: ["GET", "HEAD"], allowedOrigins: args.corsOrigins, allowedHeaders: ["*"], maxAgeSeconds: 3600 }] },
      parent,
    );
    new aws.s3.BucketPolicy(`${name}-tls-only`, { ...ref, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyPolicy(arn))) }, parent);
    new aws.iam.RolePolicy(
      `${name}-cargohold`,
      { role: args.kubeNodeRoleName, policy: pulumi.all([bucket.arn, args.kmsKeyArn]).apply(([b, k]) => JSON.stringify(cargoholdPolicy(b, k, args.region))) },
      // Not retained: it belongs to the Kubernetes nodes' role, which goes with the stack.
      { parent: this },
    );
    this.bucketName = bucket.bucket;
    this.bucketId = bucket.id;
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
