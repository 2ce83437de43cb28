// What the inventory, the plan and the tools say about the public files (their texts and URLs are in
// config/publicFiles.ts): the inventory variables that make Wire's role write our deeplink, and the
// stack output that says where the files are served.
import { deeplinkEndpoints, publicFiles, publicFileUrl } from "../config/publicFiles";

/**
 * [minio:vars] lines that make Wire's minio-static-files role render our deeplink files: minio.yml passes
 * prefix, domain and deeplink_title from minio_deeplink_prefix/_domain; the role's other URLs are role
 * defaults, which inventory variables outrank. Only websiteURL differs from the role's default.
 */
export function deeplinkInventoryVars(domain: string): string[] {
  return ["minio_deeplink_prefix=", `minio_deeplink_domain=${domain}`, `websiteURL=${deeplinkEndpoints(domain).websiteURL}`];
}

/** The stack output `publicFiles` (index.ts) as the plan and the tools read it. */
export interface PublicFilesOutput {
  kind: "minio" | "s3";
  bucket: string;
  /** Prepended to every key: "" on MinIO's `public` bucket, "public/" in the stack's own bucket. */
  keyPrefix: string;
  region: string;
  /** S3 API endpoint; undefined: AWS's regional endpoint. */
  endpoint?: string;
  /** Public URL of the prefix: https://assets.<domain>/public */
  url: string;
  domain: string;
  /** With `assets: s3`: the CloudFront distribution's name. */
  cdn?: string;
}

/** Where the public files are served, for `plan` (its report line and its --json field). */
export function publicFilesSummary(out: PublicFilesOutput, online: boolean) {
  const servedBy =
    out.kind === "s3"
      ? `S3 bucket ${out.bucket} (private; its own, not the assets bucket), read by CloudFront ${out.cdn ?? ""} through origin access control, certificate from ACM`
      : `MinIO's \`public\` bucket behind the ingress on the load balancer${online ? "" : ", internal: reachable from network.clientCidrs only"}`;
  return { url: out.url, servedBy, files: publicFiles(out.domain).map((f) => publicFileUrl(out.domain, f.path)), clients: `${out.url}/clients/index.html` };
}

export function publicFilesLines(out: PublicFilesOutput, online: boolean): string {
  const s = publicFilesSummary(out, online);
  // Paths relative to the base URL keep the plan's summary short; --json has every URL whole.
  const paths = s.files.map((f) => f.slice(s.url.length + 1));
  return [`Public files at ${s.url}/: ${paths.join(", ")}; clients at ${s.clients}`, `  served by ${s.servedBy}`].join("\n");
}
