// The install, in order, as data: what the export's RUNBOOK.md prints (outputs/runbook.ts) and what the
// contract tests run (tests/contract/helmRender.test.ts renders every helm step's chart with the step's
// own values files; the plays get `ansible-playbook --syntax-check` with the step's own arguments), so the
// runbook cannot drift from what is tested. The order is wire-server-deploy's (682349d):
// bin/offline-cluster.sh for the playbooks, bin/helm-operations.sh's deploy_charts list for the charts,
// then cert-manager, nginx-ingress-services and the calling charts.
import { CERT_MANAGER_NAMESPACE, NAMESPACE, type KubeObject, WIRE_CA } from "../config/kubeObjects";
import { kubeFileName } from "./kubeObjects";
import { elasticsearchExtraVars } from "./inventory";
import { hostsOf } from "./hosts";
import { ROLES } from "../sizing/types";
import type { InventoryHost } from "./types";
import { PUBLIC_FILES_DIR, PUBLIC_FILES_PLAY } from "./plays/publicFiles";

/** Charts in Wire's install order; a stack installs those its export has values for. (Wire's list also has
 * `smtp`, an in-cluster relay brig does not use here: outputs/helmValues.ts.) */
export const HELM_ORDER = [
  "cassandra-external",
  "elasticsearch-external",
  "minio-external",
  "postgresql-external",
  "fake-aws",
  "rabbitmq-external",
  "databases-ephemeral",
  "reaper",
  "wire-server",
  "webapp",
  "account-pages",
  "team-settings",
  "ingress-nginx-controller",
  "cert-manager",
  "nginx-ingress-services",
  "sftd",
  "coturn",
] as const;

/** helm-operations.sh waits 15 minutes (wire-server's schema migrations run as hooks) except for these. */
const SHORT_TIMEOUT = new Set(["cert-manager", "sftd", "coturn"]);
const CHART_NAMESPACE: Record<string, string> = { "cert-manager": CERT_MANAGER_NAMESPACE };

/** Where the admin host keeps wire-server-deploy's inventory (bin/offline-cluster.sh reads it there). */
export const INVENTORY = "ansible/inventory/offline/hosts.ini";

export interface HelmStep {
  kind: "helm";
  chart: string;
  namespace: string;
  timeout: string;
  /** Relative to wire-server-deploy's directory, as the export lays them out. */
  valuesFiles: string[];
}

export interface PlaybookStep {
  kind: "playbook";
  /** Relative to wire-server-deploy's directory. */
  playbook: string;
  /** Whose playbook: Wire's, or ours (the export's ansible/ directory, copied next to Wire's). */
  owner: "wire" | "wire-backend";
  extraArgs: string[];
  why?: string;
}

export interface CommandStep {
  kind: "command";
  /**
   * Where it runs: your workstation (the Pulumi CLI, this repository), the admin host's shell in
   * wire-server-deploy's directory, or its deploy container (Wire's `d` wrapper: ansible, helm, kubectl).
   */
  where: "workstation" | "admin host" | "admin container";
  argv: string[];
  /** The file its standard output goes to. */
  stdout?: string;
  why?: string;
}

export type InstallStep = HelmStep | PlaybookStep | CommandStep;

export interface InstallInput {
  stack: string;
  /** Charts the export has values for. */
  charts: string[];
  kubeObjects: KubeObject[];
  hosts: InventoryHost[];
  /** Our plays, with the Wire playbook each runs right after. */
  plays?: { file: string; purpose: string; runAfter: string }[];
  online: boolean;
}

export function helmStep(chart: string): HelmStep {
  return {
    kind: "helm",
    chart,
    namespace: CHART_NAMESPACE[chart] ?? NAMESPACE,
    timeout: SHORT_TIMEOUT.has(chart) ? "5m0s" : "15m0s",
    valuesFiles: [`values/${chart}/values.yaml`, `values/${chart}/secrets.yaml`],
  };
}

/** Wire's command (helm-operations.sh's deploy_charts): `helm upgrade --install --wait --timeout=… <chart> ./charts/<chart> --values …`. */
export function helmInstallArgv(s: HelmStep): string[] {
  const ns = s.namespace === NAMESPACE ? [] : ["--namespace", s.namespace, "--create-namespace"];
  return ["helm", "upgrade", "--install", "--wait", `--timeout=${s.timeout}`, ...ns, s.chart, `./charts/${s.chart}`, ...s.valuesFiles.flatMap((f) => ["--values", f])];
}

