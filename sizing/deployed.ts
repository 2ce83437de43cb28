// What the stack's previous deployment holds, and the rules that keep its data: no data node is
// removed unless the stack file says so for that role, and no data volume ever shrinks.
import type { ConfigProblem } from "../config/errors";
import type { StackConfig } from "../config/schema";
import { roleMonthlyUSD, withTotals } from "./pricing";
import { DATA_ROLES, ROLES, Role, Sizing } from "./types";
import { ASSET_STORES, DEFAULT_PLACEMENT, LAYOUTS, type PlacementChoice } from "../config/placement";

/** What the stack outputs `nodes` and `zones` record after every deployment. */
export interface Deployed {
  /** Per role: node count, instance type, data-volume size, and each node's image (index 0 = node 1). */
  nodes: Partial<Record<Role, { count: number; instanceType?: string; diskGiB?: number; amis?: string[]; volumes?: Record<string, number> }>>;
  /** The zones nodes were spread over, in order: node i sits in zones[(i - 1) % zones.length]. */
  zones?: string[];
  /** The wire-server release deployed (output `wireVersion`); absent before it was recorded. */
  wireVersion?: string;
  /**
   * Where the data services ran (output `placement`). A stack that has nodes but no record was deployed
   * before placement was a choice: the reference layout with MinIO, the only one there was.
   */
  placement?: PlacementChoice;
}

export const FIRST_DEPLOYMENT: Deployed = { nodes: {} };

/** Reads the outputs of a previous deployment (or of a saved `plan --json`). */
export function deployedFromOutputs(outputs: Record<string, unknown> | undefined): Deployed {
  const nodes = outputs?.nodes;
  const zones = Array.isArray(outputs?.zones) && outputs.zones.every((z) => typeof z === "string") ? (outputs.zones as string[]) : undefined;
  const wireVersion = typeof outputs?.wireVersion === "string" ? outputs.wireVersion : undefined;
  const p = outputs?.placement as Partial<PlacementChoice> | undefined;
  const placement =
    p && (LAYOUTS as readonly unknown[]).includes(p.layout) && (ASSET_STORES as readonly unknown[]).includes(p.assets) ? { layout: p.layout!, assets: p.assets! } : undefined;
  const deployed: Deployed = { nodes: {}, zones, ...(wireVersion ? { wireVersion } : {}), ...(placement ? { placement } : {}) };
  if (!nodes || typeof nodes !== "object") return deployed;
  for (const role of ROLES) {
    const n = (nodes as Record<string, { count?: unknown; instanceType?: unknown; diskGiB?: unknown; amis?: unknown; volumes?: unknown }>)[role];
    if (n && typeof n.count === "number") {
      const volumes = n.volumes && typeof n.volumes === "object" ? Object.fromEntries(Object.entries(n.volumes).filter(([, v]) => typeof v === "number")) : undefined;
      deployed.nodes[role] = {
        count: n.count,
        instanceType: typeof n.instanceType === "string" ? n.instanceType : undefined,
        diskGiB: typeof n.diskGiB === "number" ? n.diskGiB : undefined,
        amis: Array.isArray(n.amis) ? n.amis.filter((a): a is string => typeof a === "string") : undefined,
        ...(volumes ? { volumes: volumes as Record<string, number> } : {}),
      };
    }
  }
  return deployed;
}

/** Node i's zone is (i - 1) mod zones: another number of zones would move (replace) existing nodes. */
export function zoneProblems(deployed: Deployed, config: Pick<StackConfig, "network">): ConfigProblem[] {
  const before = deployed.zones;
  if (!before || before.length === config.network.zones) return [];
  return [
    {
      key: "wire-backend:network.zones",
      value: config.network.zones,
      message:
        `would move existing nodes to other zones (deployed over ${before.length}: ${before.join(", ")}), replacing ` +
        `data nodes and their volumes; keep ${before.length}, or build a new stack and migrate`,
    },
  ];
}

