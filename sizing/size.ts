// users (+ conference load) -> nodes, node sizes, EC2 types and cost per role.
// The rules themselves are in rules.ts; this file applies them.
//
// Per-node vCPU = min(node size, ceil(total vCPU / floor count)) (never below the seed), and once a
// node reaches its size (rules.ts maxVcpuPerNode: for the roles that may add nodes, the size of the
// type the seed already buys) the count grows:
//   count = layout(max(floor, ceil(total vCPU / per-node vCPU), nodes the disk cap needs)).
// So count and per-node vCPU/memory never fall as users grow, and no step doubles a role that can add
// nodes instead (docs/sizing-growth.md). Per-node disk = ceil(data / data share of the count) CAN fall
// when the count jumps; EBS volumes never shrink, so existing nodes simply keep their larger volumes
// (harmless surplus).
import { formatProblem } from "../config/errors";
import { formatNumber } from "./format";
import { sizeCalling } from "./calling";
import { applyOverrides } from "./overrides";
import type { OverrideProblem } from "./overrides";
import { ceilSafe, chooseInstance, roleMonthlyUSD, withTotals } from "./pricing";
import { INSTANCE_TYPES, priceSource } from "./catalog";
import { COMMON_FAMILIES, isKnownRegion, REFERENCE_REGION, unknownRegionMessage } from "./regions";
import { REFERENCE_USERS, RULES } from "./rules";
import { compareVersions, DEFAULT_RELEASE, parseVersion, RELEASE_CHANGES } from "../config/releases";
import { CALLING_TIME_KEYS } from "../config/calling";
import { billInputs, validateBillInput } from "./bill";
import { ROLES } from "./types";
import type { AssetsBucketSizing, Role, RoleSizing, Sizing, SizingInput } from "./types";
import { DEFAULT_PLACEMENT, describePlacement, placementOf, servicesOn, type PlacementChoice, type PlacementMap } from "../config/placement";
import { DATA_SERVICE_RECORDS, isDataService } from "../config/services";
import { COMPACT_NODES, compactDiskGiB, compactKubernetes, compactNeed, type ServiceShare } from "./compact";


/** Re-exported here too: components read it from size.ts. */
export { ROOT_VOLUME_GIB_DATA_ROLES } from "./rules";

export class SizingInputError extends RangeError {}