/** The same step as `helm template`, for a chart package at `chartPath`: what the contract test runs. */
export function helmTemplateArgv(s: HelmStep, chartPath: string): string[] {
  return ["helm", "template", s.chart, chartPath, "--namespace", s.namespace, ...s.valuesFiles.flatMap((f) => ["--values", f])];
}

export function playbookArgv(s: PlaybookStep): string[] {
  return ["ansible-playbook", "-i", INVENTORY, s.playbook, ...s.extraArgs];
}

const isCertManagerObject = (o: KubeObject) => o.apiVersion.startsWith("cert-manager.io/");

/**
 * Wire's postgresql-deploy.yml in two runs around our access play. Wire's pg_hba.conf admits only the
 * primary's /24, and its replica step checks the connection to the primary before cloning, so on nodes
 * in three zones a single run stops there. The tags are the playbook's own (backup, cleanup, install,
 * secrets, primary, replica, verify, wire-setup, monitoring), skipped, never picked, as its header asks.
 * Our play runs again after the second run: Wire's replica step rewrites the standbys' pg_hba.conf.
 */
function postgresqlSteps(wire: (name: string, extraArgs?: string[], why?: string) => PlaybookStep, access: PlaybookStep[]): PlaybookStep[] {
  if (access.length === 0) return [wire("postgresql-deploy.yml")];
  return [
    wire("postgresql-deploy.yml", ["--skip-tags", "replica,verify,wire-setup,monitoring"], "the primary first: its pg_hba.conf admits only its own /24, so the standbys cannot clone yet"),
    ...access,
    wire("postgresql-deploy.yml", ["--skip-tags", "backup,cleanup,primary"], "then the standbys, the wire-server database and user, and the split-brain guard"),
    ...access.map((p) => ({ ...p, why: "again: Wire's replica step rewrote the standbys' pg_hba.conf" })),
  ];
}

/**
 * Wire's playbooks as bin/offline-cluster.sh runs them, our -e flags and our plays in between, and
 * `afterKubernetes` as soon as the cluster answers (postgresql-deploy.yml reads its password from a Secret).
 */
function playbookSteps(input: InstallInput, afterKubernetes: InstallStep[]): InstallStep[] {
  const wire = (name: string, extraArgs: string[] = [], why?: string): PlaybookStep => ({ kind: "playbook", playbook: `ansible/${name}`, owner: "wire", extraArgs, ...(why ? { why } : {}) });
  const ours = (after: string) =>
    (input.plays ?? []).filter((p) => p.runAfter === after).map((p): PlaybookStep => ({ kind: "playbook", playbook: `ansible/${p.file}`, owner: "wire-backend", extraArgs: [], why: p.purpose }));
  const es = elasticsearchExtraVars(input.hosts);
  // A data service's playbook runs where its nodes are: its own, or the shared data nodes (hostsOf).
  const roles = new Set(ROLES.filter((r) => hostsOf(input.hosts, r).length > 0));
  return [
    wire("setup-offline-sources.yml"),
    wire("kubernetes.yml", ["--tags", "bastion,bootstrap-os,preinstall,container-engine"]),
    wire("seed-offline-containerd.yml"),
    wire("sync_time.yml", ["-v"]),
    wire("kubernetes.yml", ["--skip-tags", "bootstrap-os,preinstall,container-engine,multus"]),
    ...afterKubernetes,
    wire("cassandra.yml"),
    wire("elasticsearch.yml", es, es.length > 0 ? "the play hard-codes a 1 GB heap; only -e outranks it (see hosts.ini)" : undefined),
    ...(roles.has("minio") ? [wire("minio.yml"), ...ours("minio.yml")] : []),
    ...(roles.has("postgresql") ? postgresqlSteps(wire, ours("postgresql-deploy.yml")) : []),
    ...(roles.has("rabbitmq")
      ? [wire("roles/rabbitmq-cluster/tasks/configure_dns.yml"), wire("rabbitmq.yml"), ...ours("rabbitmq.yml")]
      : []),
  ];
}

/**
 * The export's files to where wire-server-deploy reads them, on the admin host (after copying the
 * export directory there, e.g. with `aws ssm start-session` or scp through your VPN).
 */
