// The sizing rules, one entry per role. Reference point: the seed table in Wire's
// deployment overview is Wire's production HA sizing for about 2,000 users. Below 2,000 it is
// the FLOOR (it already carries HA and fixed overhead, so shrinking it buys nothing but risk);
// above 2,000 each role grows by a MARGINAL rate per 1,000 users beyond 2,000, cluster-wide.
// Roles whose floor is NOT a figure for 2,000 users (Kubernetes' per-node floor, PostgreSQL's and
// RabbitMQ's minimums) carry their own headroom instead (`cpuFromZero`): their load is a fixed base
// plus the rate from the first user, and they grow only once that passes the floor's capacity.
// No cost cliffs (docs/sizing-growth.md): a role whose nodes would double (every node to the next
// type size at a fixed count) costs as much more as the whole role, so the roles that may add nodes
// grow by whole nodes of a fixed size (`maxVcpuPerNode` = the size of the type the seed already buys)
// and only the fixed-count roles (Elasticsearch, a small line; PostgreSQL, exactly 3) grow vertically.
import type { Role } from "./types";

/** Users the seed table is sized for. */
export const REFERENCE_USERS = 2000;
/** Extra EBS root volume of each data-role node (its data sits on a separate volume). */
export const ROOT_VOLUME_GIB_DATA_ROLES = 20;
/** AWS's "monthly" = 730 hours. */
export const HOURS_PER_MONTH = 730;
/** gp3's maximum volume size: no override may ask for more on one volume. */
export const GP3_MAX_GIB = 16384;

export interface NodeShape {
  count: number;
  vcpu: number;
  memoryGiB: number;
  diskGiB: number;
}

/** Node counts a role's clustering accepts. `next(n)` = smallest valid count >= n. */
export interface Layout {
  describe: string;
  next(n: number): number;
  valid(n: number): boolean;
}

const anyCount: Layout = { describe: "any count", next: (n) => n, valid: (n) => n >= 0 };
/** Cassandra RF 3 across 3 zones: one replica per zone, so the ring stays balanced. */
const multipleOf3: Layout = {
  describe: "a multiple of 3 (RF 3, one replica per zone)",
  next: (n) => Math.ceil(n / 3) * 3,
  valid: (n) => n >= 3 && n % 3 === 0,
};
/** Elasticsearch: every node is master-eligible, so an odd count keeps a strict majority. */
const oddCount: Layout = {
  describe: "an odd count (master quorum)",
  next: (n) => (n % 2 === 1 ? n : n + 1),
  valid: (n) => n >= 3 && n % 2 === 1,
};
/** MinIO, one drive per node: one erasure set of 3–16 drives (we allow 3, 4, 6, 8, 12, 16,
 * sizes whose default parity wastes least), beyond that extra server pools of 16. Changing the
 * set size below 16 means migrating data (MinIO grows only by adding pools). */
const MINIO_SETS = [3, 4, 6, 8, 12, 16];
const minioLayout: Layout = {
  describe: "a MinIO erasure layout (3, 4, 6, 8, 12, 16, then pools of 16)",
  next: (n) => MINIO_SETS.find((s) => s >= n) ?? Math.ceil(n / 16) * 16,
  valid: (n) => MINIO_SETS.includes(n) || (n > 16 && n % 16 === 0),
};

/** MinIO's default parity (EC:N) for an erasure set of `drives` drives. */
export function minioParity(drives: number): number {
  if (drives <= 3) return 1;
  if (drives <= 5) return 2;
  if (drives <= 7) return 3;
  return 4;
}
/** Drives holding data (not parity) in a MinIO layout of `count` nodes, one drive each. */
export function minioDataDrives(count: number): number {
  if (count <= 16) return count - minioParity(count);
  return (count / 16) * (16 - minioParity(16));
}

