// Real servers on loopback for the doctor's tests, each started and stopped by the test: coturn
// (Debian's turnserver) with shared-secret authentication, an HTTPS server with a certificate made
// here, and a DNS server (dns2) answering our names. Nothing leaves 127.0.0.0/8.
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as dgram from "dgram";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const selfsigned = require("selfsigned") as { generate(attrs: unknown, opts: unknown): Promise<{ private: string; public: string; cert: string }> };
import dns2 from "dns2";

export const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "wire-doctor-"));

/** A port free for both TCP and UDP on 127.0.0.1 (coturn listens on both). */
export async function freePort(): Promise<number> {
  for (;;) {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
    const udp = dgram.createSocket("udp4");
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once("error", () => resolve(false));
      udp.bind(port, "127.0.0.1", () => resolve(true));
    });
    if (udpFree) udp.close();
    await new Promise((r) => server.close(r));
    if (udpFree) return port;
  }
}

// ---- certificates ------------------------------------------------------------------------------
export interface Pem {
  key: string;
  cert: string;
}

const DAY = 86_400_000;

export async function makeCa(): Promise<Pem> {
  const p = await selfsigned.generate([{ name: "commonName", value: "wire-doctor test CA" }], {
    algorithm: "sha256",
    extensions: [{ name: "basicConstraints", cA: true }, { name: "keyUsage", keyCertSign: true, cRLSign: true }],
  });
  return { key: p.private, cert: p.cert };
}

// One RSA key for every leaf certificate: a 2048-bit key takes 0.15-0.35 s to make, and the checks
// judge a certificate's names, dates and issuer, never its key.
let leafKey: Promise<{ privateKey: string; publicKey: string }> | undefined;

/** A certificate for `names`, signed by `ca`, valid from `fromDays` to `toDays` (relative to now). */
export async function makeCert(ca: Pem, names: string[], fromDays = -1, toDays = 90): Promise<Pem> {
  leafKey ??= selfsigned.generate([{ name: "commonName", value: "leaf key" }], { algorithm: "sha256" }).then((p) => ({ privateKey: p.private, publicKey: p.public }));
  const p = await selfsigned.generate([{ name: "commonName", value: names[0] }], {
    algorithm: "sha256",
    keyPair: await leafKey,
    ca: { key: ca.key, cert: ca.cert },
    notBeforeDate: new Date(Date.now() + fromDays * DAY),
    notAfterDate: new Date(Date.now() + toDays * DAY),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: names.map((value) => ({ type: 2, value })) },
    ],
  });
  return { key: p.private, cert: p.cert };
}

// ---- HTTPS ---------------------------------------------------------------------------------------
export interface Running {
  port: number;
  stop(): Promise<void>;
}

