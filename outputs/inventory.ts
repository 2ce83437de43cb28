// The Ansible inventory (hosts.ini) in the layout of wire-server-deploy's
// ansible/inventory/offline/99-static, so that Wire's playbooks (kubespray, cassandra.yml,
// elasticsearch.yml, minio.yml, helm_external.yml) run unchanged from the admin host.
// Pure: judged by `ansible-inventory --list` in the contract tests.
import type { Role } from "../sizing/types";
import type { InventoryHost } from "./types";
import { DATA_DIRS } from "../config/services";
import { dataServiceGroups } from "./inventoryDataServices";
import { DATANODES_GROUP, groupLines, hostsOf, onSharedNodes } from "./hosts";
import { findInstance } from "../sizing/catalog";
import { deeplinkInventoryVars } from "./publicFiles";

export interface InventoryOptions {
  online: boolean;
  /** Port the asset host serves Wire's bundle on; WSD's group_vars/all/offline.yml assumes 8080. */
  assetHostPort?: number;
  /** The stack's domain: MinIO's deeplink files (minio_deeplink_*) point at its names, not example.com. */
  domain?: string;
}

/** Nitro instances (every type we pick) name their first NIC ens5; Wire binds its services to it. */
export const NETWORK_INTERFACE = "ens5";
/** etcd tolerates (n-1)/2 failures; beyond 5 members every write waits for more peers for no gain. */
export const MAX_CONTROL_PLANE = 5;
export const WSD_ASSET_HOST_PORT = 8080;

/** Labels Wire's coturn and sftd charts select nodes by (nodeSelector wire.com/role). */
export const NODE_ROLE_LABEL: Partial<Record<Role, string>> = { restund: "coturn", sft: "sftd" };

/**
 * The calling DMZ: no other pod lands on a calling node. kubespray's node-taint role applies
 * `node_taints` right after the node joins, before any app is deployed; the coturn and sftd values
 * carry the matching toleration (helmValues.ts), DaemonSets of the cluster itself tolerate any taint.
 */
export function callingTaint(label: string): string {
  return `wire.com/role=${label}:NoSchedule`;
}

/** The heap Wire's elasticsearch.yml hard-codes (play variable `es_heap_size: "1g"`); its own comment
 * says to drop it on machines with 4 GB or more. */
export const WIRE_ES_HEAP_GIB = 1;

/**
 * Elasticsearch's heap for a node of `memoryGiB`: half the memory (the other half is the page cache
 * Lucene reads through), below 32 GiB so the JVM keeps compressed object pointers (Elastic's
 * "Set the JVM heap size"). Undefined where Wire's 1 GB is already right.
 */
export function elasticsearchHeapGiB(memoryGiB: number): number | undefined {
  if (memoryGiB < 4) return undefined;
  return Math.min(31, Math.floor(memoryGiB / 2));
}

/**
 * The smallest Elasticsearch node's memory and the heap it should get (undefined: Wire's 1 GB is right).
 * On shared data nodes Wire's 1 GB is the share the compact sizing pins (sizing/compact.ts).
 */
function elasticsearchHeap(nodes: InventoryHost[]): { memory: number; heap: number } | undefined {
  if (nodes.length === 0 || onSharedNodes(nodes)) return undefined;
  const memory = Math.min(...nodes.map((h) => findInstance(h.instanceType)?.memoryGiB ?? 0));
  const heap = elasticsearchHeapGiB(memory);
  return heap === undefined ? undefined : { memory, heap };
}

/** The extra vars elasticsearch.yml must run with (the install runbook's command line), or none. */
export function elasticsearchExtraVars(hosts: InventoryHost[]): string[] {
  const h = elasticsearchHeap(hostsOf(hosts, "elasticsearch"));
  return h ? ["-e", `es_heap_size=${h.heap}g`] : [];
}

/** A play variable outranks every inventory variable; only extra vars (-e) outrank it. */
function elasticsearchHeapNote(nodes: InventoryHost[]): string[] {
  const h = elasticsearchHeap(nodes);
  if (!h) return [];
  return [
    `# Wire's elasticsearch.yml sets es_heap_size: "${WIRE_ES_HEAP_GIB}g" as a play variable, which no inventory variable`,
    `# outranks. These nodes have ${h.memory} GiB: run it as ansible-playbook -i hosts.ini elasticsearch.yml -e es_heap_size=${h.heap}g`,
  ];
}

export { hostsOf };

