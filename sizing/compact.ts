// The compact layout's shared data nodes (config/placement.ts): three nodes, one per zone, each running
// every data service placed on them, as Wire's staging.yml does (wire-server-deploy Release 5.32). A node
// carries the sum of its services' shares; each share is stated with its source below.
//
// Why three and no more: every service on them is a 3-way cluster (Cassandra RF 3, Elasticsearch's
// master quorum, MinIO's smallest erasure set, repmgr's primary and two standbys, the rmq-cluster), so a
// node per zone keeps each of them alive with any one node lost. The nodes are Wire's staging data node
// from the first user (COMPACT_FLOOR_VCPU); only their volumes grow. Past COMPACT_MAX_VCPU of shares
// `size` and `plan` refuse compact and name the reference layout. The Kubernetes nodes beside them are
// sized here too (compactKubernetes, at the end).
import type { DataService } from "../config/services";
import { DATA_SERVICE_RECORDS } from "../config/services";
import { formatNumber } from "./format";
import { ceilSafe } from "./pricing";
import { minioDataDrives, RULES } from "./rules";

/** Three data nodes, one per zone (staging.yml's datanode1..3). */
export const COMPACT_NODES = 3;
/**
 * Wire's staging data node has 8 GiB (offline/wiab-staging.md: datanodes 4 vCPU / 8 GiB / 100 GB) and
 * runs all five services in it; the memory budget below fits them into that, each pinned.
 */
export const COMPACT_MEMORY_GIB = 8;
/**
 * Wire's staging data node's 4 vCPU, taken as the floor: the five services' JVMs and servers share it
 * from the first user, and a fixed node size leaves no type change (and no cost step) inside the range
 * compact serves: from here to the cap only the volumes grow.
 */
export const COMPACT_FLOOR_VCPU = 4;
/**
 * The vertical cap. Past 4 vCPU per node the next step (8 vCPU) would cost more than the reference
 * layout's separate groups gain; more importantly, a customer that large wants the services in
 * failure domains of their own (Wire calls shared data nodes a staging layout).
 */
export const COMPACT_MAX_VCPU = 4;
/**
 * RabbitMQ's memory high watermark on a shared data node, absolute. RabbitMQ's default (0.4 of the
 * node's RAM) would let it take 3.2 GiB of the 8 GiB the five services share; our play
 * wire-backend-rabbitmq-memory.yml (outputs/plays/rabbitmqMemory.ts) pins it at this many GiB on the
 * data nodes only. Past it RabbitMQ blocks publishers instead of growing.
 */
export const RABBITMQ_WATERMARK_GIB = 1;
/** The same in bytes: what the play writes and what `vm_memory_monitor:get_memory_limit()` answers. */
export const RABBITMQ_WATERMARK_BYTES = RABBITMQ_WATERMARK_GIB * 2 ** 30;
/** What the OS, sshd, node exporter and the page cache keep for themselves on a shared node. */
const OS_SHARE = { vcpu: 0.25, memoryGiB: 1 };

export interface ServiceShare {
  service: DataService;
  vcpu: number;
  memoryGiB: number;
  /** The service's own data volume on each node. */
  diskGiB: number;
  why: string;
}

interface ShareRule {
  /** vCPU floor on a shared node, and growth per 1,000 users (per node). */
  vcpuFloor: number;
  vcpuPer1k: number;
  /** Memory the service is held to on an 8 GiB node, and how it is held there. */
  memoryGiB: number;
  memoryPin: string;
  /** Data volume floor and growth per 1,000 users (per node). */
  diskFloorGiB: number;
  diskPer1kGiB: number;
  dataBasis: string;
}

/**
 * Per-node rates: the reference layout's rates (sizing/rules.ts), cluster-wide ones divided over the three
 * nodes, per-node ones (PostgreSQL's vCPU and data, RabbitMQ's data: every node holds everything) as they are.
 */
