// The PostgreSQL and RabbitMQ groups of hosts.ini, exactly as wire-server-deploy's
// ansible/inventory/offline/99-static lays them out (Release 5.32): [postgresql] with
// postgresql_network_interface, wire_dbname and repmgr_node_config; [postgresql_rw] (the primary);
// [postgresql_ro] (the standbys); [rmq-cluster] with rabbitmq_cluster_master and
// rabbitmq_network_interface. Empty (no groups) when the stack's wireVersion builds no such nodes.
import type { InventoryHost } from "./types";
import { groupLines, hostsOf } from "./hosts";
import { WIRE_DBNAME } from "../config/postgresql";

/** Nitro's first NIC (see inventory.ts NETWORK_INTERFACE; repeated to keep the import one way). */
const NIC = "ens5";
/** repmgr failover priority of node 1, 2, 3 as in 99-static (150, 100, 50): the primary first. */
const PRIORITIES = [150, 100, 50];

export interface RepmgrNode {
  node_id: number;
  priority: number;
  role: "primary" | "standby";
}

/** Keys must equal the PostgreSQL host names (repmgr.conf.j2 looks up inventory_hostname). */
export function repmgrNodeConfig(postgresql: InventoryHost[]): Record<string, RepmgrNode> {
  return Object.fromEntries(
    postgresql.map((h, i) => [h.hostname, { node_id: i + 1, priority: PRIORITIES[i] ?? Math.max(1, 50 - 10 * (i - 2)), role: i === 0 ? "primary" : "standby" }]),
  );
}

const sorted = hostsOf;

export function dataServiceGroups(hosts: InventoryHost[], line: (h: InventoryHost) => string): string[] {
  const pg = sorted(hosts, "postgresql");
  const rmq = sorted(hosts, "rabbitmq");
  const out: string[] = [];
  if (pg.length > 0) {
    out.push(
      "# PostgreSQL (wire-server >= 5.20): postgresql-deploy.yml, repmgr with one primary and two standbys.",
      ...groupLines("postgresql", pg, line),
      "",
      "[postgresql:vars]",
      `postgresql_network_interface=${NIC}`,
      `wire_dbname=${WIRE_DBNAME}`,
      "# Keys in `repmgr_node_config` must match the PostgreSQL hostnames above.",
      `repmgr_node_config=${JSON.stringify(repmgrNodeConfig(pg))}`,
      "",
      "[postgresql_rw]",
      pg[0].hostname,
      "",
      "[postgresql_ro]",
      ...pg.slice(1).map((h) => h.hostname),
      "",
    );
  }
  if (rmq.length > 0) {
    out.push(
      "# RabbitMQ (wire-server >= 5.8): rabbitmq.yml. Names equal each node's host name (cloud-init sets",
      "# hostname and fqdn to it): nodes are rabbit@<name>, and configure_dns.yml writes them to /etc/hosts.",
      ...groupLines("rmq-cluster", rmq, line),
      "",
      "[rmq-cluster:vars]",
      `rabbitmq_cluster_master=${rmq[0].hostname}`,
      `rabbitmq_network_interface=${NIC}`,
      "",
    );
  }
  return out;
}
