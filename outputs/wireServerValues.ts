// The wire-server chart's values.yaml and secrets.yaml, complete: every key of Wire's
// prod-values.example.yaml / prod-secrets.example.yaml that the chart of the stack's release reads,
// filled for this stack, so that Wire's documented command takes the two files as they are:
//   helm upgrade --install wire-server ./charts/wire-server --values values/wire-server/values.yaml --values values/wire-server/secrets.yaml
// (tests/helmKeys.test.ts checks both directions against key lists taken from the charts.)
import { wireHosts } from "../config/hostNames";
import { ephemeralRedisService, releaseFeatures } from "../config/releases";
import { sftdLayout } from "./sftdValues";
import { POSTGRESQL } from "../config/postgresql";
import { hostsOf } from "./inventory";
import { FAKE_AWS_KEYS, isFakeAws } from "./stackFacts";
import type { InventoryHost, StackFacts } from "./types";
import { nginzBasicAuthLine } from "./nginzBasicAuth";
import { brigMailConfig, brigMailSecrets } from "./brigMailValues";

/** proxy's config file (Data.Configurator syntax) with no giphy, YouTube, maps or Spotify accounts. */
export const PROXY_CONFIG_WITHOUT_ACCOUNTS = "secrets {\n}\n";

/** Service names of the *-external charts, which Wire's prod example points the services at. */
export const EXTERNAL = {
  cassandra: "cassandra-external",
  elasticsearch: "elasticsearch-external",
  minio: "minio-external",
  rabbitmq: "rabbitmq-external",
  postgresqlRw: "postgresql-external-rw",
};
export const RABBITMQ_USER = "wire-server";

/** Host names clients use, by Wire's convention (wire-deployment.md §8). */
export { wireHosts };

const noMetrics = { metrics: { serviceMonitor: { enabled: false } } };

/** gundeck's keys: the Push component's (A: Wire's; B, online C: the stack's IAM user), or fake-aws's dummies. */
function gundeckKeys(facts: StackFacts): { awsKeyId: string; awsSecretKey: string } | undefined {
  if (facts.secrets.awsKeyId && facts.secrets.awsSecretKey) return { awsKeyId: facts.secrets.awsKeyId, awsSecretKey: facts.secrets.awsSecretKey };
  if (isFakeAws(facts.gundeck)) return { ...FAKE_AWS_KEYS };
  // Real AWS without keys: gundeck falls back to the instance role (IMDSv2 hop limit 2 reaches pods).
  return undefined;
}

