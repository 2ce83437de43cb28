// What the stack's previous deployment holds, and the rules that keep its data: no data node is
// removed unless the stack file says so for that role, and no data volume ever shrinks.
import type { ConfigProblem } from "../config/errors";
import type { StackConfig } from "../config/schema";
import { roleMonthlyUSD, withTotals } from "./pricing";
import { DATA_ROLES, ROLES, Role, Sizing } from "./types";

/** What the stack outputs `nodes` and `zones` record after every deployment. */
export interface Deployed {
  /** Per role: node count, instance type, data-volume size, and each node's image (index 0 = node 1). */
  nodes: Partial<Record<Role, { count: number; instanceType?: string; diskGiB?: number; amis?: string[] }>>;
  /** The zones nodes were spread over, in order: node i sits in zones[(i - 1) % zones.length]. */
  zones?: string[];
  /** The wire-server release deployed (output `wireVersion`); absent before it was recorded. */
  wireVersion?: string;
}

export const FIRST_DEPLOYMENT: Deployed = { nodes: {} };

/** Reads the outputs of a previous deployment (or of a saved `plan --json`). */
export function deployedFromOutputs(outputs: Record<string, unknown> | undefined): Deployed {
  const nodes = outputs?.nodes;
  const zones = Array.isArray(outputs?.zones) && outputs.zones.every((z) => typeof z === "string") ? (outputs.zones as string[]) : undefined;
  const wireVersion = typeof outputs?.wireVersion === "string" ? outputs.wireVersion : undefined;
  const deployed: Deployed = { nodes: {}, zones, ...(wireVersion ? { wireVersion } : {}) };
  if (!nodes || typeof nodes !== "object") return deployed;
  for (const role of ROLES) {
    const n = (nodes as Record<string, { count?: unknown; instanceType?: unknown; diskGiB?: unknown; amis?: unknown }>)[role];
    if (n && typeof n.count === "number") {
      deployed.nodes[role] = {
        count: n.count,
        instanceType: typeof n.instanceType === "string" ? n.instanceType : undefined,
        diskGiB: typeof n.diskGiB === "number" ? n.diskGiB : undefined,
        amis: Array.isArray(n.amis) ? n.amis.filter((a): a is string => typeof a === "string") : undefined,
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
  for (const role of DATA_ROLES) {
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
  return withTotals({ users: sizing.users, region: sizing.region, conferences: sizing.conferences, roles, calling: sizing.calling, bill: sizing.bill });
}