export const SHARE_RULES: Record<DataService, ShareRule> = {
  cassandra: {
    vcpuFloor: 0.5,
    vcpuPer1k: RULES.cassandra.vcpuPer1k / COMPACT_NODES,
    memoryGiB: 2.5,
    memoryPin:
      "a 2 GiB heap, cassandra-env.sh's own choice on an 8 GiB node (max(min(RAM/2, 1 GiB), min(RAM/4, 8 GiB)); Wire's ansible-cassandra role leaves the heap to it) and 0.5 GiB off-heap",
    diskFloorGiB: 20,
    diskPer1kGiB: RULES.cassandra.dataPer1kGiB / COMPACT_NODES,
    dataBasis: "every node holds a replica (RF 3): 40 GiB per 1,000 users, as the reference layout assumes",
  },
  elasticsearch: {
    vcpuFloor: 0.25,
    vcpuPer1k: RULES.elasticsearch.vcpuPer1k / COMPACT_NODES,
    memoryGiB: 1.5,
    memoryPin: "Wire's elasticsearch.yml heap (es_heap_size: 1g, a play variable: the runbook passes no -e on compact nodes) and 0.5 GiB for the JVM",
    diskFloorGiB: 5,
    diskPer1kGiB: RULES.elasticsearch.dataPer1kGiB / COMPACT_NODES,
    dataBasis: "brig's user directory, 10 GiB per 1,000 users with its replicas, over 3 nodes",
  },
  minio: {
    vcpuFloor: 0.25,
    vcpuPer1k: RULES.minio.vcpuPer1k / COMPACT_NODES,
    memoryGiB: 1,
    memoryPin: "two MinIO servers per node (Wire's minio.yml: server1 and server2), 0.5 GiB each at this load",
    diskFloorGiB: 20,
    // Usable GiB per 1,000 users (the reference's rate) over 3 drives with parity 1: 2 data drives.
    diskPer1kGiB: RULES.minio.dataPer1kGiB / minioDataDrives(COMPACT_NODES),
    dataBasis: "400 GiB of users' files per 1,000 users (the reference layout's rate), on 3 drives with erasure parity 1 (2 hold data)",
  },
  postgresql: {
    vcpuFloor: 0.25,
    vcpuPer1k: RULES.postgresql.vcpuPer1k,
    memoryGiB: 1,
    memoryPin: "Wire's postgresql.conf.j2 fixes shared_buffers at 512 MB and max_connections at 100 with 512 kB work_mem",
    diskFloorGiB: 10,
    diskPer1kGiB: RULES.postgresql.dataPer1kGiB,
    dataBasis: "every node holds all data (primary and standbys): 5 GiB per 1,000 users as the reference assumes, and the WAL Wire keeps (wal_keep 2 GB + slots 3 GB)",
  },
  rabbitmq: {
    vcpuFloor: 0.25,
    vcpuPer1k: RULES.rabbitmq.vcpuPer1k / COMPACT_NODES,
    memoryGiB: RABBITMQ_WATERMARK_GIB,
    memoryPin: `the memory high watermark pinned at ${RABBITMQ_WATERMARK_GIB} GiB (absolute) by our wire-backend-rabbitmq-memory.yml, instead of RabbitMQ's default 40 % of the node's RAM`,
    diskFloorGiB: 5,
    diskPer1kGiB: RULES.rabbitmq.dataPer1kGiB,
    dataBasis: "queued notifications mirrored on two nodes: 2 GiB per 1,000 users, as the reference assumes",
  },
};

export interface CompactNeed {
  vcpu: number;
  memoryGiB: number;
  shares: ServiceShare[];
  /** The sum of the shares before rounding to a whole vCPU count. */
  exactVcpu: number;
  /** Set when the need is past COMPACT_MAX_VCPU: the layout cannot carry this many users. */
  overCap?: string;
  why: string;
}

/** Whole vCPU counts EC2 sells in the families we pick: 2, 4, 8, ... */
const nextTypeVcpu = (v: number) => Math.max(2, 2 ** Math.ceil(Math.log2(Math.max(v, 1))));

