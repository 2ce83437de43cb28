// A plan's security groups, rules and instances as the reachability graph reads them (policy/reachability.ts):
// in a plan every id is known (the mock cloud's), so references are resolved by id.
import type { PlanDocument, PlanResource } from "../../cli/planRuntime";
import { buildGraph, NetGraph, ResourceView, SG_TYPES } from "../../policy/reachability";

export function planView(p: PlanDocument, r: PlanResource): ResourceView {
  const sgIds = new Set(p.resources.filter((x) => x.type === SG_TYPES.group).map((x) => x.id));
  return {
    type: r.type,
    name: r.name,
    props: r.inputs,
    key: r.id ?? r.urn,
    refs: (field) => {
      const v = r.inputs[field];
      return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String).filter((id) => sgIds.has(id));
    },
  };
}

export function planGraph(p: PlanDocument): NetGraph {
  return buildGraph(p.resources.map((r) => planView(p, r)));
}

/** The id of the security group serving `role` (wire:role tag). */
export function groupId(p: PlanDocument, role: string): string {
  const sg = p.resources.find((r) => r.type === SG_TYPES.group && (r.inputs.tags as Record<string, string>)["wire:role"] === role);
  if (!sg?.id) throw new Error(`no security group for ${role}`);
  return sg.id;
}