export function wireServerValues(hosts: InventoryHost[], facts: StackFacts, turnStaticV2: string[]): { values: object; secrets: object } {
  const d = facts.domain;
  const n = wireHosts(d);
  const release = releaseFeatures(facts.wireVersion);
  const sso = facts.sso.enabled;
  // Whenever sftd runs (pool or cluster): brig must not hand out an SFT that does not exist.
  const hasSft = sftdLayout(hosts, facts) !== "none";
  const cassandra = { host: EXTERNAL.cassandra };
  const account = `https://${n.account}`;
  const rabbitmq = release.rabbitmq ? { rabbitmq: { host: EXTERNAL.rabbitmq } } : {};
  const postgresql = (pool: number) =>
    release.postgresql
      ? { postgresql: { host: EXTERNAL.postgresqlRw, ...POSTGRESQL }, ...(release.backgroundWorkerPostgresql ? { postgresqlPool: { size: pool } } : {}) }
      : {};
  // Fresh deployments keep galley's data in Cassandra until Wire's migration (prod example's choice).
  const postgresMigration = { postgresMigration: { conversation: "cassandra", conversationCodes: "cassandra", teamFeatures: "cassandra" } };
  const replicas = { replicaCount: Math.max(1, Math.min(3, hostsOf(hosts, "kubernetes").length)) };

  // From 5.29 the services are templates of the wire-server chart itself: `tags.<service>` selects
  // nothing any more and spar always runs (with sso off it serves no IdP). Before, `tags.spar` decides.
  const tags = release.mergedCharts ? { legalhold: false, federation: false } : { proxy: false, legalhold: false, federation: false, spar: sso };
  const withSpar = release.mergedCharts || sso;
  const mail = brigMailConfig(facts, account);

  const values = {
    tags,
    "cassandra-migrations": { cassandra: { ...cassandra, replicationFactor: Math.min(3, hostsOf(hosts, "cassandra").length) } },
    "elasticsearch-index": { elasticsearch: { host: EXTERNAL.elasticsearch }, cassandra },
    brig: {
      ...replicas,
      config: {
        multiSFT: { enabled: false },
        cassandra,
        elasticsearch: { host: EXTERNAL.elasticsearch },
        ...rabbitmq,
        ...postgresql(10),
        useSES: mail.useSES,
        randomPrekeys: true,
        aws: mail.aws,
        externalUrls: {
          nginz: `https://${n.nginzHttps}`,
          teamSettings: `https://${n.teams}`,
          teamCreatorWelcome: `https://${n.teams}/login`,
          teamMemberWelcome: `https://${n.webapp}/`,
        },
        enableFederation: false,
        optSettings: {
          setEnableMLS: true,
          setFederationDomain: d,
          // Only with a calling pool: brig must not hand out an SFT that does not exist.
          ...(hasSft ? { setSftStaticUrl: `https://${n.sftd}:443` } : {}),
          ...mail.optSettings,
        },
        emailSMS: {
          ...mail.emailSMS,
          user: {
            passwordResetUrl: `${account}/reset/?key=\${key}&code=\${code}`,
            activationUrl: `${account}/verify/?key=\${key}&code=\${code}`,
            smsActivationUrl: `${account}/v/\${code}`,
            deletionUrl: `${account}/d/?key=\${key}&code=\${code}`,
            invitationUrl: `${account}/i/\${code}`,
          },
        },
        ...(mail.smtp ? { smtp: mail.smtp } : {}),
      },
      turnStatic: { v1: [], v2: turnStaticV2 },
      ...noMetrics,
    },
    proxy: { ...replicas, ...noMetrics },
    cannon: { ...replicas, config: { ...rabbitmq, cassandra }, ...noMetrics },
    cargohold: {
      ...replicas,
      config: {
        aws: cargoholdStore(facts, n.assets),
        enableFederation: false,
        settings: { federationDomain: d },
      },
      ...noMetrics,
    },
    galley: {
      ...replicas,
      config: {
        cassandra,
        ...rabbitmq,
        ...postgresql(10),
        ...(release.galleyPostgresMigration ? postgresMigration : {}),
        enableFederation: false,
        settings: {
          conversationCodeURI: `${account}/conversation-join/`,
          federationDomain: d,
          featureFlags: {
            mls: {
              defaults: {
                status: "disabled",
                config: { protocolToggleUsers: [], defaultProtocol: "mls", allowedCipherSuites: [2], defaultCipherSuite: 2, supportedProtocols: ["proteus", "mls"] },
                lockStatus: "unlocked",
              },
            },
            mlsMigration: {
              defaults: {
                status: "disabled",
                config: { startTime: null, finalizeRegardlessAfter: null, usersThreshold: 100, clientsThreshold: 100 },
                lockStatus: "unlocked",
              },
            },
            sso: sso ? "enabled-by-default" : "disabled-by-default",
            legalhold: "disabled-permanently",
            teamSearchVisibility: "disabled-by-default",
          },
        },
        aws: { region: facts.gundeck.region },
      },
      ...noMetrics,
    },
    gundeck: {
      ...replicas,
      config: { redis: { host: ephemeralRedisService(facts.wireVersion) }, ...rabbitmq, cassandra, aws: { ...facts.gundeck } },
      ...noMetrics,
    },
    nginz: {
      ...replicas,
      config: { ws: { useProxyProtocol: false } },
      nginx_conf: {
        ...(release.nginzDnsResolver ? { dns_resolver: "coredns" } : {}),
        env: "prod",
        external_env_domain: d,
        deeplink: {
          endpoints: {
            backendURL: `https://${n.nginzHttps}`,
            backendWSURL: `https://${n.nginzSsl}`,
            teamsURL: `https://${n.teams}`,
            accountsURL: account,
            // minio.yml publishes the blacklist with the deeplink files on the assets host.
            blackListURL: `https://${n.assets}/public/blacklist/android.json`,
            websiteURL: `https://${n.webapp}`,
          },
          title: d,
        },
      },
      terminationGracePeriodSeconds: 30,
      ...noMetrics,
    },
    ...(withSpar
      ? {
          spar: {
            ...replicas,
            config: {
              cassandra,
              logLevel: "Info",
              appUri: `https://${n.nginzHttps}/`,
              ssoUri: `https://${n.nginzHttps}/sso`,
              maxttlAuthreq: 28800,
              maxttlAuthresp: 28800,
              maxScimTokens: 16,
              // spar refuses to start without them (the SAML SP metadata's contact person).
              contacts: [{ type: "ContactSupport", company: d, email: `email:${facts.mail.supportEmail}` }],
            },
            ...noMetrics,
          },
        }
      : {}),
    legalhold: { host: n.legalhold, wireApiHost: `https://${n.nginzHttps}` },
    federator: { tls: { useSharedFederatorSecret: true }, ...noMetrics },
    "background-worker": {
      config: {
        ...rabbitmq,
        cassandra,
        // From 5.24 background-worker also migrates galley's data to PostgreSQL: off for a fresh install.
        ...(release.backgroundWorkerPostgresql
          ? {
              federationDomain: d,
              cassandraGalley: cassandra,
              cassandraBrig: cassandra,
              ...postgresql(5),
              ...postgresMigration,
              migrateConversations: false,
              ...(release.migrateConversationCodes ? { migrateConversationCodes: false } : {}),
              ...(release.migrateTeamFeatures ? { migrateTeamFeatures: false } : {}),
            }
          : {}),
        enableFederation: false,
      },
      ...noMetrics,
    },
  };

  const s = facts.secrets;
  const mq = release.rabbitmq ? { rabbitmq: { username: RABBITMQ_USER, password: s.rabbitmqPassword } } : {};
  const pg = release.postgresql ? { pgPassword: s.postgresqlPassword } : {};
  const gundeck = gundeckKeys(facts);
  const secrets = {
    brig: {
      secrets: {
        ...pg,
        zAuth: { publicKeys: s.zauthPublicKeys, privateKeys: s.zauthPrivateKeys },
        turn: { secret: s.turnSecret },
        ...brigMailSecrets(facts),
        ...mq,
      },
    },
    // cargohold's own MinIO account (minio.yml's svcacct), never MinIO's root keys.
    // (Wire's prod example also gives it RabbitMQ credentials, which no cargohold template reads.)
    // With S3 no keys at all: the chart puts AWS_ACCESS_KEY_ID into cargohold's environment whenever
    // secrets.awsKeyId exists, and keys in the environment win over the instance profile. The chart's
    // Secret template `required`s a secrets block, so an empty one stays.
    cargohold: { secrets: facts.assets ? {} : { awsKeyId: s.minioCargoholdAccessKey, awsSecretKey: s.minioCargoholdSecretKey } },
    cannon: { secrets: { ...mq } },
    galley: { secrets: { ...mq, ...pg, ...FAKE_AWS_KEYS } },
    gundeck: { secrets: { ...(gundeck ?? {}), ...mq } },
    nginz: { secrets: { zAuth: { publicKeys: s.zauthPublicKeys }, basicAuth: nginzBasicAuthLine(s.nginzBasicAuthPassword) } },
    // From 5.29 proxy always runs (no `tags.proxy`) and its Secret template needs a config: an empty
    // `secrets` block starts it with no preview accounts (proxy looks a key up per request, Proxy/API/Public.hs).
    ...(release.mergedCharts ? { proxy: { secrets: { proxy_config: PROXY_CONFIG_WITHOUT_ACCOUNTS } } } : {}),
    "background-worker": { secrets: { ...(release.backgroundWorkerPostgresql ? pg : {}), ...mq } },
  };
  return { values, secrets };
}