/** The shared data node for `users`, running `services` (placement's `datanodes`). */
export function compactNeed(users: number, services: readonly DataService[]): CompactNeed {
  const k = users / 1000;
  const shares: ServiceShare[] = services.map((service) => {
    const r = SHARE_RULES[service];
    const vcpu = Math.max(r.vcpuFloor, r.vcpuPer1k * k);
    const diskGiB = Math.max(r.diskFloorGiB, ceilSafe(r.diskPer1kGiB * k));
    const title = DATA_SERVICE_RECORDS[service].title;
    return {
      service,
      vcpu,
      memoryGiB: r.memoryGiB,
      diskGiB,
      why: `${title}: ${formatNumber(vcpu)} vCPU (floor ${r.vcpuFloor}, ${formatNumber(r.vcpuPer1k)} per 1,000 users), ${r.memoryGiB} GiB (${r.memoryPin}), ${diskGiB} GiB volume (${r.dataBasis})`,
    };
  });
  const exactVcpu = OS_SHARE.vcpu + shares.reduce((n, s) => n + s.vcpu, 0);
  const memory = OS_SHARE.memoryGiB + shares.reduce((n, s) => n + s.memoryGiB, 0);
  const wanted = Math.max(COMPACT_FLOOR_VCPU, nextTypeVcpu(exactVcpu));
  // Past the cap the layout is refused; the figures stay at the cap so that a type can still be named.
  const vcpu = Math.min(wanted, COMPACT_MAX_VCPU);
  const memoryGiB = Math.max(COMPACT_MEMORY_GIB, ceilSafe(memory));
  const overCap =
    wanted > COMPACT_MAX_VCPU
      ? `${formatNumber(users)} users need ${formatNumber(exactVcpu)} vCPU per shared data node, past the compact layout's cap of ${COMPACT_MAX_VCPU} vCPU; use wire-backend:layout: reference (a node group per service)`
      : undefined;
  const why =
    `${COMPACT_NODES} nodes of ${vcpu} vCPU / ${memoryGiB} GiB, one per zone, each running ${services.join(", ")} (Wire's staging.yml layout): ` +
    `${formatNumber(exactVcpu)} vCPU of shares (the OS ${OS_SHARE.vcpu}) within Wire's staging node of ${COMPACT_FLOOR_VCPU} vCPU (the floor), ` +
    `${formatNumber(memory)} GiB of pinned memory (the OS ${OS_SHARE.memoryGiB} GiB) within its ${COMPACT_MEMORY_GIB} GiB; ` +
    `past ${COMPACT_MAX_VCPU} vCPU of shares, the reference layout. ${shares.map((s) => s.why).join("; ")}`;
  return { vcpu, memoryGiB, shares, exactVcpu, ...(overCap ? { overCap } : {}), why };
}

/** The data volumes of one shared node: the services' own volumes, summed (for prices and reports). */
export function compactDiskGiB(shares: readonly ServiceShare[]): number {
  return shares.reduce((n, s) => n + s.diskGiB, 0);
}

/**
 * Kubernetes beside the shared data nodes. The reference layout keeps the seed's 6 vCPU per node as a
 * floor for any user count (Wire's table for 2,000 users); a compact customer has a few hundred users,
 * so its nodes are sized by the reference rule's need itself (sizing/rules.ts kubernetes.cpuFromZero:
 * the control plane's 2 vCPU per node, plus 2 vCPU per 1,000 users) on nodes of this size, growing by
 * whole nodes. Wire's charts' resource requests must still fit with one node lost: a contract test
 * renders them with real helm for each compact example and checks (tests/contract/kubeRequests.test.ts).
 */
export const COMPACT_KUBE_VCPU = 4;
/** The reference's 8 GiB : 6 vCPU gives 5.3 GiB at 4 vCPU; 8 GiB is the smallest type size above it. */
export const COMPACT_KUBE_MEMORY_GIB = 8;

export interface CompactKubernetes {
  count: number;
  vcpu: number;
  memoryGiB: number;
  why: string;
}

/** `needVcpu`: the reference rule's cluster-wide need at this many users, without the seed's floor (size.ts cpuRequirement). */
export function compactKubernetes(needVcpu: number): CompactKubernetes {
  const r = RULES.kubernetes;
  const count = Math.max(r.minCount, ceilSafe(needVcpu / COMPACT_KUBE_VCPU));
  const why =
    `${count} nodes of ${COMPACT_KUBE_VCPU} vCPU / ${COMPACT_KUBE_MEMORY_GIB} GiB (layout: compact): the need, not the seed's per-node floor of ${r.seed.vcpu} vCPU: ` +
    `${formatNumber(needVcpu)} vCPU cluster-wide (${r.scaling}) on nodes of ${COMPACT_KUBE_VCPU} vCPU, growing by whole nodes, ${r.minCount} at least (${r.floor}); ` +
    `memory ${COMPACT_KUBE_MEMORY_GIB} GiB, the type size above the reference's 8 GiB : 6 vCPU; Wire's charts' resource requests fit with one node lost (checked with real helm)`;
  return { count, vcpu: COMPACT_KUBE_VCPU, memoryGiB: COMPACT_KUBE_MEMORY_GIB, why };
}
