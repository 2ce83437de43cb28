// How `pulumi up` changes the data nodes (and the Kubernetes nodes, for etcd) that already exist: in waves that keep each role's quorum
// (a new instance type is a stop/start). Nodes of one wave change together; a wave starts when the
// previous one is done. New nodes hold no data yet and wait on nothing of their role, so a first
// deployment is fully parallel. Pure: components/nodeGroup.ts turns the waves into dependsOn.
import { ELASTICSEARCH_REPLICAS, minioParity } from "./rules";
import type { Role } from "./types";

export interface WaveRule {
  /** The rule in one line (docs/operate.md, plan report). */
  rule: string;
  /** Why it keeps the role's quorum. */
  why: string;
  /**
   * Nodes 1..existing (node i sits in zone (i - 1) mod zones) grouped into waves, in order.
   * Every node is in exactly one wave.
   */
  waves(existing: number, zones: number): number[][];
}

const nodes = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += Math.max(1, size)) out.push(xs.slice(i, i + Math.max(1, size)));
  return out;
}

/** One node at a time: what every data role gets unless its replication says more is safe. */
export const ONE_AT_A_TIME: WaveRule = {
  rule: "one node at a time",
  why: "the default for a data role without a rule of its own: one node down is what every replicated store tolerates",
  waves: (existing) => chunks(nodes(existing), 1),
};

/** Cassandra: RF 3, one replica of every token range per zone (the layout keeps a multiple of 3 over the zones). */
const byZone: WaveRule = {
  rule: "one zone at a time",
  why:
    "RF 3 with one replica per zone: with one zone down every token range keeps 2 of its 3 replicas, " +
    "a QUORUM (2), so reads and writes at QUORUM go on; the number of waves is the number of zones at any size",
  waves: (existing, zones) =>
    Array.from({ length: zones }, (_, z) => nodes(existing).filter((i) => (i - 1) % zones === z)).filter((w) => w.length > 0),
};

/** MinIO drives of one erasure set that may be offline with writes still reaching quorum. */
export function minioTolerated(setSize: number): number {
  const parity = minioParity(setSize);
  // Write quorum is the data-drive count K, or K + 1 when K equals the parity (MinIO's erasure-coding docs).
  return setSize - parity === parity ? parity - 1 : parity;
}

/** MinIO: one drive per node (sizing/rules.ts); one erasure set up to 16 nodes, then server pools of 16. */
const byErasureParity: WaveRule = {
  rule: "per erasure set, as many nodes as its parity allows with writes at quorum; all pools at once",
  why:
    "an erasure set of N drives with parity M reads with N − M drives and writes with N − M (N − M + 1 when " +
    "that equals M); pools are independent sets, so each gives up the same number of nodes in the same wave",
  waves: (existing) => {
    const pools = chunks(nodes(existing), 16).map((set) => chunks(set, minioTolerated(set.length)));
    const waves = Math.max(0, ...pools.map((p) => p.length));
    return Array.from({ length: waves }, (_, w) => pools.flatMap((p) => p[w] ?? []));
  },
};

/** Elasticsearch: every node is master-eligible and may hold any shard copy (no zone awareness in Wire's playbook). */
const byReplicas: WaveRule = {
  rule: `${ELASTICSEARCH_REPLICAS} nodes at a time (1 below 5 nodes)`,
  why:
    `every shard has ${ELASTICSEARCH_REPLICAS} replicas on other nodes, so any ${ELASTICSEARCH_REPLICAS} nodes down leave one copy; ` +
    "the master-eligible nodes keep a strict majority only while fewer than half are down (1 of 3, 2 of 5)",
  waves: (existing) => chunks(nodes(existing), Math.max(1, Math.min(ELASTICSEARCH_REPLICAS, Math.ceil(existing / 2) - 1))),
};

/**
 * Kubernetes: the first nodes (an odd number, at most 5: outputs/inventory.ts) are the control plane
 * and etcd's members, spread over the zones like every role (node i in zone (i - 1) mod zones).
 */
const kubeByZone: WaveRule = {
  rule: "one zone at a time",
  why:
    "etcd's 3 or 5 members are spread over the zones (at most 2 in one): with one zone down a strict majority remains, " +
    "and wire-server's services (3 replicas) keep two; all at once would stop etcd and every replica together",
  waves: byZone.waves,
};

/** Per data role, and Kubernetes (no data, but etcd's quorum); a data role missing here changes one node at a time. */
export const WAVE_RULES: Partial<Record<Role, WaveRule>> = {
  cassandra: byZone,
  minio: byErasureParity,
  elasticsearch: byReplicas,
  kubernetes: kubeByZone,
};

/** Whether the existing nodes of `role` change in waves: every data role, and roles with a rule of their own. */
export function changesInWaves(role: Role, isData: boolean): boolean {
  return isData || WAVE_RULES[role] !== undefined;
}

export function waveRule(role: Role): WaveRule {
  return WAVE_RULES[role] ?? ONE_AT_A_TIME;
}

/** The waves in which the `existing` nodes of `role` change; nodes beyond `existing` are new and not in any. */
export function rolloutWaves(role: Role, existing: number, zones: number): number[][] {
  return waveRule(role).waves(existing, zones);
}
