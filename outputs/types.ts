// What the output renderers (inventory, Helm values, Kubernetes objects, cloud-init files) read:
// resolved values only, so every renderer is a pure function and can be judged by the real parsers.
import type { Role, Sizing } from "../sizing/types";
import type { DataService } from "../config/services";
import type { QuotaNeed } from "../sizing/quotas";

/** One planned or deployed node. */
export interface InventoryHost {
  role: Role;
  /** Inventory name and OS host name, as Wire's inventories spell them: cassandra1, kubenode2, coturn1, ... */
  hostname: string;
  /** Node number within its role, from 1. */
  index: number;
  privateIp: string;
  /** Elastic IP of TURN and SFT nodes when online. */
  publicIp?: string;
  instanceType: string;
  /** A shared data node (layout: compact): the data services it runs. */
  runs?: DataService[];
}

/** gundeck's AWS settings (wire-server values `gundeck.config.aws`), decided by the push option. */
export interface GundeckAws {
  account: string;
  region: string;
  arnEnv: string;
  queueName: string;
  sqsEndpoint: string;
  snsEndpoint: string;
}

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
   * cert-manager writes into the Secret `coturn-tls` (outputs/kubeObjects.ts). The stack's turn.tls
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
  /** cert-manager issuer for the ingress certificates; default outputs/kubeObjects.ts webIssuer: letsencrypt-http01 (online) or wire-ca (offline). */
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

/**
 * The secrets the stack generates (components/wireObjects.ts) for Wire's charts and playbooks. Each is
 * written only into secrets documents (values/<chart>/secrets.yaml, group_vars/all/secrets.yaml).
 */
export interface WireSecrets {
  /** brig signs TURN credentials with it, coturn verifies them (zrestSecrets). */
  turnSecret: string;
  /** MinIO's root account (minio_access_key / minio_secret_key): Ansible only, never cargohold. */
  minioAccessKey: string;
  minioSecretKey: string;
  /** The service account minio.yml creates for cargohold (minio_cargohold_access_key / _secret_key). */
  minioCargoholdAccessKey: string;
  minioCargoholdSecretKey: string;
  /** brig's and nginz's zAuth keys in `zauth -m gen-keypair`'s format (outputs/zauth.ts). */
  zauthPublicKeys: string;
  zauthPrivateKeys: string;
  /** The RabbitMQ account brig, cannon, cargohold, galley, gundeck and background-worker use. */
  rabbitmqPassword: string;
  /** The PostgreSQL account (user wire-server) brig, galley and background-worker use. */
  postgresqlPassword: string;
  /** brig's SMTP password (the smtp chart's, or the customer's relay). */
  smtpPassword: string;
  /** nginz's basic-auth password (outputs/nginzBasicAuth.ts: only its hash is ever written). */
  nginzBasicAuthPassword: string;
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
