// The public files (deeplink, blacklists) and the client area's pure parts: rendering for the stack's
// names, Wire's blacklists as our defaults, platform and version detection, version order; then where
// each placement serves them: the export and runbook with MinIO, the bucket and CloudFront with
// `assets: s3`, and the island's load balancer open to the client ranges only.
// (tests/contract/publicFiles.test.ts has Wire's own role judge the bytes; tests/contract/clients.test.ts
// runs `npm run clients` against a real S3 API.)
import { publicBucketPrefix } from "../components/publicFiles";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import type { ConfigMap } from "../config/load";
import { compareVersions, platformOf, renderIndexHtml, versionOf } from "../outputs/clientIndex";
import { exportFiles, type ExportOutputs, runbookInput } from "../outputs/exportFiles";
import { installSteps } from "../outputs/installSteps";
import { formatPlan } from "../outputs/planReport";
import { PUBLIC_FILES_PLAY } from "../outputs/plays/publicFiles";
import { DEFAULT_BLACKLISTS, deeplinkUri, publicFiles } from "../config/publicFiles";
import { exampleStacks, INGRESS, ofType, plan, stack, stackFile } from "./helpers/stacks";
import { type PlanDocument } from "../cli/planRuntime";

/** A plan with its secrets shown (the export refuses placeholders), once per stack. */
const withSecrets = new Map<string, Promise<PlanDocument>>();
const secretPlan = (name: string) => {
  if (!withSecrets.has(name)) withSecrets.set(name, plan(name, stackFile(name), { showSecrets: true }));
  return withSecrets.get(name)!;
};

const WIRE_ROLE = path.join(__dirname, "fixtures", "wire-server-deploy", "ansible", "roles", "minio-static-files");
const file = (domain: string, p: string) => publicFiles(domain).find((f) => f.path === p)!;

describe("rendering for the stack's names", () => {
  it("deeplink.json names this backend's URLs by Wire's convention, titled with the domain", () => {
    const doc = JSON.parse(file("chat.acme.example", "deeplink.json").text);
    expect(doc).toEqual({
      endpoints: {
        backendURL: "https://nginz-https.chat.acme.example",
        backendWSURL: "https://nginz-ssl.chat.acme.example",
        blackListURL: "https://assets.chat.acme.example/public/blacklist/android.json",
        teamsURL: "https://teams.chat.acme.example",
        accountsURL: "https://account.chat.acme.example",
        websiteURL: "https://webapp.chat.acme.example",
      },
      title: "chat.acme.example",
    });
  });

  it("deeplink.html links wire://access/ with the URL of deeplink.json", () => {
    expect(deeplinkUri("chat.acme.example")).toBe("wire://access/?config=https://assets.chat.acme.example/public/deeplink.json");
    expect(file("chat.acme.example", "deeplink.html").text).toContain('<a href="wire://access/?config=https://assets.chat.acme.example/public/deeplink.json">');
  });

  it("the blacklists are Wire's (minio-static-files files/*.json, 682349d)", () => {
    for (const p of ["android", "ios"] as const) {
      const wire = JSON.parse(fs.readFileSync(path.join(WIRE_ROLE, "files", `${p}.json`), "utf8"));
      expect(DEFAULT_BLACKLISTS[p]).toEqual(wire);
      expect(JSON.parse(file("x.example", `blacklist/${p}.json`).text)).toEqual(wire);
    }
  });

  it("nginz's own deeplink (wire-server values) names the same endpoints as deeplink.json", async () => {
    const p = await secretPlan("acme-cloud");
    const outputs = p.outputs as unknown as ExportOutputs;
    const domain = outputs.install!.domain;
    const nginz = (outputs.helmValues["wire-server"].values as { nginz: { nginx_conf: { deeplink: unknown } } }).nginz.nginx_conf.deeplink;
    expect(nginz).toEqual(JSON.parse(file(domain, "deeplink.json").text));
  });
});

