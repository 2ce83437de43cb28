// brig's Amazon SES setup as pure data: the DNS records, the IAM and resource policies (the resource
// names and endpoints, which brig's values read too, are in config/email.ts). Exactly the calls brig makes (wire-server chart/5.29.5, same at chart/5.8.0):
//  - mail: libs/wire-subsystems/src/Wire/EmailSending/SES.hs sends with SES v1 SendRawEmail only;
//  - queues: services/brig/src/Brig/AWS.hs resolves each queue with GetQueueUrl, `listen` receives
//    and deletes (ReceiveMessage, DeleteMessage), the internal events queue is also written to
//    (enqueueStandard: SendMessage). brig has one `aws.sqsEndpoint` for both queues, so with SES its
//    internal events queue moves from fake-aws to real SQS as well.

export const BRIG_SES_ACTIONS = ["ses:SendRawEmail"];
export const BRIG_FEEDBACK_QUEUE_ACTIONS = ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"];
export const BRIG_INTERNAL_QUEUE_ACTIONS = ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"];

/** The custom MAIL FROM subdomain (bounces go there; SPF is checked there). */
export const MAIL_FROM_LABEL = "mail";

export interface DnsRecord {
  name: string;
  type: "CNAME" | "MX" | "TXT";
  records: string[];
  /** Stable part of the record's logical name. */
  label: string;
}

export const SPF = "v=spf1 include:amazonses.com ~all";
/**
 * quarantine, not reject: every mail of the domain is SES's, signed (Easy DKIM, d=<domain>) and sent
 * from the aligned MAIL FROM subdomain, so both checks align and nothing legitimate is quarantined;
 * should the customer later add a sender and forget its DKIM, receivers file its mail as spam rather
 * than drop it. `none` would let anyone spoof the domain unchallenged.
 */
export const DMARC = "v=DMARC1; p=quarantine; adkim=r; aspf=r";

/**
 * The records SES needs in the stack's zone: three Easy DKIM CNAMEs (SES hands out three tokens),
 * the custom MAIL FROM's MX and SPF (SPF is evaluated on the envelope sender's domain, which with
 * SES's default is amazonses.com and so never aligned with <domain>; the subdomain makes SPF align
 * for DMARC too, so DMARC still passes where a forwarder breaks DKIM), and DMARC.
 */
export function sesDnsRecords(domain: string, region: string, dkimTokens: string[]): DnsRecord[] {
  return [...dkimTokens.map((t, i) => dkimRecord(domain, t, i)), ...mailRecords(domain, region)];
}

/** The i-th Easy DKIM CNAME (0-based). */
export function dkimRecord(domain: string, token: string, i: number): DnsRecord {
  return { name: `${token}._domainkey.${domain}`, type: "CNAME", records: [`${token}.dkim.amazonses.com`], label: `dkim-${i + 1}` };
}

/** MAIL FROM's MX and SPF, and DMARC: known before SES answers. */
export function mailRecords(domain: string, region: string): DnsRecord[] {
  const mailFrom = `${MAIL_FROM_LABEL}.${domain}`;
  return [
    { name: mailFrom, type: "MX", records: [`10 feedback-smtp.${region}.amazonses.com`], label: "mail-from-mx" },
    { name: mailFrom, type: "TXT", records: [SPF], label: "mail-from-spf" },
    { name: `_dmarc.${domain}`, type: "TXT", records: [DMARC], label: "dmarc" },
  ];
}

export interface BrigSesPolicyInput {
  identityArn: string;
  configurationSetArn: string;
  feedbackQueueArn: string;
  internalQueueArn: string;
  /** brig's emailSender: the only From address the role may send as. */
  sender: string;
}

/** On the Kubernetes nodes' role (brig runs there and uses the instance profile). No `*`. */
export function brigSesPolicy(input: BrigSesPolicyInput): object {
  return {
    Version: "2012-10-17",
    Statement: [
      // The identity's default configuration set applies to every send, so SES checks both ARNs.
      { Sid: "BrigSendsAsItsSender", Effect: "Allow", Action: BRIG_SES_ACTIONS, Resource: [input.identityArn, input.configurationSetArn], Condition: { StringEquals: { "ses:FromAddress": input.sender } } },
      { Sid: "BrigReadsSesFeedback", Effect: "Allow", Action: BRIG_FEEDBACK_QUEUE_ACTIONS, Resource: [input.feedbackQueueArn] },
      { Sid: "BrigInternalEvents", Effect: "Allow", Action: BRIG_INTERNAL_QUEUE_ACTIONS, Resource: [input.internalQueueArn] },
    ],
  };
}

/** SES may publish the identity's bounces and complaints to the topic, for this identity only. */
export function sesTopicPolicy(topicArn: string, identityArn: string, account: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SesFeedbackOfTheIdentity",
        Effect: "Allow",
        Principal: { Service: "ses.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: { StringEquals: { "AWS:SourceAccount": account }, ArnLike: { "AWS:SourceArn": identityArn } },
      },
    ],
  };
}
