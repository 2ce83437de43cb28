// What the stack's previous deployment holds, and the rules that keep its data: no data node is
// removed unless the stack file says so for that role, and no data volume ever shrinks.
import type { ConfigProblem } from "../config/errors";
import type { StackConfig } from "../config/schema";
import { roleMonthlyUSD, withTotals } from "./pricing";
import { DATA_ROLES, ROLES, Role, Sizing } from "./types";

/** Per role, as the stack output `nodes` records it after every deployment. */
export type Deployed = Partial<Record<Role, { count: number; diskGiB?: number; ami?: string }>>;

/** Reads the `nodes` output of a previous deployment (or of a saved `plan --json`). */
export function deployedFromOutputs(outputs: Record<string, unknown> | undefined): Deployed {
  const nodes = outputs?.nodes;
  if (!nodes || typeof nodes !== "object") return {};
  const deployed: Deployed = {};
  for (const role of ROLES) {
    const n = (nodes as Record<string, { count?: unknown; diskGiB?: unknown; ami?: unknown }>)[role];
    if (n && typeof n.count === "number") {
      deployed[role] = {
        count: n.count,
        diskGiB: typeof n.diskGiB === "number" ? n.diskGiB : undefined,
        ami: typeof n.ami === "string" ? n.ami : undefined,
      };
    }
  }
  return deployed;
}

export function scaleDownProblems(deployed: Deployed, sizing: Sizing, roles: StackConfig["roles"]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const role of DATA_ROLES) {
    const before = deployed[role]?.count ?? 0;
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
    const before = deployed[role]?.diskGiB;
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
  return withTotals({ users: sizing.users, region: sizing.region, conferences: sizing.conferences, roles, calling: sizing.calling });
}
