// Publishing client builds to the stack's public file store (MinIO's `public` bucket, or with
// `assets: s3` the stack's public-files bucket) under clients/<platform>/<version>/, and the index.
// Rules: a version in the index is published and never changes (the same bytes again is a no-op, other
// bytes an error); every check runs before the first upload; the index (index.json, then index.html) is
// written only after every file is uploaded and read back, so an interrupted publish leaves the old
// index, which points only at complete files; a re-run finishes the job. Removal rewrites the index
// first, then deletes the files, for the same reason.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CLIENTS_DIR,
  type ClientEntry,
  type ClientIndex,
  contentTypeOf,
  entryPath,
  type Platform,
  platformOf,
  renderIndexHtml,
  renderIndexJson,
  sortEntries,
  VERSION,
  versionOf,
} from "../outputs/clientIndex";
import type { PublicFilesOutput } from "../outputs/publicFiles";

/** Where the public files are: the stack output `publicFiles` (index.ts), plus how to reach and sign. */
export interface PublicStore extends Pick<PublicFilesOutput, "kind" | "bucket" | "keyPrefix" | "region" | "endpoint" | "url"> {
  /** MinIO's keys (the export's secrets); undefined: the AWS SDK's credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Title of the download page. */
  title: string;
}

/** An operator's mistake or a refusal: printed without a stack trace, nothing changed. */
export class ClientsError extends Error {}

export function s3ClientFor(store: PublicStore): S3Client {
  return new S3Client({
    region: store.region,
    ...(store.endpoint ? { endpoint: store.endpoint } : {}),
    // MinIO's own buckets and S3-compatible servers are addressed by path; AWS S3 takes virtual hosts.
    forcePathStyle: store.kind === "minio" || store.endpoint !== undefined,
    ...(store.credentials ? { credentials: store.credentials } : {}),
    // Since 3.729 the SDK sends aws-chunked bodies with trailing checksums unless told otherwise, which
    // older MinIO releases and S3 stand-ins do not decode (the object would hold the chunk framing).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 2,
  });
}

const key = (store: PublicStore, rel: string) => `${store.keyPrefix}${CLIENTS_DIR}/${rel}`;
const INDEX_JSON = "index.json";
const INDEX_HTML = "index.html";
const SUMS = "SHA256SUMS";

function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === "NoSuchKey" || err.name === "NotFound" || err.$metadata?.httpStatusCode === 404;
}

export async function readIndex(s3: S3Client, store: PublicStore): Promise<ClientEntry[]> {
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: store.bucket, Key: key(store, INDEX_JSON) }));
    const doc = JSON.parse(await res.Body!.transformToString()) as ClientIndex;
    return doc.clients ?? [];
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

async function writeIndex(s3: S3Client, store: PublicStore, entries: ClientEntry[], now: Date): Promise<void> {
  const put = (name: string, body: string, contentType: string) =>
    s3.send(new PutObjectCommand({ Bucket: store.bucket, Key: key(store, name), Body: body, ContentType: contentType, CacheControl: "no-cache" }));
  await put(INDEX_JSON, renderIndexJson(entries, now), "application/json");
  await put(INDEX_HTML, renderIndexHtml(entries, now, store.title), "text/html; charset=utf-8");
}

/** A build found in the directory, before upload. */
export interface LocalBuild {
  platform: Platform;
  version: string;
  file: string;
  localPath: string;
  size: number;
  sha256: string;
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    fs.createReadStream(file).on("data", (d) => h.update(d)).on("error", reject).on("end", () => resolve(h.digest("hex")));
  });
}

