// The Kubernetes objects the stack owns besides Wire's charts. Wire installs its charts into the
// `default` namespace, and its `*-external` charts (cassandra, elasticsearch, minio, rabbitmq,
// postgresql) render the Service+Endpoints pairs there, so we render none of those (a second copy
// would make `helm install` fail on objects it does not own). The Secrets Wire's charts read
// (brig's, coturn's, cargohold's, ...) come from the secrets documents in values/, not from here.
// What is left for us: cert-manager's issuers and coturn's certificate.
// - Online: two Let's Encrypt ClusterIssuers. `letsencrypt-http01` answers HTTP-01 through the ingress
//   for the web names (the Certificate of Wire's nginx-ingress-services chart, sftd's); it is the name
//   and kind that chart and Wire's helm-operations.sh give sftd, and our nginx-ingress-services values
//   set `tls.createIssuer: false` so the chart does not create a second one. `letsencrypt-dns01` answers
//   DNS-01 in the stack's own Route 53 zone, with the Kubernetes nodes' instance role
//   (components/certManagerDns.ts): HTTP-01 cannot reach the TURN nodes, which serve no HTTP.
// - Offline (no ACME on the island): the CA issuer `wire-ca`, which signs with the customer's CA,
//   whose key pair is the Secret `wire-ca` in cert-manager's namespace.
// - With turn.tls, the Certificate for turn1..N.<domain> that fills coturn's Secret `coturn-tls`.
// Pure: validated with kubernetes-models in the tests. In config/ because both sides build from it: the
// WireObjects component registers these objects (components/wireObjects.ts) and the renderers write
// them to k8s/ and name their issuers and Secrets in Helm values (outputs/); the YAML files themselves
// are written by outputs/kubeObjects.ts.
import { turnHostname } from "./hostNames";
import { acmeEmail } from "./certificates";
import type { StackConfig } from "./schema";

/** The namespace Wire's documented `helm install` commands and helm-operations.sh use. */
export const NAMESPACE = "default";
/** cert-manager's namespace in Wire's docs (`helm upgrade --install -n cert-manager-ns cert-manager`). */
export const CERT_MANAGER_NAMESPACE = "cert-manager-ns";
export const WIRE_CA = "wire-ca";
/** The HTTP-01 issuer's name in Wire's nginx-ingress-services chart (values tls.issuer.name) and sftd values. */
export const HTTP01_ISSUER = "letsencrypt-http01";
export const DNS01_ISSUER = "letsencrypt-dns01";
/** Let's Encrypt's production directory (Wire's chart: certManager.inTestMode false). */
export const LETSENCRYPT_DIRECTORY = "https://acme-v02.api.letsencrypt.org/directory";
/** The IngressClass of Wire's ingress-nginx-controller chart (nginx-ingress-services config.ingressClass). */
export const INGRESS_CLASS = "nginx";
/** The Secret coturn's chart mounts with tls.enabled (values tls.secretRef). */
export const COTURN_TLS_SECRET = "coturn-tls";
/** The calling nodes' address for clients, on their Node objects (outputs/nodeAnnotations.ts says why). */
export const EXTERNAL_IP_ANNOTATION = "wire.com/external-ip";

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** What decides the object set: known when the program starts (no Outputs), but for the zone id. */
export interface KubeObjectsSpec {
  online: boolean;
  domain: string;
  /** coturn serves TLS (turn.tls). */
  turnTls: boolean;
  /** Number of TURN nodes: one turnN.<domain> name each. */
  turnCount: number;
  /** Online only: the Let's Encrypt account and the zone DNS-01 answers in. */
  acme?: AcmeSpec;
}

export interface AcmeSpec {
  /** The ACME account's contact (config/certificates.ts). */
  email: string;
  /** The region cert-manager's AWS client uses (Route 53 itself is global). */
  region: string;
  /**
   * The stack's Route 53 zone. Without it cert-manager looks the zone up by name
   * (route53:ListHostedZonesByName); with it, no other public zone of the same name can be chosen.
   */
  hostedZoneId?: string;
}

export interface IssuerRef {
  name: string;
  kind: "ClusterIssuer";
}

const LABELS = { "app.kubernetes.io/managed-by": "wire-backend" };
const clusterIssuer = (name: string, spec: object): KubeObject => ({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name, labels: { ...LABELS } }, spec });

