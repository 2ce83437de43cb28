// Helm values per chart, as override layers on top of Wire's own example values
// (wire-server-deploy values/<chart>/prod-values.example.yaml): only what this stack decides.
// Every secret goes into the chart's `secrets` document, never into `values` (tests check it).
import { turnHostname } from "../components/naming";
import type { InventoryHost, StackFacts } from "./types";
import { hostsOf } from "./inventory";
import { FAKE_AWS_KEYS, isFakeAws } from "./stackFacts";
import { mergeLayer, renderDataServiceValues } from "./dataServiceValues";

export const CHARTS = ["cassandra-external", "elasticsearch-external", "minio-external", "coturn", "sftd", "wire-server"] as const;
export type Chart = (typeof CHARTS)[number];
export interface ChartValues {
  values: object;
  secrets: object;
}

export const TURN_PORT = 3478;
export const TURN_TLS_PORT = 5349;
export const TURN_FEDERATION_PORT = 9191;
export const COTURN_METRICS_PORT = 9641;
/** Service DNS names of the *-external charts (and of kubeObjects' equivalents). */
export const EXTERNAL = { cassandra: "cassandra-external", elasticsearch: "elasticsearch-external", minio: "minio-external" };

/** Host names clients use, by Wire's convention (wire-deployment.md §8). */
export function wireHosts(domain: string) {
  return {
    nginzHttps: `nginz-https.${domain}`,
    nginzSsl: `nginz-ssl.${domain}`,
    webapp: `webapp.${domain}`,
    teams: `teams.${domain}`,
    account: `account.${domain}`,
    assets: `assets.${domain}`,
    sftd: `sftd.${domain}`,
  };
}

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
  sftd: [["host"], ["allowOrigin"], ["replicaCount"], ["nodeSelector", "wire.com/role"], ["tls", "issuerRef", "name"], ["multiSFT", "turnServerURI"]],
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
    ["cargohold", "config", "aws", "s3Endpoint"],
    ["cargohold", "config", "aws", "s3DownloadEndpoint"],
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
    ["tags", "spar"],
  ],
};

/** Key paths each chart's secrets document must carry. */
export const REQUIRED_SECRET_KEYS: Record<Chart, string[][]> = {
  "cassandra-external": [],
  "elasticsearch-external": [],
  "minio-external": [],
  coturn: [["secrets", "zrestSecrets"]],
  sftd: [["multiSFT", "secret"]],
  "wire-server": [["brig", "secrets", "turn", "secret"], ["cargohold", "secrets", "awsKeyId"], ["cargohold", "secrets", "awsSecretKey"]],
};

function externalValues(hosts: InventoryHost[], role: "cassandra" | "elasticsearch" | "minio"): ChartValues {
  return { values: { IPs: hostsOf(hosts, role).map((h) => h.privateIp) }, secrets: {} };
}

function coturnValues(hosts: InventoryHost[], facts: StackFacts): ChartValues {
  return {
    values: {
      // hostNetwork: one pod per labelled node.
      replicaCount: hostsOf(hosts, "restund").length,
      nodeSelector: { "wire.com/role": "coturn" },
      coturnTurnListenPort: TURN_PORT,
      coturnTurnTlsListenPort: TURN_TLS_PORT,
      coturnMetricsListenPort: COTURN_METRICS_PORT,
      // 1:1 NAT (Elastic IP): bind and relay on the node's own address, advertise the external one,
      // which the chart reads from the node annotation wire.com/external-ip (see inventory.ts).
      coturnTurnExternalIP: "__COTURN_EXT_IP__",
      coturnTurnListenIP: "__COTURN_HOST_IP__",
      coturnTurnRelayIP: "__COTURN_HOST_IP__",
      config: { verboseLogging: false },
      tls: facts.turnTls ? { enabled: true, secretRef: "coturn-tls" } : { enabled: false },
      federate: { enabled: false, port: TURN_FEDERATION_PORT },
    },
    // Same value as brig.secrets.turn.secret: brig signs TURN credentials that coturn verifies.
    secrets: { secrets: { zrestSecrets: [facts.secrets.turnSecret] } },
  };
}

function sftdValues(hosts: InventoryHost[], facts: StackFacts): ChartValues {
  const names = wireHosts(facts.domain);
  const firstTurn = hostsOf(hosts, "restund")[0];
  const kubenodes = hostsOf(hosts, "kubernetes").length;
  const issuer = facts.certIssuer ?? (facts.online ? { name: "letsencrypt-http01", kind: "ClusterIssuer" } : { name: "wire-ca", kind: "ClusterIssuer" });
  return {
    values: {
      // hostNetwork: one SFT pod per calling node.
      replicaCount: hostsOf(hosts, "sft").length,
      host: names.sftd,
      allowOrigin: `https://${names.webapp}`,
      nodeSelector: { "wire.com/role": "sftd" },
      tls: { issuerRef: issuer },
      // The join-call nginx runs on ordinary kubenodes; WSD's example pins the image Wire's bundle ships.
      joinCall: {
        replicaCount: Math.max(1, Math.min(3, kubenodes)),
        image: { repository: "docker.io/bitnamilegacy/nginx", pullPolicy: "IfNotPresent", tag: "1.27.3-debian-12-r5" },
      },
      // SFT-to-SFT (federated calls) goes through TURN; off like federation, but wired to the first coturn.
      multiSFT: {
        enabled: false,
        discoveryRequired: false,
        ...(firstTurn ? { turnServerURI: `turn:${turnAddress(firstTurn, facts.online)}:${TURN_PORT}?transport=udp` } : {}),
      },
    },
    secrets: { multiSFT: { secret: facts.secrets.turnSecret } },
  };
}