/**
 * Control plane (and etcd, colocated): an odd number of kubenodes, at most 5. etcd needs a majority,
 * so an even member count adds a failure point without adding tolerance. The first nodes are taken:
 * nodes are spread round-robin over the zones, so they sit in different zones.
 */
export function controlPlaneCount(kubenodes: number): number {
  if (kubenodes <= 0) return 0;
  return Math.min(kubenodes % 2 === 1 ? kubenodes : kubenodes - 1, MAX_CONTROL_PLANE);
}

/**
 * Cassandra seeds: the first nodes, one per zone (round-robin placement), at most 3, and never every
 * node: a seed does not bootstrap, so a replaced seed would join empty instead of streaming its data.
 * A single node cluster is its own seed. (WSD 99-static uses one seed; its old prod inventory two.)
 */
export function seedCount(cassandraNodes: number): number {
  if (cassandraNodes <= 1) return cassandraNodes;
  return Math.min(3, cassandraNodes - 1);
}

/** Seeds on the shared data nodes: datanode1, as Wire's staging.yml has it. */
const SHARED_NODE_SEEDS = 1;

function hostLine(h: InventoryHost, extra: string[] = []): string {
  return [h.hostname, `ansible_host=${h.privateIp}`, `ip=${h.privateIp}`, ...extra].join(" ");
}

/**
 * Calling nodes carry the label the charts select on, and the address clients reach them at: coturn
 * and sftd read `wire.com/external-ip` because kubelet without a cloud provider reports no
 * ExternalIP. Online that is the Elastic IP (1:1 NAT); offline clients reach the private IP.
 */
function kubeNodeVars(h: InventoryHost): string[] {
  const label = NODE_ROLE_LABEL[h.role];
  if (!label) return [`etcd_member_name=${h.hostname}`];
  // No node_annotations: WSD's kubernetes.yml runs `kubectl annotate` on the annotated host itself,
  // and workers have no kubectl; the annotation comes from k8s/node-*.yaml (outputs/nodeAnnotations.ts).
  return [`node_labels="{'wire.com/role': '${label}'}"`, `node_taints="['${callingTaint(label)}']"`];
}

