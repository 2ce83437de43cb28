// The calling model: how much TURN and SFT a deployment needs, from users (one-to-one calls) and the
// declared conference load, and which EC2 type carries it cheapest. Pure: no Pulumi, no I/O.
//
// Every assumption is a number below, with where it comes from; the stack file overrides each one
// under `calling` (config/schema.ts). Conference bandwidth per participant is the seed's rules,
// unchanged (bandwidth.ts); this file only decides who carries it.
import { byCodePoint, formatNumber } from "./format";
import { callingBandwidth, hasConferenceLoad, PER_SERVER_MBPS } from "./bandwidth";
import { hasPriceTable, instancesIn } from "./catalog";
import { REFERENCE_REGION } from "./regions";
import { ceilSafe, chooseInstance, referencePickNote, roleMonthlyUSD, roundCents } from "./pricing";
import { RULES } from "./rules";
import type { CallingBandwidth, ConferenceLoad, RoleSizing } from "./types";
import { CALLING_DEFAULTS } from "../config/calling";
import type { CallingAssumptions } from "../config/calling";

// The assumptions, their defaults and sources live in config/calling.ts (the stack file's `calling`
// map is generated from them); re-exported here for the sizing's users.
export { CALLING_DEFAULTS, CALLING_SOURCES } from "../config/calling";
export type { CallingAssumptions } from "../config/calling";

/** Wire (docs, understand/restund.md): "up to 64000 allocations per server". */
export const TURN_ALLOCATIONS_PER_SERVER = 64_000;
/** Wire (understand/sft.md): one vCPU per 50 concurrent participants. */
export const SFT_PARTICIPANTS_PER_VCPU = 50;
/** One server per calling role may fail (or be replaced) while the rest carry the peak. */
export const SPARE_SERVERS = 1;
/** Two servers at least per calling pool: HA. */
const MIN_SERVERS = 2;

/** Where sftd runs: a sized pool of dedicated nodes, Wire's reference layout inside the Kubernetes
 * cluster (reached through TURN), or nowhere (`conferences: {concurrent: 0}`). */
export type SftPlacement = "pool" | "cluster" | "none";

/** One calling role as modelled: demand, what one server carries, how many, and what bound them. */
export interface CallingRoleModel {
  /** Peak bandwidth the role carries, ingress + egress. */
  demandMbps: number;
  instanceType: string;
  baselineGbps: number;
  /** baselineGbps × 1000 × headroom. */
  usableMbpsPerServer: number;
  servers: number;
  spare: number;
  /** Bandwidth per server with one server down: within usableMbpsPerServer. */
  loadPerServerMbps: number;
  /** The limit that set the count: "bandwidth", "allocations", "CPU", "CPU and bandwidth", "HA floor". */
  bound: string;
  monthlyUSD: number;
}

export interface TurnModel extends CallingRoleModel {
  allocations: number;
  allocationsPerServer: number;
}

export interface SftModel extends CallingRoleModel {
  placement: SftPlacement;
  /** Participants / 50. */
  vcpuDemand: number;
  /** Conferences one server holds (a conference lives on one SFT). */
  conferencesPerServer: number;
}

export interface CallingModel extends CallingBandwidth {
  assumptions: CallingAssumptions;
  oneToOne: {
    usersInCalls: number;
    relayedLegs: number;
    /** Mean bitrate of a leg, each direction (video share × video + rest × audio). */
    legKbps: number;
    /** A relayed leg: both directions in and out of TURN = 4 × legKbps. */
    turnMbps: number;
  };
  conferences: {
    /** Peak concurrent conferences and participants each (0 without a pool). */
    concurrent: number;
    participantsPerConference: number;
    /** concurrent × participantsPerConference. */
    participants: number;
    relayedParticipants: number;
    /** Relayed participants' SFT bandwidth, twice: TURN receives and sends each stream. */
    turnMbps: number;
    /** The seed's bandwidth for one conference, at the SFT. */
    perConferenceMbps: number;
  };
  turn: TurnModel;
  sft: SftModel;
}

const fmt = (n: number) => formatNumber(n);
const pct = (share: number) => `${formatNumber(share * 100)} %`;

