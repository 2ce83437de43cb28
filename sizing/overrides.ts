// Stack-file overrides of the sizing (roles.<role>.{count, instanceType, diskGiB, force}).
// An override BELOW the requirement is a problem unless `force: true` (the operator accepts
// the risk, e.g. a test stack). Quorum/erasure floors are refused even with force: below them
// the cluster does not work at all (Cassandra RF 3 writes fail, ES cannot elect a master,
// MinIO will not start on an unsupported drive layout).
// Pass the sizing straight from size() (without overrides): it is the requirement checked against.
import { distance } from "fastest-levenshtein";
import { findInstance, hasPriceTable, hourlyPrice, INSTANCE_TYPES } from "./catalog";
import { callingShortfall } from "./calling";
import { roleMonthlyUSD, withTotals } from "./pricing";
import { GP3_MAX_GIB, RULES } from "./rules";
import { ROLES } from "./types";
import type { Role, RoleOverride, RoleSizing, Sizing } from "./types";

/** A refused override: printed as `key: value message`, so the message never repeats the value. */
export interface OverrideProblem {
  key: string;
  value: unknown;
  message: string;
}

/** Up to 3 closest names, or "" when nothing is close. */
export function didYouMean(value: string, names: readonly string[]): string {
  const v = value.toLowerCase();
  const scored = names.map((n) => ({ n, d: distance(v, n.toLowerCase()) })).filter((x) => x.d <= Math.max(2, v.length / 3));
  scored.sort((a, b) => a.d - b.d || a.n.localeCompare(b.n));
  const best = scored.slice(0, 3).map((x) => x.n);
  return best.length ? `did you mean ${best.join(" or ")}?` : "";
}

/** Floors no `force` can lift, or undefined. */
function hardCountFloor(role: Role, n: number): string | undefined {
  if (role === "cassandra" && n < 3) return "Cassandra needs at least 3 nodes (RF 3: one replica per node)";
  if (role === "elasticsearch" && (n < 3 || n % 2 === 0)) {
    return "Elasticsearch needs an odd count >= 3 (master quorum; an even count can split-brain or stall elections)";
  }
  if (role === "minio" && !RULES.minio.layout.valid(n)) {
    return `MinIO needs ${RULES.minio.layout.describe}; other counts are not an erasure layout this stack supports`;
  }
  if (role === "postgresql" && n !== 0 && !RULES.postgresql.layout.valid(n)) {
    return "PostgreSQL is Wire's repmgr cluster of exactly 3 nodes (one primary, two standbys; postgresql-deploy.yml names two replicas)";
  }
  return undefined;
}

