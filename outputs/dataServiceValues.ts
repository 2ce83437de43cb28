// Helm values for PostgreSQL and RabbitMQ: the `postgresql-external` and `rabbitmq-external` charts
// (IPs exactly as wire-server-deploy's helm_external.yml writes them), and the Secret Wire's
// postgresql-secrets.yml reads. The wire-server chart's keys that point Wire's services at them (and
// their passwords) are rendered, release by release, in outputs/wireServerValues.ts. Sources (wire-server-deploy Release 5.32): values/wire-server/prod-values.example.yaml
// (brig, galley, background-worker: `config.postgresql`; brig, cannon, galley, gundeck,
// background-worker: `config.rabbitmq.host`), prod-secrets.example.yaml / bin/offline-secrets.sh
// (`secrets.pgPassword`, `secrets.rabbitmq.{username,password}`); wire-server charts
// postgresql-external (RWIPs, ROIPs -> Services postgresql-external-rw/-ro) and rabbitmq-external (IPs).
// The Secret itself is built in config/postgresql.ts (dataServiceObjects): the WireObjects component owns it.
// A release that does not need a service (config/releases.ts) gets none of its keys.
import { releaseFeatures } from "../config/releases";
import type { DataServiceFacts } from "../config/postgresql";
import { hostsOf } from "./inventory";
import type { InventoryHost } from "./types";


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