/** The defaults with the stack file's overrides. */
export function callingAssumptions(over: Partial<CallingAssumptions> = {}): CallingAssumptions {
  const a = { ...CALLING_DEFAULTS };
  for (const k of Object.keys(a) as (keyof CallingAssumptions)[]) if (typeof over[k] === "number") a[k] = over[k]!;
  return a;
}

export function sftPlacement(load: ConferenceLoad | undefined): SftPlacement {
  if (!load) return "cluster";
  return hasConferenceLoad(load) ? "pool" : "none";
}

interface Candidate {
  type: string;
  vcpu: number;
  memoryGiB: number;
  networkGbps: number;
  hourlyUSD: number;
  count: number;
  monthlyUSD: number;
  /** The cost candidates are ranked by: monthlyUSD, or at the reference region's prices where the
   * region has none (monthlyUSD is then NaN, and NaN does not sort). */
  rankUSD: number;
  /** What the pool carries with one server down, in the role's unit (Mbps, conferences). */
  capacity: number;
}

/** Cheapest for the whole pool (spare included); equal cost -> more capacity, then fewer vCPU, then name.
 * Preferring capacity on a tie keeps capacity from falling as demand grows. */
function cheapest(cands: Candidate[], role: string, region: string): Candidate {
  cands.sort((a, b) => a.rankUSD - b.rankUSD || b.capacity - a.capacity || a.vcpu - b.vcpu || byCodePoint(a.type, b.type));
  if (!cands[0]) throw new Error(`no catalog type in ${region} can carry the ${role} load with >= 1 Gbps baseline network`);
  return cands[0];
}

/** Said in `why` where the pool was ranked at the reference region's prices. */
const unpricedNote = (region: string) =>
  hasPriceTable(region) ? "" : `; ${region} has no price table: ranked at ${REFERENCE_REGION} prices among the families assumed offered everywhere`;

const optionalNote = (note: string | undefined) => (note ? `; ${note}` : "");

function poolCost(role: "restund" | "sft", count: number, hourlyUSD: number, diskGiB: number, region: string) {
  const monthlyUSD = roleMonthlyUSD(role, count, hourlyUSD, diskGiB, region);
  return { monthlyUSD, rankUSD: hasPriceTable(region) ? monthlyUSD : roleMonthlyUSD(role, count, hourlyUSD, diskGiB, REFERENCE_REGION) };
}

/** Calling servers: never below the seed's 1 GbE floor (baseline, not burst), never burstable. */
function callingTypes(region: string) {
  return instancesIn(region).filter((i) => !i.burstable && i.networkGbps * 1000 >= PER_SERVER_MBPS);
}

const usableMbps = (networkGbps: number, a: CallingAssumptions) => networkGbps * 1000 * a.headroom;

function modelTurn(demandMbps: number, allocations: number, a: CallingAssumptions, region: string) {
  const seed = RULES.restund.seed;
  const cands = callingTypes(region)
    .filter((i) => i.vcpu >= seed.vcpu && i.memoryGiB >= seed.memoryGiB)
    .map((i): Candidate => {
      const u = usableMbps(i.networkGbps, a);
      const count = Math.max(MIN_SERVERS, ceilSafe(demandMbps / u) + SPARE_SERVERS, ceilSafe(allocations / TURN_ALLOCATIONS_PER_SERVER) + SPARE_SERVERS);
      return { ...i, count, ...poolCost("restund", count, i.hourlyUSD, seed.diskGiB, region), capacity: (count - SPARE_SERVERS) * u };
    });
  const best = cheapest(cands, "TURN", region);
  const byBw = ceilSafe(demandMbps / usableMbps(best.networkGbps, a)) + SPARE_SERVERS;
  const byAlloc = ceilSafe(allocations / TURN_ALLOCATIONS_PER_SERVER) + SPARE_SERVERS;
  const bound = Math.max(byBw, byAlloc) <= MIN_SERVERS ? "HA floor" : byAlloc > byBw ? "allocations" : "bandwidth";
  const up = best.count - SPARE_SERVERS;
  const model: TurnModel = {
    demandMbps,
    instanceType: best.type,
    baselineGbps: best.networkGbps,
    usableMbpsPerServer: usableMbps(best.networkGbps, a),
    servers: best.count,
    spare: SPARE_SERVERS,
    loadPerServerMbps: demandMbps / up,
    bound,
    monthlyUSD: best.monthlyUSD,
    allocations,
    allocationsPerServer: allocations / up,
  };
  return { best, model };
}