/** Thrown by size() when input.overrides has problems (use applyOverrides to get them as data). */
export class OverrideError extends Error {
  constructor(readonly problems: OverrideProblem[]) {
    super(`stack overrides refused:\n${problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
  }
}

const fmt = (n: number) => formatNumber(n);
/** vCPU of the catalog's largest type: no node of a scaled role grows past it. */
const LARGEST_VCPU = Math.max(...INSTANCE_TYPES.map((i) => i.vcpu));
const shape = (count: number, v: number, m: number, d: number) =>
  `${count} node${count === 1 ? "" : "s"} of ${v} vCPU / ${fmt(m)} GiB / ${fmt(d)} GiB`;

/** Per-node requirement of one role, before the instance type is chosen. */
interface Requirement {
  count: number;
  vcpu: number;
  memoryGiB: number;
  diskGiB: number;
  why: string;
  shares?: ServiceShare[];
  /** The compact layout cannot carry this many users (sizing/compact.ts COMPACT_MAX_VCPU). */
  overCap?: string;
}

/** Cluster-wide vCPU a role needs at `users` (per node for PostgreSQL): the seed's row plus the rate
 * beyond 2,000 users, or, where the floor carries its own headroom (cpuFromZero), max(floor, base +
 * rate × users). `seedCarries`: the users the floor carries in the second case. */
export function cpuRequirement(role: Role, users: number, floorVcpu: number): { vcpu: number; seedCarries?: number } {
  const r = RULES[role];
  const fz = r.cpuFromZero;
  if (!fz) return { vcpu: floorVcpu + (r.vcpuPer1k * Math.max(0, users - REFERENCE_USERS)) / 1000 };
  return { vcpu: Math.max(floorVcpu, fz.baseVcpu + (r.vcpuPer1k * users) / 1000), seedCarries: Math.round(((floorVcpu - fz.baseVcpu) / r.vcpuPer1k) * 1000) };
}

/** cassandra, minio, elasticsearch, kubernetes, rabbitmq: the seed, grown at marginal rates. */
function sizeScaled(role: Role, users: number): Requirement {
  const r = RULES[role];
  const s = r.seed;
  const k = Math.max(0, users - REFERENCE_USERS) / 1000;
  const need = cpuRequirement(role, users, s.count * s.vcpu);
  const clusterCap = r.maxClusterVcpu && need.vcpu > r.maxClusterVcpu.vcpu ? r.maxClusterVcpu : undefined;
  const totalVcpu = clusterCap ? clusterCap.vcpu : need.vcpu;
  const totalData = r.seedDataGiB + r.dataPer1kGiB * k;
  let vcpu = Math.max(s.vcpu, Math.min(r.maxVcpuPerNode, ceilSafe(totalVcpu / s.count)));
  const byVcpu = ceilSafe(totalVcpu / vcpu);
  const dataPerNode = (n: number) => (totalData > 0 ? ceilSafe(totalData / r.dataShare(n)) : 0);
  let count = r.layout.next(Math.max(r.minCount, byVcpu));
  const countByCpu = count;
  // Only where more nodes share the data (not RabbitMQ: a node may hold every queue's mirror).
  const spreads = r.dataShare(count + 1) > r.dataShare(count);
  while (spreads && dataPerNode(count) > r.maxDiskPerNodeGiB) count = r.layout.next(count + 1);
  // Past the largest useful count more nodes add nothing: the nodes grow instead, beyond the cap.
  const useful = r.maxUsefulCount;
  const capped = useful !== undefined && count > useful.count;
  // Growing the nodes stops at the catalog's largest type: past it the count grows again (and the
  // why says what that takes, e.g. more shards of brig's index).
  let beyondUseful = false;
  if (capped) {
    count = useful.count;
    vcpu = Math.max(vcpu, ceilSafe(totalVcpu / count));
    if (vcpu > LARGEST_VCPU) {
      vcpu = LARGEST_VCPU;
      count = r.layout.next(ceilSafe(totalVcpu / vcpu));
      beyondUseful = true;
    }
  }
  // The data's share, not the seed's per-node disk: the seed's disk IS its data at 2,000 users (Cassandra
  // 240 GiB / 3, MinIO 800 usable / 2 data drives, Elasticsearch 180 / 3, RabbitMQ 20), so nodes added
  // hold their share instead of the seed's whole figure again.
  const diskGiB = totalData > 0 ? Math.min(Math.max(dataPerNode(count), 1), spreads ? Infinity : r.maxDiskPerNodeGiB) : s.diskGiB;
  const memoryGiB = Math.max(s.memoryGiB, ceilSafe(vcpu * r.memoryPerVcpuGiB));

  const head = shape(count, vcpu, memoryGiB, diskGiB);
  let why: string;
  if (beyondUseful) {
    why = `${head}: ${fmt(totalVcpu)} vCPU needed (${r.scaling}) exceeds ${useful!.count} nodes of the largest type (${LARGEST_VCPU} vCPU), the most that add capacity as Wire ships it (${useful!.why}): raise the shard count before adding nodes`;
  } else if (capped) {
    why = `${head}: ${fmt(totalVcpu)} vCPU needed (${r.scaling}) over ${count} nodes, the most that add capacity: ${useful!.why}; so the nodes grow past the ${r.maxVcpuPerNode}-vCPU cap`;
  } else if (users <= REFERENCE_USERS) {
    why = `${head}: Wire's reference for 2,000 users, used as the floor (${r.floor})`;
  } else {
    const headroom =
      need.seedCarries !== undefined
        ? `; the floor carries its own headroom, ${fmt(need.seedCarries)} users (${r.cpuFromZero!.why})`
        : "";
    const cpu = `${fmt(totalVcpu)} vCPU needed (${r.scaling}${headroom})${clusterCap ? `, capped at ${fmt(clusterCap.vcpu)} vCPU cluster-wide (${fmt(need.vcpu)} wanted): ${clusterCap.why}` : ""}`;
    if (count > countByCpu) {
      why = `${head}: ${fmt(totalData)} GiB of data needs ${count} nodes at the ${fmt(r.maxDiskPerNodeGiB)} GiB-per-node cap (${r.layout.describe}); ${cpu}`;
    } else if (byVcpu > r.minCount) {
      const rounded = count > byVcpu ? `, rounded up to ${r.layout.describe}` : "";
      why = `${head}: ${cpu} = ${byVcpu} nodes of ${r.maxVcpuPerNode} vCPU (${r.nodeSize})${rounded}`;
    } else {
      why = `${head}: ${cpu}; nodes grow up to ${r.maxVcpuPerNode} vCPU before the count does (${r.nodeSize}), and ${r.minCount} is the floor (${r.floor})`;
    }
  }
  if (users > REFERENCE_USERS && totalData > 0) why += `; ${fmt(totalData)} GiB of data ${spreads ? "cluster-wide" : "per node"}`;
  return { count, vcpu, memoryGiB, diskGiB, why };
}

/** PostgreSQL: a replica set (every node holds all data, the primary carries the whole write load,
 * a standby must be able to take over), so it grows vertically at its fixed count, up to the node cap. */
function sizeReplicaSet(role: "postgresql", users: number): Requirement {
  const r = RULES[role];
  const s = r.seed;
  const k = Math.max(0, users - REFERENCE_USERS) / 1000;
  const need = cpuRequirement(role, users, s.vcpu);
  const wanted = ceilSafe(need.vcpu);
  const vcpu = Math.max(s.vcpu, Math.min(r.maxVcpuPerNode, wanted));
  // At the floor Wire's own figure; once a node grows, memory per vCPU.
  const memoryGiB = vcpu === s.vcpu ? s.memoryGiB : Math.max(s.memoryGiB, ceilSafe(vcpu * r.memoryPerVcpuGiB));
  const diskGiB = Math.min(r.maxDiskPerNodeGiB, Math.max(s.diskGiB, ceilSafe(r.seedDataGiB + r.dataPer1kGiB * k)));
  const count = r.layout.next(r.minCount);
  const head = shape(count, vcpu, memoryGiB, diskGiB);
  if (users <= REFERENCE_USERS) return { count, vcpu, memoryGiB, diskGiB, why: `${head}: the floor, ${r.floor}` };
  const capped = wanted > r.maxVcpuPerNode ? `; at the ${r.maxVcpuPerNode}-vCPU node cap (${fmt(wanted)} wanted): one primary is the limit, measure before growing further` : "";
  const headroom = need.seedCarries !== undefined ? `; the floor carries its own headroom, ${fmt(need.seedCarries)} users (${r.cpuFromZero!.why})` : "";
  return { count, vcpu, memoryGiB, diskGiB, why: `${head}: ${fmt(need.vcpu)} vCPU per node needed (${r.scaling}${headroom}), at ${r.layout.describe}${capped}` };
}

/** The release change that brings a data service, from its record (config/services.ts); none for the others. */
function releaseChangeOf(role: Role) {
  const id = isDataService(role) ? DATA_SERVICE_RECORDS[role].releaseChange : undefined;
  return id === undefined ? undefined : RELEASE_CHANGES.find((c) => c.id === id);
}

/** Whether wire-server `version` needs `role` at all. */
export function roleNeeded(role: Role, version: string): boolean {
  const change = releaseChangeOf(role);
  return change === undefined || compareVersions(version, change.since) >= 0;
}

function notNeeded(role: Role, version: string): Requirement {
  const s = RULES[role].seed;
  const change = releaseChangeOf(role);
  return {
    ...s,
    count: 0,
    why: `not built: wire-server ${version} does not need it (from ${change?.since ?? "a later release"}: ${change?.summary ?? role}); one node would be ${s.vcpu} vCPU / ${s.memoryGiB} GiB / ${s.diskGiB} GiB`,
  };
}

function sizeFixed(role: Role): Requirement {
  const s = RULES[role].seed;
  return { ...s, why: `${shape(s.count, s.vcpu, s.memoryGiB, s.diskGiB)}: Wire's reference, ${RULES[role].scaling}; burstable t3 allowed` };
}

/** A data service placed elsewhere than on nodes of its own (config/placement.ts): no nodes of its role. */
function placedElsewhere(role: Role, placement: PlacementMap): Requirement | undefined {
  if (!isDataService(role) || placement[role] === "nodes") return undefined;
  const s = RULES[role].seed;
  return { ...s, count: 0, why: `not built as a role: runs on ${describePlacement(placement[role])}` };
}

/** The compact layout's shared data nodes, carrying every service placed on them that the release needs. */
function sizeDatanodes(input: SizingInput, placement: PlacementMap, version: string): Requirement {
  const services = servicesOn(placement, "datanodes").filter((s) => roleNeeded(s, version));
  const s = RULES.datanode.seed;
  if (services.length === 0) return { ...s, count: 0, why: "not built: the reference layout gives every data service nodes of its own (wire-backend:layout: compact shares three)" };
  const need = compactNeed(input.users, services);
  return { count: COMPACT_NODES, vcpu: need.vcpu, memoryGiB: need.memoryGiB, diskGiB: compactDiskGiB(need.shares), shares: need.shares, why: need.why, ...(need.overCap ? { overCap: need.overCap } : {}) };
}

/** Kubernetes beside the compact layout's data nodes: its need, on smaller nodes (sizing/compact.ts). */
function sizeCompactKubernetes(users: number): Requirement {
  const k = compactKubernetes(cpuRequirement("kubernetes", users, 0).vcpu);
  return { count: k.count, vcpu: k.vcpu, memoryGiB: k.memoryGiB, diskGiB: RULES.kubernetes.seed.diskGiB, why: k.why };
}

function requirement(role: Exclude<Role, "restund" | "sft">, input: SizingInput, placement: PlacementMap): Requirement {
  const version = input.wireVersion ?? DEFAULT_RELEASE;
  if (role === "datanode") return sizeDatanodes(input, placement, version);
  if (!roleNeeded(role, version)) return notNeeded(role, version);
  const elsewhere = placedElsewhere(role, placement);
  if (elsewhere) return elsewhere;
  switch (role) {
    case "postgresql":
      return sizeReplicaSet(role, input.users);
    case "adminHost":
    case "assetHost":
      return sizeFixed(role);
    case "kubernetes":
      // Beside shared data nodes (the compact layout), by need; beside node groups, from the seed's floor.
      return servicesOn(placement, "datanodes").length > 0 ? sizeCompactKubernetes(input.users) : sizeScaled(role, input.users);
    default:
      return sizeScaled(role, input.users);
  }
}

export function validateSizingInput(input: SizingInput): void {
  const bad = (m: string) => new SizingInputError(m);
  if (!Number.isInteger(input.users) || input.users < 1) throw bad(`users: ${input.users} is not an integer >= 1`);
  // A region without prices still sizes (costs unknown): only a region AWS does not have is refused.
  if (!isKnownRegion(input.region)) throw bad(`region: "${input.region}" ${unknownRegionMessage(input.region)}`);
  if (input.wireVersion !== undefined && !parseVersion(input.wireVersion)) throw bad(`wireVersion: "${input.wireVersion}" is not a release version x.y.z`);
  const c = input.conferences;
  if (c) {
    if (!Number.isInteger(c.concurrent) || c.concurrent < 0) throw bad(`conferences.concurrent: ${c.concurrent} is not an integer >= 0`);
    if (c.concurrent > 0 && (!Number.isInteger(c.participants) || c.participants < 2)) {
      throw bad(`conferences.participants: ${c.participants} is not an integer >= 2`);
    }
  }
  for (const [k, v] of Object.entries(input.calling ?? {})) {
    if (v === undefined) continue;
    const timeMax = CALLING_TIME_KEYS[k as keyof typeof CALLING_TIME_KEYS];
    if (timeMax !== undefined) {
      if (!(typeof v === "number" && v > 0 && v <= timeMax)) throw bad(`calling.${k}: ${v} is not a number above 0 and at most ${timeMax}`);
      continue;
    }
    const share = k !== "audioLegKbps" && k !== "videoLegKbps";
    const ok = typeof v === "number" && Number.isFinite(v) && (share ? v >= 0 && v <= 1 && (k !== "headroom" || v > 0) : v > 0);
    if (!ok) throw bad(`calling.${k}: ${v} is not ${share ? "a share from 0 to 1" : "a bitrate > 0 kbps"}`);
  }
  validateBillInput(input, bad);
}

/** The sizing for `input`. With input.overrides, they are applied and any problem throws an
 * OverrideError (call applyOverrides yourself to get the problems as data). */
export function size(input: SizingInput): Sizing {
  validateSizingInput(input);
  // TURN and SFT: the calling model chooses count and type together (sizing/calling.ts).
  const { model: calling, restund, sft } = sizeCalling(input.users, input.conferences, input.calling, input.region);
  const roles = { restund, sft } as Record<Role, RoleSizing>;
  const placement = placementOf(input.placement);
  let overCap: string | undefined;
  for (const role of ROLES) {
    if (role === "restund" || role === "sft") continue;
    const req = requirement(role, input, placement);
    if (req.overCap) overCap = req.overCap;
    const rule = RULES[role];
    const { instanceType, instance, note } = chooseInstance(
      { vcpu: req.vcpu, memoryGiB: req.memoryGiB, networkGbps: rule.minNetworkGbps },
      input.region,
      rule.burstableAllowed,
    );
    roles[role] = {
      count: req.count,
      vcpu: req.vcpu,
      memoryGiB: req.memoryGiB,
      diskGiB: req.diskGiB,
      instanceType,
      instance,
      monthlyUSD: roleMonthlyUSD(role, req.count, instance.hourlyUSD, req.diskGiB, input.region),
      why: note ? `${req.why}; ${note}` : `${req.why}; ${instanceType} is the cheapest fit in ${input.region}`,
      ...(req.shares ? { shares: req.shares } : {}),
    };
  }
  const assetsBucket = placement.minio === "s3" ? sizeAssetsBucket(input.users) : undefined;
  const prices = priceSource(input.region);
  const sizing = withTotals({
    users: input.users,
    region: input.region,
    prices,
    ...(overCap ? { layoutRefusal: overCap } : {}),
    ...(prices.known ? {} : { warnings: [`${input.region} has no price table: costs are unknown (shown as "unknown"; null in JSON); instance types are the cheapest fits at ${REFERENCE_REGION} prices among ${COMMON_FAMILIES.join(", ")}, assumed offered there. Run npm run catalog:update with the region's offer file to price it.`] }),
    conferences: input.conferences ?? { concurrent: 0, participants: 0, video: true },
    roles: Object.fromEntries(ROLES.map((r) => [r, roles[r]])) as Record<Role, RoleSizing>,
    calling,
    placement,
    ...(assetsBucket ? { assetsBucket } : {}),
    bill: billInputs(input),
  });
  if (!input.overrides || Object.keys(input.overrides).length === 0) return withLayoutComparison(sizing, input);
  const { sizing: overridden, problems } = applyOverrides(sizing, input.overrides, input.region);
  if (problems.length > 0) throw new OverrideError(problems);
  return withLayoutComparison(overridden, input);
}

/** What the compact layout gives up, in the words reports use (docs/placement.md says more). */
export const COMPACT_TRADE_OFF =
  "the five data services share a failure domain per node (losing a node takes a member of every cluster at once; a second loss takes the quorum of all five), " +
  "they compete for the node's CPU, memory and disk I/O, and Wire calls shared data nodes a staging layout (wire-server-deploy offline/wiab-staging.md)";

/**
 * The same stack in the other layout, when that layout can carry it: `size` and `plan` show both
 * figures (compact past its cap has none). Sized without the stack's overrides, which name roles of
 * one layout only.
 */
function withLayoutComparison(sizing: Sizing, input: SizingInput): Sizing {
  if (input.compareLayouts !== true) return sizing;
  const current = input.placement ?? DEFAULT_PLACEMENT;
  const other: PlacementChoice = { ...current, layout: current.layout === "compact" ? "reference" : "compact" };
  const alt = size({ ...input, overrides: undefined, placement: other, compareLayouts: undefined });
  if (alt.layoutRefusal) return sizing;
  return {
    ...sizing,
    layoutComparison: { layout: other.layout, monthlyCostUSD: alt.monthlyCostUSD, instances: alt.totals.cluster.instances, tradeOff: COMPACT_TRADE_OFF },
  };
}

/**
 * assets: s3. The bucket holds what MinIO's sizing assumes users store (400 GiB per 1,000 users,
 * sizing/rules.ts), but S3 bills what is stored, not a provisioned floor, and keeps it durable
 * without erasure parity or spare drives.
 */
function sizeAssetsBucket(users: number): AssetsBucketSizing {
  const dataGiB = ceilSafe((RULES.minio.dataPer1kGiB * users) / 1000);
  return {
    dataGiB,
    why: `${fmt(dataGiB)} GiB of users' files (${fmt(RULES.minio.dataPer1kGiB)} GiB per 1,000 users, the rate MinIO is sized by) in S3 Standard, billed as stored; noncurrent versions (kept backup.retentionDays) and requests not counted: deletions are rare and requests cost a few per cent of storage (docs/costs.md)`,
  };
}
