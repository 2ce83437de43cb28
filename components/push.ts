// Push notifications, the seed's three options, and the gundeck settings each implies.
//  A: Wire's SNS proxy under contract: nothing in the customer's account; gundeck gets Wire's data.
//  B: the customer's own SNS for custom-built apps: queue, feedback topic, platform apps, IAM user.
//  C: WebSockets only. Online: a real, encrypted SQS queue for gundeck's events (durable, no pod to
//     run) with Wire's fake-aws SNS for gundeck's start-up. Offline: Wire's fake-aws for both, as
//     Wire documents for islands: the island has no path to an AWS API.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PushConfig } from "../config/schema";
import { arnEnvOf, type GundeckAws } from "../config/push";
import { FAKE_AWS, FAKE_AWS_KEYS } from "../config/fakeAws";
import { gundeckPolicy, queuePolicy } from "./pushPolicy";
import { partitionOf as partitionOfRegion } from "../sizing/regions";


export interface PushArgs {
  stack: string;
  region: string;
  online: boolean;
  push: PushConfig;
  kmsKeyArn: pulumi.Input<string>;
}

export function queueName(arnEnv: string): string {
  return `${arnEnv}-gundeck-events`;
}

export class Push extends pulumi.ComponentResource {
  readonly gundeck: pulumi.Output<GundeckAws>;
  readonly awsKeyId: pulumi.Output<string>;
  readonly awsSecretKey: pulumi.Output<string>;

  constructor(name: string, args: PushArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:push:Push", name, {}, opts);
    const push = args.push;
    // The partition's DNS suffix: amazonaws.com.cn in the China regions.
    const endpoints = (region: string) => {
      const suffix = partitionOfRegion(region).dnsSuffix;
      return { sqsEndpoint: `https://sqs.${region}.${suffix}`, snsEndpoint: `https://sns.${region}.${suffix}` };
    };

    if (push.option === "A") {
      const w = push.wire;
      this.gundeck = pulumi.output({ account: w.account, region: w.region, arnEnv: w.arnEnv, queueName: queueName(w.arnEnv), ...endpoints(w.region) });
      this.awsKeyId = pulumi.secret(w.accessKeyId);
      this.awsSecretKey = pulumi.secret(w.secretAccessKey);
    } else if (push.option === "C" && !args.online) {
      this.gundeck = pulumi.output(FAKE_AWS);
      this.awsKeyId = pulumi.output(FAKE_AWS_KEYS.awsKeyId);
      this.awsSecretKey = pulumi.output(FAKE_AWS_KEYS.awsSecretKey);
    } else {
      const arnEnv = push.option === "B" ? push.arnEnv : arnEnvOf(args.stack);
      const tags = { "wire:stack": args.stack };
      const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
      const queue = new aws.sqs.Queue(`${name}-events`, { name: queueName(arnEnv), kmsMasterKeyId: args.kmsKeyArn, messageRetentionSeconds: 1209600, tags }, { parent: this });

      const appArns: pulumi.Output<string>[] = [];
      if (push.option === "B") {
        const topic = new aws.sns.Topic(`${name}-feedback`, { name: `${arnEnv}-gundeck-feedback`, kmsMasterKeyId: args.kmsKeyArn, tags }, { parent: this });
        new aws.sqs.QueuePolicy(`${name}-events-policy`, { queueUrl: queue.url, policy: pulumi.all([queue.arn, topic.arn]).apply(([q, t]) => JSON.stringify(queuePolicy(q, t))) }, { parent: this });
        new aws.sns.TopicSubscription(`${name}-feedback-to-events`, { topic: topic.arn, protocol: "sqs", endpoint: queue.arn, rawMessageDelivery: true }, { parent: this });
        for (const app of push.apps) {
          const platform = new aws.sns.PlatformApplication(
            `${name}-${app.transport.toLowerCase()}-${app.appId}`,
            {
              name: `${arnEnv}-${app.appId}`,
              platform: app.transport,
              platformCredential: pulumi.secret(app.credential),
              platformPrincipal: app.principal ? pulumi.secret(app.principal) : undefined,
              eventDeliveryFailureTopicArn: topic.arn,
              eventEndpointUpdatedTopicArn: topic.arn,
            },
            { parent: this },
          );
          appArns.push(platform.arn);
        }
      }

      const user = new aws.iam.User(`${name}-gundeck`, { name: `${arnEnv}-gundeck`, tags }, { parent: this });
      new aws.iam.UserPolicy(
        `${name}-gundeck-policy`,
        {
          user: user.name,
          policy: pulumi
            .all([queue.arn, pulumi.output(args.kmsKeyArn), pulumi.all(appArns)])
            .apply(([queueArn, kmsKeyArn, platformApplicationArns]) => JSON.stringify(gundeckPolicy({ queueArn, kmsKeyArn, platformApplicationArns }))),
        },
        { parent: this },
      );
      const key = new aws.iam.AccessKey(`${name}-gundeck-key`, { user: user.name }, { parent: this, additionalSecretOutputs: ["secret"] });
      this.gundeck = pulumi.all([account]).apply(([acct]) => ({
        account: acct,
        region: args.region,
        arnEnv,
        queueName: queueName(arnEnv),
        ...endpoints(args.region),
        // Option C has no platform apps: gundeck's SNS calls go to fake-aws-sns, which it needs to start.
        ...(push.option === "C" ? { snsEndpoint: FAKE_AWS.snsEndpoint } : {}),
      }));
      this.awsKeyId = key.id;
      this.awsSecretKey = pulumi.secret(key.secret);
    }
    this.registerOutputs({ gundeck: this.gundeck });
  }
}
