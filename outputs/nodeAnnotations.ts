// The `wire.com/external-ip` annotation of the calling nodes (coturn, SFT), as Kubernetes objects
// instead of inventory `node_annotations`.
//
// Why not `node_annotations`: wire-server-deploy's ansible/kubernetes.yml runs
// `kubectl annotate node` ON EACH HOST that has node_annotations, and kubespray installs kubectl on
// control-plane nodes only. Our calling nodes are workers on purpose (public-facing DMZ nodes must not
// run etcd or the API server), so the task fails there and bin/offline-cluster.sh (set -e) stops before
// the Cassandra, Elasticsearch and MinIO playbooks. Making them control plane, or pointing their
// ansible connection elsewhere, would weaken the DMZ or lie to Ansible. So the inventory keeps only
// kubespray's `node_labels` (kubelet applies them at join, no kubectl needed) and the annotation is set
// from phase two's Kubernetes objects: `kubectl apply --server-side -f k8s/node-*.yaml` after kubespray
// (these partial Node objects only add the annotation), or Pulumi's NodePatch with a kubeconfig
// (components/wireObjects.ts). coturn's init container and sftd read it from the Node.
import { EXTERNAL_IP_ANNOTATION, type KubeObject } from "../config/kubeObjects";
import { hostsOf, NODE_ROLE_LABEL } from "./inventory";
import type { InventoryHost } from "./types";

/** Calling nodes: the address clients reach (Elastic IP online, private IP on the island). */
export function callingNodeAnnotations(hosts: InventoryHost[]): { name: string; annotations: Record<string, string> }[] {
  return (Object.keys(NODE_ROLE_LABEL) as InventoryHost["role"][]).flatMap((role) =>
    hostsOf(hosts, role).map((h) => ({ name: h.hostname, annotations: { [EXTERNAL_IP_ANNOTATION]: h.publicIp ?? h.privateIp } })),
  );
}

/** Partial Node objects (name and annotation only), for `kubectl apply --server-side`. */
export function callingNodeObjects(hosts: InventoryHost[]): KubeObject[] {
  return callingNodeAnnotations(hosts).map((n) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: n.name, annotations: n.annotations } as KubeObject["metadata"],
  }));
}
