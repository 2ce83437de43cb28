// Which planned or deployed nodes carry a role or a data service. Its own file without imports of other
// renderers, so that every renderer (inventory, values, plays) can ask it without an import circle.
// hostsOf itself is defined with the nodes' shape in config/hosts.ts (the WireObjects component's
// PostgreSQL Secret asks it too); renderers keep asking it here.
import type { InventoryHost } from "./types";

export { hostsOf } from "../config/hosts";

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