/** The Push component's keys when it made some (A: Wire's; B, online C: the stack's IAM user); fake-aws's dummies offline. */
function gundeckSecrets(facts: StackFacts): object | undefined {
  if (facts.secrets.awsKeyId && facts.secrets.awsSecretKey) {
    return { awsKeyId: facts.secrets.awsKeyId, awsSecretKey: facts.secrets.awsSecretKey };
  }
  if (isFakeAws(facts.gundeck)) return { ...FAKE_AWS_KEYS };
  // Real AWS without keys: gundeck falls back to the instance role (IMDSv2 hop limit 2 reaches pods).
  return undefined;
}

function wireServerValues(hosts: InventoryHost[], facts: StackFacts): ChartValues {
  const d = facts.domain;
  const n = wireHosts(d);
  const sso = facts.sso.enabled;
  const hasSft = hostsOf(hosts, "sft").length > 0;
  const cassandra = { host: EXTERNAL.cassandra };
  const account = `https://${n.account}`;
  const values = {
    tags: { proxy: false, legalhold: false, federation: false, spar: sso },
    "cassandra-migrations": { cassandra: { ...cassandra, replicationFactor: Math.min(3, hostsOf(hosts, "cassandra").length) } },
    "elasticsearch-index": { elasticsearch: { host: EXTERNAL.elasticsearch }, cassandra },
    brig: {
      config: {
        cassandra,
        elasticsearch: { host: EXTERNAL.elasticsearch },
        externalUrls: {
          nginz: `https://${n.nginzHttps}`,
          teamSettings: `https://${n.teams}`,
          teamCreatorWelcome: `https://${n.teams}/login`,
          teamMemberWelcome: `https://${n.webapp}/`,
        },
        multiSFT: { enabled: false },
        optSettings: {
          setFederationDomain: d,
          // Only with a calling pool: brig must not hand out an SFT that does not exist.
          ...(hasSft ? { setSftStaticUrl: `https://${n.sftd}:443` } : {}),
        },
        emailSMS: {
          general: { emailSender: `no-reply@${d}` },
          user: {
            passwordResetUrl: `${account}/reset/?key=\${key}&code=\${code}`,
            activationUrl: `${account}/verify/?key=\${key}&code=\${code}`,
            smsActivationUrl: `${account}/v/\${code}`,
            deletionUrl: `${account}/d/?key=\${key}&code=\${code}`,
            invitationUrl: `${account}/i/\${code}`,
          },
        },
      },
      turnStatic: { v1: [], v2: turnUris(hosts, facts) },
    },
    cannon: { config: { cassandra } },
    cargohold: {
      config: {
        aws: { s3Bucket: "assets", s3Endpoint: `http://${EXTERNAL.minio}:9000`, s3DownloadEndpoint: `https://${n.assets}` },
        settings: { federationDomain: d },
      },
    },
    galley: {
      config: {
        cassandra,
        settings: {
          federationDomain: d,
          conversationCodeURI: `${account}/conversation-join/`,
          featureFlags: { sso: sso ? "enabled-by-default" : "disabled-by-default" },
        },
      },
    },
    gundeck: { config: { cassandra, aws: { ...facts.gundeck } } },
    nginz: {
      nginx_conf: {
        external_env_domain: d,
        deeplink: {
          endpoints: {
            backendURL: `https://${n.nginzHttps}`,
            backendWSURL: `https://${n.nginzSsl}`,
            teamsURL: `https://${n.teams}`,
            accountsURL: account,
          },
        },
      },
    },
    "background-worker": { config: { federationDomain: d, cassandra, cassandraGalley: cassandra, cassandraBrig: cassandra } },
    ...(sso
      ? {
          spar: {
            config: {
              cassandra,
              domain: d,
              appUri: `https://${n.nginzHttps}/`,
              ssoUri: `https://${n.nginzHttps}/sso`,
              maxttlAuthreq: 28800,
              maxttlAuthresp: 28800,
              maxScimTokens: 16,
            },
          },
        }
      : {}),
  };
  const gundeck = gundeckSecrets(facts);
  const secrets = {
    brig: { secrets: { turn: { secret: facts.secrets.turnSecret } } },
    // cargohold reaches MinIO with MinIO's keys (S3 API).
    cargohold: { secrets: { awsKeyId: facts.secrets.minioAccessKey, awsSecretKey: facts.secrets.minioSecretKey } },
    ...(gundeck ? { gundeck: { secrets: gundeck } } : {}),
  };
  return { values, secrets };
}

/** Values and secrets per chart; sftd only when the stack has a calling pool. */
export function renderHelmValues(hosts: InventoryHost[], facts: StackFacts): Record<string, ChartValues> {
  const out: Record<string, ChartValues> = {
    "cassandra-external": externalValues(hosts, "cassandra"),
    "elasticsearch-external": externalValues(hosts, "elasticsearch"),
    "minio-external": externalValues(hosts, "minio"),
    coturn: coturnValues(hosts, facts),
    "wire-server": wireServerValues(hosts, facts),
  };
  if (hostsOf(hosts, "sft").length > 0) out.sftd = sftdValues(hosts, facts);
  // PostgreSQL and RabbitMQ: their *-external charts and wire-server's keys (outputs/dataServiceValues.ts).
  const data = renderDataServiceValues(hosts, facts);
  const ws = out["wire-server"];
  out["wire-server"] = { values: mergeLayer(ws.values, data.wireServer.values), secrets: mergeLayer(ws.secrets, data.wireServer.secrets) };
  return { ...out, ...data.charts };
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