/** Every regular file in `dir` (not hidden), its platform and version; refuses what it cannot tell. */
export async function scanBuilds(dir: string, versionOverride?: string): Promise<LocalBuild[]> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ClientsError(`${dir} is not a directory: pass the directory holding the builds`);
  if (versionOverride !== undefined && !VERSION.test(versionOverride)) throw new ClientsError(`--version ${JSON.stringify(versionOverride)} is not a version: use dotted numbers, e.g. 3.36.3462 or 4.10.0-rc.1`);
  const files = fs.readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile() && !f.name.startsWith("."));
  if (files.length === 0) throw new ClientsError(`${dir} holds no files to publish`);
  const problems: string[] = [];
  const builds: LocalBuild[] = [];
  for (const f of files.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const platform = platformOf(f.name);
    const version = versionOverride ?? versionOf(f.name);
    if (!platform) problems.push(`${f.name}: cannot tell its platform from its extension; publish .exe/.msi/.msix/.appx (Windows), .dmg/.pkg (macOS), .AppImage/.deb/.rpm (Linux), .apk (Android)`);
    else if (!version) problems.push(`${f.name}: no version in its name; rename it (e.g. Wire-3.36.3462.dmg) or pass --version`);
    if (/[\\/]/.test(f.name) || /[\u0000-\u001f]/.test(f.name)) problems.push(`${f.name}: control characters in the name; rename it`);
    if (!platform || !version) continue;
    const localPath = path.join(dir, f.name);
    builds.push({ platform, version, file: f.name, localPath, size: fs.statSync(localPath).size, sha256: await sha256File(localPath) });
  }
  if (problems.length > 0) throw new ClientsError(`nothing was published:\n  ${problems.join("\n  ")}`);
  return builds;
}

export interface PublishOptions {
  dryRun?: boolean;
  now?: () => Date;
  log?: (line: string) => void;
  /** Called before each file's upload (tests stop the server here). */
  beforeUpload?: (build: LocalBuild) => Promise<void> | void;
}

export interface PublishResult {
  uploaded: string[];
  alreadyPublished: string[];
  resumed: string[];
}

const groupKey = (b: { platform: Platform; version: string }) => `${b.platform} ${b.version}`;

/** The object's SHA-256 as we stored it (metadata), or undefined when there is no such object. */
async function storedSha(s3: S3Client, store: PublicStore, rel: string): Promise<{ sha256?: string; size?: number } | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key(store, rel) }));
    return { sha256: head.Metadata?.sha256, size: head.ContentLength };
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

