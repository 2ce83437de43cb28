// Registration, email, SMS and branding from the stack's keys (config/email.ts), resolved for the
// renderers: defaults from `domain`, brig's names for the relay's TLS, the SES queues and endpoints
// the Ses component creates (components/email.ts; their names in config/email.ts). Pure.
import type { StackConfig } from "../config/schema";
import { emailSender, emailVia, sesEndpoints, sesNames, SMTP_DEFAULT_PORT, SMTP_TLS } from "../config/email";
import { partitionOf } from "../sizing/regions";
import type { MailFacts } from "./types";

/** The defaults Wire's prod-values.example.yaml ships for what the stack does not say. */
export const WIRE_BRAND_SERVICE = "Wire Service Provider";
export const WIRE_COPYRIGHT = "© WIRE SWISS GmbH";

type MailConfig = Pick<StackConfig, "domain" | "connectivity" | "region" | "registration" | "email" | "sms" | "branding">;

export { emailSender };

export function mailFacts(stack: string, config: MailConfig): MailFacts {
  const d = config.domain;
  const b = config.branding;
  const brandUrl = b.url ?? `https://webapp.${d}`;
  const supportEmail = b.supportEmail ?? `support@${d}`;
  const smtp = config.email.smtp;
  let email: MailFacts["email"];
  if (emailVia(config) === "ses") {
    const names = sesNames(stack);
    email = { via: "ses", region: config.region, ...sesEndpoints(config.region, partitionOf(config.region).dnsSuffix), sesQueue: names.feedbackQueue, internalQueue: names.internalQueue };
  } else {
    // The schema refuses smtp without a host; a plan never gets here without one.
    if (!smtp) throw new Error("email.smtp is required with email.via smtp");
    email = { via: "smtp", host: smtp.host, port: smtp.port ?? SMTP_DEFAULT_PORT[smtp.tls], connType: SMTP_TLS[smtp.tls], ...(smtp.username ? { username: smtp.username } : {}) };
  }
  const sms = config.sms;
  return {
    restrictUserCreation: config.registration === "restricted",
    sender: emailSender(config),
    email,
    sms: sms.provider === "twilio" ? { provider: "twilio", sender: sms.sender!, accountSid: sms.accountSid! } : { provider: "none" },
    branding: {
      brand: b.brand,
      brandUrl,
      // Shown as the link's text in the emails' header (activation.html): the host, not the URL.
      brandLabelUrl: brandUrl.replace(/^https?:\/\//, "").replace(/\/$/, ""),
      brandLogoUrl: b.logoUrl,
      brandService: b.company ?? WIRE_BRAND_SERVICE,
      copyright: b.company ? `© ${b.company}` : WIRE_COPYRIGHT,
      misuse: b.misuseEmail ?? `misuse@${d}`,
      legal: b.legalUrl,
      support: b.supportUrl ?? `mailto:${supportEmail}`,
    },
    supportEmail,
  };
}
