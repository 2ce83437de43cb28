// Helm values per chart in Wire's layout: values/<chart>/values.yaml and values/<chart>/secrets.yaml,
// each complete, so that Wire's documented commands take them as they are
// (`helm upgrade --install <chart> ./charts/<chart> --values values/<chart>/values.yaml --values values/<chart>/secrets.yaml`).
// Every secret goes into the chart's `secrets` document, never into `values` (tests check it).
import { turnHostname } from "../config/hostNames";
import { TURN_TLS_PORT } from "../config/firewall";
import type { InventoryHost, StackFacts } from "./types";
import { callingNodeValues } from "./callingPods";
import { hostsOf } from "./inventory";
import { sftdLayout, sftdValues } from "./sftdValues";
import { EXTERNAL, wireHosts, wireServerValues } from "./wireServerValues";

export { ansibleSecrets, EXTERNAL, wireHosts } from "./wireServerValues";
import { renderDataServiceValues } from "./dataServiceValues";
import { accountPagesValues, teamSettingsValues, webappValues } from "./webAppValues";
import { certManagerValues, databasesEphemeralValues, fakeAwsValues, ingressNginxControllerValues, reaperValues } from "./clusterServiceValues";
import { nginxIngressServicesValues } from "./nginxIngressServicesValues";
import { COTURN_TLS_SECRET } from "../config/kubeObjects";

export const CHARTS = ["cassandra-external", "elasticsearch-external", "minio-external", "coturn", "sftd", "wire-server", "nginx-ingress-services"] as const;
export type Chart = (typeof CHARTS)[number];
export interface ChartValues {
  values: object;
  secrets: object;
}

export const TURN_PORT = 3478;
export { TURN_TLS_PORT };
export const TURN_FEDERATION_PORT = 9191;
export const COTURN_METRICS_PORT = 9641;
/** Address clients reach a TURN node at: its Elastic IP online, its private IP on the offline island. */
function turnAddress(h: InventoryHost, online: boolean): string {
  return (online ? h.publicIp : undefined) ?? h.privateIp;
}

export function turnUris(hosts: InventoryHost[], facts: Pick<StackFacts, "online" | "turnTls" | "domain">): string[] {
  return hostsOf(hosts, "restund").flatMap((h) => {
    const ip = turnAddress(h, facts.online);
    const uris = [`turn:${ip}:${TURN_PORT}`, `turn:${ip}:${TURN_PORT}?transport=tcp`];
    // TLS by name: the certificate is for turnN.<domain> (a DNS record per TURN node), not an address.
    if (facts.turnTls) uris.push(`turns:${turnHostname(h.index)}.${facts.domain}:${TURN_TLS_PORT}?transport=tcp`);
    return uris;
  });
}

/** Key paths each chart's values document must carry (the contract test checks the rendered YAML). */
export const REQUIRED_KEYS: Record<Chart, string[][]> = {
  "cassandra-external": [["IPs"]],
  "elasticsearch-external": [["IPs"]],
  "minio-external": [["IPs"]],
  coturn: [
    ["replicaCount"],
    ["nodeSelector", "wire.com/role"],
    ["coturnTurnListenPort"],
    ["coturnTurnTlsListenPort"],
    ["coturnTurnExternalIP"],
    ["coturnTurnListenIP"],
    ["coturnTurnRelayIP"],
    ["federate", "port"],
  ],
  sftd: [["host"], ["allowOrigin"], ["replicaCount"], ["tls", "issuerRef", "name"], ["turnDiscoveryEnabled"]],
  "wire-server": [
    ["cassandra-migrations", "cassandra", "host"],
    ["elasticsearch-index", "elasticsearch", "host"],
    ["brig", "config", "cassandra", "host"],
    ["brig", "config", "elasticsearch", "host"],
    ["brig", "config", "optSettings", "setFederationDomain"],
    ["brig", "config", "externalUrls", "nginz"],
    ["brig", "config", "emailSMS", "user", "activationUrl"],
    ["brig", "turnStatic", "v1"],
    ["brig", "turnStatic", "v2"],
    // s3DownloadEndpoint only with MinIO (assets.<domain>); with S3 clients download from the bucket.
    ["cargohold", "config", "aws", "s3Endpoint"],
    ["cargohold", "config", "aws", "s3Bucket"],
    ["gundeck", "config", "aws", "account"],
    ["gundeck", "config", "aws", "region"],
    ["gundeck", "config", "aws", "arnEnv"],
    ["gundeck", "config", "aws", "queueName"],
    ["gundeck", "config", "aws", "sqsEndpoint"],
    ["gundeck", "config", "aws", "snsEndpoint"],
    ["galley", "config", "settings", "federationDomain"],
    ["nginz", "nginx_conf", "external_env_domain"],
    ["nginz", "nginx_conf", "deeplink", "endpoints", "backendURL"],
  ],
  "nginx-ingress-services": [
    ["tls", "useCertManager"],
    ["tls", "issuer", "name"],
    ["tls", "issuer", "kind"],
    ["config", "dns", "https"],
    ["config", "dns", "ssl"],
    ["config", "dns", "webapp"],
    ["config", "dns", "fakeS3"],
    ["config", "dns", "teamSettings"],
    ["config", "dns", "accountPages"],
  ],
};