const command = (where: CommandStep["where"], argv: string[], why?: string): CommandStep => ({ kind: "command", where, argv, ...(why ? { why } : {}) });

function copyToAdminHost(dir: string, input: InstallInput): CommandStep[] {
  const host = (argv: string[], why?: string) => command("admin host", argv, why);
  return [
    host(["install", "-m", "0600", `${dir}/ssh/wire-ansible`, "~/.ssh/wire-ansible"], "the key every node accepts; hosts.ini points at it"),
    host(["cp", `${dir}/hosts.ini`, INVENTORY]),
    host(["cp", "-r", `${dir}/group_vars`, "ansible/inventory/offline/"], "secret Ansible variables (mode 0600)"),
    ...((input.plays ?? []).length > 0 ? [host(["cp", ...(input.plays ?? []).map((p) => `${dir}/ansible/${p.file}`), "ansible/"], "our plays, next to Wire's")] : []),
    ...((input.plays ?? []).some((p) => p.file === PUBLIC_FILES_PLAY)
      ? [host(["cp", "-rT", `${dir}/public`, `ansible/${PUBLIC_FILES_DIR}`], `the deeplink and blacklists ${PUBLIC_FILES_PLAY} puts on MinIO`)]
      : []),
    ...(input.kubeObjects.length > 0 ? [host(["cp", "-r", `${dir}/k8s`, "."], "the Kubernetes objects the stack owns besides the charts")] : []),
    host(["cp", "-r", `${dir}/values`, "."], "complete values per chart; never run bin/helm-operations.sh on them (its process_values puts Wire's examples back)"),
  ];
}

/** Every step from `pulumi up` to `npm run doctor`, in order. */
export function installSteps(input: InstallInput): InstallStep[] {
  const s = input.stack;
  const outputs = `${s}-outputs.json`;
  const exportDir = `${s}-export`;
  const cmd = command;
  const early = input.kubeObjects.filter((o) => !isCertManagerObject(o)).map((o) => `k8s/${kubeFileName(o)}`);
  const issuers = input.kubeObjects.filter(isCertManagerObject).map((o) => `k8s/${kubeFileName(o)}`);
  const charts = HELM_ORDER.filter((c) => input.charts.includes(c));
  // cert-manager's objects go in once its chart (and CRDs) are installed, before the charts that use them.
  const split = charts.includes("cert-manager") ? charts.indexOf("cert-manager") + 1 : charts.length;
  const [helmUpTo, helmAfter] = [charts.slice(0, split), charts.slice(split)];
  return [
    // The account's quotas and zones first: pulumi up checks them too, but preflight prints the whole table.
    cmd("workstation", ["npm", "run", "preflight", "--", "--stack", s], "can the AWS account take the stack? quotas (Elastic IPs, vCPUs, ...) and instance types per zone (docs/quotas.md)"),
    cmd("workstation", ["pulumi", "up", "--stack", s]),
    { ...cmd("workstation", ["pulumi", "stack", "output", "--stack", s, "--json", "--show-secrets"], "it holds secrets: keep it out of version control"), stdout: outputs },
    cmd("workstation", ["npm", "run", "export", "--", "--stack", s, "--outputs", outputs, "--out", exportDir]),
    ...copyToAdminHost(exportDir, input),
    ...playbookSteps(
      input,
      early.length > 0 ? [cmd("admin container", ["kubectl", "apply", "--server-side", ...early.flatMap((f) => ["-f", f])], "the calling nodes' external IPs and the Secret postgresql-deploy.yml reads")] : [],
    ),
    ...helmUpTo.map(helmStep),
    ...(!input.online && issuers.length > 0
      ? [cmd("admin container", ["kubectl", "--namespace", CERT_MANAGER_NAMESPACE, "create", "secret", "tls", WIRE_CA, "--cert", "ca.pem", "--key", "ca-key.pem"], "your CA's certificate and key: the wire-ca issuer signs with them")]
      : []),
    ...(issuers.length > 0 ? [cmd("admin container", ["kubectl", "apply", ...issuers.flatMap((f) => ["-f", f])], "cert-manager's issuers and certificates (cert-manager's CRDs exist now)")] : []),
    ...helmAfter.map(helmStep),
    cmd("workstation", ["npm", "run", "doctor", "--", "--stack", s, "--outputs", outputs]),
  ];
}