export function renderInventory(hosts: InventoryHost[], opts: InventoryOptions): string {
  const port = opts.assetHostPort ?? WSD_ASSET_HOST_PORT;
  const assetHost = hostsOf(hosts, "assetHost")[0];
  // WSD's group_vars/all/offline.yml sets assethost_host to <asset host>:8080 and outranks [all:vars];
  // only host variables outrank it, so a different port has to be set on every host.
  const assetOverride = assetHost && port !== WSD_ASSET_HOST_PORT ? [`assethost_host=${assetHost.privateIp}:${port}`] : [];
  const line = (h: InventoryHost, extra: string[] = []) => hostLine(h, [...extra, ...assetOverride]);

  const cassandra = hostsOf(hosts, "cassandra");
  const elasticsearch = hostsOf(hosts, "elasticsearch");
  const minio = hostsOf(hosts, "minio");
  const kubenodes = hostsOf(hosts, "kubernetes");
  const coturn = hostsOf(hosts, "restund");
  const sft = hostsOf(hosts, "sft");
  const masters = kubenodes.slice(0, controlPlaneCount(kubenodes.length));
  const datanodes = hostsOf(hosts, "datanode");
  const seeds = onSharedNodes(cassandra) ? SHARED_NODE_SEEDS : seedCount(cassandra.length);

  const out: string[] = [
    "# Generated by wire-backend; groups as in wire-server-deploy ansible/inventory/offline/99-static.",
    "# ansible_host: the address Ansible reaches from the admin host; ip: node-to-node traffic (same NIC).",
    "# The admin host is not listed: it is where Ansible runs.",
    "",
    "[all:vars]",
    "ansible_user=ubuntu",
    "ansible_python_interpreter=/usr/bin/python3",
    "# The key `npm run export` writes to ssh/wire-ansible; every node accepts it (cloud-init).",
    "ansible_ssh_private_key_file=~/.ssh/wire-ansible",
    "bootstrap_os=ubuntu",
    "# False although this is AWS, as Wire's group_vars/all/offline.yml forces it (it would be auto-detected",
    "# from the metadata endpoint): True switches Wire's Cassandra role to Ec2Snitch (data centre = region,",
    "# rack = zone), a snitch that cannot be changed once data exists and that Wire's docs do not use.",
    "# Kubernetes likewise gets no AWS cloud provider (kubespray cloud_provider unset): Pulumi owns the load",
    "# balancer and volumes, and coturn/sftd read their public IP from the node annotation below, which",
    "# they only do when the node reports no ExternalIP, i.e. without a cloud provider.",
    "is_aws_environment=False",
    "",
    "[assethost]",
    ...hostsOf(hosts, "assetHost").map((h) => line(h)),
    "",
    ...(datanodes.length > 0
      ? [
          "# The compact layout's shared data nodes, as in Wire's staging.yml: every data service's group below",
          "# has them as children. Host names equal the nodes' real host names (RabbitMQ needs it).",
          `[${DATANODES_GROUP}]`,
          ...datanodes.map((h) => line(h)),
          "",
        ]
      : []),
    ...groupLines("cassandra", cassandra, (h) => line(h)),
    "",
    onSharedNodes(cassandra)
      ? "# One seed, datanode1, as in Wire's staging.yml."
      : "# One seed per zone, at most 3, never all nodes (a seed does not bootstrap when replaced).",
    "[cassandra_seed]",
    ...cassandra.slice(0, seeds).map((h) => h.hostname),
    "",
    "[cassandra:vars]",
    `cassandra_network_interface=${NETWORK_INTERFACE}`,
    "# ansible-cassandra keeps data, commitlog, hints and saved caches under cassandra_data_dir (default",
    "# /mnt/cassandra, the root disk): point it at the data volume's mount (config/services.ts DATA_DIRS).",
    `cassandra_data_dir=${DATA_DIRS.cassandra[0]}`,
    "",
    ...groupLines("elasticsearch", elasticsearch, (h) => line(h)),
    "",
    "[elasticsearch:vars]",
    `elasticsearch_network_interface=${NETWORK_INTERFACE}`,
    ...elasticsearchHeapNote(elasticsearch),
    "",
    "[elasticsearch_master:children]",
    onSharedNodes(elasticsearch) ? DATANODES_GROUP : "elasticsearch",
    "",
    "# Kubernetes nodes: kubenodes, then the TURN (coturn) and SFT nodes, which join the cluster",
    "# labelled for Wire's coturn and sftd charts (host networking, one pod per node).",
    "[kube-node]",
    ...[...kubenodes, ...coturn, ...sft].map((h) => line(h, kubeNodeVars(h))),
    "",
    "# Not [kube-master:children] kube-node as in 99-static: that would make the calling nodes control",
    `# plane. An odd number of kubenodes (etcd needs a majority; even adds no tolerance), at most ${MAX_CONTROL_PLANE}.`,
    "[kube-master]",
    ...masters.map((h) => h.hostname),
    "",
    "[etcd:children]",
    "kube-master",
    "",
    "[k8s-cluster:children]",
    "kube-master",
    "kube-node",
    "",
    "[k8s-cluster:vars]",
    "# kubespray's default, and the CNI whose binaries Wire's offline bundle ships (calicoctl, CRDs);",
    "# a k8s-cluster variable in kubespray's sample inventory, so not in [all:vars].",
    "kube_network_plugin=calico",
    "",
    // assets: s3 has no MinIO: no group, so Wire's minio.yml has no hosts to run on.
    ...(minio.length > 0
      ? [
          ...groupLines("minio", minio, (h) => line(h)),
          "",
          "[minio:vars]",
          `minio_network_interface=${NETWORK_INTERFACE}`,
          // minio.yml's static-files play writes deeplink.json with https://<prefix>{assets,nginz-https,...}.<domain>:
          // these make it write the export's public/deeplink.* byte for byte (outputs/publicFiles.ts).
          ...(opts.domain ? deeplinkInventoryVars(opts.domain) : []),
          "",
        ]
      : []),
    ...dataServiceGroups(hosts, line),
    "# The TURN role. Wire replaced restund with coturn (2025) and deploys it by Helm onto the nodes",
    "# labelled wire.com/role=coturn; no playbook reads this group, it documents which nodes those are.",
    "# There is deliberately no [restund] group: WSD no longer has a restund playbook.",
    "[coturn]",
    ...coturn.map((h) => h.hostname),
    "",
  ];
  return out.join("\n");
}

/** Group -> member host names (direct members only), for tests. Ignores comments and :vars. */
export function parseInventoryGroups(ini: string): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  let current: string | undefined;
  for (const raw of ini.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const header = line.match(/^\[([^\]]+)\]$/);
    if (header) {
      current = header[1];
      groups[current] ??= [];
      continue;
    }
    if (current) groups[current].push(line.split(/\s+/)[0]);
  }
  return groups;
}
