// `npm run clients` against a real S3 API on loopback: s3rver (an S3 stand-in from the npm registry,
// started and stopped here, keeping its objects in a directory), standing for MinIO's public bucket.
// Publish, list, remove, re-publish refused, unknown platforms refused, the index and every checksum
// recomputed from the downloaded bytes, and a publish cut off in the middle of a file by stopping the
// server: after a restart on the same directory the index lists only complete files, and a re-run ends it.
import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import type { Server } from "http";
import * as os from "os";
import * as path from "path";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { main } from "../../cli/clients";
import { ClientsError, publish, s3ClientFor, scanBuilds } from "../../cli/clientStore";
import { storeFromOutputs } from "../../cli/clients";
import type { ClientIndex } from "../../outputs/clientIndex";
import { freeTcpPort } from "../helpers/dataServers";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (o: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void>; httpServer: Server };

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "wire-clients-"));
const DATA = path.join(TMP, "s3rver");
const BUCKET = "public";
const DOMAIN = "wire.example.com";
const URL_BASE = `https://assets.${DOMAIN}/public`;
let port: number;
let server: InstanceType<typeof S3rver> | undefined;

async function start(): Promise<void> {
  server = new S3rver({ address: "127.0.0.1", port, directory: DATA, silent: true, configureBuckets: [{ name: BUCKET }] });
  await server.run();
}
async function stop(): Promise<void> {
  if (!server) return;
  server.httpServer.closeAllConnections();
  await server.close();
  server = undefined;
}

const OUTPUTS = path.join(TMP, "outputs.json");
const ARGS = ["--stack", "t", "--outputs", OUTPUTS];

beforeAll(async () => {
  port = await freeTcpPort();
  await start();
  fs.writeFileSync(
    OUTPUTS,
    JSON.stringify({
      install: { stack: "t", domain: DOMAIN, online: true, wireVersion: "5.23.0" },
      publicFiles: { kind: "minio", bucket: BUCKET, keyPrefix: "", region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, url: URL_BASE, domain: DOMAIN },
      ansibleSecrets: { minio_access_key: "S3RVER", minio_secret_key: "S3RVER" },
    }),
  );
});
afterAll(stop);

const s3 = (): S3Client => s3ClientFor(storeFromOutputs(JSON.parse(fs.readFileSync(OUTPUTS, "utf8")), { stack: "t", outputs: OUTPUTS }));

async function getBytes(key: string): Promise<Buffer | undefined> {
  try {
    const r = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await r.Body!.transformToByteArray());
  } catch (e) {
    if ((e as { name?: string }).name === "NoSuchKey") return undefined;
    throw e;
  }
}
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
async function keys(prefix = ""): Promise<string[]> {
  const r = await s3().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}
async function index(): Promise<ClientIndex | undefined> {
  const b = await getBytes("clients/index.json");
  return b ? (JSON.parse(b.toString("utf8")) as ClientIndex) : undefined;
}

/** Every entry's object downloaded and hashed: the index points only at complete files. */
async function expectIndexConsistent(): Promise<ClientIndex> {
  const doc = (await index())!;
  for (const e of doc.clients) {
    const bytes = await getBytes(`clients/${e.path}`);
    expect({ path: e.path, size: bytes?.length, sha256: bytes && sha(bytes) }).toEqual({ path: e.path, size: e.size, sha256: e.sha256 });
    expect(e.url).toBe(`${URL_BASE}/clients/${e.path}`);
  }
  return doc;
}

function buildDir(name: string, files: Record<string, Buffer | string>): string {
  const dir = path.join(TMP, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), body);
  return dir;
}

/** Standard error without Node's warnings (the AWS SDK warns about Node 20's end of support). */
const errorsOf = (err: string) => err.replace(/\(node:\d+\) Warning:[\s\S]*?--trace-warnings[^\n]*\n/g, "");

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = jest.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(args), out, err: errorsOf(err) };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const FIRST = {
  "Wire-3.36.3462.dmg": randomBytes(70_000),
  "Wire-3.36.3462_x86_64.AppImage": randomBytes(50_000),
  "Wire-Setup-3.36.3462.exe": randomBytes(60_000),
  "wire-android-4.10.0.apk": randomBytes(40_000),
};
const NEWER = { "Wire-3.40.1.dmg": randomBytes(10_000), "wire-android-4.9.0.apk": randomBytes(10_000) };

