// StackFacts from a stack's typed config plus what the program computed (gundeck's AWS settings and
// keys from components/push.ts, the generated secrets): what the Helm values renderer needs besides
// the hosts. Pure, so the renderers stay free of Pulumi.
import type { StackConfig } from "../config/schema";
import type { GundeckAws, StackFacts, WireSecrets } from "./types";

import { FAKE_AWS, FAKE_AWS_KEYS } from "../config/fakeAws";
import { acmeEmail } from "../config/certificates";
import { mailFacts } from "./mailFacts";

export { FAKE_AWS, FAKE_AWS_KEYS };

/** Both of gundeck's endpoints are fake-aws (offline option C): no real AWS API is called. */
export function isFakeAws(g: GundeckAws): boolean {
  return g.sqsEndpoint.includes("fake-aws") && g.snsEndpoint.includes("fake-aws");
}

export interface FactsInput {
  stack: string;
  config: StackConfig;
  loadBalancerDnsName: string;
  secrets: WireSecrets;
  /** gundeck's settings as the Push component decided them (its `gundeck` output). */
  gundeck: GundeckAws;
  /** gundeck's keys (Push's awsKeyId/awsSecretKey): Wire's (A) or the stack's IAM user (B, online C). */
  awsKeys?: { awsKeyId: string; awsSecretKey: string };
  turnTls?: boolean;
  /** assets: s3: the bucket's name (the AssetsBucket component's output). */
  assetsBucket?: string;
}

export function stackFacts(input: FactsInput): StackFacts {
  const { config } = input;
  return {
    stack: input.stack,
    domain: config.domain,
    online: config.connectivity === "online",
    wireVersion: config.wireVersion,
    loadBalancerDnsName: input.loadBalancerDnsName,
    // The relay's password (email.smtp.password) and twilio's token are the stack's own secrets; the
    // generated smtpPassword is never a relay's, so brig gets the stack's or none.
    secrets: {
      ...input.secrets,
      ...(input.awsKeys ?? {}),
      smtpPassword: config.email.smtp?.password ?? "",
      ...(config.sms.authToken ? { twilioAuthToken: config.sms.authToken } : {}),
    },
    gundeck: input.gundeck,
    push: { option: config.push.option },
    sso: { enabled: config.sso.enabled },
    mail: mailFacts(input.stack, config),
    ...(input.turnTls ? { turnTls: true } : {}),
    ...(input.assetsBucket ? { assets: { bucket: input.assetsBucket, region: config.region } } : {}),
    ...(config.connectivity === "online" ? { acmeEmail: acmeEmail(config) } : {}),
    ...(config.conferences?.concurrent === 0 ? { groupCalls: false } : {}),
  };
}
