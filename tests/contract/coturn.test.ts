// The calling DMZ judged by the real coturn (Debian's `turnserver`): our peer restrictions
// (components/callingDmz.ts) with Wire's REST-API shared-secret authentication, as brig hands out
// credentials. Everything listens on and talks to loopback only; the test starts and kills its own
// turnserver processes with bounded time.
//
// Why two configurations: the production list denies 127.0.0.0/8, and loopback is the only place a
// test may send traffic to. So
// - "production" is exactly what we render for the dev stack; every denied range is refused by a
//   CreatePermission (403, which sends nothing to the peer), and a Send towards a loopback peer is
//   never delivered;
// - "variant" is the same rendering without its loopback entry and without `no-tcp-relay`: the same
//   client, the same credential and the same loopback peer then get through, and a TCP relay is
//   granted, so each refusal above is our configuration's doing and not the test's.
// Both set coturn's `allow-loopback-peers`, so that coturn's own loopback ban does not hide ours.
import { ChildProcess, spawn, spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as dgram from "dgram";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Address4 } from "ip-address";
import { coturnPeerConfig, NFT_TABLE, nftablesRules, peerPolicy } from "../../components/callingDmz";
import { CALLING_UIDS } from "../../config/calling";
import { parseStackConfig, readStackFile } from "../../config/load";
import {
  allocate,
  ATTRS,
  CLASSES,
  createPermission,
  decodeXorAddress,
  encode,
  errorCode,
  METHOD,
  restCredentials,
  sendIndication,
  Transport,
  tcpTransport,
  udpTransport,
} from "../helpers/turnClient";

const REPO = path.join(__dirname, "..", "..");
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "wire-coturn-"));
const SECRET = randomBytes(24).toString("hex");
const dev = parseStackConfig(readStackFile({ stack: "dev", cwd: REPO }).map).config;
const policy = peerPolicy({ vpcCidr: dev.network.cidr });
const rendered = coturnPeerConfig(policy);
const LOOPBACK_LINE = "denied-peer-ip=127.0.0.0-127.255.255.255";
const variant = rendered.filter((l) => l !== LOOPBACK_LINE && l !== "no-tcp-relay");

interface Turn {
  port: number;
  proc: ChildProcess;
  log: string;
}

function turnConf(dir: string, port: number, relayMin: number, peerLines: string[]): string {
  return [
    "listening-ip=127.0.0.1",
    "listening-ip=::1",
    "relay-ip=127.0.0.1",
    "relay-ip=::1",
    `listening-port=${port}`,
    `min-port=${relayMin}`,
    `max-port=${relayMin + 99}`,
    "realm=wire.example.com",
    // Wire's REST API: brig signs time-limited user names with the secret coturn also has.
    "use-auth-secret",
    `static-auth-secret=${SECRET}`,
    "no-tls",
    "no-dtls",
    "no-cli",
    "allow-loopback-peers",
    `userdb=${dir}/turndb`,
    `pidfile=${dir}/turnserver.pid`,
    `log-file=${dir}/turn.log`,
    "simple-log",
    ...peerLines,
    "",
  ].join("\n");
}

async function startTurn(name: string, peerLines: string[]): Promise<Turn> {
  const dir = fs.mkdtempSync(path.join(TMP, `${name}-`));
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    const relayMin = 40000 + Math.floor(Math.random() * 90) * 100;
    const conf = path.join(dir, "turnserver.conf");
    fs.writeFileSync(conf, turnConf(dir, port, relayMin, peerLines));
    const proc = spawn("turnserver", ["-c", conf], { stdio: "ignore" });
    const turn = { port, proc, log: path.join(dir, "turn.log") };
    if (await ready(turn)) return turn;
    await stopTurn(turn);
  }
  throw new Error(`turnserver (${name}) did not answer; see ${dir}`);
}

/** Polls with STUN Binding requests until turnserver answers (at most 10 s). */
async function ready(turn: Turn): Promise<boolean> {
  const t = await udpTransport({ host: "127.0.0.1", port: turn.port });
  try {
    for (let i = 0; i < 50; i++) {
      if (turn.proc.exitCode !== null) return false;
      if (await t.request(encode(METHOD.binding, CLASSES.request, []), 200)) return true;
    }
    return false;
  } finally {
    t.close();
  }
}