function modelSftPool(load: ConferenceLoad, perConferenceMbps: number, a: CallingAssumptions, region: string) {
  const rule = RULES.sft;
  const n = load.participants;
  const fits = (i: { vcpu: number; memoryGiB: number }) => i.memoryGiB >= i.vcpu * rule.memoryPerVcpuGiB;
  const perServer = (vcpu: number, networkGbps: number) => ({
    cpu: Math.floor((vcpu * SFT_PARTICIPANTS_PER_VCPU) / n + 1e-9),
    bw: Math.floor(usableMbps(networkGbps, a) / perConferenceMbps + 1e-9),
  });
  const cands = callingTypes(region)
    .filter(fits)
    .flatMap((i): Candidate[] => {
      const p = perServer(i.vcpu, i.networkGbps);
      const per = Math.min(p.cpu, p.bw);
      if (per < 1) return [];
      const count = Math.max(MIN_SERVERS, ceilSafe(load.concurrent / per) + SPARE_SERVERS);
      return [{ ...i, count, ...poolCost("sft", count, i.hourlyUSD, rule.seed.diskGiB, region), capacity: (count - SPARE_SERVERS) * per }];
    });
  const best = cheapest(cands, `SFT (one conference of ${n} participants on one server)`, region);
  const p = perServer(best.vcpu, best.networkGbps);
  const per = Math.min(p.cpu, p.bw);
  const needed = ceilSafe(load.concurrent / per) + SPARE_SERVERS;
  const bound = needed <= MIN_SERVERS ? "HA floor" : p.cpu < p.bw ? "CPU" : p.bw < p.cpu ? "bandwidth" : "CPU and bandwidth";
  const up = best.count - SPARE_SERVERS;
  // Conferences are whole: the busiest server holds ceil(concurrent / up) of them.
  const busiest = Math.ceil(load.concurrent / up);
  return { best, per, bound, loadPerServerMbps: busiest * perConferenceMbps };
}

