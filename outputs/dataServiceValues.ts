// Helm values for PostgreSQL and RabbitMQ: the `postgresql-external` and `rabbitmq-external` charts
// (IPs exactly as wire-server-deploy's helm_external.yml writes them) and the keys of the wire-server
// chart that point Wire's services at them, with the stack's generated passwords in the secrets
// document. Sources (wire-server-deploy Release 5.32): values/wire-server/prod-values.example.yaml
// (brig, galley, background-worker: `config.postgresql`; brig, cannon, galley, gundeck,
// background-worker: `config.rabbitmq.host`), prod-secrets.example.yaml / bin/offline-secrets.sh
// (`secrets.pgPassword`, `secrets.rabbitmq.{username,password}`); wire-server charts
// postgresql-external (RWIPs, ROIPs -> Services postgresql-external-rw/-ro) and rabbitmq-external (IPs).
// A release that does not need a service (config/releases.ts) gets none of its keys.
import { releaseFeatures } from "../config/releases";
import { hostsOf } from "./inventory";
import { WIRE_DBNAME } from "./inventoryDataServices";
import type { KubeObject } from "./kubeObjects";
import type { InventoryHost, StackFacts } from "./types";

export const POSTGRESQL_RW_SERVICE = "postgresql-external-rw";
export const RABBITMQ_SERVICE = "rabbitmq-external";
/** group_vars/postgresql wire_user: the role postgresql-wire-setup.yml creates for wire-server. */
export const WIRE_DB_USER = "wire-server";
/** The RabbitMQ user wire-server logs in as (created with rabbitmqctl, see README: Wire's role makes only test/test). */
export const WIRE_RABBITMQ_USER = "wire-server";

/** Services that read PostgreSQL / RabbitMQ settings, as in Wire's prod examples. */
export const POSTGRESQL_CLIENTS = ["brig", "galley", "background-worker"] as const;
export const RABBITMQ_CLIENTS = ["brig", "cannon", "galley", "gundeck", "background-worker"] as const;
/** Services whose secrets carry RabbitMQ credentials in Wire's prod-secrets example (cargohold too). */
export const RABBITMQ_SECRET_CLIENTS = ["brig", "cargohold", "cannon", "galley", "gundeck", "background-worker"] as const;

/** The charts this file adds (when the release needs them), and the key paths each must carry. */
export const DATA_SERVICE_CHARTS = ["postgresql-external", "rabbitmq-external"] as const;
export const DATA_SERVICE_REQUIRED_KEYS: Record<(typeof DATA_SERVICE_CHARTS)[number], { values: string[][]; secrets: string[][] }> = {
  "postgresql-external": { values: [["RWIPs"], ["ROIPs"]], secrets: [] },
  "rabbitmq-external": { values: [["IPs"]], secrets: [] },
};

type Doc = Record<string, Record<string, unknown>>;

export interface DataServiceValues {
  /** Extra charts: postgresql-external, rabbitmq-external. */
  charts: Record<string, { values: object; secrets: object }>;
  /** Layers to deep-merge into the wire-server chart's values and secrets. */
  wireServer: { values: Doc; secrets: Doc };
}

export function renderDataServiceValues(hosts: InventoryHost[], facts: Pick<StackFacts, "wireVersion" | "secrets">): DataServiceValues {
  const features = releaseFeatures(facts.wireVersion);
  const pg = features.postgresql ? hostsOf(hosts, "postgresql") : [];
  const rmq = features.rabbitmq ? hostsOf(hosts, "rabbitmq") : [];
  const out: DataServiceValues = { charts: {}, wireServer: { values: {}, secrets: {} } };
  const into = (doc: Doc, service: string, part: string, value: object) => {
    const svc = (doc[service] ??= {}) as Record<string, Record<string, unknown>>;
    svc[part] = { ...(svc[part] ?? {}), ...value };
  };
  if (pg.length > 0) {
    // helm_external.yml: RWIPs = the [postgresql_rw] host, ROIPs = the [postgresql_ro] hosts.
    out.charts["postgresql-external"] = { values: { RWIPs: [pg[0].privateIp], ROIPs: pg.slice(1).map((h) => h.privateIp) }, secrets: {} };
    for (const s of POSTGRESQL_CLIENTS) {
      into(out.wireServer.values, s, "config", { postgresql: { host: POSTGRESQL_RW_SERVICE, port: "5432", user: WIRE_DB_USER, dbname: WIRE_DBNAME } });
      if (facts.secrets.postgresqlPassword) into(out.wireServer.secrets, s, "secrets", { pgPassword: facts.secrets.postgresqlPassword });
    }
  }
  if (rmq.length > 0) {
    out.charts["rabbitmq-external"] = { values: { IPs: rmq.map((h) => h.privateIp) }, secrets: {} };
    for (const s of RABBITMQ_CLIENTS) into(out.wireServer.values, s, "config", { rabbitmq: { host: RABBITMQ_SERVICE } });
    if (facts.secrets.rabbitmqPassword) {
      for (const s of RABBITMQ_SECRET_CLIENTS) into(out.wireServer.secrets, s, "secrets", { rabbitmq: { username: WIRE_RABBITMQ_USER, password: facts.secrets.rabbitmqPassword } });
    }
  }
  return out;
}

/** Deep merge of plain objects (arrays and scalars of `layer` win): our layer onto a chart's document. */
export function mergeLayer<T extends object>(base: T, layer: object): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(layer)) {
    const cur = out[k];
    const plain = (x: unknown) => x !== null && typeof x === "object" && !Array.isArray(x);
    out[k] = plain(cur) && plain(v) ? mergeLayer(cur as object, v as object) : v;
  }
  return out as T;
}

/** wire-server-deploy group_vars/postgresql: wire_pg_secret_name, in wire_namespace (default). */
export const WIRE_PG_SECRET = { name: "wire-postgresql-external-secret", namespace: "default" };

/**
 * The Secret Wire's postgresql-secrets.yml reads before it creates the wire-server database user: when
 * it exists, the playbook uses its password instead of generating one, so the user it creates has the
 * password our wire-server secrets carry. Apply it (k8s/) before running postgresql-deploy.yml.
 */
export function dataServiceObjects(hosts: InventoryHost[], facts: Pick<StackFacts, "wireVersion" | "secrets">): KubeObject[] {
  if (!releaseFeatures(facts.wireVersion).postgresql || hostsOf(hosts, "postgresql").length === 0 || !facts.secrets.postgresqlPassword) return [];
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: WIRE_PG_SECRET.name, namespace: WIRE_PG_SECRET.namespace, labels: { app: "postgresql", component: "wire-server", "app.kubernetes.io/managed-by": "wire-backend" } },
      type: "Opaque",
      stringData: { password: facts.secrets.postgresqlPassword, username: WIRE_DB_USER, database: WIRE_DBNAME },
    },
  ];
}
