// The Kubernetes objects the stack owns besides Wire's charts. Wire installs its charts into the
// `default` namespace, and its `*-external` charts (cassandra, elasticsearch, minio, rabbitmq,
// postgresql) render the Service+Endpoints pairs there, so we render none of those (a second copy
// would make `helm install` fail on objects it does not own). The Secrets Wire's charts read
// (brig's, coturn's, cargohold's, ...) come from the secrets documents in values/, not from here.
// What is left for us: cert-manager's `wire-ca` ClusterIssuer on the offline island (no ACME there:
// a CA issuer signs with the customer's CA, whose key pair is the Secret `wire-ca` in cert-manager's
// namespace) and, with `turn.tls`, the Certificate that fills coturn's Secret `coturn-tls`.
// Pure: validated with kubernetes-models in the tests.
import { stringify } from "yaml";
import { turnHostname } from "../components/naming";

/** The namespace Wire's documented `helm install` commands and helm-operations.sh use. */
export const NAMESPACE = "default";
/** cert-manager's namespace in Wire's docs (`helm upgrade --install -n cert-manager-ns cert-manager`). */
export const CERT_MANAGER_NAMESPACE = "cert-manager-ns";
export const WIRE_CA = "wire-ca";
/** The Secret coturn's chart mounts with tls.enabled (values tls.secretRef). */
export const COTURN_TLS_SECRET = "coturn-tls";

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** What decides the object set: known when the program starts (no Outputs). */
export interface KubeObjectsSpec {
  online: boolean;
  domain: string;
  /** coturn serves TLS (turn.tls). */
  turnTls: boolean;
  /** Number of TURN nodes: one turnN.<domain> name each. */
  turnCount: number;
}

const LABELS = { "app.kubernetes.io/managed-by": "wire-backend" };

/** cert-manager CA issuer; cert-manager reads the CA from the Secret wire-ca in its own namespace. */
export function wireCaIssuer(): KubeObject {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: { name: WIRE_CA, labels: { ...LABELS } },
    spec: { ca: { secretName: WIRE_CA } },
  };
}

/** The certificate for turn1..N.<domain> that cert-manager writes into coturn-tls. */
export function coturnCertificate(spec: KubeObjectsSpec): KubeObject {
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: COTURN_TLS_SECRET, namespace: NAMESPACE, labels: { ...LABELS } },
    spec: {
      secretName: COTURN_TLS_SECRET,
      dnsNames: Array.from({ length: spec.turnCount }, (_, i) => `${turnHostname(i + 1)}.${spec.domain}`),
      issuerRef: { name: WIRE_CA, kind: "ClusterIssuer", group: "cert-manager.io" },
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
    },
  };
}

/**
 * Offline: the wire-ca ClusterIssuer (sftd's ingress certificate and coturn's use it), and with
 * turn.tls the coturn-tls Certificate. Online: nothing (letsencrypt-http01 is Wire's own issuer from
 * nginx-ingress-services; coturn's TLS certificate for turnN.<domain> is brought as the Secret
 * coturn-tls, since HTTP-01 cannot reach TURN nodes).
 */
export function kubeObjects(spec: KubeObjectsSpec): KubeObject[] {
  if (spec.online) return [];
  return [wireCaIssuer(), ...(spec.turnTls && spec.turnCount > 0 ? [coturnCertificate(spec)] : [])];
}

/** One YAML file per object: `<kind>-<name>.yaml`, e.g. clusterissuer-wire-ca.yaml. */
export function kubeFileName(o: KubeObject): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
}

export function renderKubeYaml(objects: KubeObject[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const o of objects) {
    const file = kubeFileName(o);
    if (files[file]) throw new Error(`two Kubernetes objects would share ${file}`);
    files[file] = stringify(o, { lineWidth: 0, aliasDuplicateObjects: false });
  }
  return files;
}
