// What a pod on a calling node (coturn, sftd in its pool) needs: the toleration of the node's taint
// (inventory.ts sets it, so no other pod lands there) and the fixed uid the node's nftables rules
// (components/callingDmz.ts) match on. Shared by the coturn and sftd values.
import { CALLING_UIDS } from "../config/calling";
import { callingTaint } from "./inventory";

export function callingNodeValues(label: "coturn" | "sftd") {
  const [key, rest] = callingTaint(label).split("=");
  const [value, effect] = rest.split(":");
  return {
    tolerations: [{ key, operator: "Equal", value, effect }],
    // sftd's chart templates the container's securityContext; coturn's only the pod's
    // (podSecurityContext; its container runs as the image's `nobody` otherwise).
    ...(label === "sftd"
      ? { securityContext: { runAsUser: CALLING_UIDS.sftd } }
      : { podSecurityContext: { fsGroup: CALLING_UIDS.coturn, runAsUser: CALLING_UIDS.coturn } }),
  };
}
