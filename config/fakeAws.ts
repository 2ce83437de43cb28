// Wire's fake-aws chart (LocalStack SNS + SQS in the cluster), as wire-server-deploy's values set it:
// what gundeck talks to when no real AWS messaging is used. Pure data, shared by the Push component
// and the Helm values renderer, so it lives below both.
import { emailVia } from "./email";
import type { GundeckAws } from "./push";
import type { StackConfig } from "./schema";

export const FAKE_AWS: GundeckAws = {
  account: "123456789012",
  region: "eu-west-1",
  arnEnv: "integration",
  queueName: "integration-gundeck-events",
  sqsEndpoint: "http://fake-aws-sqs:4568",
  snsEndpoint: "http://fake-aws-sns:4575",
};

/** fake-aws accepts any keys; gundeck's chart still wants a pair (WSD prod-secrets.example.yaml). */
export const FAKE_AWS_KEYS = { awsKeyId: "dummykey", awsSecretKey: "dummysecret" };

/**
 * Whether the stack installs Wire's fake-aws chart: push option C points gundeck's SNS (offline its SQS
 * too) at it, and brig keeps its internal event queue there when it sends through a relay (with SES that
 * queue is real SQS). The values say which of its services run (outputs/clusterServiceValues.ts
 * fakeAwsNeeds, from what the components decided); the upgrade report lists the chart from this.
 */
export function usesFakeAws(config: Pick<StackConfig, "push" | "connectivity" | "email">): boolean {
  return config.push.option === "C" || emailVia(config) === "smtp";
}