/** The model and the two roles' sizings (RoleSizing of restund and sft). */
export function sizeCalling(
  users: number,
  load: ConferenceLoad | undefined,
  over: Partial<CallingAssumptions> | undefined,
  region: string,
): { model: CallingModel; restund: RoleSizing; sft: RoleSizing } {
  const a = callingAssumptions(over);
  const conf = callingBandwidth(load);
  const placement = sftPlacement(load);

  // One-to-one: each user in a call is one leg; a relayed leg passes TURN twice (in and out) in
  // each direction: 4 × the leg's bitrate.
  const usersInCalls = users * a.oneToOnePeakShare;
  const relayedLegs = usersInCalls * a.relayedLegShare;
  const legKbps = a.oneToOneVideoShare * a.videoLegKbps + (1 - a.oneToOneVideoShare) * a.audioLegKbps;
  const oneToOneMbps = (relayedLegs * 4 * legKbps) / 1000;

  // Conferences: a participant through TURN sends and receives its SFT streams via TURN, which
  // receives and sends each of them: twice that participant's share of the SFT's bandwidth.
  const participants = placement === "pool" ? load!.concurrent * load!.participants : 0;
  const relayedParticipants = participants * a.conferenceTurnShare;
  const confTurnMbps = participants > 0 ? a.conferenceTurnShare * 2 * conf.totalMbps : 0;
  const perConferenceMbps = placement === "pool" ? conf.totalMbps / load!.concurrent : 0;

  const turnDemand = oneToOneMbps + confTurnMbps;
  const allocations = Math.ceil(relayedLegs + relayedParticipants - 1e-9);
  const turn = modelTurn(turnDemand, allocations, a, region);

  const seedTurn = RULES.restund.seed;
  const turnWhy =
    `${turn.best.count} nodes (${turn.best.count - SPARE_SERVERS} + ${SPARE_SERVERS} spare), ${turn.model.bound} binds: ` +
    `${fmt(turnDemand)} Mbps relayed at peak = one-to-one ${fmt(oneToOneMbps)} Mbps (${fmt(users)} users × ${pct(a.oneToOnePeakShare)} in a call × ` +
    `${pct(a.relayedLegShare)} of legs relayed × 4 × ${fmt(legKbps)} kbps) + conferences ${fmt(confTurnMbps)} Mbps ` +
    `(${pct(a.conferenceTurnShare)} of ${fmt(participants)} participants via TURN × 2 × their SFT bandwidth); ` +
    `${fmt(turn.model.usableMbpsPerServer)} Mbps usable per ${turn.best.type} (${formatNumber(turn.best.networkGbps, 3)} Gbps baseline × ${pct(a.headroom)}); ` +
    `${fmt(allocations)} allocations (Wire: up to 64,000 per server); each node ${seedTurn.vcpu} vCPU / ${seedTurn.memoryGiB} GiB / ${seedTurn.diskGiB} GiB (the seed's row); ` +
    `${turn.best.type} makes TURN cheapest in ${region} per usable Mbps, spare included (>= 1 Gbps baseline, the seed's floor)` +
    optionalNote(referencePickNote(region, turn.best.type, () => modelTurn(turnDemand, allocations, a, REFERENCE_REGION).best.type)) +
    unpricedNote(region);
  const restund: RoleSizing = {
    count: turn.best.count,
    vcpu: seedTurn.vcpu,
    memoryGiB: seedTurn.memoryGiB,
    diskGiB: seedTurn.diskGiB,
    instanceType: turn.best.type,
    instance: { vcpu: turn.best.vcpu, memoryGiB: turn.best.memoryGiB, networkGbps: turn.best.networkGbps, hourlyUSD: turn.best.hourlyUSD },
    monthlyUSD: turn.best.monthlyUSD,
    why: turnWhy,
  };

  const vcpuDemand = participants / SFT_PARTICIPANTS_PER_VCPU;
  let sft: RoleSizing;
  let sftModel: SftModel;
  if (placement === "pool") {
    const l = load!;
    const pool = modelSftPool(l, perConferenceMbps, a, region);
    const b = pool.best;
    const memoryGiB = b.vcpu * RULES.sft.memoryPerVcpuGiB;
    sftModel = {
      placement,
      demandMbps: conf.totalMbps,
      instanceType: b.type,
      baselineGbps: b.networkGbps,
      usableMbpsPerServer: usableMbps(b.networkGbps, a),
      servers: b.count,
      spare: SPARE_SERVERS,
      loadPerServerMbps: pool.loadPerServerMbps,
      bound: pool.bound,
      monthlyUSD: b.monthlyUSD,
      vcpuDemand,
      conferencesPerServer: pool.per,
    };
    sft = {
      count: b.count,
      vcpu: b.vcpu,
      memoryGiB,
      diskGiB: RULES.sft.seed.diskGiB,
      instanceType: b.type,
      instance: { vcpu: b.vcpu, memoryGiB: b.memoryGiB, networkGbps: b.networkGbps, hourlyUSD: b.hourlyUSD },
      monthlyUSD: b.monthlyUSD,
      why:
        `${b.count} nodes of ${b.vcpu} vCPU / ${memoryGiB} GiB (${b.count - SPARE_SERVERS} + ${SPARE_SERVERS} spare), ${pool.bound} binds: ` +
        `${fmt(l.concurrent)} conferences × ${l.participants} participants = ${fmt(participants)} at 1 vCPU per 50 (Wire) = ${fmt(vcpuDemand)} vCPU, ` +
        `${fmt(conf.totalMbps)} Mbps (the seed's stream rules, ${fmt(perConferenceMbps)} Mbps per conference); a conference lives on one SFT: ` +
        `${pool.per} per ${b.type} (${b.vcpu} vCPU, ${fmt(sftModel.usableMbpsPerServer)} Mbps usable = ${formatNumber(b.networkGbps, 3)} Gbps baseline × ${pct(a.headroom)}); ` +
        `one SFT pod per node (hostNetwork), nodes labelled wire.com/role=sftd; ${b.type} makes SFT cheapest in ${region} per vCPU and usable Mbps, spare included` +
        optionalNote(referencePickNote(region, b.type, () => modelSftPool(l, perConferenceMbps, a, REFERENCE_REGION).best.type)) +
        unpricedNote(region),
    };
  } else {
    const s = RULES.sft.seed;
    sftModel = {
      placement,
      demandMbps: 0,
      instanceType: "",
      baselineGbps: 0,
      usableMbpsPerServer: 0,
      servers: 0,
      spare: 0,
      loadPerServerMbps: 0,
      bound: placement === "none" ? "no group calls" : "in the Kubernetes cluster",
      monthlyUSD: 0,
      vcpuDemand: 0,
      conferencesPerServer: 0,
    };
    // What one pool node would be, for the table (no node is bought).
    const one = chooseInstance({ vcpu: s.vcpu, memoryGiB: s.memoryGiB, networkGbps: PER_SERVER_MBPS / 1000 }, region, false);
    sft = {
      count: 0,
      vcpu: s.vcpu,
      memoryGiB: s.memoryGiB,
      diskGiB: s.diskGiB,
      ...one,
      monthlyUSD: 0,
      why:
        placement === "none"
          ? `none: conferences.concurrent is 0, the stack's explicit choice of no group calls (sftd is not deployed; one-to-one calls still work)`
          : `not sized as a pool: no conferences declared, so sftd runs in the Kubernetes cluster (Wire's reference layout; the seed has no SFT row), ` +
            `signalling via sftd.<domain> on the load balancer, media through TURN (turnDiscoveryEnabled); ` +
            `declare conferences (concurrent, participants) to size a dedicated SFT pool`,
    };
  }

  const model: CallingModel = {
    ...conf,
    assumptions: a,
    oneToOne: { usersInCalls, relayedLegs, legKbps, turnMbps: oneToOneMbps },
    conferences: {
      concurrent: placement === "pool" ? load!.concurrent : 0,
      participantsPerConference: placement === "pool" ? load!.participants : 0,
      participants,
      relayedParticipants,
      turnMbps: confTurnMbps,
      perConferenceMbps,
    },
    turn: turn.model,
    sft: sftModel,
  };
  return { model, restund, sft };
}

