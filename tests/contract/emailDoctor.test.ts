// The doctor's email checks. The relay check against a real SMTP server (smtp-server) on loopback,
// started and stopped here with a certificate made here: it passes with STARTTLS and the right login,
// and fails naming the cause with a wrong password and with a relay that offers no STARTTLS. The SES
// check against a loopback SESv2 endpoint and DNS server (below).
import { SESv2Client } from "@aws-sdk/client-sesv2";
import * as http from "http";
import * as net from "net";
import { SMTPServer } from "smtp-server";
import type { DoctorEnv } from "../../doctor/check";
import { sesCheck, smtpCheck } from "../../doctor/emailChecks";
import type { SmtpTarget } from "../../doctor/targets";
import { type DnsServer, makeCa, Pem, startDns } from "../helpers/localServers";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const selfsigned = require("selfsigned") as { generate(attrs: unknown, opts: unknown): Promise<{ private: string; cert: string }> };

const USER = "wire-backend";
const PASSWORD = "relay-Pw-7xQ";

interface Relay {
  port: number;
  /** AUTH mechanisms clients used, in order. */
  auths: string[];
  stop(): Promise<void>;
}

async function startRelay(pem: Pem, opts: { starttls: boolean }): Promise<Relay> {
  const auths: string[] = [];
  const server = new SMTPServer({
    key: pem.key,
    cert: pem.cert,
    // Without STARTTLS: the command is unknown and logins are taken in clear, the case brig refuses.
    ...(opts.starttls ? { allowInsecureAuth: false } : { disabledCommands: ["STARTTLS"], allowInsecureAuth: true }),
    authMethods: ["PLAIN", "LOGIN"],
    onAuth(auth, _session, cb) {
      auths.push(auth.method);
      if (auth.username === USER && auth.password === PASSWORD) return cb(null, { user: USER });
      cb(new Error("535 5.7.8 Authentication credentials invalid"));
    },
    logger: false,
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.server.address() as net.AddressInfo).port)));
  return { port, auths, stop: () => new Promise((r) => server.close(() => r())) };
}

let ca: Pem;
let leaf: Pem;
const relays: Relay[] = [];

beforeAll(async () => {
  ca = await makeCa();
  // The relay's certificate names the address the check connects to (an IP SAN), signed by the test CA.
  const p = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
    algorithm: "sha256",
    ca: { key: ca.key, cert: ca.cert },
    extensions: [{ name: "basicConstraints", cA: false }, { name: "extKeyUsage", serverAuth: true }, { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  leaf = { key: p.private, cert: p.cert };
});

afterAll(async () => {
  await Promise.all(relays.map((r) => r.stop()));
});

async function relay(starttls: boolean): Promise<Relay> {
  const r = await startRelay(leaf, { starttls });
  relays.push(r);
  return r;
}

const target = (port: number, password: string): SmtpTarget => ({ via: "smtp", host: "127.0.0.1", port, tls: "starttls", username: USER, password });

describe("the doctor's relay check (email:relay)", () => {
  it("passes when the relay answers EHLO, offers STARTTLS and accepts brig's login (AUTH LOGIN)", async () => {
    const r = await relay(true);
    const out = await smtpCheck(target(r.port, PASSWORD), { ca: [ca.cert] });
    expect(out).toMatchObject({ status: "pass" });
    expect(out.detail).toMatch(/STARTTLS.*AUTH LOGIN accepted for wire-backend/);
    // brig speaks AUTH LOGIN only (HaskellNet's SMTP.authenticate SMTP.LOGIN): the check must too.
    expect(r.auths).toEqual(["LOGIN"]);
  });

  it("fails on a wrong password, naming the login and the secret to set", async () => {
    const r = await relay(true);
    const out = await smtpCheck(target(r.port, "wrong-password"), { ca: [ca.cert] });
    expect(out.status).toBe("fail");
    expect(out.detail).toMatch(/EAUTH/);
    expect(out.cause).toMatch(/refused the login wire-backend[\s\S]*email\.smtp\.password/);
  });

  it("fails on a relay without STARTTLS, naming it", async () => {
    const r = await relay(false);
    const out = await smtpCheck(target(r.port, PASSWORD), { ca: [ca.cert] });
    expect(out.status).toBe("fail");
    expect(out.cause).toMatch(/does not offer STARTTLS/);
    // Nothing was sent in clear: the check stopped before AUTH.
    expect(r.auths).toEqual([]);
  });

  it("fails on a certificate this machine does not trust (no --ca)", async () => {
    const r = await relay(true);
    const out = await smtpCheck(target(r.port, PASSWORD), {});
    expect(out.status).toBe("fail");
    expect(out.cause).toMatch(/does not trust|certificate/);
  });
});

// ---- SES -----------------------------------------------------------------------------------------
// The doctor's SES check against the real AWS SDK client, pointed at an SESv2-compatible endpoint on
// loopback (the REST paths and JSON of SES's API v2: GetEmailIdentity, GetAccount), with the DKIM
// CNAMEs served by a DNS server on loopback. Both are started and stopped here.
const DOMAIN = "wire.example.com";
const TOKENS = ["abcdefghijklmnopqrstuvwxyz234567", "bcdefghijklmnopqrstuvwxyz2345678", "cdefghijklmnopqrstuvwxyz23456789"];

interface SesState {
  identity?: { verified: boolean; dkimStatus: string };
  production: boolean;
  /** A status and error type to answer every request with (e.g. 403 AccessDeniedException). */
  refuse?: { status: number; type: string };
  /** Signed requests seen: method, path, the signing service of their Authorization header. */
  seen: { method: string; path: string; service?: string }[];
}

async function startSes(state: SesState): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const service = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization))?.[1];
    state.seen.push({ method: req.method!, path: req.url!, service });
    const json = (status: number, body: object, type?: string) => {
      res.writeHead(status, { "content-type": "application/json", ...(type ? { "x-amzn-errortype": type } : {}) });
      res.end(JSON.stringify(body));
    };
    if (state.refuse) return json(state.refuse.status, { message: "refused by the test" }, state.refuse.type);
    if (req.method === "GET" && req.url === `/v2/email/identities/${DOMAIN}`) {
      if (!state.identity) return json(404, { message: `Email identity ${DOMAIN} does not exist.` }, "NotFoundException");
      return json(200, {
        IdentityType: "DOMAIN",
        VerifiedForSendingStatus: state.identity.verified,
        DkimAttributes: { SigningEnabled: true, Status: state.identity.dkimStatus, Tokens: TOKENS, SigningAttributesOrigin: "AWS_SES" },
      });
    }
    if (req.method === "GET" && req.url === "/v2/email/account") return json(200, { ProductionAccessEnabled: state.production, SendingEnabled: true, EnforcementStatus: "HEALTHY" });
    json(400, { message: `unexpected ${req.method} ${req.url}` }, "BadRequestException");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, stop: () => new Promise((r) => server.close(() => r())) };
}

