// The doctor against real servers on loopback: coturn (Debian's turnserver), an HTTPS server with a
// certificate made here, and a DNS server answering our names. Each check passes against a healthy
// setup and fails, naming the cause, against a broken one: wrong secret, expired or mismatched
// certificate, wrong address, closed port. turnserver missing fails the suite (.ci/run installs it).
import { spawnSync } from "child_process";
import * as dgram from "dgram";
import * as fs from "fs";
import * as path from "path";
import { main } from "../cli/doctor";
import { parseStackConfig } from "../config/load";
import { planChecks, runChecks } from "../doctor";
import type { CheckResult, DoctorEnv } from "../doctor/check";
import { turnCredential } from "../doctor/turnCredential";
import { publicFiles, publicFileUrl } from "../config/publicFiles";
import { askParent, judgeDelegation, parentServers } from "../doctor/delegationCheck";
import * as dns from "dns";
import { Coturn, DnsServer, freePort, makeCa, makeCert, Pem, Running, startCoturn, startDns, startHttps, TMP } from "./helpers/localServers";

const DOMAIN = "wire.example.com";
const LB = "wire-lb-0123456789.elb.eu-central-1.amazonaws.com";
const SECRET = "doctor-test-secret-0123456789abcdef";
const NAMES = ["nginz-https", "nginz-ssl", "webapp", "teams", "account", "assets", "sftd"].map((h) => `${h}.${DOMAIN}`);
const TURN1 = `turn1.${DOMAIN}`;

const CONFIG_MAP = {
  "aws:region": "eu-central-1",
  "wire-backend:users": 2000,
  "wire-backend:domain": DOMAIN,
  "wire-backend:turn": { tls: true },
  "wire-backend:push": { option: "B", arnEnv: "acme", apps: [{ appId: "com.acme.wire", transport: "GCM", credential: "k" }] },
};
const config = parseStackConfig(CONFIG_MAP).config;

function outputs(secret = SECRET, turnIp = "127.0.0.1"): Record<string, unknown> {
  return {
    loadBalancerDnsName: LB,
    restundPublicIps: [turnIp],
    sftPublicIps: [],
    privateIps: { sft: ["127.0.0.1"] },
    helmValues: { "wire-server": { secrets: { brig: { secrets: { turn: { secret } } } } } },
    gundeck: { account: "210987654321", region: "eu-central-1", arnEnv: "acme", queueName: "acme-gundeck-events", sqsEndpoint: "https://sqs.eu-central-1.amazonaws.com", snsEndpoint: "https://sns.eu-central-1.amazonaws.com" },
  };
}

let ca: Pem;
let dnsServer: DnsServer;
let coturn: Coturn;
let good: Running;
const started: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  ca = await makeCa();
  const [leaf, turnCert] = await Promise.all([makeCert(ca, NAMES), makeCert(ca, [TURN1])]);
  dnsServer = await startDns(Object.fromEntries([[LB, ["127.0.0.1"]], [TURN1, ["127.0.0.1"]], ...NAMES.map((n) => [n, ["127.0.0.1"]])]));
  coturn = await startCoturn(SECRET, turnCert);
  good = await startHttps(leaf, (p) => (p === "/status" ? 200 : 302), servedPublicFiles(DOMAIN));
  started.push(dnsServer, coturn, good);
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

function env(over: Partial<DoctorEnv> = {}): DoctorEnv {
  return {
    dnsServer: `127.0.0.1:${dnsServer.port}`,
    ports: { https: good.port, turn: coturn.port, turns: coturn.tlsPort! },
    ca: [ca.cert],
    turnAuth: "rest",
    now: () => new Date(),
    ...over,
  };
}

async function doctor(e: DoctorEnv, out = outputs(), timeoutMs = 5000): Promise<Map<string, CheckResult>> {
  // The email checks talk to SES's API or a relay: tests/contract/emailDoctor.test.ts runs them
  // against a relay of its own on loopback; here they would leave 127.0.0.0/8.
  const checks = planChecks(config, out).checks.filter((c) => c.group !== "email");
  const results = await runChecks(checks, e, { timeoutMs });
  return new Map(results.map((r) => [r.id, r]));
}

/** The export's public files as the store serves them: path on assets.<domain> -> body. */
function servedPublicFiles(domain: string): Record<string, string> {
  return Object.fromEntries(publicFiles(domain).map((f) => [new URL(publicFileUrl(domain, f.path)).pathname, f.text]));
}

