// The S3 access logs of an assets: s3 stack (components/accessLogBucket.ts), judged by AWSGuard
// (@pulumi/awsguard, Pulumi's CrossGuard policies for AWS). Its one S3 policy, s3-bucket-logging-enabled,
// asks every bucket for server access logging.
//
// AWSGuard 0.3.1, the newest on npm, is written against @pulumi/aws 4, where a bucket declared its
// logging inline as `loggings: [{ targetBucket, targetPrefix }]`. @pulumi/aws 7 (ours) has no such input:
// logging is a resource of its own, aws.s3.BucketLogging, naming the bucket. So AWSGuard's real policy
// code is given each bucket as @pulumi/aws 4 declared the same configuration: the plan's inputs, with the
// BucketLogging resources that name the bucket folded in as `loggings`. It passes them, and still fails
// the same bucket without them. The bucket that receives the logs does not log itself (that would log
// its own log deliveries without end); AWSGuard's later source, not published, exempts such targets too.
import type { PlanDocument, PlanResource } from "../cli/planRuntime";
import type { ResourceValidationPolicy } from "../policy/policies";
import { planArgs, runResource } from "./helpers/policyRunner";
import { plan, stackFile } from "./helpers/stacks";
import { ACCESS_LOG_RETENTION_DAYS } from "../components/accessLogBucket";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { s3BucketLoggingEnabled } = require("@pulumi/awsguard/storage") as { s3BucketLoggingEnabled: ResourceValidationPolicy };

const BUCKET = "aws:s3/bucket:Bucket";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

let p: PlanDocument;
beforeAll(async () => {
  p = await plan("acme-cloud", stackFile("acme-cloud"));
});

const buckets = () => p.resources.filter((r) => r.type === BUCKET);
const loggingOf = (b: PlanResource) => p.resources.filter((r) => r.type === LOGGING && r.inputs.bucket === b.id);
const receivesLogs = (b: PlanResource) => p.resources.some((r) => r.type === LOGGING && r.inputs.targetBucket === b.id);

/** The bucket as @pulumi/aws 4 declared it: its logging inline. */
function asDeclaredInAws4(b: PlanResource, logging: PlanResource[]): PlanResource {
  return { ...b, inputs: { ...b.inputs, loggings: logging.map((l) => ({ targetBucket: l.inputs.targetBucket, targetPrefix: l.inputs.targetPrefix })) } };
}

async function awsGuard(b: PlanResource): Promise<string[]> {
  return (await runResource(s3BucketLoggingEnabled, planArgs(b, {}))).violations;
}

describe("AWSGuard's S3 policy (s3-bucket-logging-enabled) on the buckets of an assets: s3 stack", () => {
  it("has the buckets to judge: users' files, public files, and the access logs", () => {
    expect(buckets().map((b) => b.name).sort()).toEqual(["access-logs", "assets", "public-files-bucket"]);
    expect(s3BucketLoggingEnabled.name).toBe("s3-bucket-logging-enabled");
  });

  it("passes every bucket that holds files, each logging to the access-log bucket", async () => {
    const files = buckets().filter((x) => !receivesLogs(x));
    expect(files).toHaveLength(2);
    for (const b of files) {
      const logging = loggingOf(b);
      expect({ bucket: b.name, loggings: logging.length }).toEqual({ bucket: b.name, loggings: 1 });
      expect({ bucket: b.name, violations: await awsGuard(asDeclaredInAws4(b, logging)) }).toEqual({ bucket: b.name, violations: [] });
    }
  });

  it("fails the same buckets without their logging (the policy is live)", async () => {
    const files = buckets().filter((x) => !receivesLogs(x));
    expect(files).toHaveLength(2);
    for (const b of files) expect(await awsGuard(asDeclaredInAws4(b, []))).toEqual(["Bucket logging must be defined."]);
  });

  it("exempts only the bucket that receives the logs", () => {
    expect(buckets().filter(receivesLogs).map((b) => b.name)).toEqual(["access-logs"]);
  });
});

describe("the access-log bucket", () => {
  const child = (type: string) => {
    const logs = buckets().find(receivesLogs)!;
    return p.resources.filter((r) => r.type === type && r.inputs.bucket === logs.id);
  };

  it("is private, SSE-S3 (what S3's log delivery writes to) and keeps logs 90 days", () => {
    expect(child("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0].inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(child("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")[0].inputs).toMatchObject({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    expect(child("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")[0].inputs).toMatchObject({ rules: [{ status: "Enabled", expiration: { days: ACCESS_LOG_RETENTION_DAYS } }] });
    expect(buckets().find(receivesLogs)!.options.retainOnDelete).toBe(true);
  });

  it("a retained bucket keeps its settings: every S3 configuration resource of the retained buckets is retained too", () => {
    const retained = buckets().filter((b) => b.options.retainOnDelete);
    expect(retained.map((b) => b.name).sort()).toEqual(["access-logs", "assets"]);
    for (const b of retained) {
      const settings = p.resources.filter((r) => r.type.startsWith("aws:s3/") && r.type !== BUCKET && r.inputs.bucket === b.id);
      expect(settings.length).toBeGreaterThanOrEqual(4);
      for (const r of settings) expect([r.name, r.options.retainOnDelete]).toEqual([r.name, true]);
    }
    // The Kubernetes nodes' S3 rights go with their role.
    expect(p.resources.find((r) => r.name === "assets-cargohold")!.options.retainOnDelete).toBe(false);
  });

  it("admits S3's log delivery from the stack's two buckets of this account only, over TLS", () => {
    const policy = JSON.parse(String(child("aws:s3/bucketPolicy:BucketPolicy")[0].inputs.policy)) as { Statement: { Effect: string; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> }[] };
    const allow = policy.Statement.filter((s) => s.Effect === "Allow");
    expect(allow).toHaveLength(1);
    expect(allow[0].Principal).toEqual({ Service: "logging.s3.amazonaws.com" });
    const sources = buckets().filter((b) => !receivesLogs(b));
    expect(sources).toHaveLength(2);
    // The two source buckets by name (the mock's ARNs carry the bucket prefixes), nothing else.
    const arns = (allow[0].Condition!.ArnLike["aws:SourceArn"] as string[]).slice().sort();
    expect(arns).toEqual([expect.stringMatching(/^arn:aws:s3:::wire-acme-cloud-assets-/), expect.stringMatching(/^arn:aws:s3:::wire-acme-cloud-public-/)]);
    const own = policy as unknown as { Statement: { Effect: string; Action?: unknown; Resource?: unknown }[] };
    const logArn = String((own.Statement.find((x) => x.Effect === "Deny")!.Resource as string[])[0]);
    expect(allow[0]).toMatchObject({ Action: "s3:PutObject", Resource: `${logArn}/*` });
    expect(allow[0].Condition!.StringEquals["aws:SourceAccount"]).toMatch(/^\d{12}$/);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
  });

  it("is not built for a stack without buckets (MinIO)", async () => {
    const minio = await plan("acme-onprem-minio", { ...stackFile("acme-cloud"), "wire-backend:assets": "minio" });
    expect(minio.resources.filter((r) => r.type === BUCKET || r.type === LOGGING)).toEqual([]);
  });
});
