// Wire's fake-aws chart (LocalStack SNS + SQS in the cluster), as wire-server-deploy's values set it:
// what gundeck talks to when no real AWS messaging is used. Pure data, shared by the Push component
// and the Helm values renderer, so it lives below both.
import { emailVia } from "./email";
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

/** The stack's choices that decide it (a StackConfig, or the renderers' StackFacts restated). */
type StackChoices = { push: { option: string }; connectivity?: unknown; email?: { via?: unknown } };

/**
 * Which of fake-aws's services the stack's services point at (components/push.ts, outputs/brigMailValues.ts):
 * SNS for gundeck with push option C (no platform apps; offline its SQS too, online a real queue), SQS for
 * brig's internal event queue when brig sends through a relay (with SES that queue is real SQS).
 */
export function fakeAwsServices(config: StackChoices): { sqs: boolean; sns: boolean } {
  const optionC = config.push.option === "C";
  return { sqs: emailVia(config) === "smtp" || (optionC && config.connectivity === "offline"), sns: optionC };
}

/** Whether the stack installs Wire's fake-aws chart at all (the export's values, the upgrade report's steps). */
export function usesFakeAws(config: StackChoices): boolean {
  const s = fakeAwsServices(config);
  return s.sqs || s.sns;
}
