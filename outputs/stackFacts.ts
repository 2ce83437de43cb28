// StackFacts from a stack's typed config: what the Helm values renderer needs besides the hosts.
// gundeck's AWS settings follow the push option (wire-deployment.md §3, §3b).
import type { StackConfig } from "../config/schema";
import type { GundeckAws, StackFacts } from "./types";

/** Wire's fake-aws chart (LocalStack SNS + SQS): WebSocket-only delivery, as Wire's defaults. */
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

export function isFakeAws(g: GundeckAws): boolean {
  return g.sqsEndpoint.includes("fake-aws") || g.snsEndpoint.includes("fake-aws");
}

function realAws(account: string, region: string, arnEnv: string): GundeckAws {
  return {
    account,
    region,
    arnEnv,
    // gundeck derives the SNS app names from arnEnv and expects the queue `<arnEnv>-gundeck-events`.
    queueName: `${arnEnv}-gundeck-events`,
    sqsEndpoint: `https://sqs.${region}.amazonaws.com`,
    snsEndpoint: `https://sns.${region}.amazonaws.com`,
  };
}

/** A: Wire's SNS account (keys handed over); B: the customer's own account (instance role); C: fake-aws. */
export function gundeckAws(push: StackConfig["push"], region: string, accountId: string): GundeckAws {
  if (push.option === "A") return realAws(push.wire.account, push.wire.region, push.wire.arnEnv);
  if (push.option === "B") return realAws(accountId, region, push.arnEnv);
  return FAKE_AWS;
}

export interface FactsInput {
  stack: string;
  config: StackConfig;
  loadBalancerDnsName: string;
  secrets: { turnSecret: string; minioAccessKey: string; minioSecretKey: string };
  /** The stack's AWS account (option B's SNS/SQS live there). */
  accountId: string;
}

export function stackFacts(input: FactsInput): StackFacts {
  const { config } = input;
  const push = config.push;
  return {
    stack: input.stack,
    domain: config.domain,
    online: config.connectivity === "online",
    wireVersion: config.wireVersion,
    loadBalancerDnsName: input.loadBalancerDnsName,
    secrets: {
      ...input.secrets,
      ...(push.option === "A" ? { awsKeyId: push.wire.accessKeyId, awsSecretKey: push.wire.secretAccessKey } : {}),
    },
    gundeck: gundeckAws(push, config.region, input.accountId),
    push: { option: push.option },
    sso: { enabled: config.sso.enabled },
  };
}
