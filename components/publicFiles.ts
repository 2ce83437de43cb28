// With `assets: s3` there is no MinIO, so no `public` bucket: the public files (deeplink, blacklists,
// published clients) get a bucket of their own, never the assets bucket (users' files stay where only
// cargohold reads them). The bucket is private: Block Public Access, TLS-only, encrypted, owner-enforced.
// It is served at the same URLs as with MinIO, https://assets.<domain>/public/..., by CloudFront reading
// it through origin access control (CloudFront signs its requests; the bucket policy admits that one
// distribution and nothing public), with an ACM certificate for assets.<domain> validated by DNS in the
// stack's zone. CloudFront takes certificates from us-east-1 only: the certificate and its validation
// carry `region: "us-east-1"` (@pulumi/aws 7 has a region per resource; no second provider needed).
// Why CloudFront and not the cluster's ingress: the ingress would need credentials for the bucket and a
// proxy in front of it (nginx-ingress-services only routes to Services), and the files would be down
// whenever the cluster is; CloudFront needs neither and its certificate renews itself.
// Encryption is SSE-S3 (AES-256), not the stack's KMS key: with SSE-KMS, CloudFront's reads would need
// the key policy to admit cloudfront.amazonaws.com, for files that are public by design.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assetsBaseUrl, PUBLIC_PREFIX, publicFiles } from "../config/publicFiles";
import { wireHosts } from "../config/hostNames";
import { bucketNamePart } from "./assetsBucket";

/** CloudFront's managed cache policies (AWS docs, "Use managed cache policies"). */
const CACHE_POLICY = { cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6", cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" };
/** ACM certificates for CloudFront must be in this region. */
const CLOUDFRONT_CERT_REGION = "us-east-1";

/**
 * The bucket's name prefix. Stack names may have capitals, `_` and `.` (Pulumi's rule), bucket names not:
 * they are made lower-case letters, digits and `-`. A stack whose name was already valid keeps its prefix
 * (a new prefix would replace the bucket); one that was not could never have created it.
 */
export function publicBucketPrefix(stack: string): string {
  return `wire-${bucketNamePart(stack)}-public-`.slice(0, 37);
}

export interface PublicFilesArgs {
  stack: string;
  domain: string;
  region: string;
  zoneId: pulumi.Input<string>;
  protect: boolean;
}

export class PublicFiles extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketId: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly distributionDomainName: pulumi.Output<string>;
  /** https://assets.<domain>/public */
  readonly url: string;

  constructor(name: string, args: PublicFilesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:clients:PublicFiles", name, {}, opts);
    const parent = { parent: this };
    const tags = { "wire:stack": args.stack, "wire:purpose": "public files (deeplink, blacklists, clients)" };
    const host = wireHosts(args.domain).assets;

    // Published client builds live here: protected like the stack's other data (`protect`).
    const bucket = new aws.s3.Bucket(`${name}-bucket`, { bucketPrefix: publicBucketPrefix(args.stack), tags }, { parent: this, protect: args.protect });
    new aws.s3.BucketPublicAccessBlock(`${name}-no-public-access`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, parent);
    new aws.s3.BucketOwnershipControls(`${name}-owner-enforced`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }] }, parent);

    const oac = new aws.cloudfront.OriginAccessControl(
      `${name}-oac`,
      { name: `wire-${args.stack}-public-files`, description: `Wire ${args.stack}: CloudFront reads the public-files bucket`, originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" },
      parent,
    );
    const cert = new aws.acm.Certificate(`${name}-cert`, { domainName: host, validationMethod: "DNS", region: CLOUDFRONT_CERT_REGION, tags }, parent);
    const option = cert.domainValidationOptions.apply((o) => o[0]);
    const validationRecord = new aws.route53.Record(
      `${name}-cert-validation`,
      { zoneId: args.zoneId, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue], ttl: 300, allowOverwrite: true },
      parent,
    );
    const validation = new aws.acm.CertificateValidation(`${name}-cert-valid`, { certificateArn: cert.arn, validationRecordFqdns: [validationRecord.fqdn], region: CLOUDFRONT_CERT_REGION }, parent);

    const originId = "public-files";
    const distribution = new aws.cloudfront.Distribution(
      `${name}-cdn`,
      {
        enabled: true,
        isIpv6Enabled: true,
        comment: `Wire ${args.stack}: https://${host}/${PUBLIC_PREFIX}/`,
        aliases: [host],
        origins: [{ originId, domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
        // Index, deeplink and blacklists change in place: never cached. A published version never
        // changes (npm run clients refuses), so its files are cached as long as CloudFront likes.
        defaultCacheBehavior: { targetOriginId: originId, viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], compress: true, cachePolicyId: CACHE_POLICY.cachingDisabled },
        orderedCacheBehaviors: [
          { pathPattern: `${PUBLIC_PREFIX}/clients/*/*/*`, targetOriginId: originId, viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], compress: true, cachePolicyId: CACHE_POLICY.cachingOptimized },
        ],
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { acmCertificateArn: validation.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
        tags,
      },
      parent,
    );

    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "CloudFrontReadsPublicPrefix",
              Effect: "Allow",
              Principal: { Service: "cloudfront.amazonaws.com" },
              Action: "s3:GetObject",
              Resource: pulumi.interpolate`${bucket.arn}/${PUBLIC_PREFIX}/*`,
              Condition: { StringEquals: { "AWS:SourceArn": distribution.arn } },
            },
            {
              Sid: "TlsOnly",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      },
      parent,
    );

    for (const type of ["A", "AAAA"]) {
      new aws.route53.Record(
        `${name}-assets-${type.toLowerCase()}`,
        { zoneId: args.zoneId, name: host, type, aliases: [{ name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false }] },
        parent,
      );
    }

    // The export's public files, put in place by the stack itself (with MinIO our play does it).
    for (const f of publicFiles(args.domain)) {
      new aws.s3.BucketObjectv2(
        `${name}-${f.path.replace(/[/.]/g, "-")}`,
        { bucket: bucket.id, key: `${PUBLIC_PREFIX}/${f.path}`, content: f.text, contentType: f.contentType, cacheControl: "no-cache", tags },
        parent,
      );
    }

    this.bucketName = bucket.bucket;
    this.bucketId = bucket.id;
    this.bucketArn = bucket.arn;
    this.distributionDomainName = distribution.domainName;
    this.url = assetsBaseUrl(args.domain);
    this.registerOutputs({ bucketName: this.bucketName, distributionDomainName: this.distributionDomainName });
  }
}