/** Key paths each chart's secrets document must carry. */
export const REQUIRED_SECRET_KEYS: Record<Chart, string[][]> = {
  "cassandra-external": [],
  "elasticsearch-external": [],
  "minio-external": [],
  coturn: [["secrets", "zrestSecrets"]],
  sftd: [],
  "wire-server": [
    ["brig", "secrets", "turn", "secret"],
    ["brig", "secrets", "zAuth", "privateKeys"],
    ["brig", "secrets", "zAuth", "publicKeys"],
    ["nginz", "secrets", "zAuth", "publicKeys"],
    // cargohold's MinIO keys only with MinIO: with S3 it has none, and takes the instance profile.
  ],
  "nginx-ingress-services": [],
};

function externalValues(hosts: InventoryHost[], role: "cassandra" | "elasticsearch" | "minio"): ChartValues {
  return { values: { IPs: hostsOf(hosts, role).map((h) => h.privateIp) }, secrets: {} };
}

/**
 * The calling DMZ (callingDmz.ts, inventory.ts): tolerate the calling node's taint, and run as the
 * uid the node's nftables rules judge (the charts' own default, pinned so that the two stay one).
 */
function coturnValues(hosts: InventoryHost[], facts: StackFacts): ChartValues {
  return {
    values: {
      // hostNetwork: one pod per labelled node.
      replicaCount: hostsOf(hosts, "restund").length,
      nodeSelector: { "wire.com/role": "coturn" },
      ...callingNodeValues("coturn"),
      coturnTurnListenPort: TURN_PORT,
      coturnTurnTlsListenPort: TURN_TLS_PORT,
      coturnMetricsListenPort: COTURN_METRICS_PORT,
      // 1:1 NAT (Elastic IP): bind and relay on the node's own address, advertise the external one,
      // which the chart reads from the node annotation wire.com/external-ip (see inventory.ts).
      coturnTurnExternalIP: "__COTURN_EXT_IP__",
      coturnTurnListenIP: "__COTURN_HOST_IP__",
      coturnTurnRelayIP: "__COTURN_HOST_IP__",
      config: { verboseLogging: false },
      // The Secret cert-manager fills from our Certificate (config/kubeObjects.ts) for turnN.<domain>.
      tls: facts.turnTls ? { enabled: true, secretRef: COTURN_TLS_SECRET } : { enabled: false },
      federate: { enabled: false, port: TURN_FEDERATION_PORT },
    },
    // Same value as brig.secrets.turn.secret: brig signs TURN credentials that coturn verifies.
    secrets: { secrets: { zrestSecrets: [facts.secrets.turnSecret] } },
  };
}

/** Values and secrets per chart; sftd unless the stack has no group calls (conferences.concurrent 0). */
export function renderHelmValues(hosts: InventoryHost[], facts: StackFacts): Record<string, ChartValues> {
  const out: Record<string, ChartValues> = {
    "cassandra-external": externalValues(hosts, "cassandra"),
    "elasticsearch-external": externalValues(hosts, "elasticsearch"),
    // assets: s3 runs no MinIO: no minio-external chart (cargohold talks to S3).
    ...(hostsOf(hosts, "minio").length > 0 ? { "minio-external": externalValues(hosts, "minio") } : {}),
    coturn: coturnValues(hosts, facts),
    "wire-server": wireServerValues(hosts, facts, turnUris(hosts, facts)),
    "nginx-ingress-services": nginxIngressServicesValues(facts),
  };
  const kubeNodes = hostsOf(hosts, "kubernetes").length;
  // Only where a service points at it (an online stack with SES and real push has no reader).
  const fakeAws = fakeAwsValues(facts);
  if (fakeAws) out["fake-aws"] = fakeAws;
  // Every other chart of Wire's install order (outputs/installSteps.ts) gets complete values. Not Wire's
  // in-cluster `smtp` relay, which helm-operations.sh also installs: brig sends through SES or the
  // customer's relay (outputs/brigMailValues.ts), so nothing would read it.
  Object.assign(out, {
    "ingress-nginx-controller": ingressNginxControllerValues(),
    "databases-ephemeral": databasesEphemeralValues(),
    reaper: reaperValues(),
    "cert-manager": certManagerValues(),
    webapp: webappValues(facts, kubeNodes),
    "team-settings": teamSettingsValues(facts, kubeNodes),
    "account-pages": accountPagesValues(facts, kubeNodes),
  });
  if (sftdLayout(hosts, facts) !== "none") out.sftd = sftdValues(hosts, facts, wireHosts(facts.domain).sftd, wireHosts(facts.domain).webapp);
  // PostgreSQL and RabbitMQ: their *-external charts (outputs/dataServiceValues.ts).
  return { ...out, ...renderDataServiceValues(hosts, facts).charts };
}

/** The value at a key path, or undefined. */
export function valueAt(doc: unknown, path: string[]): unknown {
  let cur: unknown = doc;
  for (const key of path) {
    if (cur === null || typeof cur !== "object" || !(key in (cur as object))) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Required key paths a document lacks (empty when complete). */
export function missingKeys(doc: unknown, paths: string[][]): string[] {
  return paths.filter((p) => valueAt(doc, p) === undefined).map((p) => p.join("."));
}
