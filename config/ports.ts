// Ports that the infrastructure (components/) and the exported values (outputs/) must agree on.
// Pure data, below both, so the values renderers import no Pulumi code.

/** Wire's ingress-nginx as a NodePort DaemonSet (wire-server charts/ingress-nginx-controller). */
export const INGRESS_NODE_PORTS = { https: 31773, http: 31772 } as const;
