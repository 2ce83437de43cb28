// Who may register, how brig sends mail, SMS and the email templates' branding: the stack keys
// (schema.ts includes them) and the pure decisions derived from them. Facts about brig are taken from
// wire-server at the chart tags we render against (chart/5.8.0 … chart/5.29.5):
//  - registration: brig's optSettings.setRestrictUserCreation (charts/brig/templates/configmap.yaml
//    renders it only when true); docs/src/developer/reference/user/registration.md
//    {#RefRestrictRegistration}: it blocks new teams, personal accounts and inactive users; team
//    invitations, ephemeral (guest) users and SAML/SCIM provisioning keep working.
//  - email: `useSES` with `aws.sesEndpoint`/`aws.sesQueue`, or `smtp.{host,port,connType,username}`
//    with `secrets.smtpPassword` (Wire.EmailSending.SMTP: connType plain | tls (STARTTLS) | ssl
//    (implicit TLS), AUTH LOGIN; brig opens a test connection at start-up and exits if it fails).
//  - SMS: brig lost its SMS providers (setTwilio/setNexmo) in chart 5.3.58 / release 5.4.0 (CHANGELOG
//    #4045, "Phone registration and login is not supported anymore"); `emailSMS.general.smsSender`
//    stays a required, unused Text field at every later release.
import { z } from "zod";
import { compareVersions } from "./releases";
import { hasHostBits, hostOf, isIpv4Cidr, networkOf } from "./cidr";
import { arnEnvOf } from "./push";

export const REGISTRATION = ["restricted", "open"] as const;
export type Registration = (typeof REGISTRATION)[number];

/** How the stack file names the relay's TLS, and brig's `smtp.connType` for it. */
export const SMTP_TLS = { starttls: "tls", implicit: "ssl", none: "plain" } as const;
export type SmtpTls = keyof typeof SMTP_TLS;
/** The submission ports by TLS mode (RFC 8314: 465 implicit TLS, RFC 6409: 587 submission). */
export const SMTP_DEFAULT_PORT: Record<SmtpTls, number> = { starttls: 587, implicit: 465, none: 25 };

/** The first release whose brig has no SMS provider (setTwilio/setNexmo gone, CHANGELOG 5.4.0). */
export const NO_SMS_SINCE = "5.4.0";

const mailbox = (example: string) =>
  z.string().regex(/^[^@\s]+@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/i, { message: `is not an e-mail address; expected e.g. ${example}` });
const url = z.string().regex(/^(https?:\/\/|mailto:)\S+$/, { message: "is not a URL; expected https://… (or mailto:…)" });

export const smtpSchema = z
  .strictObject({
    host: z.string().regex(/^[A-Za-z0-9.-]+$/, { message: "is not a host name or IPv4 address; expected e.g. mail.example.com" }).describe("The relay's host name or address, as brig's pods resolve it."),
    port: z.number().int().min(1).max(65535).optional().describe("The relay's port; default by tls: 587 (starttls), 465 (implicit), 25 (none)."),
    tls: z.enum(["starttls", "implicit", "none"]).default("starttls").describe("starttls (default; brig's connType tls), implicit TLS from the first byte (connType ssl), or none (connType plain; refused with a username: the password would travel in clear)."),
    username: z.string().min(1).optional().describe("The relay's login (AUTH LOGIN); absent: brig sends without authenticating."),
    password: z.string().min(1).optional().describe("Secret config: the relay's password (pulumi config set --secret --path 'wire-backend:email.smtp.password'); required with username."),
    relayCidrs: z
      .array(
        z
          .string()
          .refine(isIpv4Cidr, { message: "is not an IPv4 CIDR; expected the relay's range, e.g. 10.20.0.25/32" })
          .refine((c) => !isIpv4Cidr(c) || !hasHostBits(c), {
            error: (issue) => `has host bits set; write the network ${networkOf(String(issue.input))}, or ${hostOf(String(issue.input))} for the relay's single address`,
          }),
      )
      .min(1)
      .optional()
      .describe("Offline: the address range(s) of the relay; the Kubernetes nodes may then send to the relay's port there and nowhere else new. Default: host/32 when host is an IPv4 address; not needed when the relay is inside the VPC."),
  })
  .describe("The SMTP relay brig sends through (email.via smtp).");

