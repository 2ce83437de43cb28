// Plain Kubernetes manifests the stack owns: the namespace, the *-external Service+Endpoints pairs
// exactly as Wire's cassandra/elasticsearch/minio-external charts make them (a headless Service
// without selector plus a manual Endpoints of the same name, matching port names), and the secrets
// shared by wire-server, coturn and MinIO. Pure: validated with kubernetes-models in the tests.
// These replace `helm install <x>-external`; use one or the other in a namespace, not both.
import { stringify } from "yaml";
import { hostsOf } from "./inventory";
import type { InventoryHost } from "./types";

export const NAMESPACE = "wire";

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export interface KubeSecrets {
  turnSecret: string;
  minioAccessKey: string;
  minioSecretKey: string;
}

/** Port (name and number) of each *-external chart (values portCql / portHttp). */
export const EXTERNAL_SERVICES = [
  { role: "cassandra", name: "cassandra-external", portName: "cql", port: 9042 },
  { role: "elasticsearch", name: "elasticsearch-external", portName: "http", port: 9200 },
  { role: "minio", name: "minio-external", portName: "minio", port: 9000 },
] as const;
export type ExternalService = (typeof EXTERNAL_SERVICES)[number];

const LABELS = { "app.kubernetes.io/managed-by": "wire-backend" };
const meta = (name: string) => ({ name, namespace: NAMESPACE, labels: { ...LABELS } });

export function externalService(svc: ExternalService): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(svc.name),
    // No selector: the addresses come from the Endpoints below, not from pods.
    spec: { type: "ClusterIP", clusterIP: "None", ports: [{ name: svc.portName, port: svc.port, targetPort: svc.port, protocol: "TCP" }] },
  };
}

/** Endpoints `subsets`: one subset with every address, or none (an empty address list is invalid). */
export function externalSubsets(svc: ExternalService, ips: string[]): object[] {
  if (ips.length === 0) return [];
  return [{ addresses: ips.map((ip) => ({ ip })), ports: [{ name: svc.portName, port: svc.port, protocol: "TCP" }] }];
}

export function externalEndpoints(svc: ExternalService, ips: string[]): KubeObject {
  return { apiVersion: "v1", kind: "Endpoints", metadata: meta(svc.name), subsets: externalSubsets(svc, ips) };
}

export function secretObjects(secrets: KubeSecrets): KubeObject[] {
  const secret = (name: string, stringData: Record<string, string>): KubeObject => ({
    apiVersion: "v1",
    kind: "Secret",
    metadata: meta(name),
    type: "Opaque",
    stringData,
  });
  return [
    secret("turn-secret", { secret: secrets.turnSecret }),
    secret("minio-keys", { accessKey: secrets.minioAccessKey, secretKey: secrets.minioSecretKey }),
  ];
}

export function kubeObjects(hosts: InventoryHost[], secrets: KubeSecrets): KubeObject[] {
  const namespace: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE, labels: { ...LABELS } } };
  const external = EXTERNAL_SERVICES.flatMap((svc) => [
    externalService(svc),
    externalEndpoints(svc, hostsOf(hosts, svc.role).map((h) => h.privateIp)),
  ]);
  return [namespace, ...external, ...secretObjects(secrets)];
}

/** One YAML file per object: `<kind>-<name>.yaml`, e.g. namespace-wire.yaml, service-cassandra-external.yaml. */
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
