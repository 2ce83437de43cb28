// users (+ conference load) -> nodes, node sizes, EC2 types and cost per role.
// The rules themselves are in rules.ts; this file applies them.
//
// Vertical before horizontal: per-node vCPU = min(cap, ceil(total vCPU / floor count)) (never
// below the seed), and only once a node hits its cap does the count grow:
//   count = layout(max(floor, ceil(total vCPU / per-node vCPU), nodes the disk cap needs)).
// So count and per-node vCPU/memory never fall as users grow. Per-node disk =
// max(seed, ceil(data / count)) CAN fall when the count jumps; EBS volumes never shrink, so
// existing nodes simply keep their larger volumes (harmless surplus).
import { formatNumber } from "./format";
import { callingBandwidth, hasConferenceLoad } from "./bandwidth";
import { isSupportedRegion, SUPPORTED_REGIONS } from "./catalog";
import { applyOverrides } from "./overrides";
import type { OverrideProblem } from "./overrides";
import { ceilSafe, chooseInstance, roleMonthlyUSD, withTotals } from "./pricing";
import { REFERENCE_USERS, RULES } from "./rules";
import { DEFAULT_RELEASE, parseVersion, RELEASE_CHANGES, releaseFeatures } from "../config/releases";
import { ROLES } from "./types";
import type { CallingBandwidth, ConferenceLoad, Role, RoleSizing, Sizing, SizingInput } from "./types";

/** Re-exported here too: components read it from size.ts. */
export { ROOT_VOLUME_GIB_DATA_ROLES } from "./rules";

export class SizingInputError extends RangeError {}

/** Thrown by size() when input.overrides has problems (use applyOverrides to get them as data). */
export class OverrideError extends Error {
  constructor(readonly problems: OverrideProblem[]) {
    super(`stack overrides refused:\n${problems.map((p) => `  ${p.key}: ${p.message}`).join("\n")}`);
  }
}

const fmt = (n: number) => formatNumber(n);
const shape = (count: number, v: number, m: number, d: number) =>
  `${count} node${count === 1 ? "" : "s"} of ${v} vCPU / ${fmt(m)} GiB / ${fmt(d)} GiB`;

/** Per-node requirement of one role, before the instance type is chosen. */
interface Requirement {
  count: number;
  vcpu: number;
  memoryGiB: number;
  diskGiB: number;
  why: string;
}

/** cassandra, minio, elasticsearch, kubernetes: the seed, grown at marginal rates. */
function sizeScaled(role: Role, users: number): Requirement {
  const r = RULES[role];
  const s = r.seed;
  const k = Math.max(0, users - REFERENCE_USERS) / 1000;
  const totalVcpu = s.count * s.vcpu + r.vcpuPer1k * k;
  const totalData = r.seedDataGiB + r.dataPer1kGiB * k;
  const vcpu = Math.max(s.vcpu, Math.min(r.maxVcpuPerNode, ceilSafe(totalVcpu / s.count)));
  const byVcpu = ceilSafe(totalVcpu / vcpu);
  const need = Math.max(r.minCount, byVcpu);
  const dataPerNode = (n: number) => (totalData > 0 ? ceilSafe(totalData / r.dataShare(n)) : 0);
  let count = r.layout.next(need);
  const countByCpu = count;
  while (dataPerNode(count) > r.maxDiskPerNodeGiB) count = r.layout.next(count + 1);
  const diskGiB = Math.max(s.diskGiB, dataPerNode(count));
  const memoryGiB = Math.max(s.memoryGiB, ceilSafe(vcpu * r.memoryPerVcpuGiB));

  const head = shape(count, vcpu, memoryGiB, diskGiB);
  let why: string;
  if (users <= REFERENCE_USERS) {
    why = `${head}: Wire's reference for 2,000 users, used as the floor (${r.floor})`;
  } else {
    const cpu = `${fmt(totalVcpu)} vCPU needed (${r.scaling})`;
    if (count > countByCpu) {
      why = `${head}: ${fmt(totalData)} GiB of data needs ${count} nodes at the ${fmt(r.maxDiskPerNodeGiB)} GiB-per-node cap (${r.layout.describe}); ${cpu}`;
    } else if (byVcpu > r.minCount) {
      const rounded = count > byVcpu ? `, rounded up to ${r.layout.describe}` : "";
      why = `${head}: ${cpu} = ${byVcpu} nodes at the ${r.maxVcpuPerNode}-vCPU node cap${rounded}`;
    } else {
      why = `${head}: ${cpu}; nodes grow before the count does, and ${r.minCount} is the floor (${r.floor})`;
    }
    if (totalData > 0) why += `; ${fmt(totalData)} GiB of data cluster-wide`;
  }
  return { count, vcpu, memoryGiB, diskGiB, why };
}