function stopTurn(turn: Turn): Promise<void> {
  return new Promise((resolve) => {
    if (turn.proc.exitCode !== null || turn.proc.signalCode !== null) return resolve();
    const kill = setTimeout(() => turn.proc.kill("SIGKILL"), 3000);
    turn.proc.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    turn.proc.kill("SIGTERM");
  });
}

const creds = () => restCredentials(SECRET, "wire-user-1", Math.floor(Date.now() / 1000) + 3600);

/** One address inside each denied range (and the ones that matter most by name). */
function probes(): { ip: string; range: string }[] {
  const out: { ip: string; range: string }[] = [];
  for (const d of policy.denied) {
    if (d.cidr.includes(":")) continue;
    const first = new Address4(d.cidr).startAddress().bigInt();
    out.push({ ip: Address4.fromBigInt(first + 1n).correctForm(), range: d.cidr });
  }
  const vpcBase = new Address4(dev.network.cidr).startAddress().bigInt();
  out.push({ ip: Address4.fromBigInt(vpcBase + 2n).correctForm(), range: `${dev.network.cidr} (VPC resolver)` });
  out.push({ ip: "169.254.169.254", range: "169.254.0.0/16 (instance metadata)" });
  out.push({ ip: "10.233.64.1", range: "10.0.0.0/8 (Kubernetes pods)" });
  out.push({ ip: "255.255.255.255", range: "240.0.0.0/4 (broadcast)" });
  return out;
}
const PROBES_V6 = [
  { ip: "::1", range: "::1/128" },
  { ip: "::", range: "::/128 (coturn's own CVE-2020-26262 check)" },
  { ip: "::ffff:10.0.0.1", range: "::ffff:0:0/96 (IPv4-mapped)" },
  { ip: "fc00::1", range: "fc00::/7" },
  { ip: "fd12:3456::1", range: "fc00::/7 (fd00::/8, which Wire's chart does not deny)" },
  { ip: "fe80::1", range: "fe80::/10" },
  { ip: "ff02::1", range: "ff00::/8 (multicast)" },
];
/** Not denied: a documentation address (RFC 5737). A permission sends nothing there. */
const PUBLIC_PEER = "198.51.100.7";