/** The issuer of the certificates served through the ingress (Wire's web names, sftd). */
export function webIssuer(online: boolean): IssuerRef {
  return { name: online ? HTTP01_ISSUER : WIRE_CA, kind: "ClusterIssuer" };
}

/** The issuer of coturn's certificate: DNS-01 online (the TURN nodes serve no HTTP), wire-ca offline. */
export function turnIssuer(online: boolean): IssuerRef {
  return { name: online ? DNS01_ISSUER : WIRE_CA, kind: "ClusterIssuer" };
}

/** cert-manager CA issuer; cert-manager reads the CA from the Secret wire-ca in its own namespace. */
export function wireCaIssuer(): KubeObject {
  return clusterIssuer(WIRE_CA, { ca: { secretName: WIRE_CA } });
}

/** The ACME part both Let's Encrypt issuers share; each keeps its own account key Secret. */
function acme(name: string, a: AcmeSpec, solver: object): object {
  return { acme: { server: LETSENCRYPT_DIRECTORY, email: a.email, privateKeySecretRef: { name: `${name}-account-key` }, solvers: [solver] } };
}

/** HTTP-01 through ingress-nginx: what Wire's nginx-ingress-services chart would create, as a ClusterIssuer. */
export function http01Issuer(a: AcmeSpec): KubeObject {
  return clusterIssuer(HTTP01_ISSUER, acme(HTTP01_ISSUER, a, { http01: { ingress: { ingressClassName: INGRESS_CLASS } } }));
}

/**
 * DNS-01 in the stack's Route 53 zone. No access key: cert-manager takes the node's instance role
 * (ambient credentials, which cert-manager allows ClusterIssuers by default) through IMDSv2.
 */
export function dns01Issuer(a: AcmeSpec, domain: string): KubeObject {
  const route53 = { region: a.region, ...(a.hostedZoneId ? { hostedZoneID: a.hostedZoneId } : {}) };
  return clusterIssuer(DNS01_ISSUER, acme(DNS01_ISSUER, a, { selector: { dnsZones: [domain] }, dns01: { route53 } }));
}

/** The names brig's turns: URIs use (outputs/helmValues.ts turnUris): turn1..N.<domain>. */
export function turnDnsNames(domain: string, turnCount: number): string[] {
  return Array.from({ length: turnCount }, (_, i) => `${turnHostname(i + 1)}.${domain}`);
}

/** The certificate for turn1..N.<domain> that cert-manager writes into coturn-tls. */
export function coturnCertificate(spec: KubeObjectsSpec): KubeObject {
  const issuer = turnIssuer(spec.online);
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: COTURN_TLS_SECRET, namespace: NAMESPACE, labels: { ...LABELS } },
    spec: {
      secretName: COTURN_TLS_SECRET,
      dnsNames: turnDnsNames(spec.domain, spec.turnCount),
      issuerRef: { ...issuer, group: "cert-manager.io" },
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
    },
  };
}

/**
 * Online: the HTTP-01 and DNS-01 Let's Encrypt issuers; offline: the wire-ca issuer. With turn.tls,
 * the coturn-tls Certificate from the issuer for TURN names.
 */
export function kubeObjects(spec: KubeObjectsSpec): KubeObject[] {
  const coturn = spec.turnTls && spec.turnCount > 0 ? [coturnCertificate(spec)] : [];
  if (!spec.online) return [wireCaIssuer(), ...coturn];
  if (!spec.acme) throw new Error("an online stack's Kubernetes objects need the ACME account (email, region) for its Let's Encrypt issuers");
  return [http01Issuer(spec.acme), dns01Issuer(spec.acme, spec.domain), ...coturn];
}

/** The object set of a stack (without the zone id, which Route 53 assigns at creation). */
export function kubeObjectsSpec(config: Pick<StackConfig, "connectivity" | "domain" | "region" | "turn"> & { certificates?: { acmeEmail?: string } }, turnCount: number): KubeObjectsSpec {
  const online = config.connectivity === "online";
  return {
    online,
    domain: config.domain,
    turnTls: config.turn.tls,
    turnCount,
    ...(online ? { acme: { email: acmeEmail(config), region: config.region } } : {}),
  };
}

/** The spec with the stack's Route 53 zone for the DNS-01 issuer (online; offline it is unchanged). */
export function withHostedZone(spec: KubeObjectsSpec, hostedZoneId: string | undefined): KubeObjectsSpec {
  return spec.acme && hostedZoneId ? { ...spec, acme: { ...spec.acme, hostedZoneId } } : spec;
}
