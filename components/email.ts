// Amazon SES for brig (email.via ses, online): the domain identity with Easy DKIM and a custom MAIL
// FROM, its records in the stack's zone, a configuration set, bounces and complaints to SNS and on to
// the SQS queue brig reads, brig's internal events queue, and the Kubernetes nodes' right to use them.
//
// Feedback notifications, not a configuration-set event destination: brig parses SES's notification
// format (`notificationType`, services/brig/src/Brig/AWS/Types.hs); event publishing writes
// `eventType` instead, and brig would log "Failed to parse SQS event" for every bounce. The
// configuration set (the identity's default) keeps reputation metrics and the suppression of
// bounced and complaining addresses. The SNS-to-SQS subscription delivers raw, so the queue holds
// SES's JSON as brig parses it, not SNS's envelope around it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { queuePolicy } from "./pushPolicy";
import { brigSesPolicy, dkimRecord, MAIL_FROM_LABEL, mailRecords, sesTopicPolicy } from "./emailPolicy";
import { sesNames } from "../config/email";

export interface SesArgs {
  stack: string;
  domain: string;
  region: string;
  /** brig's From address (email.sender). */
  sender: string;
  zoneId: pulumi.Input<string>;
  kubeNodeRoleName: pulumi.Input<string>;
}

export const DKIM_TOKENS = 3;

export class Ses extends pulumi.ComponentResource {
  readonly identityArn: pulumi.Output<string>;

  constructor(name: string, args: SesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:email:Ses", name, {}, opts);
    const parent = { parent: this };
    const tags = { "wire:stack": args.stack };
    const names = sesNames(args.stack);
    const account = aws.getCallerIdentityOutput({}, parent).accountId;

    const configurationSet = new aws.sesv2.ConfigurationSet(
      `${name}-config`,
      {
        configurationSetName: names.configurationSet,
        reputationOptions: { reputationMetricsEnabled: true },
        suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
        sendingOptions: { sendingEnabled: true },
        tags,
      },
      parent,
    );
    const identity = new aws.sesv2.EmailIdentity(
      `${name}-identity`,
      { emailIdentity: args.domain, configurationSetName: configurationSet.configurationSetName, dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" }, tags },
      parent,
    );
    this.identityArn = identity.arn;
    new aws.sesv2.EmailIdentityMailFromAttributes(
      `${name}-mail-from`,
      { emailIdentity: identity.emailIdentity, mailFromDomain: `${MAIL_FROM_LABEL}.${args.domain}`, behaviorOnMxFailure: "USE_DEFAULT_VALUE" },
      parent,
    );

    // Easy DKIM always hands out three tokens; each record's name follows its token.
    const tokens = identity.dkimSigningAttributes.apply((d) => d?.tokens ?? []);
    for (let i = 0; i < DKIM_TOKENS; i++) {
      const record = tokens.apply((t) => dkimRecord(args.domain, t[i] ?? `token${i + 1}`, i));
      new aws.route53.Record(`${name}-dkim-${i + 1}`, { zoneId: args.zoneId, name: record.name, type: "CNAME", ttl: 1800, records: record.records }, parent);
    }
    for (const record of mailRecords(args.domain, args.region)) {
      new aws.route53.Record(`${name}-${record.label}`, { zoneId: args.zoneId, name: record.name, type: record.type, ttl: 1800, records: record.records }, parent);
    }

    // Bounces and complaints: SES -> SNS -> SQS (raw), read by brig. SSE-SQS: SNS may write to it
    // without a grant on the stack's KMS key. The topic is unencrypted: SES publishes only to topics
    // whose key policy lets ses.amazonaws.com use the key, and SNS keeps nothing at rest.
    const topic = new aws.sns.Topic(`${name}-feedback`, { name: names.topic, tags }, parent);
    new aws.sns.TopicPolicy(
      `${name}-feedback-policy`,
      { arn: topic.arn, policy: pulumi.all([topic.arn, identity.arn, account]).apply(([t, i, a]) => JSON.stringify(sesTopicPolicy(t, i, a))) },
      parent,
    );
    const feedbackQueue = new aws.sqs.Queue(`${name}-feedback-queue`, { name: names.feedbackQueue, sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600, tags }, parent);
    new aws.sqs.QueuePolicy(
      `${name}-feedback-queue-policy`,
      { queueUrl: feedbackQueue.url, policy: pulumi.all([feedbackQueue.arn, topic.arn]).apply(([q, t]) => JSON.stringify(queuePolicy(q, t))) },
      parent,
    );
    new aws.sns.TopicSubscription(`${name}-feedback-to-queue`, { topic: topic.arn, protocol: "sqs", endpoint: feedbackQueue.arn, rawMessageDelivery: true }, parent);
    for (const type of ["Bounce", "Complaint"] as const) {
      new aws.ses.IdentityNotificationTopic(
        `${name}-${type.toLowerCase()}s`,
        { identity: identity.emailIdentity, notificationType: type, topicArn: topic.arn, includeOriginalHeaders: false },
        parent,
      );
    }

    // brig's one SQS endpoint (aws.sqsEndpoint) serves this queue too: it must be real SQS now.
    const internalQueue = new aws.sqs.Queue(`${name}-brig-internal`, { name: names.internalQueue, sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600, tags }, parent);

    new aws.iam.RolePolicy(
      `${name}-brig`,
      {
        role: args.kubeNodeRoleName,
        policy: pulumi
          .all([identity.arn, configurationSet.arn, feedbackQueue.arn, internalQueue.arn])
          .apply(([identityArn, configurationSetArn, feedbackQueueArn, internalQueueArn]) =>
            JSON.stringify(brigSesPolicy({ identityArn, configurationSetArn, feedbackQueueArn, internalQueueArn, sender: args.sender })),
          ),
      },
      parent,
    );
    this.registerOutputs({ identityArn: this.identityArn });
  }
}
