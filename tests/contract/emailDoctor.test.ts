// The doctor's relay check against a real SMTP server (smtp-server) on loopback, started and stopped
// here with a certificate made here: it passes with STARTTLS and the right login, and fails naming
// the cause with a wrong password and with a relay that offers no STARTTLS.
import * as net from "net";
import { SMTPServer } from "smtp-server";
import { smtpCheck } from "../../doctor/emailChecks";
import type { SmtpTarget } from "../../doctor/targets";
import { makeCa, Pem } from "../helpers/localServers";
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