/** TURN: bandwidth-bound. One 1 GbE server per 1,000 Mbps plus one of headroom, at least 2. */
function sizeRestund(calling: CallingBandwidth): Requirement {
  const s = RULES.restund.seed;
  const byBandwidth = ceilSafe(calling.totalMbps / calling.perServerMbps);
  const count = Math.max(s.count, byBandwidth + 1);
  const head = shape(count, s.vcpu, s.memoryGiB, s.diskGiB);
  const tail =
    `each needs >= 1 Gbps BASELINE network (Wire's 1 GbE floor for conferencing servers); ` +
    `Wire's limit of 64k allocations per server is far above what 1 GbE carries, so bandwidth binds`;
  const why =
    calling.totalMbps === 0
      ? `${head}: Wire's reference (floor, HA); no conference load declared; ${tail}`
      : `${head}: max(2, ceil(${fmt(calling.totalMbps)} Mbps / ${fmt(calling.perServerMbps)} Mbps per server) + 1 spare) = ${count}; ${tail}`;
  return { ...s, count, why };
}

/** SFT: dedicated worker pool, one pod per node (hostNetwork). 0 nodes without declared load. */
function sizeSft(load: ConferenceLoad | undefined, calling: CallingBandwidth): Requirement {
  const s = RULES.sft.seed;
  if (!hasConferenceLoad(load)) {
    return {
      ...s,
      count: 0,
      why:
        `not sized: no conference load declared (declare conferences: concurrent and participants ` +
        `to get conference capacity); one SFT node would be ${s.vcpu} vCPU / ${s.memoryGiB} GiB with >= 1 Gbps baseline`,
    };
  }
  const participants = load.concurrent * load.participants;
  const totalVcpu = ceilSafe(participants / 50);
  const vcpu = Math.min(RULES.sft.maxVcpuPerNode, Math.max(2, totalVcpu));
  const byCpu = ceilSafe(totalVcpu / vcpu);
  const byBandwidth = ceilSafe(calling.totalMbps / calling.perServerMbps);
  const count = Math.max(2, byCpu, byBandwidth);
  const memoryGiB = vcpu * RULES.sft.memoryPerVcpuGiB;
  const binding =
    byBandwidth > 2 && byBandwidth >= byCpu
      ? `bandwidth binds: ${fmt(calling.totalMbps)} Mbps / ${fmt(calling.perServerMbps)} Mbps per node`
      : byCpu > 2
        ? `CPU binds at the ${RULES.sft.maxVcpuPerNode}-vCPU node cap`
        : `2 nodes is the HA floor`;
  return {
    count,
    vcpu,
    memoryGiB,
    diskGiB: s.diskGiB,
    why:
      `${shape(count, vcpu, memoryGiB, s.diskGiB)}: ${fmt(load.concurrent)} conferences × ${load.participants} ` +
      `participants = ${fmt(participants)} at 1 vCPU per 50 (Wire) = ${fmt(totalVcpu)} vCPU; ${binding}; ` +
      `one SFT pod per node (hostNetwork), nodes labelled wire.com/role=sftd, >= 1 Gbps baseline each`,
  };
}

/** PostgreSQL, RabbitMQ: replica sets (every node holds all data, the primary or each queue mirror
 * carries the whole load), so they grow vertically at a fixed count, up to the node cap. */
