// The secrets' shape: the WireObjects component generates them (components/wireObjects.ts), the
// renderers write them into secrets documents (outputs/), so the shape lives below both.

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
  /** brig's and nginz's zAuth keys in `zauth -m gen-keypair`'s format (components/zauth.ts). */
  zauthPublicKeys: string;
  zauthPrivateKeys: string;
  /** The RabbitMQ account brig, cannon, cargohold, galley, gundeck and background-worker use. */
  rabbitmqPassword: string;
  /** The PostgreSQL account (user wire-server) brig, galley and background-worker use. */
  postgresqlPassword: string;
  /** brig's SMTP password for the customer's relay (email.smtp.password); unused with SES. */
  smtpPassword: string;
  /** nginz's basic-auth password (outputs/nginzBasicAuth.ts: only its hash is ever written). */
  nginzBasicAuthPassword: string;
}