export interface RoleRule {
  /** The seed table's row: the floor and the starting point of growth. */
  seed: NodeShape;
  /** Cluster-wide vCPU per 1,000 users: beyond REFERENCE_USERS, or from zero with `cpuFromZero` (0 = fixed role). */
  vcpuPer1k: number;
  /** Cluster-wide data GiB at the reference (replicas included; MinIO: usable bytes). */
  seedDataGiB: number;
  /** Cluster-wide data GiB added per 1,000 users beyond REFERENCE_USERS. */
  dataPer1kGiB: number;
  /** Per-node memory = max(seed, ceil(vcpu × this)). */
  memoryPerVcpuGiB: number;
  maxVcpuPerNode: number;
  /** Why the nodes stop growing at maxVcpuPerNode (said in `why` once the count grows). */
  nodeSize: string;
  maxDiskPerNodeGiB: number;
  /** Absent: the seed's row is Wire's sizing for 2,000 users, used up by them, and the rate adds on top
   * beyond 2,000. Present: the floor is no figure for 2,000 users, so the load is `baseVcpu` (cluster-wide;
   * per node for PostgreSQL) + rate × users from zero, and the requirement is max(floor, load): the floor
   * carries its own headroom until the load reaches it. */
  cpuFromZero?: { baseVcpu: number; why: string };
  /** Cluster-wide vCPU beyond which the sizing stops growing (and says to measure). */
  maxClusterVcpu?: { vcpu: number; why: string };
  /** Smallest count, whatever the load (quorum, replication, HA). */
  minCount: number;
  /** Largest count that still adds capacity (beyond it the nodes grow instead, past maxVcpuPerNode). */
  maxUsefulCount?: { count: number; why: string };
  layout: Layout;
  /** Nodes the data is spread over (replicas already counted in the data figure). */
  dataShare(count: number): number;
  /** Baseline network each node needs (TURN/SFT relay media continuously). */
  minNetworkGbps: number;
  /** t3 burstable types only where CPU is idle most of the time. */
  burstableAllowed: boolean;
  /** Text for `why`: the growth rule in words. */
  scaling: string;
  /** Text for `why`: why minCount. */
  floor: string;
}

const perNode = (count: number) => count;

/** brig's `directory` index as Wire's elasticsearch-index chart creates it (create-index.yaml:
 * --elasticsearch-shards=5, --elasticsearch-replicas=2). */
export const ELASTICSEARCH_SHARDS = 5;
export const ELASTICSEARCH_REPLICAS = 2;
const ELASTICSEARCH_SHARD_COPIES = ELASTICSEARCH_SHARDS * (ELASTICSEARCH_REPLICAS + 1);