const statusOf = (results: Map<string, CheckResult>) => Object.fromEntries([...results].map(([id, r]) => [id, r.status]));

describe("doctor against a healthy local deployment", () => {
  it("passes every check: names, certificates and status, STUN, TURN over UDP/TCP/TLS, push B", async () => {
    const results = await doctor(env());
    const ids = [...results.keys()].sort();
    expect(ids).toEqual(
      [
        "dns:load-balancer",
        ...NAMES.map((n) => `dns:${n}`),
        `dns:${TURN1}`,
        ...NAMES.map((n) => `https:${n}`),
        ...["deeplink.html", "deeplink.json", "blacklist/android.json", "blacklist/ios.json"].map((f) => `public:${f}`),
        `stun:${TURN1}:udp`,
        `turn:${TURN1}:udp`,
        `turn:${TURN1}:tcp`,
        `turn:${TURN1}:tls`,
        "push:option-b",
      ].sort(),
    );
    const failed = [...results.values()].filter((r) => r.status !== "pass");
    expect(failed.map((r) => `${r.id}: ${r.detail} / ${r.cause} ${r.id.includes("turn") ? coturn.log().slice(-2000) : ""}`)).toEqual([]);
    expect(results.get(`https:nginz-https.${DOMAIN}`)!.detail).toMatch(/^certificate valid 89 more days; \/status 200$/);
    expect(results.get(`turn:${TURN1}:tls`)!.detail).toMatch(/^127\.0\.0\.1:\d+ allocated relay 127\.0\.0\.1:\d+/);
    expect(results.get(`stun:${TURN1}:udp`)!.detail).toMatch(/authenticated, secure-stun/);
  });

  it("the CLI prints a progress line per check, a table, and exits 0; --json is one document", async () => {
    const dir = fs.mkdtempSync(path.join(TMP, "cli-"));
    const stackFile = path.join(dir, "Pulumi.local.yaml");
    fs.writeFileSync(stackFile, `config:\n${Object.entries(CONFIG_MAP).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`);
    const outFile = path.join(dir, "outputs.json");
    fs.writeFileSync(outFile, JSON.stringify(outputs()));
    fs.writeFileSync(path.join(dir, "ca.pem"), ca.cert);
    const args = ["--config", stackFile, "--outputs", outFile, "--dns-server", `127.0.0.1:${dnsServer.port}`, "--ca", path.join(dir, "ca.pem"), "--turn-auth", "rest", "--ports", `https=${good.port},turn=${coturn.port},turns=${coturn.tlsPort}`, "--skip", "email"];
    const { code, out, err } = await captured(() => main(args));
    expect({ code, err: err.split("\n").filter((l) => /^(ok|WARN|FAIL) /.test(l)).length }).toEqual({ code: 0, err: 25 });
    expect(out).toMatch(/25 passed, 0 warnings, 0 failed/);
    const json = await captured(() => main([...args, "--json"]));
    const doc = JSON.parse(json.out);
    expect({ code: json.code, ok: doc.ok, summary: doc.summary }).toEqual({ code: 0, ok: true, summary: { pass: 25, warn: 0, fail: 0 } });
  }, 30_000);
});

