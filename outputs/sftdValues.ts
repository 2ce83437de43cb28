// sftd's Helm values (chart wireapp/wire-avs-service charts/sftd): where sftd runs and how clients
// reach it. Two layouts:
// - pool: the stack declared `conferences`; one sftd per dedicated, labelled SFT node (hostNetwork),
//   each announcing its Elastic IP (node annotation wire.com/external-ip, see inventory.ts).
// - cluster: no `conferences`; Wire's reference layout (the seed has no SFT row): sftd on the
//   Kubernetes nodes, which have no public address, so media goes through TURN (turnDiscoveryEnabled).
// Signalling always goes https://sftd.<domain> -> load balancer -> ingress-nginx -> sftd:8585, and
// brig hands that URL out (setSftStaticUrl). `conferences: {concurrent: 0}` renders no sftd at all.
//
// The chart (templates/secret.yaml, statefulset.yaml at wire-avs-service 47ac245) MOUNTS Secret
// `sftd-secret` when `sftTokenSecret` or `multiSFT.secret` is set but CREATES it only when
// `sftTokenSecret` or `multiSFT.enabled` is: so with multiSFT off (no federation) no secret is set,
// or the pod waits forever for a Secret that never comes.
import type { ChartValues } from "./helmValues";
import { callingNodeValues } from "./callingPods";
import { hostsOf } from "./inventory";
import { webIssuer } from "../config/kubeObjects";
import type { InventoryHost, StackFacts } from "./types";

export type SftdLayout = "pool" | "cluster" | "none";

/** Wire's offline guide: "By default, the replicaCount ... is set to 3". One pod per node (hostNetwork). */
const CLUSTER_REPLICAS = 3;

export function sftdLayout(hosts: InventoryHost[], facts: Pick<StackFacts, "groupCalls">): SftdLayout {
  if (hostsOf(hosts, "sft").length > 0) return "pool";
  return facts.groupCalls === false ? "none" : "cluster";
}

export function sftdValues(hosts: InventoryHost[], facts: StackFacts, sftdHost: string, webappHost: string): ChartValues {
  const pool = hostsOf(hosts, "sft");
  const kubenodes = hostsOf(hosts, "kubernetes").length;
  // The ingress's issuer (config/kubeObjects.ts): letsencrypt-http01 online, wire-ca offline.
  const issuer = facts.certIssuer ?? webIssuer(facts.online);
  const placement =
    pool.length > 0
      ? // The pool's nodes are tainted for sftd alone (calling DMZ): tolerate it, run as the uid the node's nftables rules know.
        { replicaCount: pool.length, nodeSelector: { "wire.com/role": "sftd" }, ...callingNodeValues("sftd") }
      : {
          // On the plain Kubernetes nodes only: calling nodes carry wire.com/role, and coturn and
          // SFT must not share a node (WSD offline/coturn.md).
          replicaCount: Math.max(1, Math.min(CLUSTER_REPLICAS, kubenodes)),
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: "wire.com/role", operator: "DoesNotExist" }] }],
              },
            },
          },
        };
  return {
    values: {
      ...placement,
      host: sftdHost,
      allowOrigin: `https://${webappHost}`,
      tls: { issuerRef: issuer },
      // The join-call nginx runs on ordinary kubenodes; WSD's example pins the image Wire's bundle ships.
      joinCall: {
        replicaCount: Math.max(1, Math.min(3, kubenodes)),
        // (WSD's example also sets image.pullPolicy, which the chart's join-call template does not read.)
        image: { repository: "docker.io/bitnamilegacy/nginx", tag: "1.27.3-debian-12-r5" },
      },
      // SFT reaches the TURN servers (same VPC: the pool directly, the cluster's nodes via the NAT
      // online or privately offline), so Wire's offline guide recommends letting it use them; in
      // the cluster layout that is how clients reach it at all.
      turnDiscoveryEnabled: true,
      // SFT-to-SFT (federated calls) stays off, like federation; no secret, see the header.
      multiSFT: { enabled: false },
    },
    secrets: {},
  };
}