/** Ansible's secret variables (group_vars/all/secrets.yaml), as bin/offline-secrets.sh names them. */
export function ansibleSecrets(s: Pick<StackFacts["secrets"], "minioAccessKey" | "minioSecretKey" | "minioCargoholdAccessKey" | "minioCargoholdSecretKey">) {
  return {
    minio_access_key: s.minioAccessKey,
    minio_secret_key: s.minioSecretKey,
    minio_cargohold_access_key: s.minioCargoholdAccessKey,
    minio_cargohold_secret_key: s.minioCargoholdSecretKey,
  };
}

/** S3's regional endpoint: cargohold builds virtual-hosted URLs on it (s3AddressingStyle auto). */
export function s3RegionalEndpoint(region: string): string {
  return `https://s3.${region}.amazonaws.com`;
}

/** The host clients download assets from with assets: s3 (pre-signed, virtual-hosted style). */
export function assetsDownloadHost(assets: { bucket: string; region: string }): string {
  return `${assets.bucket}.s3.${assets.region}.amazonaws.com`;
}

/**
 * cargohold's store. MinIO (Wire's default): its minio-external Service, downloads through
 * assets.<domain>. S3 (assets: s3): the bucket on the regional endpoint with `s3AddressingStyle: auto`,
 * as Wire's Options.hs advises for AWS (wire-server services/cargohold/src/CargoHold/Options.hs), and
 * no s3DownloadEndpoint: clients fetch pre-signed URLs from S3 itself.
 */
function cargoholdStore(facts: StackFacts, assetsHost: string): Record<string, string> {
  if (facts.assets) return { region: facts.assets.region, s3Bucket: facts.assets.bucket, s3Endpoint: s3RegionalEndpoint(facts.assets.region), s3AddressingStyle: "auto" };
  return { region: facts.gundeck.region, s3Bucket: "assets", s3Endpoint: `http://${EXTERNAL.minio}:9000`, s3DownloadEndpoint: `https://${assetsHost}` };
}