export const RULES: Record<Role, RoleRule> = {
  // RF 3 (Wire's keyspaces), one node per zone. Data grows 40 GiB per 1,000 users per replica
  // (×3 = 120 GiB cluster-wide); CPU 1.5 vCPU per 1,000 users. 2 GiB heap+page cache per
  // vCPU as in the seed (2 vCPU / 4 GiB). Cap 2 TiB: bigger nodes make repair and node replacement
  // (streaming a whole node) take too long. Nodes keep the seed's 2 vCPU and the ring grows by 3 nodes
  // (one per zone): doubling every node's size would cost as much more as the whole role (19 % of
  // the bill at scale), 3 more nodes cost 3/count of it.
  cassandra: {
    seed: { count: 3, vcpu: 2, memoryGiB: 4, diskGiB: 80 },
    vcpuPer1k: 1.5,
    seedDataGiB: 240,
    dataPer1kGiB: 120,
    memoryPerVcpuGiB: 2,
    maxVcpuPerNode: 2,
    nodeSize: "the seed's node size: the ring grows by whole nodes, one per zone, so no step doubles the role",
    maxDiskPerNodeGiB: 2048,
    minCount: 3,
    layout: multipleOf3,
    dataShare: perNode,
    minNetworkGbps: 0,
    burstableAllowed: false,
    scaling: "1.5 vCPU and 120 GiB (40 GiB per 1,000 users per replica × RF 3) per 1,000 users beyond 2,000",
    floor: "RF 3 needs 3 replicas, one per zone",
  },
  // Seed: 3 drives × 400 GiB, erasure parity 1 => 800 GiB usable for 2,000 users, i.e.
  // 400 GiB usable per 1,000 users. Raw per node = usable / data drives of the layout.
  // Cap 8 TiB per drive: a larger drive takes too long to heal after a node loss. Nodes stay at the
  // 2 vCPU of the type the seed's 1 vCPU already buys (c6a.large class): the count grows instead.
  minio: {
    seed: { count: 3, vcpu: 1, memoryGiB: 2, diskGiB: 400 },
    vcpuPer1k: 0.5,
    seedDataGiB: 800,
    dataPer1kGiB: 400,
    memoryPerVcpuGiB: 2,
    maxVcpuPerNode: 2,
    nodeSize: "the 2 vCPU of the type the seed's 1 vCPU already buys: the count grows, not every node",
    maxDiskPerNodeGiB: 8192,
    minCount: 3,
    layout: minioLayout,
    dataShare: minioDataDrives,
    minNetworkGbps: 0,
    burstableAllowed: false,
    scaling: "0.5 vCPU and 400 GiB usable per 1,000 users beyond 2,000 (the reference: 800 GiB usable for 2,000)",
    floor: "the smallest erasure set is 3 drives",
  },
  // Only the user directory (brig's `directory` index, one small document per user). Wire's
  // elasticsearch-index chart creates it with 5 shards and 2 replicas: 15 shard copies, so a 16th node
  // holds nothing and adds no capacity (maxUsefulCount). CPU rate: Mattermost's reference
  // architectures (docs.mattermost.com, "scale to N users") grow Elasticsearch from 2 × 4 vCPU at 2,000
  // users to 4 × 8 vCPU at 100,000, i.e. 0.25 vCPU per 1,000 users, for an index of EVERY message; a
  // directory index is far lighter, so 0.25 is an upper bound. Cap 16 vCPU: CPU does not lengthen
  // shard recovery (data does, and the disk cap stays 2 TiB); Wire's elasticsearch.yml fixes the heap
  // at 1 GB (play var es_heap_size), so memory above it serves the page cache Lucene reads through.
  elasticsearch: {
    seed: { count: 3, vcpu: 1, memoryGiB: 2, diskGiB: 60 },
    vcpuPer1k: 0.25,
    seedDataGiB: 180,
    dataPer1kGiB: 10,
    memoryPerVcpuGiB: 2,
    maxVcpuPerNode: 16,
    nodeSize: "the node cap (3 nodes carry brig's small index; Elasticsearch is a small line of the bill, so its doublings stay small steps)",
    maxDiskPerNodeGiB: 2048,
    minCount: 3,
    maxUsefulCount: {
      count: ELASTICSEARCH_SHARD_COPIES,
      why: `brig's index has ${ELASTICSEARCH_SHARDS} shards × ${ELASTICSEARCH_REPLICAS + 1} copies (Wire's elasticsearch-index chart), so a node beyond ${ELASTICSEARCH_SHARD_COPIES} would hold nothing`,
    },
    layout: oddCount,
    dataShare: perNode,
    minNetworkGbps: 0,
    burstableAllowed: false,
    scaling: "0.25 vCPU (Mattermost's rate for a full-message index, an upper bound) and 10 GiB (replicas included) per 1,000 users beyond 2,000",
    floor: "3 master-eligible nodes for a quorum",
  },
  // wire-server's stateless services (brig, galley, cannon, gundeck, cargohold, nginz ...)
  // plus etcd and the control plane. Memory keeps the seed's 8 GiB : 6 vCPU ratio. Disk is the root
  // volume (container images), fixed. Headroom: the seed's 6 vCPU per node is a per-node floor, not a
  // load figure for 2,000 users: etcd, the control plane, kubelet, the CNI and ingress take about 2
  // vCPU per node whatever the load (6 cluster-wide), the services 2 vCPU per 1,000 users from the
  // first, so the seed's 18 vCPU carry 6,000 users and the 24 of the type it buys (8 vCPU per node)
  // 9,000. Beyond that the cluster grows by whole nodes of 8 vCPU (any count is fine for Kubernetes):
  // each step adds 1/count of the role, where doubling the nodes' size would add all of it.
  kubernetes: {
    seed: { count: 3, vcpu: 6, memoryGiB: 8, diskGiB: 40 },
    vcpuPer1k: 2,
    seedDataGiB: 0,
    dataPer1kGiB: 0,
    memoryPerVcpuGiB: 8 / 6,
    maxVcpuPerNode: 8,
    nodeSize: "the 8 vCPU of the type the seed's 6 vCPU already buys: the cluster grows by whole nodes, so no step doubles the role",
    cpuFromZero: { baseVcpu: 6, why: "etcd, the control plane, kubelet, the CNI and ingress take about 2 vCPU per node (6 on 3) whatever the load; the seed's 6 vCPU per node is a per-node floor, not a figure for 2,000 users" },
    maxDiskPerNodeGiB: 40,
    minCount: 3,
    layout: anyCount,
    dataShare: perNode,
    minNetworkGbps: 0,
    burstableAllowed: false,
    scaling: "6 vCPU fixed (about 2 per node: etcd, control plane, kubelet, CNI, ingress) + 2 vCPU per 1,000 users from the first (memory at the reference's 8 GiB : 6 vCPU)",
    floor: "3 nodes for etcd quorum and replicaCount 3 of wire-server's services",
  },
  // TURN relay: bandwidth-bound, not CPU-bound (Wire: up to 64k allocations per server, far
  // beyond what 1 GbE carries). Count is computed from calling bandwidth in size.ts.
  restund: {
    seed: { count: 2, vcpu: 1, memoryGiB: 2, diskGiB: 10 },
    vcpuPer1k: 0,
    seedDataGiB: 0,
    dataPer1kGiB: 0,
    memoryPerVcpuGiB: 2,
    maxVcpuPerNode: 1,
    nodeSize: "fixed",
    maxDiskPerNodeGiB: 10,
    minCount: 2,
    layout: anyCount,
    dataShare: perNode,
    minNetworkGbps: 1,
    burstableAllowed: false,
    scaling: "max(2, ceil(calling Mbps / 1,000) + 1): one 1 GbE server of headroom",
    floor: "2 for HA",
  },
  // SFT: dedicated Kubernetes worker pool (label wire.com/role=sftd), one SFT pod per node
  // (hostNetwork). Wire: 1 vCPU per 50 concurrent participants. Computed in size.ts.
  sft: {
    seed: { count: 0, vcpu: 2, memoryGiB: 4, diskGiB: 40 },
    vcpuPer1k: 0,
    seedDataGiB: 0,
    dataPer1kGiB: 0,
    memoryPerVcpuGiB: 2,
    maxVcpuPerNode: 8,
    nodeSize: "fixed",
    maxDiskPerNodeGiB: 40,
    minCount: 0,
    layout: anyCount,
    dataShare: perNode,
    minNetworkGbps: 1,
    burstableAllowed: false,
    scaling: "1 vCPU per 50 concurrent participants (Wire's rule of thumb), 1 GbE per node",
    floor: "2 for HA once there is conference load",
  },
  // Admin host (runs the wire-server-deploy container: ansible/helm/kubectl) and asset host
  // (serves the offline artifact over HTTP): idle most of the time, so burstable t3 is fine.
  adminHost: {
    seed: { count: 1, vcpu: 1, memoryGiB: 4, diskGiB: 40 },
    vcpuPer1k: 0,
    seedDataGiB: 0,
    dataPer1kGiB: 0,
    memoryPerVcpuGiB: 4,
    maxVcpuPerNode: 1,
    nodeSize: "fixed",
    maxDiskPerNodeGiB: 40,
    minCount: 1,
    layout: anyCount,
    dataShare: perNode,
    minNetworkGbps: 0,
    burstableAllowed: true,
    scaling: "fixed at any size (deploy tooling, not on the request path)",
    floor: "1",
  },
  assetHost: {
    seed: { count: 1, vcpu: 1, memoryGiB: 4, diskGiB: 100 },
    vcpuPer1k: 0,
    seedDataGiB: 0,
    dataPer1kGiB: 0,
    memoryPerVcpuGiB: 4,
    maxVcpuPerNode: 1,
    nodeSize: "fixed",
    maxDiskPerNodeGiB: 100,
    minCount: 1,
    layout: anyCount,
    dataShare: perNode,
    minNetworkGbps: 0,
    burstableAllowed: true,
    scaling: "fixed at any size (serves the offline artifact, not on the request path)",
    floor: "1",
  },
  // Not in the seed's table (it predates them): floors from wire-server-deploy, growth our stated
  // assumption. Both are replica sets, not shards: every node holds all the data and the primary
  // (PostgreSQL) or each mirror (RabbitMQ) carries the whole load, so they grow VERTICALLY at fixed
  // count (size.ts sizeReplicaSet); the rates below are per node.
  // PostgreSQL (WSD offline/postgresql-cluster.md): PostgreSQL 17 + repmgr, 3 nodes (1 primary,
  // 2 standbys), at least 2 CPU cores, 2 GB RAM (shared_buffers 512 MB = 25 %), 50 GB disk (WAL keep
  // 2 GB + slots 3 GB) per node. Growth: galley/brig/background-worker tables and WAL, +0.25 vCPU per
  // node per 1,000 users (from the first: Wire's minimum is a floor stated without a user count, not a
  // figure for 2,000 users) over a base of 0.25 vCPU per node for PostgreSQL's own work (checkpointer,
  // WAL writer, autovacuum, two WAL senders, repmgrd): the floor's 2 vCPU carry 7,000 users. Data +5
  // GiB per node per 1,000 users beyond 2,000; memory 2 GiB per vCPU keeps the template's 25 %
  // shared_buffers ratio meaningful. Cap 16 vCPU, 4 TiB: beyond it a single primary is the limit.
  // Exactly 3 nodes, so it can only grow vertically: each step doubles the role (about 8 % of the
  // bill where it happens), at 7,000, 15,000 and 31,000 users, between the other roles' steps.
  postgresql: {
    seed: { count: 3, vcpu: 2, memoryGiB: 2, diskGiB: 50 },
    vcpuPer1k: 0.25,
    seedDataGiB: 50,
    dataPer1kGiB: 5,
    memoryPerVcpuGiB: 2,
    maxVcpuPerNode: 16,
    nodeSize: "the node cap",
    cpuFromZero: { baseVcpu: 0.25, why: "PostgreSQL's own work (checkpointer, WAL writer, autovacuum, two WAL senders, repmgrd) takes about 0.25 vCPU per node; Wire's 2-vCPU minimum is a floor stated without a user count" },
    maxDiskPerNodeGiB: 4096,
    minCount: 3,
    layout: { describe: "exactly 3 (one primary, two standbys: Wire's repmgr layout)", next: () => 3, valid: (n) => n === 3 },
    dataShare: () => 1,
    minNetworkGbps: 0,
    burstableAllowed: false,
    scaling: "0.25 vCPU per node + 0.25 vCPU per node per 1,000 users from the first, and 5 GiB per node per 1,000 users beyond 2,000 (each node holds all data; the primary takes every write)",
    floor: "Wire's repmgr cluster: 1 primary + 2 standbys of at least 2 vCPU / 2 GB / 50 GB (wire-server-deploy offline/postgresql-cluster.md)",
  },
  // RabbitMQ (WSD offline/rabbitmq_setup.md, ansible/rabbitmq.yml): a 3-node cluster; Wire states no
  // size, so the floor is ours: 2 vCPU (Erlang schedulers), 4 GiB (the default 0.4 memory watermark
  // leaves 1.6 GiB for queued notifications), 20 GiB (RabbitMQ's production checklist: free disk of
  // at least the RAM size). Wire's role mirrors every queue on exactly two nodes (enable_ha_queues.yml:
  // ha-mode exactly, ha-params 2), so queues spread over the nodes and the cluster may grow by whole
  // nodes: 0.75 vCPU per 1,000 users cluster-wide (the 0.25 per node of 3 nodes this rule used to
  // grow each node by) from the first user (the floor is ours, stated without a user count, so it
  // carries 7,667 users over a base of 0.25 vCPU for its own work), on nodes of the floor's 2 vCPU; +2 GiB disk per node per 1,000 users beyond
  // 2,000 (cannon/gundeck notification queues of offline clients; a node may hold every queue's
  // mirror). Cap 24 vCPU cluster-wide (what 3 nodes of 8 vCPU, the former cap, gave).
  rabbitmq: {
    seed: { count: 3, vcpu: 2, memoryGiB: 4, diskGiB: 20 },
    vcpuPer1k: 0.75,
    seedDataGiB: 20,
    dataPer1kGiB: 2,
    memoryPerVcpuGiB: 2,
    maxVcpuPerNode: 8,
    // Vertical first (up to 8 vCPU), not by whole 2-vCPU nodes: a type change restarts RabbitMQ one node at
    // a time (each queue lives on exactly two), so 3 nodes keep a rollout to 3 waves (bench/, rollout.ts);
    // with the whole bill priced its doublings stay under the 10 % step (tests/costCliffs.test.ts).
    nodeSize: "RabbitMQ restarts one node at a time in a rollout (each queue on exactly two nodes), so it keeps 3 nodes and grows them",
    cpuFromZero: { baseVcpu: 0.25, why: "the floor is ours, stated without a user count; RabbitMQ's own work (the Erlang VM, the management plugin's statistics) takes about 0.25 vCPU cluster-wide" },
    maxClusterVcpu: { vcpu: 24, why: "3 nodes of 8 vCPU, this rule's former cap: measure the queues before growing further" },
    maxDiskPerNodeGiB: 1024,
    minCount: 3,
    layout: { describe: "any count from 3 (Wire's rmq-cluster; each queue on exactly two nodes)", next: (n) => Math.max(3, n), valid: (n) => n >= 3 },
    dataShare: () => 1,
    minNetworkGbps: 0,
    burstableAllowed: false,
    scaling: "0.25 vCPU + 0.75 vCPU per 1,000 users from the first, cluster-wide (queues on exactly two nodes each, spread over the cluster), and 2 GiB per node per 1,000 users beyond 2,000",
    floor: "Wire's 3-node rmq-cluster (wire-server-deploy offline/rabbitmq_setup.md; no size given there, this floor is ours)",
  },
  // The compact layout's shared data node (sized by sizing/compact.ts from its services' shares, not by
  // these rates): the seed row is Wire's staging data node (offline/wiab-staging.md), for reports only.
  datanode: {
    seed: { count: 3, vcpu: 2, memoryGiB: 8, diskGiB: 80 },
    vcpuPer1k: 0,
    seedDataGiB: 0,
    dataPer1kGiB: 0,
    memoryPerVcpuGiB: 4,
    maxVcpuPerNode: 4,
    nodeSize: "the sum of its services' shares, up to the compact layout's cap",
    maxDiskPerNodeGiB: 16384,
    minCount: 3,
    layout: { describe: "exactly 3 (one per zone, Wire's staging.yml)", next: () => 3, valid: (n) => n === 3 },
    dataShare: () => 1,
    minNetworkGbps: 0,
    burstableAllowed: false,
    scaling: "the sum of its services' shares (sizing/compact.ts), vertically up to 4 vCPU",
    floor: "three nodes, one per zone: every service on them is a 3-way cluster",
  },
};

