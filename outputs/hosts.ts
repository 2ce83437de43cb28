// Which planned or deployed nodes carry a role or a data service. Its own file without imports of other
// renderers, so that every renderer (inventory, values, plays) can ask it without an import circle.
import type { Role } from "../sizing/types";
import type { InventoryHost } from "./types";

const byIndex = (a: InventoryHost, b: InventoryHost) => a.index - b.index;

/**
 * The nodes of a role, and for a data service the nodes that run it: its own, or the shared data nodes
 * whose `runs` names it (layout: compact). Every renderer asks this, so a service's addresses, seeds,
 * primary and master come out the same whichever nodes carry it.
 */
export function hostsOf(hosts: InventoryHost[], role: Role): InventoryHost[] {
  return hosts.filter((h) => h.role === role || (h.runs as readonly string[] | undefined)?.includes(role)).sort(byIndex);
}

/** True when every node of a service is a shared data node: its group is then `children: datanodes`. */
export function onSharedNodes(nodes: InventoryHost[]): boolean {
  return nodes.length > 0 && nodes.every((h) => h.role === "datanode");
}

/** The group of Wire's staging.yml that lists the shared data nodes. */
export const DATANODES_GROUP = "datanodes";

/**
 * An inventory group: its host lines, or, for a service on the shared data nodes, `children: datanodes`
 * as in Wire's staging.yml (the hosts are listed once, in [datanodes]).
 */
export function groupLines(group: string, nodes: InventoryHost[], line: (h: InventoryHost) => string): string[] {
  return onSharedNodes(nodes) ? [`[${group}:children]`, DATANODES_GROUP] : [`[${group}]`, ...nodes.map((h) => line(h))];
}