describe("the doctor's SES check (email:ses)", () => {
  const dkimNames = Object.fromEntries(TOKENS.map((t) => [`${t}._domainkey.${DOMAIN}`, [`${t}.dkim.amazonses.com`]]));
  let dnsServer: DnsServer;
  let ses: { url: string; stop(): Promise<void> };
  let state: SesState;
  beforeAll(async () => {
    dnsServer = await startDns({}, {}, dkimNames);
    state = { production: true, seen: [] };
    ses = await startSes(state);
  });
  afterAll(async () => {
    await ses.stop();
    await dnsServer.stop();
  });
  beforeEach(() => {
    Object.assign(state, { identity: { verified: true, dkimStatus: "SUCCESS" }, production: true, refuse: undefined, seen: [] });
    dnsServer.cnames.clear();
    for (const [k, v] of Object.entries(dkimNames)) dnsServer.cnames.set(k, v);
  });

  const check = () => {
    const client = new SESv2Client({ region: "eu-central-1", endpoint: ses.url, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }, maxAttempts: 1 });
    const env = { dnsServer: `127.0.0.1:${dnsServer.port}`, ports: { https: 443, turn: 3478, turns: 5349 }, turnAuth: { secret: "" }, now: () => new Date() } as unknown as DoctorEnv;
    return sesCheck({ via: "ses", domain: DOMAIN, region: "eu-central-1" }, env, new AbortController().signal, client);
  };

  it("passes a verified identity whose three DKIM CNAMEs resolve, out of the sandbox, asking SES with signed requests", async () => {
    const out = await check();
    expect(out).toMatchObject({ status: "pass", detail: `${DOMAIN} verified, DKIM 3 records resolve` });
    expect(state.seen.map((s) => `${s.method} ${s.path} ${s.service}`)).toEqual([`GET /v2/email/identities/${DOMAIN} ses`, "GET /v2/email/account ses"]);
  });

  it("warns in the SES sandbox, naming how to leave it", async () => {
    state.production = false;
    expect(await check()).toMatchObject({ status: "warn", cause: expect.stringMatching(/production access/) });
  });

  it("fails when a DKIM CNAME does not resolve, naming the record and what it should point at", async () => {
    dnsServer.cnames.delete(`${TOKENS[1]}._domainkey.${DOMAIN}`);
    const out = await check();
    expect(out.status).toBe("fail");
    expect(out.detail).toContain(`${TOKENS[1]}._domainkey.${DOMAIN} → ENOTFOUND (want ${TOKENS[1]}.dkim.amazonses.com)`);
    expect(out.cause).toMatch(/DKIM CNAMEs resolve publicly/);
  });

  it("fails an identity SES has not verified, with its DKIM status", async () => {
    state.identity = { verified: false, dkimStatus: "PENDING" };
    expect(await check()).toMatchObject({ status: "fail", detail: expect.stringMatching(/identity not verified for sending; DKIM status PENDING/) });
  });

  it("fails when the identity does not exist, naming pulumi up", async () => {
    state.identity = undefined;
    expect(await check()).toMatchObject({ status: "fail", detail: `no SES identity ${DOMAIN} in eu-central-1`, cause: expect.stringMatching(/run pulumi up/) });
  });

  it("fails when SES refuses the credentials, naming the permission", async () => {
    state.refuse = { status: 403, type: "AccessDeniedException" };
    expect(await check()).toMatchObject({ status: "fail", detail: expect.stringMatching(/^AccessDeniedException/), cause: expect.stringMatching(/ses:GetEmailIdentity/) });
  });
});
