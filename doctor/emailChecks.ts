// brig's mail: through Amazon SES, the domain identity must be verified and its DKIM records resolve
// (and the account out of the SES sandbox, else a warning); through a relay, the relay must answer
// EHLO, offer STARTTLS (tls: starttls) and accept brig's login, as brig does at start-up (it opens a
// test connection and exits when it fails: Wire.EmailSending.SMTP). nodemailer's verify() makes the
// same steps (connect, EHLO, STARTTLS, AUTH) and names the one that failed; we force AUTH LOGIN, the
// only mechanism brig speaks (SMTP.authenticate SMTP.LOGIN).
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import * as nodemailer from "nodemailer";
import { Check, DoctorEnv, fail, Outcome, pass, resolverFor, warn } from "./check";
import type { DoctorTargets, EmailTarget, SmtpTarget } from "./targets";

export function emailChecks(t: DoctorTargets): Check[] {
  const e = t.email;
  if (!e) return [];
  if (e.via === "ses") {
    return [
      {
        id: "email:ses",
        group: "email",
        target: `SES identity ${e.domain} (${e.region})`,
        run: (env, signal) => sesCheck(e, env, signal),
        timeoutCause: () => "SES's API did not answer: no route to email.<region>.amazonaws.com from here, or no AWS credentials (AWS_PROFILE)",
      },
    ];
  }
  return [
    {
      id: "email:relay",
      group: "email",
      target: `${e.host}:${e.port} (${e.tls})`,
      run: (env) => smtpCheck(e, env),
      timeoutCause: () => `the relay ${e.host}:${e.port} did not answer: a firewall drops the traffic (offline: email.smtp.relayCidrs), or nothing listens there`,
    },
  ];
}

/** nodemailer's error codes (dist/cjs/errors.js) in the operator's terms. */
function smtpCause(code: string | undefined, message: string, e: SmtpTarget): string {
  if (/STARTTLS/i.test(message) || (code === "ETLS" && e.tls === "starttls")) {
    return `the relay does not offer STARTTLS: brig (email.smtp.tls starttls, connType tls) refuses to send without it; enable STARTTLS on the relay, or point email.smtp at its implicit-TLS port (tls: implicit, 465)`;
  }
  if (/certificate|self[- ]signed|unable to verify|altnames/i.test(message)) {
    return `the relay's TLS certificate is not trusted here (${message}): give the relay a certificate for ${e.host} from a CA you trust, or name that CA with --ca`;
  }
  switch (code) {
    case "EAUTH":
      return `the relay refused the login ${e.username ?? ""}: brig would exit at start-up; set the right secret email.smtp.password (pulumi config set --secret --path 'wire-backend:email.smtp.password' ...) and re-export`;
    case "ENOAUTH":
      return "the relay wants a login: set email.smtp.username and the secret email.smtp.password";
    case "ETLS":
      return `TLS with the relay failed (${message}): a certificate this machine does not trust (--ca), or tls does not match the port (implicit is 465, starttls 587)`;
    case "EDNS":
      return `${e.host} does not resolve from here: check the name in email.smtp.host`;
    case "ECONNECTION":
    case "ESOCKET":
      return `no SMTP at ${e.host}:${e.port}: nothing listens there, or a firewall rejects it (offline: email.smtp.relayCidrs)`;
    case "ETIMEDOUT":
      return `the relay ${e.host}:${e.port} did not answer in time: a firewall drops the traffic, or nothing listens there`;
    default:
      return `the relay failed the SMTP handshake: ${message}`;
  }
}

export async function smtpCheck(e: SmtpTarget, env: Pick<DoctorEnv, "ca">): Promise<Outcome> {
  const transporter = nodemailer.createTransport({
    host: e.host,
    port: e.port,
    secure: e.tls === "implicit",
    requireTLS: e.tls === "starttls",
    ignoreTLS: e.tls === "none",
    ...(e.username ? { auth: { user: e.username, pass: e.password ?? "" }, authMethod: "LOGIN" } : {}),
    tls: { servername: e.host, ...(env.ca?.length ? { ca: env.ca } : {}) },
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 5000,
  });
  try {
    await transporter.verify();
    const tls = e.tls === "none" ? "no TLS" : e.tls === "starttls" ? "STARTTLS" : "implicit TLS";
    return pass(`EHLO answered, ${tls}, ${e.username ? `AUTH LOGIN accepted for ${e.username}` : "no login asked"}`);
  } catch (err) {
    const x = err as Error & { code?: string; response?: string };
    return fail(`${x.code ?? "error"}: ${x.response ?? x.message}`, smtpCause(x.code, x.message, e));
  } finally {
    transporter.close();
  }
}

type SesTarget = Extract<EmailTarget, { via: "ses" }>;

export async function sesCheck(e: SesTarget, env: DoctorEnv, signal: AbortSignal, client = new SESv2Client({ region: e.region })): Promise<Outcome> {
  let identity;
  try {
    identity = await client.send(new GetEmailIdentityCommand({ EmailIdentity: e.domain }), { abortSignal: signal });
  } catch (err) {
    const x = err as Error & { name?: string };
    if (x.name === "NotFoundException") return fail(`no SES identity ${e.domain} in ${e.region}`, "the stack's Ses component was not deployed (email.via ses) or in another region: run pulumi up");
    return fail(`${x.name ?? "error"}: ${x.message}`, "SES's API refused or failed: AWS credentials with ses:GetEmailIdentity for this account (AWS_PROFILE), and the region of the stack");
  }
  const problems: string[] = [];
  if (!identity.VerifiedForSendingStatus) problems.push(`identity not verified for sending`);
  const dkim = identity.DkimAttributes;
  if (dkim?.Status !== "SUCCESS") problems.push(`DKIM status ${dkim?.Status ?? "unknown"}`);
  const resolver = resolverFor(env, signal);
  for (const token of dkim?.Tokens ?? []) {
    const name = `${token}._domainkey.${e.domain}`;
    const want = `${token}.dkim.amazonses.com`;
    const got = await resolver.resolveCname(name).catch((err: NodeJS.ErrnoException) => [err.code ?? "error"]);
    if (!got.some((g) => g.toLowerCase() === want)) problems.push(`${name} → ${got.join(", ")} (want ${want})`);
  }
  if (problems.length > 0) {
    return fail(problems.join("; "), `SES sends nothing for ${e.domain} until the DKIM CNAMEs resolve publicly: is the zone delegated (see dns:delegation)? SES re-checks for up to 72 hours after the records appear`);
  }
  const account = await client.send(new GetAccountCommand({}), { abortSignal: signal }).catch(() => undefined);
  const detail = `${e.domain} verified, DKIM ${dkim?.Tokens?.length ?? 0} records resolve`;
  if (account && account.ProductionAccessEnabled === false) {
    return warn(`${detail}; the account is in the SES sandbox`, "SES delivers only to verified addresses until production access is granted: request it (docs/email-and-registration.md, \"Leaving the SES sandbox\")");
  }
  return pass(detail);
}
