// Instance choice, cost and totals: shared by size.ts and overrides.ts (kept apart so the two
// do not import each other).
import { coversFamily, gp3PricePerGiBMonth, hasPriceTable, instancesIn } from "./catalog";
import { byCodePoint } from "./format";
import { REFERENCE_REGION } from "./regions";
import { HOURS_PER_MONTH, ROOT_VOLUME_GIB_DATA_ROLES } from "./rules";
import { CLUSTER_ROLES, ROLES, isDataRole } from "./types";
import type { BillInputs, InstanceSpec, ResourceTotals, Role, RoleSizing, Sizing } from "./types";
import { billInputs, billTotals } from "./bill";

/** Money to cents. The epsilon keeps 0.145 from becoming 0.14 through binary floats. */
export function roundCents(usd: number): number {
  return Math.round((usd + Number.EPSILON) * 100) / 100;
}

/** ceil that ignores float dust (6.000000000001 -> 6, not 7). */
export function ceilSafe(x: number): number {
  return Math.ceil(x - 1e-9);
}

export interface NodeNeed {
  vcpu: number;
  memoryGiB: number;
  /** Baseline Gbps; 0 when the role has no network requirement. */
  networkGbps: number;
}

/** Said in `why` where the reference region's pick (`refType`, asked only when needed) is missing in
 * `region`: not offered there (its source covers the family) or without a price; undefined otherwise. */
export function referencePickNote(region: string, bestType: string, refType: () => string | undefined): string | undefined {
  if (!hasPriceTable(region) || region === REFERENCE_REGION) return undefined;
  const ref = refType();
  if (!ref || ref === bestType || instancesIn(region).some((i) => i.type === ref)) return undefined;
  return coversFamily(region, ref)
    ? `${ref} (the cheapest fit in ${REFERENCE_REGION}) is not offered in ${region}; ${bestType} is the next cheapest fit`
    : `${ref} (the cheapest fit in ${REFERENCE_REGION}) has no price for ${region} (its price source does not cover ${ref.split(".")[0]}); ${bestType} is the cheapest priced fit`;
}

/** Cheapest type priced in `region` meeting the need; ties -> fewer vCPU, then name (stable).
 * Burstable (t*) types only when allowed: their CPU baseline is 20–40 %, useless for
 * databases, Kubernetes workers or media relays under sustained load.
 * `note` says when the cheapest fit of the reference region is not offered here (so a dearer
 * type was taken), or that a region without a price table was ranked by reference prices. */
export function chooseInstance(
  need: NodeNeed,
  region: string,
  burstableAllowed: boolean,
): { instanceType: string; instance: InstanceSpec; note?: string } {
  const cheapest = (r: string) => {
    const fits = instancesIn(r).filter(
      (i) =>
        i.vcpu >= need.vcpu &&
        i.memoryGiB >= need.memoryGiB &&
        i.networkGbps >= need.networkGbps &&
        (burstableAllowed || !i.burstable),
    );
    fits.sort((a, b) => a.hourlyUSD - b.hourlyUSD || a.vcpu - b.vcpu || byCodePoint(a.type, b.type));
    return fits[0];
  };
  const best = cheapest(region);
  if (!best) {
    throw new Error(
      `no catalog type in ${region} has ${need.vcpu} vCPU, ${need.memoryGiB} GiB` +
        (need.networkGbps ? ` and ${need.networkGbps} Gbps baseline network` : ""),
    );
  }
  const note = hasPriceTable(region)
    ? referencePickNote(region, best.type, () => cheapest(REFERENCE_REGION)?.type)
    : `${region} has no price table: ${best.type} is the cheapest fit at ${REFERENCE_REGION} prices among the families assumed offered everywhere`;
  return {
    instanceType: best.type,
    instance: { vcpu: best.vcpu, memoryGiB: best.memoryGiB, networkGbps: best.networkGbps, hourlyUSD: best.hourlyUSD },
    ...(note ? { note } : {}),
  };
}

/** count × (hourly × 730 + gp3 × disk); data roles also pay a separate 20 GiB root volume,
 * the other roles' diskGiB IS their root volume. NaN (unknown) in a region without prices. */
export function roleMonthlyUSD(role: Role, count: number, hourlyUSD: number, diskGiB: number, region: string): number {
  const ebsGiB = diskGiB + (isDataRole(role) ? ROOT_VOLUME_GIB_DATA_ROLES : 0);
  return roundCents(count * (hourlyUSD * HOURS_PER_MONTH + gp3PricePerGiBMonth(region) * ebsGiB));
}

function sumPerNode(roles: Record<Role, RoleSizing>, which: readonly Role[]): ResourceTotals {
  const t: ResourceTotals = { vcpu: 0, memoryGiB: 0, diskGiB: 0 };
  for (const r of which) {
    // A role with no nodes (placed elsewhere, or the shared data node in the reference layout) adds nothing.
    if (roles[r].count <= 0) continue;
    t.vcpu += roles[r].vcpu;
    t.memoryGiB += roles[r].memoryGiB;
    t.diskGiB += roles[r].diskGiB;
  }
  return t;
}

/** The seed's two "Per-Server Totals" rows (sums of ONE node of each role) and the real
 * cluster total (count × per node, roles with nodes only). Cost = sum of role costs. */
export function withTotals(input: Omit<Sizing, "totals" | "monthlyCostUSD" | "nodesMonthlyUSD" | "costLines" | "bill"> & { bill?: BillInputs }): Sizing {
  const s = { ...input, bill: input.bill ?? billInputs({}) };
  const cluster = { instances: 0, vcpu: 0, memoryGiB: 0, diskGiB: 0 };
  for (const r of ROLES) {
    const x = s.roles[r];
    if (x.count <= 0) continue;
    cluster.instances += x.count;
    cluster.vcpu += x.count * x.vcpu;
    cluster.memoryGiB += x.count * x.memoryGiB;
    cluster.diskGiB += x.count * x.diskGiB;
  }
  return {
    ...s,
    totals: {
      perServer: sumPerNode(s.roles, [...CLUSTER_ROLES, "datanode"]),
      perServerWithHosts: sumPerNode(s.roles, [...CLUSTER_ROLES, "datanode", "adminHost", "assetHost"]),
      cluster,
    },
    // The whole bill, priced once at the end: nodes plus the lines beyond them (sizing/bill.ts).
    ...billTotals(s),
  };
}