function checkRole(role: Role, o: RoleOverride, req: RoleSizing, region: string, problems: OverrideProblem[]): RoleSizing {
  const rule = RULES[role];
  const force = o.force === true;
  const key = (f: string) => `wire-backend:roles.${role}.${f}`;
  const forceHint = `set roles.${role}.force: true`;
  const add = (f: string, value: unknown, message: string) => problems.push({ key: key(f), value, message });
  const next: RoleSizing = { ...req, instance: { ...req.instance } };
  const changes: string[] = [];

  if (o.count !== undefined) {
    const n = o.count;
    const floor = Number.isInteger(n) && n >= 0 ? hardCountFloor(role, n) : "a node count is a whole number >= 0";
    if (floor) add("count", n, `is refused: ${floor}; force cannot lift this`);
    else if (n < req.count && !force) {
      add("count", n, `is below the ${req.count} nodes this stack needs (${req.why}); raise it or ${forceHint}`);
    } else if (role === "cassandra" && n % 3 !== 0 && !force) {
      add("count", n, `is not a multiple of 3: RF 3 over 3 zones wants one replica per zone; use ${Math.ceil(n / 3) * 3} or ${forceHint}`);
    } else if (n !== req.count) {
      next.count = n;
      // Allowed (a release may create more shards), but said: as Wire ships it the extra nodes sit empty.
      const useful = rule.maxUsefulCount;
      changes.push(useful && n > useful.count ? `count ${n}, beyond the ${useful.count} nodes that add capacity: ${useful.why}` : `count ${n}`);
    }
  }

  if (o.instanceType !== undefined) {
    const t = o.instanceType;
    const spec = findInstance(t);
    // A region without a price table: any catalog type may be chosen, its cost is unknown (NaN).
    const hourly = spec ? (hasPriceTable(region) ? hourlyPrice(t, region) : NaN) : undefined;
    if (!spec) {
      const family = INSTANCE_TYPES.filter((i) => i.type.split(".")[0] === t.split(".")[0]).map((i) => i.type);
      const hint = didYouMean(t, INSTANCE_TYPES.map((i) => i.type)) || (family.length > 0 ? `the catalog's ${t.split(".")[0]} sizes are ${family.join(", ")}` : "");
      add("instanceType", t, `is not an instance type in the catalog (sizing/catalog.ts)${hint ? `; ${hint}` : ""}`);
    } else if (hourly === undefined) {
      add("instanceType", t, `has no price for ${region} in the catalog; pick another type or run catalog-update`);
    } else {
      const short: string[] = [];
      if (spec.vcpu < req.vcpu) short.push(`${spec.vcpu} < ${req.vcpu} vCPU`);
      if (spec.memoryGiB < req.memoryGiB) short.push(`${spec.memoryGiB} < ${req.memoryGiB} GiB`);
      if (spec.networkGbps < rule.minNetworkGbps) short.push(`${spec.networkGbps} < ${rule.minNetworkGbps} Gbps baseline network`);
      if (spec.burstable && !rule.burstableAllowed) short.push("burstable CPU credits under sustained load");
      if (short.length && !force) {
        add("instanceType", t, `is smaller than the ${req.vcpu} vCPU / ${req.memoryGiB} GiB${rule.minNetworkGbps ? ` / ${rule.minNetworkGbps} Gbps` : ""} node this stack needs (${short.join(", ")}; ${req.why}); pick a larger type or ${forceHint}`);
      } else if (t !== req.instanceType) {
        // The node now HAS this type's resources: totals report what gets deployed.
        next.instanceType = t;
        next.vcpu = spec.vcpu;
        next.memoryGiB = spec.memoryGiB;
        next.instance = { vcpu: spec.vcpu, memoryGiB: spec.memoryGiB, networkGbps: spec.networkGbps, hourlyUSD: hourly };
        changes.push(`instance ${t}`);
      }
    }
  }

  if (o.diskGiB !== undefined) {
    const d = o.diskGiB;
    if (!Number.isInteger(d) || d < 1 || d > GP3_MAX_GIB) {
      add("diskGiB", d, `is refused: a gp3 volume is a whole number of GiB from 1 to ${GP3_MAX_GIB}; force cannot lift this`);
    } else if (d < req.diskGiB && !force) {
      add("diskGiB", d, `GiB is below the ${req.diskGiB} GiB per node this stack needs (${req.why}); raise it or ${forceHint}`);
    } else if (d !== req.diskGiB) {
      next.diskGiB = d;
      changes.push(`disk ${d} GiB`);
    }
  }

  if (changes.length === 0) return req;
  next.monthlyUSD = roleMonthlyUSD(role, next.count, next.instance.hourlyUSD, next.diskGiB, region);
  next.why =
    `overridden by the stack file (${changes.join(", ")}${force ? ", force" : ""}); ` +
    `the sizing asked for ${req.count} × ${req.instanceType} with ${req.diskGiB} GiB: ${req.why}`;
  return next;
}

/** Checks and applies `overrides`. Overrides with a problem are NOT applied (the returned
 * sizing is what the rest would deploy); the caller should refuse the stack when `problems`
 * is not empty. */
export function applyOverrides(
  sizing: Sizing,
  overrides: Partial<Record<Role, RoleOverride>> | undefined,
  region: string,
): { sizing: Sizing; problems: OverrideProblem[] } {
  const problems: OverrideProblem[] = [];
  if (!overrides) return { sizing, problems };
  for (const k of Object.keys(overrides)) {
    if (!(ROLES as readonly string[]).includes(k)) {
      const hint = didYouMean(k, ROLES);
      problems.push({ key: `wire-backend:roles.${k}`, value: overrides[k as Role], message: `is not a role${hint ? `; ${hint}` : ""} (roles: ${ROLES.join(", ")})` });
    }
  }
  const roles = { ...sizing.roles };
  for (const role of ROLES) {
    const o = overrides[role];
    if (o) roles[role] = checkRole(role, o, sizing.roles[role], region, problems);
  }
  // A calling pool must still carry the modelled peak with one server down (sizing/calling.ts).
  for (const role of ["restund", "sft"] as const) {
    const o = overrides[role];
    const short = o && !o.force && roles[role] !== sizing.roles[role] ? callingShortfall(role, roles[role], sizing.calling) : undefined;
    if (short) problems.push({ key: `wire-backend:roles.${role}`, value: o, message: short });
  }
  const { totals: _t, monthlyCostUSD: _m, costLines: _c, nodesMonthlyUSD: _n, ...rest } = sizing;
  return { sizing: withTotals({ ...rest, roles }), problems };
}