function udpPeer(host: string): Promise<{ socket: dgram.Socket; port: number; got: { data: Buffer; from: string }[] }> {
  const socket = dgram.createSocket("udp4");
  const got: { data: Buffer; from: string }[] = [];
  socket.on("message", (data, rinfo) => got.push({ data, from: `${rinfo.address}:${rinfo.port}` }));
  return new Promise((resolve) => socket.bind(0, host, () => resolve({ socket, port: socket.address().port, got })));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const haveTurnserver = spawnSync("turnserver", ["-h"]).error === undefined;

describe("coturn with our peer restrictions", () => {
  let prod: Turn;
  let open: Turn;
  const opened: Transport[] = [];
  const udp = async (port: number, host = "127.0.0.1") => {
    const t = await udpTransport({ host, port });
    opened.push(t);
    return t;
  };

  beforeAll(async () => {
    if (!haveTurnserver) throw new Error("turnserver is not installed (.ci/run installs Debian's coturn)");
    prod = await startTurn("production", rendered);
    open = await startTurn("variant", variant);
  }, 60_000);

  afterAll(async () => {
    for (const t of opened) t.close();
    await Promise.all([prod, open].filter(Boolean).map(stopTurn));
  }, 20_000);

  it("renders the issue's ranges, no TCP relay and no multicast peers", () => {
    for (const cidr of ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8", "0.0.0.0/8", "::1/128", "fc00::/7", "fe80::/10", dev.network.cidr]) {
      expect(policy.denied.map((d) => d.cidr)).toContain(cidr);
    }
    expect(rendered).toEqual(expect.arrayContaining(["no-tcp-relay", "no-multicast-peers", LOOPBACK_LINE, "denied-peer-ip=fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]));
    expect(variant).toHaveLength(rendered.length - 2);
  });

  it("accepts Wire's REST credential and refuses an expired or wrongly signed one", async () => {
    const ok = await allocate(await udp(prod.port), creds());
    expect(ok.response && ok.response.klass).toBe(CLASSES.success);
    expect(ok.relayed?.ip).toBe("127.0.0.1");
    const expired = await allocate(await udp(prod.port), restCredentials(SECRET, "wire-user-1", Math.floor(Date.now() / 1000) - 60));
    expect(expired.response && errorCode(expired.response)).toBe(401);
    const forged = await allocate(await udp(prod.port), { ...creds(), password: restCredentials("not-the-secret", "x", 1).password });
    expect(forged.response && errorCode(forged.response)).toBe(401);
  });

  it("refuses a permission towards every denied IPv4 range with 403, and grants a public peer", async () => {
    const t = await udp(prod.port);
    const { auth } = await allocate(t, creds());
    expect(auth).toBeDefined();
    const results: Record<string, number | string> = {};
    for (const p of probes()) {
      const r = await createPermission(t, auth!, p.ip);
      results[`${p.ip} (${p.range})`] = r ? (errorCode(r) ?? "granted") : "no answer";
    }
    expect(results).toEqual(Object.fromEntries(Object.keys(results).map((k) => [k, 403])));
    const pub = await createPermission(t, auth!, PUBLIC_PEER);
    expect(pub && pub.klass).toBe(CLASSES.success);
  });

  it("refuses a permission towards every denied IPv6 range with 403 (an IPv6 relay on ::1)", async () => {
    const t = await udp(prod.port, "::1");
    const { auth, relayed } = await allocate(t, creds(), { family: 6 });
    expect(relayed?.ip).toBe("0:0:0:0:0:0:0:1");
    const results: Record<string, number | string> = {};
    for (const p of PROBES_V6) {
      const r = await createPermission(t, auth!, p.ip);
      results[`${p.ip} (${p.range})`] = r ? (errorCode(r) ?? "granted") : "no answer";
    }
    expect(results).toEqual(Object.fromEntries(Object.keys(results).map((k) => [k, 403])));
    const pub = await createPermission(t, auth!, "2001:db8::7");
    expect(pub && pub.klass).toBe(CLASSES.success);
  });

  it("never delivers a Send towards a loopback peer under the production list; the variant relays both ways", async () => {
    const peer = await udpPeer("127.0.0.2");
    try {
      // Production: the permission is refused and a Send indication goes nowhere.
      const t = await udp(prod.port);
      const a = await allocate(t, creds());
      const refused = await createPermission(t, a.auth!, "127.0.0.2");
      expect(refused && errorCode(refused)).toBe(403);
      sendIndication(t, { ip: "127.0.0.2", port: peer.port }, Buffer.from("must not arrive"));
      await sleep(1000);
      expect(peer.got).toEqual([]);

      // Variant without the loopback entry: same credential, same peer, relayed.
      const v = await udp(open.port);
      const b = await allocate(v, creds());
      const granted = await createPermission(v, b.auth!, "127.0.0.2");
      expect(granted && granted.klass).toBe(CLASSES.success);
      sendIndication(v, { ip: "127.0.0.2", port: peer.port }, Buffer.from("hello peer"));
      for (let i = 0; i < 20 && peer.got.length === 0; i++) await sleep(100);
      expect(peer.got.map((g) => ({ data: g.data.toString(), from: g.from }))).toEqual([{ data: "hello peer", from: `${b.relayed!.ip}:${b.relayed!.port}` }]);
      // And back: the peer answers the relay address, the client gets a Data indication.
      peer.socket.send(Buffer.from("hello client"), b.relayed!.port, b.relayed!.ip);
      for (let i = 0; i < 20 && v.received.length === 0; i++) await sleep(100);
      const data = v.received.find((m) => m.method === METHOD.data);
      expect(data?.attrs.get(ATTRS.data)?.toString()).toBe("hello client");
      expect(decodeXorAddress(data!.attrs.get(ATTRS.xorPeerAddress)!, data!.txid)).toEqual({ ip: "127.0.0.2", port: peer.port });
    } finally {
      peer.socket.close();
    }
  });

  it("refuses a TCP relay (442) under the production list; the variant without no-tcp-relay grants it", async () => {
    const t = await tcpTransport({ host: "127.0.0.1", port: prod.port });
    opened.push(t);
    const refused = await allocate(t, creds(), { transport: 6 });
    expect(refused.response && errorCode(refused.response)).toBe(442);
    const v = await tcpTransport({ host: "127.0.0.1", port: open.port });
    opened.push(v);
    const granted = await allocate(v, creds(), { transport: 6 });
    expect(granted.response && granted.response.klass).toBe(CLASSES.success);
  });
});

describe("nftables accepts the calling nodes' ruleset", () => {
  const nftCheck = (text: string, name: string) => {
    const file = path.join(TMP, name);
    fs.writeFileSync(file, text);
    // -c: parse and validate only; in a network namespace of its own, so nothing here is touched.
    const r = spawnSync("unshare", ["-n", "nft", "-c", "-f", file], { encoding: "utf8" });
    if (r.error) throw new Error(`nft is not installed (.ci/run installs Debian's nftables): ${r.error.message}`);
    return { code: r.status, err: r.stderr };
  };

  it("rejects a broken ruleset", () => {
    expect(nftCheck("table inet x {\n  chain output {\n    type filter hook output priority filter;\n    ip daddr @missing drop\n  }\n}\n", "bad.nft").code).not.toBe(0);
  });

  it.each([
    ["online dev", peerPolicy({ vpcCidr: dev.network.cidr })],
    ["offline with client ranges", peerPolicy({ vpcCidr: "10.20.0.0/16", clientCidrs: ["192.168.0.0/16", "2001:db8::/32"] })],
  ])("%s", (name, p) => {
    expect(nftCheck(nftablesRules(p), `${name.replace(/\W/g, "-")}.nft`)).toEqual({ code: 0, err: "" });
  });
});

// The node layer on its own: in a network namespace this test creates (`unshare -n`, gone when its
// processes end), a coturn configured like Wire's chart (which does not deny 10.0.0.0/8) runs as the
// chart's uid, with a peer on a VPC-like address and one on a public-looking address, both on the
// namespace's own loopback. coturn's test client (turnutils_uclient, Wire's REST secret) relays to
// each before and after the calling node's nftables ruleset is loaded.
describe("the calling node's nftables ruleset stops what coturn relays towards the VPC", () => {
  const VPC_PEER = "172.16.1.50"; // inside the dev stack's VPC 172.16.0.0/16
  const PUBLIC = "198.51.100.7";

  it("relays to both peers without the ruleset; with it, nothing reaches the VPC peer and the public peer still works", () => {
    // Not under TMP (0700): turnserver runs as the chart's uid and writes its db and log here.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wire-coturn-netns-"));
    fs.chmodSync(dir, 0o777);
    fs.writeFileSync(path.join(dir, "rules.nft"), nftablesRules(policy));
    fs.writeFileSync(
      path.join(dir, "turn.conf"),
      ["listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "listening-port=3478", "realm=wire.example.com", "use-auth-secret", `static-auth-secret=${SECRET}`,
        "no-tls", "no-dtls", "no-cli", "no-tcp-relay", "no-multicast-peers", `userdb=${dir}/turndb`, `pidfile=${dir}/turn.pid`, `log-file=${dir}/turn.log`, "simple-log", ""].join("\n"),
    );
    // With every packet dropped turnutils_uclient gives up and prints its summary after about 14.5 s:
    // the time limit must leave room for that, or the dropped case reads as "no result" now and then.
    const relay = (label: string, peer: string) =>
      `echo "RESULT ${label} $(timeout 45 turnutils_uclient -W ${SECRET} -u wire-user-1 -e ${peer} -r 3480 -n 10 -z 5 -c -X 127.0.0.1 2>&1 | grep -o 'Total lost packets [0-9]*' | tail -1)"`;
    const script = [
      "set -u",
      "ip link set lo up",
      `ip addr add ${VPC_PEER}/32 dev lo`,
      `ip addr add ${PUBLIC}/32 dev lo`,
      `setpriv --reuid=${CALLING_UIDS.coturn} --regid=${CALLING_UIDS.coturn} --clear-groups turnserver -c ${dir}/turn.conf >/dev/null 2>&1 &`,
      "T=$!",
      `turnutils_peer -L ${VPC_PEER} -p 3480 >/dev/null 2>&1 &`,
      "P1=$!",
      `turnutils_peer -L ${PUBLIC} -p 3480 >/dev/null 2>&1 &`,
      "P2=$!",
      "for i in $(seq 1 50); do grep -q 'UDP listener opened' " + `${dir}/turn.log 2>/dev/null && break; sleep 0.1; done`,
      relay("before-vpc", VPC_PEER),
      relay("before-public", PUBLIC),
      `nft -f ${dir}/rules.nft && echo LOADED`,
      relay("after-vpc", VPC_PEER),
      relay("after-public", PUBLIC),
      `nft list chain inet ${NFT_TABLE} output | grep -o 'udp sport [0-9-]* ip daddr @denied_v4 counter packets [0-9]*' | sed 's/^/COUNTER /'`,
      "kill $T $P1 $P2",
      "wait",
    ].join("\n");
    fs.writeFileSync(path.join(dir, "run.sh"), script);
    const r = spawnSync("timeout", ["200", "unshare", "-n", "sh", path.join(dir, "run.sh")], { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    const out = r.stdout ?? "";
    const lost = (label: string) => /RESULT \S+ Total lost packets (\d+)/.exec(out.split("\n").find((l) => l.startsWith(`RESULT ${label} `)) ?? "")?.[1];
    expect({ code: r.status, loaded: out.includes("LOADED"), err: r.status === 0 ? "" : r.stderr }).toEqual({ code: 0, loaded: true, err: "" });
    expect({ beforeVpc: lost("before-vpc"), beforePublic: lost("before-public"), afterVpc: lost("after-vpc"), afterPublic: lost("after-public") }).toEqual({
      beforeVpc: "0",
      beforePublic: "0",
      afterVpc: "10",
      afterPublic: "0",
    });
    expect(Number(/COUNTER .* packets (\d+)/.exec(out)?.[1] ?? 0)).toBeGreaterThan(0);
  }, 240_000);
});

// coturn's chart asks the Kubernetes API for the node's external IP in an init container that runs as
// coturn's uid: the ruleset must let that uid open TCP to the API servers' port in the VPC, and nothing
// else there. Judged by the kernel: connections from the uid in a namespace this test creates.
describe("the calling node's nftables ruleset lets coturn's uid reach the Kubernetes API, nothing else in the VPC", () => {
  const API = "172.16.2.10"; // a control-plane node inside the dev stack's VPC 172.16.0.0/16

  // Debian's python3 by path: a root-only interpreter (pyenv under /root) is not runnable as the uid.
  it("connects to 6443 and not to 5432 on a VPC address, as coturn's uid", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wire-coturn-api-"));
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, "rules.nft"), nftablesRules(policy));
    const listen = (port: number) =>
      `/usr/bin/python3 -c "import socket; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('${API}', ${port})); s.listen(); [s.accept() for _ in range(4)]" >/dev/null 2>&1 &`;
    const connect = (label: string, port: number) =>
      `setpriv --reuid=${CALLING_UIDS.coturn} --regid=${CALLING_UIDS.coturn} --clear-groups /usr/bin/python3 -c "import socket; socket.create_connection(('${API}', ${port}), timeout=2)" 2>/dev/null && echo "RESULT ${label} connected" || echo "RESULT ${label} refused"`;
    const script = [
      "set -u",
      "ip link set lo up",
      `ip addr add ${API}/32 dev lo`,
      // Their output goes nowhere and they are killed by pid: a child holding the pipe would keep spawnSync waiting.
      listen(policy.apiServer.port),
      "L1=$!",
      listen(5432),
      "L2=$!",
      "sleep 0.5",
      `nft -f ${dir}/rules.nft && echo LOADED`,
      connect("api", policy.apiServer.port),
      connect("postgresql", 5432),
      "kill $L1 $L2 2>/dev/null",
    ].join("\n");
    fs.writeFileSync(path.join(dir, "run.sh"), script);
    const r = spawnSync("timeout", ["60", "unshare", "-n", "sh", path.join(dir, "run.sh")], { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    const out = r.stdout ?? "";
    const result = (label: string) => new RegExp(`RESULT ${label} (\\w+)`).exec(out)?.[1];
    expect({ loaded: out.includes("LOADED"), api: result("api"), postgresql: result("postgresql") }).toEqual({ loaded: true, api: "connected", postgresql: "refused" });
  }, 90_000);
});

