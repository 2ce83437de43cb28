// Helm values for PostgreSQL and RabbitMQ: the `postgresql-external` and `rabbitmq-external` charts
// (IPs exactly as wire-server-deploy's helm_external.yml writes them), and the Secret Wire's
// postgresql-secrets.yml reads. The wire-server chart's keys that point Wire's services at them (and
// their passwords) are rendered, release by release, in outputs/wireServerValues.ts. Sources (wire-server-deploy Release 5.32): values/wire-server/prod-values.example.yaml
// (brig, galley, background-worker: `config.postgresql`; brig, cannon, galley, gundeck,
// background-worker: `config.rabbitmq.host`), prod-secrets.example.yaml / bin/offline-secrets.sh
// (`secrets.pgPassword`, `secrets.rabbitmq.{username,password}`); wire-server charts
// postgresql-external (RWIPs, ROIPs -> Services postgresql-external-rw/-ro) and rabbitmq-external (IPs).
// A release that does not need a service (config/releases.ts) gets none of its keys.
import { releaseFeatures } from "../config/releases";
import { hostsOf } from "./inventory";
import type { KubeObject } from "./kubeObjects";
import { POSTGRESQL } from "./wireServerValues";
import type { InventoryHost, StackFacts } from "./types";


/** The charts this file adds (when the release needs them), and the key paths each must carry. */
export const DATA_SERVICE_CHARTS = ["postgresql-external", "rabbitmq-external"] as const;
export const DATA_SERVICE_REQUIRED_KEYS: Record<(typeof DATA_SERVICE_CHARTS)[number], { values: string[][]; secrets: string[][] }> = {
  "postgresql-external": { values: [["RWIPs"], ["ROIPs"]], secrets: [] },
  "rabbitmq-external": { values: [["IPs"]], secrets: [] },
};


export interface DataServiceValues {
  /** Extra charts: postgresql-external, rabbitmq-external. */
  charts: Record<string, { values: object; secrets: object }>;
}

/** What these renderers read of the stack: its release and (for the Secret) the PostgreSQL password. */
export interface DataServiceFacts {
  wireVersion: StackFacts["wireVersion"];
  secrets: Partial<Pick<StackFacts["secrets"], "postgresqlPassword">>;
}

export function renderDataServiceValues(hosts: InventoryHost[], facts: DataServiceFacts): DataServiceValues {
  const features = releaseFeatures(facts.wireVersion);
  const pg = features.postgresql ? hostsOf(hosts, "postgresql") : [];
  const rmq = features.rabbitmq ? hostsOf(hosts, "rabbitmq") : [];
  const out: DataServiceValues = { charts: {} };
  if (pg.length > 0) {
    // helm_external.yml: RWIPs = the [postgresql_rw] host, ROIPs = the [postgresql_ro] hosts.
    out.charts["postgresql-external"] = { values: { RWIPs: [pg[0].privateIp], ROIPs: pg.slice(1).map((h) => h.privateIp) }, secrets: {} };
  }
  if (rmq.length > 0) {
    out.charts["rabbitmq-external"] = { values: { IPs: rmq.map((h) => h.privateIp) }, secrets: {} };
  }
  return out;
}


/** wire-server-deploy group_vars/postgresql: wire_pg_secret_name, in wire_namespace (default). */
export const WIRE_PG_SECRET = { name: "wire-postgresql-external-secret", namespace: "default" };

/**
 * The Secret Wire's postgresql-secrets.yml reads before it creates the wire-server database user: when
 * it exists, the playbook uses its password instead of generating one, so the user it creates has the
 * password our wire-server secrets carry. Apply it (k8s/) before running postgresql-deploy.yml.
 */
export function dataServiceObjects(hosts: InventoryHost[], facts: DataServiceFacts): KubeObject[] {
  if (!releaseFeatures(facts.wireVersion).postgresql || hostsOf(hosts, "postgresql").length === 0 || !facts.secrets.postgresqlPassword) return [];
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: WIRE_PG_SECRET.name, namespace: WIRE_PG_SECRET.namespace, labels: { app: "postgresql", component: "wire-server", "app.kubernetes.io/managed-by": "wire-backend" } },
      type: "Opaque",
      // The account wire-server's values name (wireServerValues.ts): the user Wire's postgresql-secrets.yml creates.
      stringData: { password: facts.secrets.postgresqlPassword, username: POSTGRESQL.user, database: POSTGRESQL.dbname },
    },
  ];
}