export function scaleDownProblems(deployed: Deployed, sizing: Sizing, roles: StackConfig["roles"]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const role of DATA_ROLES) {
    const before = deployed.nodes[role]?.count ?? 0;
    const after = sizing.roles[role].count;
    if (after >= before || roles[role]?.allowScaleDown) continue;
    const removed = Array.from({ length: before - after }, (_, i) => `${role}-${after + i + 1}`);
    problems.push({
      key: `wire-backend:roles.${role}.count`,
      value: after,
      message:
        `would remove ${removed.join(", ")} and their data volumes (${before} deployed now); ` +
        `drain them first, then set wire-backend:roles.${role}.allowScaleDown: true to remove them on purpose`,
    });
  }
  return problems;
}

/** EBS volumes can grow but never shrink: a data role keeps at least the disk it was deployed with. */
export function keepDeployedDisks(sizing: Sizing, deployed: Deployed): Sizing {
  const roles = { ...sizing.roles };
  // Shared data nodes: each service's volume keeps at least its deployed size.
  const shared = roles.datanode;
  const volumesBefore = deployed.nodes.datanode?.volumes;
  if (shared.shares && volumesBefore) {
    const shares = shared.shares.map((s) => ({ ...s, diskGiB: Math.max(s.diskGiB, volumesBefore[s.service] ?? 0) }));
    const diskGiB = shares.reduce((n, s) => n + s.diskGiB, 0);
    if (diskGiB !== shared.diskGiB) {
      roles.datanode = { ...shared, shares, diskGiB, monthlyUSD: roleMonthlyUSD("datanode", shared.count, shared.instance.hourlyUSD, diskGiB, sizing.region), why: `${shared.why}; volumes kept at their deployed sizes (EBS volumes never shrink)` };
    }
  }
  for (const role of DATA_ROLES) {
    if (role === "datanode") continue;
    const before = deployed.nodes[role]?.diskGiB;
    if (before !== undefined && before > roles[role].diskGiB) {
      const r = roles[role];
      roles[role] = {
        ...r,
        diskGiB: before,
        monthlyUSD: roleMonthlyUSD(role, r.count, r.instance.hourlyUSD, before, sizing.region),
        why: `${r.why}; disk kept at the deployed ${before} GiB (EBS volumes never shrink)`,
      };
    }
  }
  const { totals: _totals, monthlyCostUSD: _cost, ...rest } = sizing; // eslint-disable-line @typescript-eslint/no-unused-vars
  return withTotals({ ...rest, roles });
}

/** Migration steps a change of placement needs (docs/placement.md says each in full). */
const PLACEMENT_MIGRATION: Record<"layout" | "assets", string> = {
  layout:
    "a change of layout would delete every data node and its volumes and build empty ones; build a new stack with the other layout, " +
    "move the data (Cassandra: sstableloader or nodetool snapshot and restore; PostgreSQL: pg_dump/pg_restore; Elasticsearch: re-index from brig; " +
    "MinIO: mc mirror), switch DNS, then destroy the old stack (docs/placement.md)",
  assets:
    "a change of assets store would drop the store that holds users' files; first copy them (mc mirror from MinIO to the bucket, or aws s3 sync back), " +
    "then switch, in a new stack or with the migration in docs/placement.md",
};

/** A deployed stack may not change where its data services run: that would delete their data. */
export function placementProblems(deployed: Deployed, next: PlacementChoice): ConfigProblem[] {
  const hasNodes = Object.values(deployed.nodes).some((n) => (n?.count ?? 0) > 0);
  const before = deployed.placement ?? (hasNodes ? DEFAULT_PLACEMENT : undefined);
  if (!before) return [];
  const problems: ConfigProblem[] = [];
  if (before.layout !== next.layout) {
    problems.push({ key: "wire-backend:layout", value: next.layout, message: `is not the deployed layout (${before.layout}): ${PLACEMENT_MIGRATION.layout}; keep layout: ${before.layout}` });
  }
  if (before.assets !== next.assets) {
    problems.push({ key: "wire-backend:assets", value: next.assets, message: `is not the deployed assets store (${before.assets}): ${PLACEMENT_MIGRATION.assets}; keep assets: ${before.assets}` });
  }
  return problems;
}
