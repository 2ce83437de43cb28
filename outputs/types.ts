// What the output renderers (inventory, Helm values, Kubernetes objects, cloud-init files) read:
// resolved values only, so every renderer is a pure function and can be judged by the real parsers.
import type { Role } from "../sizing/types";

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
  secrets: {
    turnSecret: string;
    minioAccessKey: string;
    minioSecretKey: string;
    awsKeyId?: string;
    awsSecretKey?: string;
    /** wire-server's PostgreSQL and RabbitMQ passwords (outputs/dataServiceValues.ts). */
    postgresqlPassword?: string;
    rabbitmqPassword?: string;
  };
  gundeck: GundeckAws;
  push: { option: "A" | "B" | "C" };
  sso: { enabled: boolean };
  /**
   * coturn serves TURN over TLS on 5349 (and brig hands out `turns:` URIs) only with a certificate:
   * a kubernetes.io/tls Secret `coturn-tls` in coturn's namespace. Default false: the chart then
   * writes `no-tls`, and a `turns:` URI would point at a closed port.
   */
  turnTls?: boolean;
  /** cert-manager issuer for sftd's ingress certificate; default letsencrypt-http01 (online) or wire-ca (offline). */
  certIssuer?: { name: string; kind: "Issuer" | "ClusterIssuer" };
}