async function captured(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = jest.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await fn(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("doctor names the cause of each failure", () => {
  it("wrong secret: STUN and every TURN allocation rejected, pointing at coturn's secret", async () => {
    const results = await doctor(env(), outputs("not-the-secret"));
    for (const id of [`stun:${TURN1}:udp`, `turn:${TURN1}:udp`, `turn:${TURN1}:tcp`, `turn:${TURN1}:tls`]) {
      const r = results.get(id)!;
      expect({ id, status: r.status, detail: r.detail }).toEqual({ id, status: "fail", detail: expect.stringMatching(/refused: 401/) });
      expect(r.cause).toMatch(/credential was rejected: coturn's static-auth-secret differs/);
    }
    expect(results.get("dns:load-balancer")!.status).toBe("pass");
  });

  it("brig's zrest credential against stock coturn: rejected, and the cause says which coturn it needs", async () => {
    const results = await doctor(env({ turnAuth: "zrest" }));
    const r = results.get(`turn:${TURN1}:udp`)!;
    expect(r.status).toBe("fail");
    expect(r.cause).toMatch(/lacks Wire's zrest authentication .*--turn-auth rest/);
  });

  it("expired certificate: every HTTPS name fails with the renewal cause", async () => {
    const expired = await startHttps(await makeCert(ca, NAMES, -100, -10));
    try {
      const results = await doctor(env({ ports: { ...env().ports, https: expired.port } }));
      for (const n of NAMES) {
        const r = results.get(`https:${n}`)!;
        expect({ n, status: r.status, cause: r.cause }).toEqual({ n, status: "fail", cause: expect.stringMatching(/^the certificate has expired/) });
      }
    } finally {
      await expired.stop();
    }
  });

  it("certificate for other names: fails naming the mismatch; untrusted CA: fails asking for --ca", async () => {
    const other = await startHttps(await makeCert(ca, ["www.example.org"]));
    try {
      const mismatched = await doctor(env({ ports: { ...env().ports, https: other.port } }));
      expect(mismatched.get(`https:webapp.${DOMAIN}`)!.cause).toMatch(/does not name this host/);
      const untrusted = await doctor(env({ ca: undefined }));
      expect(untrusted.get(`https:webapp.${DOMAIN}`)!.cause).toMatch(/--ca/);
      expect(untrusted.get(`turn:${TURN1}:tls`)!.cause).toMatch(/not valid for turn1\.wire\.example\.com.*coturn-tls/);
    } finally {
      await other.stop();
    }
  });

  it("a certificate about to expire is a warning, not a failure", async () => {
    const soon = await startHttps(await makeCert(ca, NAMES, -80, 5));
    try {
      const r = (await doctor(env({ ports: { ...env().ports, https: soon.port } }))).get(`https:teams.${DOMAIN}`)!;
      expect({ status: r.status, detail: r.detail }).toEqual({ status: "warn", detail: "certificate valid 4 more days; / 200" });
    } finally {
      await soon.stop();
    }
  });

  it("public files: another backend's deeplink, a blacklist that is not JSON and a missing file each fail, naming the fix", async () => {
    const served = servedPublicFiles(DOMAIN);
    const other = servedPublicFiles("wire.other.example");
    const wrong = await startHttps(
      await makeCert(ca, NAMES),
      (p) => (p.startsWith("/public/") ? 404 : p === "/status" ? 200 : 302),
      { "/public/deeplink.json": other["/public/deeplink.json"], "/public/deeplink.html": served["/public/deeplink.html"], "/public/blacklist/android.json": "{ oldestAccepted: 322 " },
    );
    try {
      const results = await doctor(env({ ports: { ...env().ports, https: wrong.port } }));
      expect(statusOf(results)).toMatchObject({ "public:deeplink.json": "fail", "public:deeplink.html": "pass", "public:blacklist/android.json": "fail", "public:blacklist/ios.json": "fail" });
      expect(results.get("public:deeplink.json")!.detail).toMatch(/backendURL "https:\/\/nginz-https\.wire\.other\.example"/);
      expect(results.get("public:deeplink.json")!.cause).toMatch(/must name https:\/\/nginz-https\.wire\.example\.com.*wire-backend-public-files\.yml/);
      expect(results.get("public:blacklist/android.json")!.detail).toMatch(/^not JSON/);
      expect(results.get("public:blacklist/ios.json")!.cause).toMatch(/the file is not there/);
    } finally {
      await wrong.stop();
    }
  });

  it("nginz not answering /status with 200 fails; a web app's 503 fails", async () => {
    const broken = await startHttps(await makeCert(ca, NAMES), (p) => (p === "/status" ? 404 : 503));
    try {
      const results = await doctor(env({ ports: { ...env().ports, https: broken.port } }));
      expect(results.get(`https:nginz-ssl.${DOMAIN}`)!.cause).toMatch(/ingress routes this host elsewhere/);
      expect(results.get(`https:account.${DOMAIN}`)!.cause).toMatch(/service behind account\.wire\.example\.com does not \(503\)/);
    } finally {
      await broken.stop();
    }
  });

  it("wrong addresses in DNS: an alias not on the load balancer, a TURN name not on its node, a missing record", async () => {
    dnsServer.records.set(`webapp.${DOMAIN}`, ["127.0.0.2"]);
    dnsServer.records.set(TURN1, ["127.0.0.3"]);
    dnsServer.records.delete(`teams.${DOMAIN}`);
    try {
      const results = await doctor(env());
      expect(statusOf(results)).toMatchObject({ [`dns:webapp.${DOMAIN}`]: "fail", [`dns:${TURN1}`]: "fail", [`dns:teams.${DOMAIN}`]: "fail", [`dns:account.${DOMAIN}`]: "pass" });
      expect(results.get(`dns:webapp.${DOMAIN}`)!.detail).toBe("→ 127.0.0.2, not the load balancer (127.0.0.1)");
      expect(results.get(`dns:${TURN1}`)!.cause).toMatch(/points elsewhere/);
      expect(results.get(`dns:teams.${DOMAIN}`)!.cause).toMatch(/record is missing.*nameServers/);
      // HTTPS to the wrong address finds nothing listening there.
      expect(results.get(`https:webapp.${DOMAIN}`)!.cause).toMatch(/nothing listens on \d+: the load balancer has no healthy ingress target/);
    } finally {
      dnsServer.records.set(`webapp.${DOMAIN}`, ["127.0.0.1"]);
      dnsServer.records.set(TURN1, ["127.0.0.1"]);
      dnsServer.records.set(`teams.${DOMAIN}`, ["127.0.0.1"]);
    }
  });

  it("closed ports: TURN over UDP, TCP and TLS refused, naming coturn", async () => {
    const closed = await freePort();
    const results = await doctor(env({ ports: { https: good.port, turn: closed, turns: closed } }));
    for (const t of ["udp", "tcp", "tls"]) {
      const r = results.get(`turn:${TURN1}:${t}`)!;
      expect({ t, status: r.status, cause: r.cause }).toEqual({ t, status: "fail", cause: expect.stringMatching(/^nothing listens on (UDP|TCP) \d+ at 127\.0\.0\.1: coturn is not running/) });
    }
  });

  it("a port that swallows UDP: the check ends at its time limit, blaming a firewall", async () => {
    const sink = dgram.createSocket("udp4");
    const port = await new Promise<number>((r) => sink.bind(0, "127.0.0.1", () => r(sink.address().port)));
    try {
      const started = Date.now();
      // The doctor's own time limit, short here: the check waits it out in full.
      const results = await doctor(env({ ports: { https: good.port, turn: port, turns: port } }), outputs(), 500);
      const r = results.get(`stun:${TURN1}:udp`)!;
      expect({ status: r.status, detail: r.detail }).toEqual({ status: "fail", detail: "no answer within 500 ms" });
      expect(r.cause).toMatch(/no answer on UDP \d+: a firewall drops it/);
      // Concurrent: all checks together take about one time limit, not one per check.
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      sink.close();
    }
  });
});

describe("the parent zone's delegation (dns:delegation)", () => {
  // Route 53's shape: one server each under .com, .net, .org and .co.uk.
  const ZONE_NS = ["ns-101.awsdns-12.com", "ns-700.awsdns-23.net", "ns-1200.awsdns-34.org", "ns-1900.awsdns-45.co.uk"];
  const OLD_NS = ["ns-5.awsdns-01.com", "ns-600.awsdns-02.net", ZONE_NS[2], ZONE_NS[3]];
  const delegated = { ...outputs(), nameServers: ZONE_NS };
  const check = async (out = delegated) => (await doctor(env(), out)).get("dns:delegation")!;
  afterEach(() => {
    dnsServer.ns.delete(DOMAIN);
    dnsServer.referrals.clear();
  });

  it("delegated to the stack's name servers: passes, asking the --dns-server resolver", async () => {
    // A resolver answers the child's NS set in its answer section, as it would after following the delegation.
    dnsServer.ns.set(DOMAIN, [...ZONE_NS].reverse().map((n) => `${n.toUpperCase()}.`));
    const r = await check();
    expect({ status: r.status, target: r.target }).toEqual({ status: "pass", target: `${DOMAIN} NS` });
    expect(r.detail).toContain(`the resolver 127.0.0.1:${dnsServer.port}`);
  });

  it("missing: fails naming the record to create in the parent zone", async () => {
    const r = await check();
    expect({ status: r.status, detail: r.detail }).toEqual({ status: "fail", detail: expect.stringMatching(/no delegation \(NXDOMAIN\)/) });
    expect(r.cause).toContain(`create the record ${DOMAIN}. NS ${[...ZONE_NS].sort().map((n) => `${n}.`).join(", ")} in the parent zone example.com`);
  });

  it("other servers (a zone created again): fails listing both sets", async () => {
    dnsServer.ns.set(DOMAIN, OLD_NS);
    const r = await check();
    expect(r.status).toBe("fail");
    expect(r.detail).toBe(`→ NS ${[...OLD_NS].sort().join(", ")} (the resolver 127.0.0.1:${dnsServer.port}); the stack's zone has ${[...ZONE_NS].sort().join(", ")}`);
    expect(r.cause).toMatch(/missing: ns-101\.awsdns-12\.com, ns-700\.awsdns-23\.net; not the zone's: ns-5\.awsdns-01\.com, ns-600\.awsdns-02\.net/);
  });

  it("no check for an existing zone (dns.zoneId) or the island's private zone", async () => {
    const existing = parseStackConfig({ ...CONFIG_MAP, "wire-backend:dns": { zoneId: "Z0123456789ABC" } }).config;
    expect(planChecks(existing, delegated).checks.map((c) => c.id)).not.toContain("dns:delegation");
    const island = parseStackConfig({ ...CONFIG_MAP, "wire-backend:connectivity": "offline", "wire-backend:network": { clientCidrs: ["192.168.0.0/16"] }, "wire-backend:push": { option: "C" }, "wire-backend:email": { smtp: { host: "10.20.0.25" } } }).config;
    expect(planChecks(island, { ...delegated, restundPublicIps: [], privateIps: { restund: ["172.16.0.20"] } }).checks.map((c) => c.id)).not.toContain("dns:delegation");
    expect(planChecks(config, delegated).checks.map((c) => c.id)).toContain("dns:delegation");
  });

  it("the CLI fails (exit 1) on a missing delegation", async () => {
    const dir = fs.mkdtempSync(path.join(TMP, "deleg-"));
    const stackFile = path.join(dir, "Pulumi.local.yaml");
    fs.writeFileSync(stackFile, `config:\n${Object.entries(CONFIG_MAP).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`);
    const outFile = path.join(dir, "outputs.json");
    fs.writeFileSync(outFile, JSON.stringify(delegated));
    fs.writeFileSync(path.join(dir, "ca.pem"), ca.cert);
    const args = ["--config", stackFile, "--outputs", outFile, "--dns-server", `127.0.0.1:${dnsServer.port}`, "--ca", path.join(dir, "ca.pem"), "--turn-auth", "rest", "--ports", `https=${good.port},turn=${coturn.port},turns=${coturn.tlsPort}`, "--skip", "email", "--json"];
    const { code, out } = await captured(() => main(args));
    const doc = JSON.parse(out);
    expect({ code, summary: doc.summary, failed: doc.results.filter((r: CheckResult) => r.status === "fail").map((r: CheckResult) => r.id) }).toEqual({ code: 1, summary: { pass: 25, warn: 0, fail: 1 }, failed: ["dns:delegation"] });
  }, 30_000);

  describe("asking the parent zone's own servers", () => {
    // The local server plays this machine's resolver (example.com's NS and their addresses) and
    // example.com's server, which answers a non-recursive query with a referral (authority section).
    const resolver = () => {
      const r = new dns.promises.Resolver({ timeout: 2000, tries: 1 });
      r.setServers([`127.0.0.1:${dnsServer.port}`]);
      return r;
    };
    beforeEach(() => {
      dnsServer.ns.set("example.com", ["ns1.parent.test"]);
      dnsServer.records.set("ns1.parent.test", ["127.0.0.1"]);
    });
    afterEach(() => {
      dnsServer.ns.delete("example.com");
      dnsServer.records.delete("ns1.parent.test");
    });

    it("finds the closest enclosing zone, one label up or more", async () => {
      expect(await parentServers(DOMAIN, resolver())).toEqual({ zone: "example.com", servers: [{ name: "ns1.parent.test", address: "127.0.0.1" }] });
      expect((await parentServers(`chat.eu.${DOMAIN.split(".").slice(1).join(".")}`, resolver())).zone).toBe("example.com");
    });

    it("reads the referral: right servers pass, wrong ones fail, none is a missing delegation", async () => {
      dnsServer.ns.set(DOMAIN, ZONE_NS);
      dnsServer.referrals.add(DOMAIN);
      const right = await askParent(DOMAIN, resolver(), dnsServer.port);
      expect(right).toEqual({ where: "ns1.parent.test (127.0.0.1), a server of the parent zone example.com", rcode: 0, nameServers: [...ZONE_NS].sort() });
      expect(judgeDelegation(DOMAIN, ZONE_NS, right).status).toBe("pass");
      dnsServer.ns.set(DOMAIN, OLD_NS);
      expect(judgeDelegation(DOMAIN, ZONE_NS, await askParent(DOMAIN, resolver(), dnsServer.port)).status).toBe("fail");
      dnsServer.ns.delete(DOMAIN);
      const missing = judgeDelegation(DOMAIN, ZONE_NS, await askParent(DOMAIN, resolver(), dnsServer.port));
      expect({ status: missing.status, detail: missing.detail }).toEqual({ status: "fail", detail: `${DOMAIN} NS: no delegation (NXDOMAIN) at ns1.parent.test (127.0.0.1), a server of the parent zone example.com` });
    });
  });
});

describe("doctor refuses what is not a real deployment", () => {
  it("without --outputs and without the pulumi CLI it refuses and probes nothing", async () => {
    if (!spawnSync("pulumi", ["version"]).error) return expect("pulumi CLI present").toBe("pulumi CLI present");
    const dir = fs.mkdtempSync(path.join(TMP, "refuse-"));
    const stackFile = path.join(dir, "Pulumi.x.yaml");
    fs.writeFileSync(stackFile, "config:\n  aws:region: eu-central-1\n  wire-backend:users: 10\n  wire-backend:domain: wire.example.com\n");
    const r = await captured(() => main(["--config", stackFile]));
    expect({ code: r.code, out: r.out }).toEqual({ code: 1, out: "" });
    expect(r.err).toMatch(/no deployment to check: pass --outputs FILE.*invented/);
  });

  it("a plan's outputs (documentation-range addresses) or a plan document are refused", () => {
    expect(() => planChecks(config, outputs(SECRET, "203.0.113.5"))).toThrow(/documentation range/);
    expect(() => planChecks(config, { ...outputs(), resources: [], sizing: {} })).toThrow(/this is a plan/);
    expect(() => planChecks(config, outputs("[secret]"))).toThrow(/--show-secrets/);
  });
});

describe("what the doctor checks, from the outputs", () => {
  it("offline: TURN nodes by private address; without turn.tls no TLS allocation; option C has no push check", () => {
    const island = parseStackConfig({ ...CONFIG_MAP, "wire-backend:connectivity": "offline", "wire-backend:network": { clientCidrs: ["192.168.0.0/16"] }, "wire-backend:turn": { tls: false }, "wire-backend:push": { option: "C" }, "wire-backend:email": { smtp: { host: "10.20.0.25" } } }).config;
    const { targets, checks } = planChecks(island, { ...outputs(), restundPublicIps: [], privateIps: { restund: ["172.16.0.20", "172.16.16.20"] } });
    expect(targets.turn).toEqual([{ name: `turn1.${DOMAIN}`, address: "172.16.0.20" }, { name: `turn2.${DOMAIN}`, address: "172.16.16.20" }]);
    const ids = checks.map((c) => c.id);
    expect(ids.filter((id) => /^(stun|turn):/.test(id))).toEqual([`stun:${TURN1}:udp`, `turn:${TURN1}:udp`, `turn:${TURN1}:tcp`, `stun:turn2.${DOMAIN}:udp`, `turn:turn2.${DOMAIN}:udp`, `turn:turn2.${DOMAIN}:tcp`]);
    expect(ids.some((id) => id.startsWith("push:") || id.includes("sftd"))).toBe(false);
  });
});

describe("TURN credential as brig makes it", () => {
  it("zrest: brig's username format and base64(HMAC-SHA512), as openssl computes it", () => {
    const c = turnCredential("zrest", "s3cret", { now: new Date(1_700_000_000_000), ttlSeconds: 600 });
    // brig's parser: d=<decimal>.v=<decimal>.k=<decimal>.t=<char>.r=<[a-z0-9]+>
    expect(c.username).toMatch(/^d=1700000600\.v=1\.k=0\.t=s\.r=[a-z]{16}$/);
    const openssl = spawnSync("openssl", ["dgst", "-sha512", "-hmac", "s3cret", "-binary"], { input: c.username });
    expect(c.password).toBe(openssl.stdout.toString("base64"));
  });

  it("rest: coturn's use-auth-secret format and base64(HMAC-SHA1)", () => {
    const c = turnCredential("rest", "s3cret", { now: new Date(1_700_000_000_000), ttlSeconds: 600 });
    expect(c.username).toBe("1700000600:wire-doctor");
    const openssl = spawnSync("openssl", ["dgst", "-sha1", "-hmac", "s3cret", "-binary"], { input: c.username });
    expect(c.password).toBe(openssl.stdout.toString("base64"));
  });
});
