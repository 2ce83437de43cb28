// What Wire's sftd chart needs to start, read from its templates (wireapp/wire-avs-service
// charts/sftd at 47ac245: values.yaml, templates/secret.yaml, templates/statefulset.yaml). No helm
// binary here, so the chart's conditions are restated, each with the template line it comes from.
import { NODE_ROLE_LABEL } from "../../outputs/inventory";
import type { Role } from "../../sizing/types";

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The chart's own defaults that the conditions read (values.yaml). */
const DEFAULTS: Values = { replicaCount: 1, turnDiscoveryEnabled: false, multiSFT: { enabled: false, discoveryRequired: true, turnDiscoveryURL: "" }, tls: {} };

function merge(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = v && typeof v === "object" && !Array.isArray(v) && typeof a[k] === "object" ? merge(a[k], v) : v;
  return out;
}

/** Labels per node the pods may land on. */
export type NodeLabels = Record<string, string>[];

function schedulable(v: Values, nodes: NodeLabels): number {
  const sel: Record<string, string> = v.nodeSelector ?? {};
  const terms = v.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const matchesTerm = (labels: Record<string, string>, t: { matchExpressions: { key: string; operator: string; values?: string[] }[] }) =>
    t.matchExpressions.every((e) =>
      e.operator === "DoesNotExist" ? !(e.key in labels) : e.operator === "Exists" ? e.key in labels : e.operator === "In" ? e.values!.includes(labels[e.key]) : e.operator === "NotIn" ? !e.values!.includes(labels[e.key]) : false,
    );
  return nodes.filter((l) => Object.entries(sel).every(([k, x]) => l[k] === x) && (terms.length === 0 || terms.some((t: never) => matchesTerm(l, t)))).length;
}

/** Reasons the release would not come up; [] when it would. `values` and `secrets` are our two documents. */
export function sftdStartProblems(values: Values, secrets: Values, nodes: NodeLabels): string[] {
  const v = merge(merge(DEFAULTS, values), secrets);
  const m = v.multiSFT;
  const p: string[] = [];
  // statefulset.yaml: volume sft-secret from Secret <fullname>-secret `if or .Values.sftTokenSecret .Values.multiSFT.secret`;
  // secret.yaml: the Secret exists only `if or .Values.sftTokenSecret .Values.multiSFT.enabled`.
  const mounts = !!v.sftTokenSecret || !!m.secret;
  const creates = !!v.sftTokenSecret || !!m.enabled;
  if (mounts && !creates) p.push("mounts Secret sftd-secret, which the chart does not create (multiSFT.secret set, multiSFT.enabled false)");
  if (m.enabled && v.sftTokenSecret) p.push("secret.yaml fails: multiSFT.enabled and sftTokenSecret both set");
  if (m.enabled && !m.discoveryRequired && !m.secret) p.push('secret.yaml: required "must specify authentication secret" (multiSFT.secret)');
  if (m.enabled && !m.discoveryRequired && !m.turnServerURI) p.push('statefulset.yaml: required "must specify TURN server URI"');
  if (m.enabled && m.discoveryRequired && !m.turnDiscoveryURL) p.push("get-multi-sft-config init container curls an empty turnDiscoveryURL and exits");
  if (!v.host) p.push('statefulset.yaml: required "must specify host"');
  if (v.tls?.issuerRef && (v.tls.key || v.tls.crt)) p.push("tls: {key,crt} and issuerRef are mutually exclusive");
  // hostNetwork: one pod per node; more replicas than matching nodes stay Pending.
  const fit = schedulable(v, nodes);
  if (v.replicaCount > fit) p.push(`replicaCount ${v.replicaCount} but only ${fit} nodes match nodeSelector/affinity (hostNetwork: one pod per node)`);
  return p;
}

/** The Kubernetes nodes of a stack's hosts with the labels inventory.ts gives them (calling nodes: wire.com/role). */
export function nodeLabelsOf(hosts: { role: string }[]): NodeLabels {
  return hosts
    .filter((h) => h.role === "kubernetes" || h.role in NODE_ROLE_LABEL)
    .map((h): Record<string, string> => {
      const label = NODE_ROLE_LABEL[h.role as Role];
      return label ? { "wire.com/role": label } : {};
    });
}