export const emailSchema = z
  .strictObject({
    via: z.enum(["ses", "smtp"]).optional().describe("ses: Amazon SES in the stack's region (the online default; refused offline, where no AWS API is reachable); smtp: the relay in email.smtp (the offline default)."),
    sender: mailbox("no-reply@wire.example.com").optional().describe("The From address of every mail brig sends; default no-reply@<domain>. With SES it must be at the verified domain."),
    smtp: smtpSchema.optional(),
  })
  .prefault({})
  .describe("How brig sends activation codes, invitations and password resets: Amazon SES (online default) or an SMTP relay.");

export const smsSchema = z
  .strictObject({
    provider: z.enum(["none", "twilio"]).default("none").describe(`none (default): nothing in the values sends SMS; twilio only for a wireVersion below ${NO_SMS_SINCE}, whose brig still has phone registration.`),
    sender: z.string().min(1).optional().describe("twilio: the sender number (E.164) or alphanumeric sender id."),
    accountSid: z.string().regex(/^AC[0-9a-f]{32}$/, { message: "is not a Twilio account SID; expected AC and 32 hex digits" }).optional().describe("twilio: the account SID."),
    authToken: z.string().min(1).optional().describe("Secret config: twilio's auth token (pulumi config set --secret --path 'wire-backend:sms.authToken')."),
  })
  .prefault({})
  .describe(`SMS for phone registration: none by default (brig has none from ${NO_SMS_SINCE}).`);

export const brandingSchema = z
  .strictObject({
    brand: z.string().min(1).default("Wire").describe("The product name in brig's emails (default Wire)."),
    url: url.optional().describe("Where the brand links to; default https://webapp.<domain>."),
    logoUrl: url.default("https://wire.com/p/img/email/logo-email-black.png").describe("The logo's URL, as the mail reader fetches it (default Wire's own; on an island host it inside, e.g. on the assets name)."),
    company: z.string().min(1).optional().describe("Who provides the service: brig's brandService and the copyright line (default Wire's: Wire Service Provider, © WIRE SWISS GmbH)."),
    supportEmail: mailbox("support@wire.example.com").optional().describe("Where users ask for help (the emails' 'contact us' link, spar's SAML contact); default support@<domain>."),
    supportUrl: url.optional().describe("A help page instead of mailto:<supportEmail>."),
    misuseEmail: mailbox("misuse@wire.example.com").optional().describe("The emails' 'Report misuse' address; default misuse@<domain>."),
    legalUrl: url.default("https://wire.com/legal/").describe("The emails' 'Privacy policy and terms of use' link (default Wire's)."),
  })
  .prefault({})
  .describe("The email templates' brand, links and contact addresses (brig's emailSMS.general.templateBranding).");

/** The registration key's docs, here beside the rest. */
export const registrationSchema = z
  .enum(REGISTRATION)
  .default("restricted")
  .describe(
    "Who may create accounts: restricted (default; brig's setRestrictUserCreation) allows no new teams and no personal accounts: users join by team invitation, SAML SSO or SCIM, and guests by link; open lets anyone reaching the backend create accounts and teams. The first team of a restricted backend is created with brig's internal API (docs/email-and-registration.md).",
  );

export interface EmailInput {
  connectivity?: unknown;
  domain?: unknown;
  email?: { via?: unknown; sender?: unknown; smtp?: { host?: unknown; username?: unknown; password?: unknown; tls?: unknown; relayCidrs?: unknown } };
  sms?: { provider?: unknown; sender?: unknown; accountSid?: unknown; authToken?: unknown };
  wireVersion?: unknown;
}

