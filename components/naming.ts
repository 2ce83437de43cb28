// Names that must never change once created: logical names are part of every URN, and a changed
// URN makes Pulumi delete the old resource (a data node's disk) and create a new one.
import type { Role } from "../sizing/types";

/** Host names as Wire's Ansible inventories spell them (cassandra1, kubenode1, ...). */
export const HOST_PREFIX: Record<Role, string> = {
  cassandra: "cassandra",
  minio: "minio",
  elasticsearch: "elasticsearch",
  kubernetes: "kubenode",
  restund: "coturn",
  sft: "sftnode",
  adminHost: "adminhost",
  assetHost: "assethost",
  // As 99-static names them; RabbitMQ's node names (rabbit@rabbitmq1) are these host names.
  postgresql: "postgresql",
  rabbitmq: "rabbitmq",
  // staging.yml's names; RabbitMQ's node names (rabbit@datanode1) are these host names.
  datanode: "datanode",
};

/** Node numbers start at 1, as in Wire's inventories. */
export function instanceName(role: Role, index: number): string {
  return `${role}-${index}`;
}

export function dataVolumeName(role: Role, index: number): string {
  return `${instanceName(role, index)}-data`;
}

export function hostName(role: Role, index: number): string {
  const prefix = HOST_PREFIX[role];
  return role === "adminHost" || role === "assetHost" ? prefix : `${prefix}${index}`;
}

/** Zone (and subnet) of node `index`: round-robin, so adding nodes never moves existing ones. */
export function zoneIndex(index: number, zones: number): number {
  return (index - 1) % zones;
}
