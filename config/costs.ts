// The whole bill's traffic and storage assumptions (sizing/bill.ts uses them): each default with why.
// The stack file's `costs` map (schema.ts) overrides any of them; the calling-time assumptions (busy
// hours, working days) live with the other calling assumptions in config/calling.ts.

/** What the cost lines beside the nodes assume. */
export interface CostAssumptions {
  /** Web and API traffic sent to clients, per user per month (GiB): asset downloads, API, websockets, web app. */
  webGiBPerUserMonth: number;
  /** Connections (websockets, one per connected device) through the load balancer per user at the busy hour. */
  connectionsPerUser: number;
  /** What each node fetches from the internet through the NAT gateway per month (GiB): OS security updates, SSM. */
  natGiBPerNodeMonth: number;
  /** What the admin host downloads through the NAT per month (GiB): one Wire release artifact. */
  natArtifactGiBPerMonth: number;
  /** Push notifications through the NAT per user per month (MiB), options A and B (SNS). */
  pushMiBPerUserMonth: number;
  /** Share of a data volume holding data, averaged over its life: what the first snapshot copies. */
  backupUsedShare: number;
}

export const COST_DEFAULTS: CostAssumptions = {
  webGiBPerUserMonth: 0.25,
  connectionsPerUser: 1,
  natGiBPerNodeMonth: 1,
  natArtifactGiBPerMonth: 10,
  pushMiBPerUserMonth: 5,
  backupUsedShare: 0.5,
};

/** Why each default: printed by `size` (docs/costs.md), and the `.describe()` texts of `costs`. */
export const COST_SOURCES: Record<keyof CostAssumptions, string> = {
  webGiBPerUserMonth:
    "derived from the MinIO sizing (400 GiB usable per 1,000 users, i.e. 0.4 GiB stored per user, taken as one year of uploads: 34 MiB a month) " +
    "× 6 downloads per asset (recipients' devices), about 200 MiB, plus about 50 MiB of API, websocket events and web app bundles after releases",
  connectionsPerUser:
    "about 1.5 devices per user with two in three connected at the busy hour (cannon keeps one websocket per connected device)",
  natGiBPerNodeMonth:
    "Ubuntu's security updates (unattended-upgrades, online stacks) and the SSM agent; Wire's own packages and images come from the asset host inside the VPC",
  natArtifactGiBPerMonth: "one wire-server-deploy artifact (containers, debs, charts) fetched by the admin host per monthly release",
  pushMiBPerUserMonth: "about 100 notifications per user a day, 1.5 KiB each with TLS overhead, from gundeck to SNS (push options A and B only)",
  backupUsedShare:
    "disks are sized for the data at the planned user count; Cassandra's size-tiered compaction needs half its disk free, and the other stores fill over time: half full on average",
};

/** Daily share of a data volume's used blocks that change, per data role: what each incremental
 * snapshot adds. Overridden for all roles at once by the stack's `costs.backupDailyChangeShare`. */
export const BACKUP_DAILY_CHANGE: Record<"cassandra" | "minio" | "elasticsearch" | "postgresql" | "rabbitmq", number> = {
  // Compaction rewrites SSTables into new blocks: a snapshot sees rewritten data as changed.
  cassandra: 0.05,
  // Objects are written once and rarely deleted: the new uploads of a day.
  minio: 0.01,
  // Segment merges rewrite index files, as Cassandra's compaction does.
  elasticsearch: 0.05,
  // WAL segments are recycled and VACUUM rewrites pages.
  postgresql: 0.05,
  // Queues churn: messages are written and deleted within minutes, on a small volume.
  rabbitmq: 0.1,
};