/** nginz's `/status` answers 200, everything else 200 too (a web app's index); `files`: path -> body served with 200. */
export async function startHttps(pem: Pem, status: (path: string) => number = () => 200, files?: Record<string, string>): Promise<Running> {
  const server = https.createServer({ key: pem.key, cert: pem.cert }, (req, res) => {
    const body = files?.[req.url ?? "/"];
    res.writeHead(body === undefined ? status(req.url ?? "/") : 200);
    res.end(body);
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
  return { port, stop: () => new Promise((r) => server.close(() => r())) };
}

// ---- DNS -----------------------------------------------------------------------------------------
export interface DnsServer extends Running {
  /** name -> IPv4 addresses; change it between runs. */
  records: Map<string, string[]>;
  /** name -> NS targets (delegations and zone apexes); change it between runs. */
  ns: Map<string, string[]>;
  /** Names whose NS records come as a parent's referral (authority section, no answer), not as an answer. */
  referrals: Set<string>;
  /** name -> CNAME targets; change it between runs. */
  cnames: Map<string, string[]>;
}

export async function startDns(records: Record<string, string[]>, ns: Record<string, string[]> = {}, cnames: Record<string, string[]> = {}): Promise<DnsServer> {
  const map = new Map(Object.entries(records));
  const nsMap = new Map(Object.entries(ns));
  const cnameMap = new Map(Object.entries(cnames));
  const referrals = new Set<string>();
  const { Packet } = dns2;
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [q] = request.questions;
      const name = q.name.toLowerCase();
      const ips = q.type === Packet.TYPE.A ? map.get(name) : undefined;
      if (!map.has(name) && !nsMap.has(name) && !cnameMap.has(name)) response.header.rcode = 3; // NXDOMAIN
      if (q.type === Packet.TYPE.CNAME) for (const domain of cnameMap.get(name) ?? []) response.answers.push({ name: q.name, type: Packet.TYPE.CNAME, class: Packet.CLASS.IN, ttl: 60, domain } as never);
      for (const address of ips ?? []) response.answers.push({ name: q.name, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl: 60, address } as never);
      if (q.type === Packet.TYPE.NS) {
        const section = referrals.has(name) ? response.authorities : response.answers;
        for (const target of nsMap.get(name) ?? []) section.push({ name: q.name, type: Packet.TYPE.NS, class: Packet.CLASS.IN, ttl: 60, ns: target } as never);
      }
      send(response);
    },
  });
  const port = await freePort();
  await server.listen({ udp: { port, address: "127.0.0.1" } });
  return { port, records: map, ns: nsMap, referrals, cnames: cnameMap, stop: async () => void (await server.close()) };
}

// ---- coturn --------------------------------------------------------------------------------------
export function turnserverInstalled(): void {
  const r = spawnSync("turnserver", ["--help"], { encoding: "utf8" });
  if (r.error) throw new Error(`turnserver is not installed (Debian package coturn; .ci/run installs it): ${r.error.message}`);
}

export interface Coturn extends Running {
  tlsPort?: number;
  log(): string;
}

let coturns = 0;

/** coturn as Wire's chart runs it (secure-stun, no DTLS) but with stock use-auth-secret, on 127.0.0.1. */
export async function startCoturn(secret: string, tls?: Pem): Promise<Coturn> {
  turnserverInstalled();
  const n = coturns++;
  const dir = fs.mkdtempSync(path.join(TMP, "coturn-"));
  const port = await freePort();
  const tlsPort = tls ? await freePort() : undefined;
  // Relay ports apart for each coturn of the run, above Linux's default ephemeral range start.
  const minPort = 50000 + (process.pid % 50) * 200 + n * 20;
  const args = [
    "-n", "--no-cli", "--simple-log", "--log-file=stdout",
    "--listening-ip=127.0.0.1", `--listening-port=${port}`, "--relay-ip=127.0.0.1",
    `--min-port=${minPort}`, `--max-port=${minPort + 19}`,
    "--use-auth-secret", `--static-auth-secret=${secret}`, "--realm=dummy.io",
    "--secure-stun", "--no-dtls", "--no-rfc5780", "--no-tcp-relay",
    `--db=${path.join(dir, "turndb")}`, `--pidfile=${path.join(dir, "pid")}`,
  ];
  if (tls) {
    fs.writeFileSync(path.join(dir, "cert.pem"), tls.cert);
    fs.writeFileSync(path.join(dir, "key.pem"), tls.key, { mode: 0o600 });
    args.push(`--tls-listening-port=${tlsPort}`, `--cert=${path.join(dir, "cert.pem")}`, `--pkey=${path.join(dir, "key.pem")}`);
  } else {
    args.push("--no-tls");
  }
  const child: ChildProcess = spawn("turnserver", args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  // Ready when the TCP listener (and the TLS one) accepts.
  const deadline = Date.now() + 10_000;
  for (const p of [port, ...(tlsPort ? [tlsPort] : [])]) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`turnserver exited (${child.exitCode}):\n${log}`);
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(p, "127.0.0.1", () => (s.destroy(), resolve(true)));
        s.on("error", () => resolve(false));
      });
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`turnserver did not listen on ${p}:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    port,
    tlsPort,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