export async function publish(s3: S3Client, store: PublicStore, builds: LocalBuild[], opts: PublishOptions = {}): Promise<PublishResult> {
  const log = opts.log ?? (() => undefined);
  const now = (opts.now ?? (() => new Date()))();
  const index = await readIndex(s3, store);
  const result: PublishResult = { uploaded: [], alreadyPublished: [], resumed: [] };
  const groups = new Map<string, LocalBuild[]>();
  for (const b of builds) groups.set(groupKey(b), [...(groups.get(groupKey(b)) ?? []), b]);

  // Every refusal before the first byte moves.
  const refusals: string[] = [];
  const toUpload: LocalBuild[] = [];
  for (const [g, local] of groups) {
    const published = index.filter((e) => groupKey(e) === g);
    if (published.length === 0) {
      toUpload.push(...local);
      continue;
    }
    const same =
      published.length === local.length && local.every((b) => published.some((e) => e.file === b.file && e.sha256 === b.sha256 && e.size === b.size));
    if (same) {
      result.alreadyPublished.push(...local.map((b) => entryPath(b.platform, b.version, b.file)));
      continue;
    }
    const [platform, version] = g.split(" ");
    refusals.push(
      `${platform} ${version} is already published (${published.map((e) => `${e.file} sha256 ${e.sha256.slice(0, 12)}…`).join(", ")}) and the directory's build differs ` +
        `(${local.map((b) => `${b.file} sha256 ${b.sha256.slice(0, 12)}…`).join(", ")}): a published version never changes; publish it under a new version, ` +
        `or remove it first (npm run clients -- remove --version ${version} --platform ${platform})`,
    );
  }
  if (refusals.length > 0) throw new ClientsError(`nothing was published:\n  ${refusals.join("\n  ")}`);

  for (const b of toUpload) {
    const rel = entryPath(b.platform, b.version, b.file);
    log(`${opts.dryRun ? "would upload" : "upload"} ${rel} (${b.size} bytes, sha256 ${b.sha256}) -> ${store.url}/${CLIENTS_DIR}/${rel}`);
  }
  for (const rel of result.alreadyPublished) log(`already published, unchanged: ${rel}`);
  if (opts.dryRun || toUpload.length === 0) return result;

  for (const b of toUpload) {
    const rel = entryPath(b.platform, b.version, b.file);
    // A file an interrupted run uploaded completely (not in the index yet): keep it.
    const existing = await storedSha(s3, store, rel);
    if (existing && existing.sha256 === b.sha256 && existing.size === b.size) {
      result.resumed.push(rel);
      continue;
    }
    await opts.beforeUpload?.(b);
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: store.bucket,
          Key: key(store, rel),
          Body: fs.createReadStream(b.localPath),
          ContentLength: b.size,
          ContentType: contentTypeOf(b.file),
          Metadata: { sha256: b.sha256 },
        }),
      );
    } catch (e) {
      const done = [...result.resumed, ...result.uploaded];
      throw new ClientsError(
        `the upload of ${rel} failed (${(e as Error).name}: ${(e as Error).message}); ${done.length} of ${toUpload.length} files were uploaded before it. ` +
          "The index was not changed: run publish again to finish (complete files are kept)",
      );
    }
    const back = await storedSha(s3, store, rel);
    if (!back || back.size !== b.size || back.sha256 !== b.sha256) {
      throw new ClientsError(`${rel}: the store holds ${back ? `${back.size} bytes (sha256 ${back.sha256})` : "nothing"} after the upload of ${b.size} bytes; the index was not changed, run publish again`);
    }
    result.uploaded.push(rel);
  }
  const published = now.toISOString();
  const added: ClientEntry[] = toUpload.map((b) => {
    const rel = entryPath(b.platform, b.version, b.file);
    return { platform: b.platform, version: b.version, file: b.file, path: rel, url: `${store.url}/${CLIENTS_DIR}/${rel.split("/").map(encodeURIComponent).join("/")}`, size: b.size, sha256: b.sha256, published };
  });
  // sha256sum -c format, one file per version directory, for those who download by hand.
  for (const g of new Set(added.map((e) => groupKey(e)))) {
    const inGroup = added.filter((e) => groupKey(e) === g);
    const body = inGroup.map((e) => `${e.sha256}  ${e.file}\n`).join("");
    await s3.send(new PutObjectCommand({ Bucket: store.bucket, Key: key(store, `${inGroup[0].platform}/${inGroup[0].version}/${SUMS}`), Body: body, ContentType: "text/plain; charset=utf-8" }));
  }
  await writeIndex(s3, store, [...index, ...added], now);
  return result;
}

export interface RemoveOptions {
  platform?: Platform;
  dryRun?: boolean;
  now?: () => Date;
  log?: (line: string) => void;
}

export async function remove(s3: S3Client, store: PublicStore, version: string, opts: RemoveOptions = {}): Promise<string[]> {
  const log = opts.log ?? (() => undefined);
  const index = await readIndex(s3, store);
  const matches = (e: { platform: Platform; version: string }) => e.version === version && (!opts.platform || e.platform === opts.platform);
  const gone = index.filter(matches);
  if (gone.length === 0) {
    const versions = [...new Set(sortEntries(index).map((e) => `${e.platform} ${e.version}`))];
    throw new ClientsError(`version ${version}${opts.platform ? ` for ${opts.platform}` : ""} is not published; published: ${versions.join(", ") || "nothing"}`);
  }
  const dirs = [...new Set(gone.map((e) => `${e.platform}/${e.version}/`))];
  for (const e of gone) log(`${opts.dryRun ? "would remove" : "remove"} ${e.path}`);
  if (opts.dryRun) return gone.map((e) => e.path);
  // The index first: it must never point at a deleted file.
  await writeIndex(s3, store, index.filter((e) => !matches(e)), (opts.now ?? (() => new Date()))());
  for (const dir of dirs) {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: store.bucket, Prefix: key(store, dir), ContinuationToken: token }));
      for (const o of page.Contents ?? []) await s3.send(new DeleteObjectCommand({ Bucket: store.bucket, Key: o.Key! }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return gone.map((e) => e.path);
}
