// brig's registration, email and SMS values (wire-server chart: brig's configmap.yaml and secret.yaml,
// read at chart/5.8.0 … chart/5.29.5; setTwilio/setNexmo at chart/5.3.57 and older):
//  - `useSES: true` renders `emailSMS.email.sesQueue` / `sesEndpoint` from `aws.*`; brig then uses
//    the pod's AWS credentials: none in the Secret (the chart sets AWS_ACCESS_KEY_ID only when
//    `secrets.awsKeyId` is given), so the Kubernetes nodes' instance profile (IMDSv2, hop limit 2).
//  - `useSES: false` renders `smtp.{host,port,connType}`, `smtp.username` with the chart's own
//    `smtp.passwordFile`, and the Secret's smtp-password.txt from `secrets.smtpPassword`.
//  - `optSettings.setRestrictUserCreation` is rendered only when true (brig's default is off).
import { compareVersions } from "../config/releases";
import { NO_SMS_SINCE } from "../config/email";
import { FAKE_AWS_KEYS } from "./stackFacts";
import type { StackFacts } from "./types";

/** brig's internal event queue and prekey table on fake-aws, as Wire's prod example names them. */
export const BRIG_FAKE_AWS = { sqsEndpoint: "http://fake-aws-sqs:4568", internalQueue: "integration-brig-events-internal", prekeyTable: "integration-brig-prekeys" };

/** brig's `config` keys for mail, and its `optSettings` for registration. */
export function brigMailConfig(facts: StackFacts, accountPages: string) {
  const m = facts.mail;
  const e = m.email;
  const aws =
    e.via === "ses"
      ? // One sqsEndpoint for both queues (Brig/AWS.hs): the internal queue is real SQS too. The prekey
        // table is never read with randomPrekeys: true.
        { region: e.region, sqsEndpoint: e.sqsEndpoint, internalQueue: e.internalQueue, prekeyTable: BRIG_FAKE_AWS.prekeyTable, sesEndpoint: e.sesEndpoint, sesQueue: e.sesQueue }
      : { region: facts.gundeck.region, ...BRIG_FAKE_AWS };
  return {
    useSES: e.via === "ses",
    aws,
    ...(e.via === "smtp" ? { smtp: { host: e.host, port: e.port, connType: e.connType, ...(e.username ? { username: e.username } : {}) } } : {}),
    emailSMS: {
      general: {
        emailSender: m.sender,
        // Required by brig's config parser at every release (EmailSMSGeneralOpts.smsSender :: Text),
        // read only by the SMS templates of releases before 5.4.0: empty unless twilio sends.
        smsSender: m.sms.provider === "twilio" ? m.sms.sender : "",
        templateBranding: { ...m.branding, forgot: `${accountPages}/forgot/` },
      },
    },
    optSettings: m.restrictUserCreation ? { setRestrictUserCreation: true } : {},
  };
}

/** brig's `secrets` keys for mail and SMS. */
export function brigMailSecrets(facts: StackFacts): Record<string, unknown> {
  const m = facts.mail;
  const out: Record<string, unknown> =
    m.email.via === "ses"
      ? {} // the instance profile, no keys; the chart writes no smtp-password.txt with useSES
      : // fake-aws (brig's internal queue) takes any key; the relay's password or none.
        { ...FAKE_AWS_KEYS, smtpPassword: facts.secrets.smtpPassword };
  // Before 5.4.0 brig reads both credentials files at start-up (Brig/App.hs initCredentials) and
  // exits if either does not parse; with no provider they hold empty credentials, which send nothing.
  if (compareVersions(facts.wireVersion, NO_SMS_SINCE) < 0) {
    const twilio = m.sms.provider === "twilio" ? { sid: m.sms.accountSid, token: facts.secrets.twilioAuthToken ?? "" } : { sid: "", token: "" };
    out.setTwilio = `sid: ${JSON.stringify(twilio.sid)}\ntoken: ${JSON.stringify(twilio.token)}\n`;
    out.setNexmo = `key: ""\nsecret: ""\n`;
  }
  return out;
}
