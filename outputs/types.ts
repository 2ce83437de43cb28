// What the output renderers (inventory, Helm values, Kubernetes objects, cloud-init files) read:
// resolved values only, so every renderer is a pure function and can be judged by the real parsers.
import type { Sizing } from "../sizing/types";
import type { QuotaNeed } from "../sizing/quotas";
import type { GundeckAws } from "../config/push";
import type { WireSecrets } from "../config/wireSecrets";

// Shapes the components produce and the renderers read, defined below both (config/); named here too,
// so every renderer finds what it reads in one place.
export type { InventoryHost } from "../config/hosts";
export type { GundeckAws, WireSecrets };

export interface StackFacts {
  stack: string;
  domain: string;
  online: boolean;
  wireVersion: string;
  /** Where clients reach nginz, webapp, SFT signalling (the load balancer's DNS name). */
  loadBalancerDnsName: string;
  /**
   * TURN secret shared by brig and coturn; MinIO keys; gundeck's AWS keys when the Push component made
   * some (A: Wire's; B and online C: the stack's IAM user). Secret: only ever in secrets documents.
   */
  secrets: WireSecrets & { awsKeyId?: string; awsSecretKey?: string; twilioAuthToken?: string };
  gundeck: GundeckAws;
  push: { option: "A" | "B" | "C" };
  sso: { enabled: boolean };
  /** Registration, email, SMS and the email templates' branding (outputs/mailFacts.ts). */
  mail: MailFacts;
  /**
   * coturn serves TURN over TLS on 5349 (and brig hands out `turns:` URIs) with the certificate
   * cert-manager writes into the Secret `coturn-tls` (config/kubeObjects.ts). The stack's turn.tls
   * (default true); absent here means off: the chart then writes `no-tls`, and no `turns:` URI is
   * handed out (it would point at a closed port).
   */
  turnTls?: boolean;
  /** Online: the Let's Encrypt account's contact; default certmaster@<domain> (config/certificates.ts). */
  acmeEmail?: string;
  /**
   * assets: s3: the stack's bucket for users' files (components/assetsBucket.ts). Absent: MinIO, as
   * Wire ships it. cargohold then talks to S3 with the Kubernetes nodes' instance profile.
   */
  assets?: { bucket: string; region: string };
  /** false: the stack said `conferences: {concurrent: 0}` (no group calls, no sftd). Default true. */
  groupCalls?: boolean;
  /** cert-manager issuer for the ingress certificates; default config/kubeObjects.ts webIssuer: letsencrypt-http01 (online) or wire-ca (offline). */
  certIssuer?: { name: string; kind: "Issuer" | "ClusterIssuer" };
}

/** How brig sends mail: Amazon SES (the stack's identity and queues) or the customer's relay. */
export type EmailFacts =
  | { via: "ses"; region: string; sesEndpoint: string; sesQueue: string; sqsEndpoint: string; internalQueue: string }
  | { via: "smtp"; host: string; port: number; connType: "plain" | "tls" | "ssl"; username?: string };

export interface MailFacts {
  /** brig's setRestrictUserCreation (registration: restricted). */
  restrictUserCreation: boolean;
  /** brig's emailSender. */
  sender: string;
  email: EmailFacts;
  /** twilio only below wire-server 5.4.0; its auth token is in secrets.twilioAuthToken. */
  sms: { provider: "none" } | { provider: "twilio"; sender: string; accountSid: string };
  /** brig's emailSMS.general.templateBranding, resolved. */
  branding: { brand: string; brandUrl: string; brandLabelUrl: string; brandLogoUrl: string; brandService: string; copyright: string; misuse: string; legal: string; support: string };
  /** The address spar names as the SAML contact (support). */
  supportEmail: string;
}

/** One resource of a plan (`npm run plan -- --json`), as `pulumi up` would register it. */
export interface PlanResource {
  urn: string;
  id: string | null;
  type: string;
  name: string;
  parent: string | null;
  custom: boolean;
  inputs: Record<string, unknown>;
  /** The explicit options; `options.dependsOn` is the explicit list only. */
  options: { protect: boolean; retainOnDelete: boolean; ignoreChanges: string[]; deleteBeforeReplace: boolean; dependsOn: string[] };
  /**
   * Every resource the engine waits for before creating or updating this one (URNs): the explicit
   * dependsOn and the implicit ones of its inputs (other resources' outputs), components expanded to
   * their resources, as the SDK sends them to the engine.
   */
  dependsOn: string[];
}

export interface PlanDocument {
  project: string;
  stack: string;
  sizing: Sizing;
  resources: PlanResource[];
  outputs: Record<string, unknown>;
  /** Valid choices with consequences the operator should hear about (e.g. push option C). */
  warnings: string[];
  /** Every AWS quota the plan consumes, with AWS's default and a warning above it (sizing/quotas.ts). */
  quotas: QuotaNeed[];
}
