// The stack's nodes as the Backend component reports them (components/backend.ts `hosts`, with their
// addresses) and every renderer reads them (inventory, values, plays, Kubernetes objects): the shape and
// the one question all of them ask, below both.
import type { Role } from "./roles";
import type { DataService } from "./services";

/** One planned or deployed node. */
export interface InventoryHost {
  role: Role;
  /** Inventory name and OS host name, as Wire's inventories spell them: cassandra1, kubenode2, coturn1, ... */
  hostname: string;
  /** Node number within its role, from 1. */
  index: number;
  privateIp: string;
  /** Elastic IP of TURN and SFT nodes when online. */
  publicIp?: string;
  instanceType: string;
  /** A shared data node (layout: compact): the data services it runs. */
  runs?: DataService[];
}

const byIndex = (a: InventoryHost, b: InventoryHost) => a.index - b.index;

/**
 * The nodes of a role, and for a data service the nodes that run it: its own, or the shared data nodes
 * whose `runs` names it (layout: compact). Every renderer asks this, so a service's addresses, seeds,
 * primary and master come out the same whichever nodes carry it.
 */
export function hostsOf(hosts: InventoryHost[], role: Role): InventoryHost[] {
  return hosts.filter((h) => h.role === role || (h.runs as readonly string[] | undefined)?.includes(role)).sort(byIndex);
}