/** email.via with its default: SES online, the relay offline. */
export function emailVia(c: { connectivity?: unknown; email?: { via?: unknown } }): "ses" | "smtp" {
  if (c.email?.via === "ses" || c.email?.via === "smtp") return c.email.via;
  return c.connectivity === "offline" ? "smtp" : "ses";
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Offline: where the Kubernetes nodes may send mail (relayCidrs, else the host's own /32). */
export function relayCidrs(smtp: { host: string; relayCidrs?: string[] }): string[] {
  if (smtp.relayCidrs?.length) return smtp.relayCidrs;
  return IPV4.test(smtp.host) ? [`${smtp.host}/32`] : [];
}

/** Cross-key problems of registration, email and SMS, as (path, value, message) for schema.ts. */
export function emailProblems(s: EmailInput): Array<{ path: PropertyKey[]; input: unknown; message: string }> {
  const out: Array<{ path: PropertyKey[]; input: unknown; message: string }> = [];
  const offline = s.connectivity === "offline";
  const via = emailVia(s);
  const smtp = s.email?.smtp;
  if (offline && s.email?.via === "ses") {
    out.push({ path: ["email", "via"], input: "ses", message: "needs Amazon SES's API, which an offline island cannot reach; use email.via smtp with your relay in email.smtp" });
  }
  const sender = s.email?.sender;
  if (via === "ses" && typeof sender === "string" && typeof s.domain === "string" && !sender.toLowerCase().endsWith(`@${s.domain}`)) {
    out.push({ path: ["email", "sender"], input: sender, message: `is not at ${s.domain}, the domain the stack verifies with SES (SES sends only from verified identities); use e.g. no-reply@${s.domain}` });
  }
  if (via === "smtp" && smtp?.host === undefined) {
    out.push({
      path: ["email", "smtp", "host"],
      input: smtp?.host,
      message: `is required when brig sends through a relay (email.via smtp${s.email?.via === undefined ? ", the offline default" : ""}): brig sends activation codes, invitations and password resets there and does not start without it; set email.smtp.host (e.g. mail.example.com) and, for a login, email.smtp.username and the secret email.smtp.password`,
    });
  }
  if (smtp?.username !== undefined && smtp.password === undefined) {
    out.push({ path: ["email", "smtp", "password"], input: undefined, message: "is required with email.smtp.username; set it as a secret: pulumi config set --secret --path 'wire-backend:email.smtp.password' VALUE" });
  }
  if (smtp?.username !== undefined && smtp.tls === "none") {
    out.push({ path: ["email", "smtp", "tls"], input: "none", message: "would send the relay's password in clear; use tls: starttls (port 587) or implicit (port 465)" });
  }
  if (offline && via === "smtp" && typeof smtp?.host === "string" && !IPV4.test(smtp.host) && smtp.relayCidrs === undefined) {
    out.push({
      path: ["email", "smtp", "relayCidrs"],
      input: undefined,
      message: `is required offline when email.smtp.host is a name (${smtp.host}): the island's nodes may send only inside the VPC; list the relay's address range, e.g. [10.20.0.25/32] (the VPC range if the relay is inside it)`,
    });
  }
  const provider = s.sms?.provider;
  if (provider === "twilio") {
    const version = typeof s.wireVersion === "string" ? s.wireVersion : undefined;
    if (version === undefined || /^\d+\.\d+\.\d+$/.test(version) === false || compareVersions(version, NO_SMS_SINCE) >= 0) {
      out.push({ path: ["sms", "provider"], input: provider, message: `has no effect: brig has no SMS provider from wire-server ${NO_SMS_SINCE} on (phone registration removed, CHANGELOG #4045); remove sms, or pin a wireVersion below ${NO_SMS_SINCE}` });
    }
    if (offline) out.push({ path: ["sms", "provider"], input: provider, message: "needs Twilio's API on the internet, which an offline island cannot reach; remove sms" });
    for (const key of ["sender", "accountSid", "authToken"] as const) {
      if (s.sms?.[key] === undefined) out.push({ path: ["sms", key], input: undefined, message: `is required with sms.provider twilio` });
    }
  }
  return out;
}

/** brig's sender address: `email.sender`, or no-reply@<domain>. Read by the SES component (the only From
 * address its role may send as) and by brig's values, so it lives below both. */
export function emailSender(config: { domain: string; email: { sender?: string } }): string {
  return config.email.sender ?? `no-reply@${config.domain}`;
}

// brig's Amazon SES resources by name and endpoint: the Ses component creates them (components/email.ts,
// its policies in components/emailPolicy.ts) and brig's values point at them (outputs/mailFacts.ts), so
// they live below both.
export interface SesNames {
  /** SES bounces and complaints, as brig reads them (`aws.sesQueue`). */
  feedbackQueue: string;
  /** brig's internal events (`aws.internalQueue`), on the same SQS endpoint as the feedback queue. */
  internalQueue: string;
  topic: string;
  configurationSet: string;
}

export function sesNames(stack: string): SesNames {
  const env = arnEnvOf(stack);
  return { feedbackQueue: `${env}-brig-ses-feedback`, internalQueue: `${env}-brig-events-internal`, topic: `${env}-brig-ses-feedback`, configurationSet: `${env}-brig` };
}

/** Regional endpoints brig is given (amazonaws.com.cn in the China regions). */
export function sesEndpoints(region: string, dnsSuffix: string): { sesEndpoint: string; sqsEndpoint: string } {
  return { sesEndpoint: `https://email.${region}.${dnsSuffix}`, sqsEndpoint: `https://sqs.${region}.${dnsSuffix}` };
}
