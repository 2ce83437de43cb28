// Wire's fake-aws chart (LocalStack SNS + SQS in the cluster), as wire-server-deploy's values set it:
// what gundeck talks to when no real AWS messaging is used. Pure data, shared by the Push component
// and the Helm values renderer, so it lives below both.
import type { GundeckAws } from "./push";

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