describe("npm run clients against s3rver on loopback", () => {
  it("publishes every platform with SHA-256 per file, index.json and index.html, newest first", async () => {
    const r = await cli(["publish", ...ARGS, buildDir("first", FIRST)]);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: "" });
    expect(r.out).toMatch(/4 uploaded, 0 already uploaded by an interrupted run, 0 already published/);
    const doc = await expectIndexConsistent();
    expect(doc.clients.map((e) => [e.platform, e.version, e.file, e.sha256])).toEqual(
      expect.arrayContaining(Object.entries(FIRST).map(([f, b]) => [expect.any(String), expect.any(String), f, sha(b)])),
    );
    expect(doc.clients.map((e) => `${e.platform}/${e.version}`).sort()).toEqual(["android/4.10.0", "linux/3.36.3462", "macos/3.36.3462", "windows/3.36.3462"]);
    // Every file's bytes as published equal the local file's.
    for (const [f, b] of Object.entries(FIRST)) {
      const e = doc.clients.find((x) => x.file === f)!;
      expect(sha((await getBytes(`clients/${e.path}`))!)).toBe(sha(b));
    }
    const sums = (await getBytes("clients/macos/3.36.3462/SHA256SUMS"))!.toString();
    expect(sums).toBe(`${sha(FIRST["Wire-3.36.3462.dmg"])}  Wire-3.36.3462.dmg\n`);

    await cli(["publish", ...ARGS, buildDir("newer", NEWER)]);
    const versions = (await expectIndexConsistent()).clients.map((e) => e.version);
    // 4.10.0 > 4.9.0 > 3.40.1 > 3.36.3462: numeric, not lexical.
    expect([...new Set(versions)]).toEqual(["4.10.0", "4.9.0", "3.40.1", "3.36.3462"]);
    const html = (await getBytes("clients/index.html"))!.toString();
    expect(html.indexOf("4.10.0")).toBeLessThan(html.indexOf("4.9.0"));
    expect(html).toContain(`href="macos/3.36.3462/Wire-3.36.3462.dmg"`);
    expect(html).toContain(sha(FIRST["Wire-3.36.3462.dmg"]));
  });

  it("lists what is published (table and --json)", async () => {
    const table = await cli(["list", ...ARGS]);
    expect(table.code).toBe(0);
    for (const f of Object.keys({ ...FIRST, ...NEWER })) expect(table.out).toContain(f);
    const json = await cli(["list", ...ARGS, "--json"]);
    expect((JSON.parse(json.out) as { file: string }[]).map((e) => e.file).sort()).toEqual(Object.keys({ ...FIRST, ...NEWER }).sort());
  });

  it("publishing the same bytes again changes nothing; other bytes under a published version are refused", async () => {
    const before = (await getBytes("clients/index.json"))!.toString();
    const again = await cli(["publish", ...ARGS, buildDir("again", FIRST)]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 uploaded, 0 already uploaded by an interrupted run, 4 already published/);
    expect((await getBytes("clients/index.json"))!.toString()).toBe(before);

    const other = await cli(["publish", ...ARGS, buildDir("other", { "Wire-3.36.3462.dmg": randomBytes(70_000), "Wire-9.0.0.dmg": randomBytes(100) })]);
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/macos 3\.36\.3462 is already published .* a published version never changes/);
    // All or nothing: the good 9.0.0 build was not uploaded either.
    expect(await keys("clients/macos/9.0.0/")).toEqual([]);
    expect((await getBytes("clients/index.json"))!.toString()).toBe(before);
    expect(sha((await getBytes("clients/macos/3.36.3462/Wire-3.36.3462.dmg"))!)).toBe(sha(FIRST["Wire-3.36.3462.dmg"]));
  });

  it("refuses a file whose platform or version it cannot tell, uploading nothing", async () => {
    const r = await cli(["publish", ...ARGS, buildDir("unknown", { "Wire-5.0.0.zip": "x", "Wire-Setup.exe": "y", "wire-5.0.0.apk": "z" })]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Wire-5\.0\.0\.zip: cannot tell its platform/);
    expect(r.err).toMatch(/Wire-Setup\.exe: no version in its name; rename it .* or pass --version/);
    expect(await keys("clients/android/5.0.0/")).toEqual([]);
  });

  it("--dry-run lists the uploads and uploads nothing", async () => {
    const r = await cli(["publish", ...ARGS, "--dry-run", buildDir("dry", { "Wire-Setup.exe": "win" }), "--version", "3.41.0"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`would upload windows/3.41.0/Wire-Setup.exe (3 bytes, sha256 ${sha(Buffer.from("win"))}) -> ${URL_BASE}/clients/windows/3.41.0/Wire-Setup.exe`);
    expect(await keys("clients/windows/3.41.0/")).toEqual([]);
  });

  it("removes one version (index first, then its files); an unknown version is an error", async () => {
    const dry = await cli(["remove", ...ARGS, "--version", "3.36.3462", "--platform", "linux", "--dry-run"]);
    expect(dry.out).toContain("would remove linux/3.36.3462/Wire-3.36.3462_x86_64.AppImage");
    expect(await keys("clients/linux/3.36.3462/")).toHaveLength(2);
    const r = await cli(["remove", ...ARGS, "--version", "3.36.3462"]);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: "" });
    const doc = await expectIndexConsistent();
    expect(doc.clients.filter((e) => e.version === "3.36.3462")).toEqual([]);
    expect(doc.clients.map((e) => e.version).sort()).toEqual(["3.40.1", "4.10.0", "4.9.0"]);
    for (const p of ["macos", "linux", "windows"]) expect(await keys(`clients/${p}/3.36.3462/`)).toEqual([]);
    const missing = await cli(["remove", ...ARGS, "--version", "3.36.3462"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/version 3\.36\.3462 is not published; published: android 4\.10\.0, android 4\.9\.0, macos 3\.40\.1/);
  });

  it("a publish cut off mid-file by stopping the server leaves the index pointing only at complete files; a re-run ends it", async () => {
    const small = randomBytes(30_000);
    const big = randomBytes(8 * 1024 * 1024);
    const dir = buildDir("cut", { "Wire-5.0.0.apk": small, "Wire-5.0.0.dmg": big });
    const before = (await getBytes("clients/index.json"))!.toString();
    const store = storeFromOutputs(JSON.parse(fs.readFileSync(OUTPUTS, "utf8")), { stack: "t", outputs: OUTPUTS });
    let received = 0;
    let stopping: Promise<void> | undefined;
    const cut = (file: string) => {
      if (file !== "Wire-5.0.0.dmg") return;
      // Stop the server once a megabyte of the big file's body has arrived.
      server!.httpServer.on("request", (req) => {
        if (!req.url?.includes("Wire-5.0.0.dmg") || req.method !== "PUT") return;
        req.on("data", (d: Buffer) => {
          received += d.length;
          if (received > 1024 * 1024 && !stopping) stopping = stop();
        });
      });
    };
    await expect(publish(s3ClientFor(store), store, await scanBuilds(dir), { beforeUpload: (b) => cut(b.file) })).rejects.toThrow(ClientsError);
    await stopping;
    expect(received).toBeGreaterThan(1024 * 1024);
    expect(received).toBeLessThan(big.length);

    await start();
    // The index is the one from before the cut: it names no 5.0.0 file, and every file it names is whole.
    expect((await getBytes("clients/index.json"))!.toString()).toBe(before);
    await expectIndexConsistent();
    // The small file made it; whatever the server kept of the big one is not listed.
    expect(sha((await getBytes("clients/android/5.0.0/Wire-5.0.0.apk"))!)).toBe(sha(small));

    const rerun = await cli(["publish", ...ARGS, dir]);
    expect({ code: rerun.code, err: rerun.err }).toEqual({ code: 0, err: "" });
    expect(rerun.out).toMatch(/1 uploaded, 1 already uploaded by an interrupted run, 0 already published/);
    const doc = await expectIndexConsistent();
    expect(doc.clients.filter((e) => e.version === "5.0.0").map((e) => [e.file, e.sha256]).sort()).toEqual(
      [["Wire-5.0.0.apk", sha(small)], ["Wire-5.0.0.dmg", sha(big)]],
    );
  }, 60_000);
});