/** Round the model's cost fields for display (kept for JSON consumers that compare cents). */
export function callingMonthlyUSD(m: CallingModel): number {
  return roundCents(m.turn.monthlyUSD + m.sft.monthlyUSD);
}

/** When a stack file overrides a calling role's count or type: why the pool no longer carries the
 * modelled peak with one server down, or undefined when it does. */
export function callingShortfall(role: "restund" | "sft", r: RoleSizing, m: CallingModel): string | undefined {
  const usable = r.instance.networkGbps * 1000 * m.assumptions.headroom;
  const up = r.count - SPARE_SERVERS;
  if (role === "restund") {
    const needBw = ceilSafe(m.turn.demandMbps / usable) + SPARE_SERVERS;
    const needAlloc = ceilSafe(m.turn.allocations / TURN_ALLOCATIONS_PER_SERVER) + SPARE_SERVERS;
    const need = Math.max(MIN_SERVERS, needBw, needAlloc);
    if (r.count >= need) return undefined;
    return `${r.count} × ${r.instanceType} carry ${fmt(Math.max(0, up) * usable)} Mbps with one server down (${fmt(usable)} usable each) but TURN's modelled peak is ${fmt(m.turn.demandMbps)} Mbps and ${fmt(m.turn.allocations)} allocations; use ${need} nodes of this type, or set force: true`;
  }
  if (m.sft.placement !== "pool") return undefined;
  const { perConferenceMbps: perConf, participantsPerConference: n, concurrent } = m.conferences;
  const per = Math.min(Math.floor((r.instance.vcpu * SFT_PARTICIPANTS_PER_VCPU) / n + 1e-9), Math.floor(usable / perConf + 1e-9));
  if (per >= 1 && r.count >= Math.max(MIN_SERVERS, ceilSafe(concurrent / per) + SPARE_SERVERS)) return undefined;
  return per < 1
    ? `one ${r.instanceType} cannot hold one conference of ${fmt(n)} participants (${fmt(perConf)} Mbps, ${fmt(n / SFT_PARTICIPANTS_PER_VCPU)} vCPU); pick a larger type, or set force: true`
    : `${r.count} × ${r.instanceType} hold ${Math.max(0, up) * per} conferences with one server down (${per} each) but the peak is ${fmt(concurrent)}; use ${ceilSafe(concurrent / per) + SPARE_SERVERS} nodes of this type, or set force: true`;
}