function sizeReplicaSet(role: "postgresql" | "rabbitmq", users: number): Requirement {
  const r = RULES[role];
  const s = r.seed;
  const k = Math.max(0, users - REFERENCE_USERS) / 1000;
  const wanted = ceilSafe(s.vcpu + r.vcpuPer1k * k);
  const vcpu = Math.max(s.vcpu, Math.min(r.maxVcpuPerNode, wanted));
  // At the floor Wire's own figure; once a node grows, memory per vCPU.
  const memoryGiB = vcpu === s.vcpu ? s.memoryGiB : Math.max(s.memoryGiB, ceilSafe(vcpu * r.memoryPerVcpuGiB));
  const diskGiB = Math.min(r.maxDiskPerNodeGiB, Math.max(s.diskGiB, ceilSafe(r.seedDataGiB + r.dataPer1kGiB * k)));
  const count = r.layout.next(r.minCount);
  const head = shape(count, vcpu, memoryGiB, diskGiB);
  if (users <= REFERENCE_USERS) return { count, vcpu, memoryGiB, diskGiB, why: `${head}: the floor, ${r.floor}` };
  const capped = wanted > r.maxVcpuPerNode ? `; at the ${r.maxVcpuPerNode}-vCPU node cap (${fmt(wanted)} wanted): one primary/mirror is the limit, measure before growing further` : "";
  return { count, vcpu, memoryGiB, diskGiB, why: `${head}: ${r.scaling}, at ${r.layout.describe}${capped}` };
}

/** The release change that brings a role, for roles not every release needs (config/releases.ts). */
const RELEASE_CHANGE_OF: Partial<Record<Role, string>> = { rabbitmq: "5.8-rabbitmq", postgresql: "5.20-postgresql" };

/** Whether wire-server `version` needs `role` at all. */
export function roleNeeded(role: Role, version: string): boolean {
  const f = releaseFeatures(version);
  if (role === "rabbitmq") return f.rabbitmq;
  if (role === "postgresql") return f.postgresql;
  return true;
}

function notNeeded(role: Role, version: string): Requirement {
  const s = RULES[role].seed;
  const change = RELEASE_CHANGES.find((c) => c.id === RELEASE_CHANGE_OF[role]);
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

function requirement(role: Role, input: SizingInput, calling: CallingBandwidth): Requirement {
  const version = input.wireVersion ?? DEFAULT_RELEASE;
  if (!roleNeeded(role, version)) return notNeeded(role, version);
  switch (role) {
    case "postgresql":
    case "rabbitmq":
      return sizeReplicaSet(role, input.users);
    case "restund":
      return sizeRestund(calling);
    case "sft":
      return sizeSft(input.conferences, calling);
    case "adminHost":
    case "assetHost":
      return sizeFixed(role);
    default:
      return sizeScaled(role, input.users);
  }
}

export function validateSizingInput(input: SizingInput): void {
  const bad = (m: string) => new SizingInputError(m);
  if (!Number.isInteger(input.users) || input.users < 1) throw bad(`users: ${input.users} is not an integer >= 1`);
  if (!isSupportedRegion(input.region)) {
    throw bad(`region: "${input.region}" is not supported (${SUPPORTED_REGIONS.join(", ")})`);
  }
  if (input.wireVersion !== undefined && !parseVersion(input.wireVersion)) throw bad(`wireVersion: "${input.wireVersion}" is not a release version x.y.z`);
  const c = input.conferences;
  if (c) {
    if (!Number.isInteger(c.concurrent) || c.concurrent < 0) throw bad(`conferences.concurrent: ${c.concurrent} is not an integer >= 0`);
    if (c.concurrent > 0 && (!Number.isInteger(c.participants) || c.participants < 2)) {
      throw bad(`conferences.participants: ${c.participants} is not an integer >= 2`);
    }
  }
}

/** The sizing for `input`. With input.overrides, they are applied and any problem throws an
 * OverrideError (call applyOverrides yourself to get the problems as data). */
export function size(input: SizingInput): Sizing {
  validateSizingInput(input);
  const calling = callingBandwidth(input.conferences);
  const roles = {} as Record<Role, RoleSizing>;
  for (const role of ROLES) {
    const req = requirement(role, input, calling);
    const rule = RULES[role];
    const { instanceType, instance } = chooseInstance(
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
      why: `${req.why}; ${instanceType} is the cheapest fit in ${input.region}`,
    };
  }
  const sizing = withTotals({
    users: input.users,
    region: input.region,
    conferences: input.conferences ?? { concurrent: 0, participants: 0, video: true },
    roles,
    calling,
  });
  if (!input.overrides || Object.keys(input.overrides).length === 0) return sizing;
  const { sizing: overridden, problems } = applyOverrides(sizing, input.overrides, input.region);
  if (problems.length > 0) throw new OverrideError(problems);
  return overridden;
}