describe("platforms and versions of client builds", () => {
  it.each([
    ["Wire-Setup-3.36.3462.exe", "windows", "3.36.3462"],
    ["Wire-3.36.3462.msi", "windows", "3.36.3462"],
    ["Wire-3.36.3462.dmg", "macos", "3.36.3462"],
    ["Wire.pkg", "macos", undefined],
    ["Wire-3.36.3462_x86_64.AppImage", "linux", "3.36.3462"],
    ["Wire-3.36.3462_amd64.deb", "linux", "3.36.3462"],
    ["wire-3.36.3462.x86_64.rpm", "linux", "3.36.3462"],
    ["wire-android-4.10.0-rc.2.apk", "android", "4.10.0-rc.2"],
    ["Wire-3.36.3462.zip", undefined, "3.36.3462"],
    ["wire-4.10.0.aab", undefined, "4.10.0"],
    ["notes.txt", undefined, undefined],
  ])("%s: platform %s, version %s", (name, platform, version) => {
    expect([platformOf(name), versionOf(name)]).toEqual([platform, version]);
  });

  it("orders versions numerically, a pre-release before its release", () => {
    const sorted = ["4.10.0", "3.36.3462", "4.10.0-rc.10", "3.10.0", "4.9", "4.10.0-rc.2", "3.9.1"].sort(compareVersions);
    expect(sorted).toEqual(["3.9.1", "3.10.0", "3.36.3462", "4.9", "4.10.0-rc.2", "4.10.0-rc.10", "4.10.0"]);
    expect(compareVersions("4.10", "4.10.0")).toBe(0);
    expect(compareVersions("4.10.0-rc.10", "4.10.0-rc.2")).toBe(1);
  });

  it("is a total order: antisymmetric and transitive over dotted versions", () => {
    const version = fc.tuple(fc.array(fc.nat(40), { minLength: 1, maxLength: 4 }), fc.option(fc.constantFrom("rc.1", "rc.2", "beta", "alpha.3"), { nil: undefined })).map(([n, pre]) => `${n.join(".")}${pre ? `-${pre}` : ""}`);
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(Math.sign(compareVersions(a, b))).toBe(-Math.sign(compareVersions(b, a)) || 0);
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it("index.html escapes names and links each file relative to itself", () => {
    const html = renderIndexHtml(
      [{ platform: "windows", version: "3.1.0", file: "Wire <Setup> 3.1.0.exe", path: "windows/3.1.0/Wire <Setup> 3.1.0.exe", url: "", size: 2048, sha256: "ab".repeat(32), published: "2026-12-01T00:00:00.000Z" }],
      new Date("2026-12-02T00:00:00Z"),
      "Wire clients",
    );
    expect(html).toContain('href="windows/3.1.0/Wire%20%3CSetup%3E%203.1.0.exe">Wire &lt;Setup&gt; 3.1.0.exe</a>');
    expect(html).toContain("2.0 KiB");
  });
});

describe.each(exampleStacks())("example stack %s", (name) => {
  it("exports the four public files for its domain; with MinIO, our play runs right after minio.yml", async () => {
    const p = await secretPlan(name);
    const outputs = p.outputs as unknown as ExportOutputs;
    const files = exportFiles(outputs);
    const domain = outputs.install!.domain;
    for (const f of publicFiles(domain)) expect(files.get(`public/${f.path}`)!.text).toBe(f.text);
    expect(JSON.parse(files.get("public/deeplink.json")!.text).endpoints.backendURL).toBe(`https://nginz-https.${domain}`);
    const minio = (outputs.hosts ?? []).some((h) => h.role === "minio");
    expect(files.has(`ansible/${PUBLIC_FILES_PLAY}`)).toBe(minio);
    const steps = installSteps(runbookInput(outputs)!);
    const at = (pred: (s: (typeof steps)[number]) => boolean) => steps.findIndex(pred);
    const minioYml = at((s) => s.kind === "playbook" && s.playbook === "ansible/minio.yml");
    const ours = at((s) => s.kind === "playbook" && s.playbook === `ansible/${PUBLIC_FILES_PLAY}`);
    const copy = at((s) => s.kind === "command" && s.argv.includes(`${name}-export/public`));
    if (minio) expect([minioYml > 0, ours, copy < minioYml]).toEqual([true, minioYml + 1, true]);
    expect(formatPlan(p)).toContain(`Public files at https://assets.${domain}/public/`);
  });
});

const S3: ConfigMap = { "wire-backend:assets": "s3" };

describe("assets: s3 — a private bucket of their own behind CloudFront", () => {
  const s3Plan = () => plan("s3", stack(2000, S3));
  // The public files' own resources (the assets bucket of assets: s3 and the access logs are other components').
  const one = async (type: string) => {
    const found = ofType(await s3Plan(), type).filter((r) => !r.urn.includes("wire:storage:AssetsBucket") && !r.urn.includes("wire:storage:AccessLogBucket"));
    expect(found).toHaveLength(1);
    return found[0];
  };

  it("builds wire:clients:PublicFiles only with assets: s3", async () => {
    expect(ofType(await s3Plan(), "wire:clients:PublicFiles")).toHaveLength(1);
    expect(ofType(await plan("test", stack(2_000)), "wire:clients:PublicFiles")).toHaveLength(0);
  });

  it("the bucket blocks all public access, enforces its ownership, is encrypted and admits only this distribution over TLS", async () => {
    const p = await s3Plan();
    const bucket = await one("aws:s3/bucket:Bucket");
    const child = (type: string) => ofType(p, type).filter((r) => r.dependsOn.includes(bucket.urn));
    expect(child("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0].inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(child("aws:s3/bucketOwnershipControls:BucketOwnershipControls")[0].inputs).toMatchObject({ rule: { objectOwnership: "BucketOwnerEnforced" } });
    expect(JSON.stringify(child("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")[0].inputs)).toContain("AES256");
    const policy = JSON.parse(String(child("aws:s3/bucketPolicy:BucketPolicy")[0].inputs.policy));
    const allows = policy.Statement.filter((s: { Effect: string }) => s.Effect === "Allow");
    const cdn = await one("aws:cloudfront/distribution:Distribution");
    expect(allows).toEqual([expect.objectContaining({ Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Condition: { StringEquals: { "AWS:SourceArn": expect.stringContaining(`distribution/${cdn.id}`) } } })]);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
    // Its access is logged to the stack's access-log bucket.
    const logging = ofType(p, "aws:s3/bucketLogging:BucketLogging").filter((r) => r.inputs.bucket === bucket.id);
    expect(logging.map((l) => l.inputs.targetPrefix)).toEqual(["public-files/"]);
  });

  it("CloudFront serves https://assets.<domain>/ with an ACM certificate from us-east-1 validated in the stack's zone", async () => {
    const p = await s3Plan();
    const cert = await one("aws:acm/certificate:Certificate");
    expect(cert.inputs).toMatchObject({ domainName: "assets.wire.example.com", validationMethod: "DNS", region: "us-east-1" });
    expect((await one("aws:acm/certificateValidation:CertificateValidation")).inputs.region).toBe("us-east-1");
    const cdn = await one("aws:cloudfront/distribution:Distribution");
    expect(cdn.inputs).toMatchObject({ aliases: ["assets.wire.example.com"], viewerCertificate: { sslSupportMethod: "sni-only" }, defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD"] } });
    const records = ofType(p, "aws:route53/record:Record").filter((r) => r.inputs.name === "assets.wire.example.com");
    // Only the CloudFront aliases (A, AAAA): the load balancer no longer answers for assets.
    expect(records.map((r) => [r.inputs.type, (r.inputs.aliases as { zoneId: string }[])[0].zoneId]).sort()).toEqual([["A", "Z2FDTNDATAQYW2"], ["AAAA", "Z2FDTNDATAQYW2"]]);
    const zone = await one("aws:route53/zone:Zone");
    for (const r of [...records, ...ofType(p, "aws:route53/record:Record").filter((x) => String(x.inputs.name).includes("acm"))]) expect(r.dependsOn).toContain(zone.urn);
  });

  it("the stack puts the four public files under public/ itself, and the outputs name the bucket for npm run clients", async () => {
    const p = await s3Plan();
    const keys = ofType(p, "aws:s3/bucketObjectv2:BucketObjectv2").map((o) => o.inputs.key).sort();
    expect(keys).toEqual(["public/blacklist/android.json", "public/blacklist/ios.json", "public/deeplink.html", "public/deeplink.json"]);
    const out = p.outputs.publicFiles as { kind: string; bucket: string; keyPrefix: string; url: string };
    expect(out).toMatchObject({ kind: "s3", keyPrefix: "public/", url: "https://assets.wire.example.com/public" });
    expect(out.bucket).toMatch(/^wire-s3-public-/);
    expect(formatPlan(p)).toMatch(/served by S3 bucket .* read by CloudFront/);
  });
});

describe("the island: the same URLs through the internal load balancer, from the client ranges only", () => {
  it("the load balancer's group admits 443 and 80 from network.clientCidrs and from nowhere else", async () => {
    const p = await secretPlan("initech-island");
    const clientCidrs = (stackFile("initech-island")["wire-backend:network"] as { clientCidrs: string[] }).clientCidrs;
    const rules = ofType(p, INGRESS).filter((r) => (r.inputs.tags as Record<string, string> | undefined)?.["wire:group"] === "loadBalancer");
    expect(rules.length).toBeGreaterThan(0);
    const byPort = (port: number) => rules.filter((r) => r.inputs.fromPort === port).map((r) => r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6 ?? r.inputs.referencedSecurityGroupId).sort();
    expect(byPort(443)).toEqual([...clientCidrs].sort());
    expect(rules.every((r) => [80, 443].includes(Number(r.inputs.fromPort)))).toBe(true);
    expect(ofType(p, "aws:lb/loadBalancer:LoadBalancer")[0].inputs.internal).toBe(true);
    expect(formatPlan(p)).toMatch(/internal: reachable from network\.clientCidrs only/);
  });
});

describe("the public files' bucket name", () => {
  it("keeps the prefix of a stack whose name S3 already takes, and makes others valid", () => {
    for (const stack of ["acme-cloud", "s3", "globex-onprem"]) expect(publicBucketPrefix(stack)).toBe(`wire-${stack}-public-`);
    const prefix = publicBucketPrefix("Prod_EU.v2");
    expect(prefix).toBe("wire-prod-eu-v2-public-");
    expect(prefix).toMatch(/^[a-z0-9-]{3,37}$/);
    expect(publicBucketPrefix("a".repeat(60))).toHaveLength(37);
  });
});
