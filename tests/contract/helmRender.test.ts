// Our exported Helm values judged by Wire's real charts and a real helm (tests/fixtures/charts,
// tests/helpers/helm.ts): every values/<chart>/ directory an export writes is rendered with the chart
// of that name at the stack's release, both files, as the export's header comment says the operator
// installs it (`helm upgrade --install <chart> ./charts/<chart> --values values.yaml --values
// secrets.yaml`, namespace default). The assertions read the rendered objects, never our values.
// A matrix summary (stack, release, chart, objects or helm's error) goes to .cache/helm-matrix.md.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { exportOutputsFromPlan } from "../../cli/export";
import { type PlanDocument, runPlan } from "../../cli/planRuntime";
import { nftablesRules, peerPolicy } from "../../components/callingDmz";
import { CALLING_UIDS } from "../../config/calling";
import type { ConfigMap } from "../../config/load";
import { compareVersions, DEFAULT_RELEASE } from "../../config/releases";
import { runbookInput, writeExport } from "../../outputs/exportFiles";
import { type HelmStep, helmTemplateArgv, installSteps } from "../../outputs/installSteps";
import { helmPath } from "../helpers/helm";
import { chartFixture, K8sObject, renderChart, renderChartAsync } from "../helpers/helmRender";
import { exampleStacks, OFFLINE, REPO, stack, stackFile } from "../helpers/stacks";
import { parseStackConfig } from "../../config/load";
import { emailVia, SMTP_DEFAULT_PORT } from "../../config/email";
import { usesFakeAws } from "../../config/fakeAws";

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "helm-render-"));
const MATRIX_FILE = path.join(REPO, ".cache", "helm-matrix.md");

// ---- the stacks ----------------------------------------------------------------------------------
const SSO: ConfigMap = { "wire-backend:sso": { enabled: true } };
const TURN_TLS: ConfigMap = { "wire-backend:turn": { tls: true } };
const CONFERENCES: ConfigMap = { "wire-backend:conferences": { concurrent: 12, participants: 10, video: true } };
const at = (release: string, users: number, ...extra: ConfigMap[]): ConfigMap => stack(users, Object.assign({ "wire-backend:wireVersion": release }, ...extra));

/** Every example stack, and one stack per release of the fixtures, between them SSO on and off,
 * online and offline, TURN over TLS and conferences. */
const STACKS: Record<string, ConfigMap> = {
  ...Object.fromEntries(exampleStacks().map((s) => [s, stackFile(s)])),
  "r5.8.0-online-sso-conferences": at("5.8.0", 2000, SSO, CONFERENCES),
  "r5.20.0-offline": at("5.20.0", 500, OFFLINE),
  "r5.23.0-online-sso-turntls": at("5.23.0", 5000, SSO, TURN_TLS),
  "r5.25.0-offline-sso-conferences": at("5.25.0", 1000, OFFLINE, SSO, CONFERENCES),
  "r5.28.0-online-turntls-conferences": at("5.28.0", 10_000, TURN_TLS, CONFERENCES),
  "r5.29.0-offline-sso-turntls": at("5.29.0", 500, OFFLINE, SSO, TURN_TLS),
  "r5.29.5-online-sso-turntls-conferences": at("5.29.5", 20_000, SSO, TURN_TLS, CONFERENCES),
  // Online with a relay (implicit TLS, a login) and open registration, at the oldest checked release.
  "r5.8.0-online-relay-open": at("5.8.0", 300, { "wire-backend:registration": "open", "wire-backend:email": { via: "smtp", smtp: { host: "smtp.mail.example.net", tls: "implicit", username: "wire", password: "relay-Pw-1" } } }),
};

const assetsOf = (c: ConfigMap) => String(c["wire-backend:assets"] ?? "minio");
const layoutOf = (c: ConfigMap) => String(c["wire-backend:layout"] ?? "reference");
const releaseOf = (c: ConfigMap) => String(c["wire-backend:wireVersion"] ?? DEFAULT_RELEASE);
const ssoOf = (c: ConfigMap) => (c["wire-backend:sso"] as { enabled?: boolean } | undefined)?.enabled === true;

// ---- plan, export and render each stack once, every chart in parallel (2 helm processes) ----------
interface Rendered {
  objects?: K8sObject[];
  error?: Error;
}
interface StackCase {
  release: string;
  dir: string;
  charts: string[];
  renders: Map<string, Rendered>;
  inventory: Inventory;
  helmSteps?: HelmStep[];
  /** assets: s3: the name of the stack's assets bucket as its TLS-only bucket policy names it (the plan's). */
  assetsBucket?: string;
}
const cases = new Map<string, StackCase>();

// Jest needs the test names before beforeAll runs: each stack's charts are listed from its export in
// the suite's own beforeAll, and a test per chart of the union checks "not written" where it applies.
const CHART_NAMES = [
  "wire-server", "cassandra-external", "elasticsearch-external", "minio-external", "rabbitmq-external", "postgresql-external",
  "fake-aws", "smtp", "nginx-ingress-services", "ingress-nginx-controller", "webapp", "team-settings", "account-pages", "coturn", "sftd",
  "databases-ephemeral", "reaper", "cert-manager",
];

beforeAll(async () => {
  helmPath(); // extract once before the workers of the pool race for it
  // Plans one at a time (each is CPU-bound on the mock runtime), renders as each plan is ready.
  const pending: Promise<void>[] = [];
  for (const [name, config] of Object.entries(STACKS)) {
    const plan = await runPlan({ stack: name, config, showSecrets: true });
    const dir = path.join(TMP, name);
    const outputs = exportOutputsFromPlan(plan);
    writeExport(outputs, dir);
    const charts = fs.readdirSync(path.join(dir, "values")).sort();
    const c: StackCase = { release: releaseOf(config), dir, charts, renders: new Map(), inventory: inventoryOf(path.join(dir, "hosts.ini")), assetsBucket: assetsBucketOf(plan) };
    cases.set(name, c);
    // The install runbook's own helm steps (RUNBOOK.md prints them as `helm upgrade --install`), each
    // run as `helm template` with the same release name, namespace and values files, from the export.
    const steps = installSteps(runbookInput(outputs)!);
    c.helmSteps = steps.filter((s): s is HelmStep => s.kind === "helm");
    for (const step of c.helmSteps) {
      const chart = step.chart;
      if (!chartFixture(chart, c.release)) {
        c.renders.set(chart, { error: new Error(`no fixture of Wire's chart ${chart} at release ${c.release}: add it to tests/fixtures/charts/rebuild.sh`) });
        continue;
      }
      pending.push(
        renderChartAsync({ chart, release: c.release, valuesFiles: step.valuesFiles, cwd: dir, commandLine: (tgz) => helmTemplateArgv(step, tgz) }).then(
          (objects) => void c.renders.set(chart, { objects }),
          (error: Error) => void c.renders.set(chart, { error }),
        ),
      );
    }
  }
  await Promise.all(pending);
  writeMatrix();
}, 600_000);

/** The assets bucket's real name: the ARN its TLS-only policy (components/assetsBucket.ts) is written for. */
function assetsBucketOf(plan: PlanDocument): string | undefined {
  const bucket = plan.resources.find((r) => r.type === "aws:s3/bucket:Bucket" && r.urn.includes("wire:storage:AssetsBucket"));
  if (!bucket) return undefined;
  const policy = plan.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.inputs.bucket === bucket.id);
  const arn = /arn:aws:s3:::([a-z0-9.-]+)/.exec(String(policy?.inputs.policy))?.[1];
  if (!arn || !arn.startsWith(String(bucket.inputs.bucketPrefix))) throw new Error(`no bucket policy naming the assets bucket ${bucket.id}`);
  return arn;
}

function writeMatrix(): void {
  const rows = ["| stack | release | chart | rendered objects |", "|---|---|---|---|"];
  for (const [name, c] of cases) {
    for (const chart of c.charts) {
      const r = c.renders.get(chart)!;
      const cell = r.objects ? String(r.objects.length) : `FAILS: ${helmMessage(r.error!).replace(/\|/g, "\\|")}`;
      rows.push(`| ${name} | ${c.release} | ${chart} | ${cell} |`);
    }
  }
  fs.mkdirSync(path.dirname(MATRIX_FILE), { recursive: true });
  fs.writeFileSync(MATRIX_FILE, `# Wire's charts rendering our export (helm template, values.yaml + secrets.yaml)\n\n${rows.join("\n")}\n`);
}
/** helm's message on one line, without the hint and our trailer. */
const helmMessage = (e: Error) =>
  e.message
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("Use --debug") && !l.startsWith("(helm template of"))
    .join(" ");

/** The chart's rendered objects; a failed render fails the calling test with helm's message. */
function rendered(stackName: string, chart: string): K8sObject[] {
  const r = cases.get(stackName)!.renders.get(chart);
  if (!r) throw new Error(`${stackName}: the export wrote no values/${chart}/`);
  if (r.error) throw r.error;
  return r.objects!;
}

// ---- hosts.ini, as Ansible reads it ---------------------------------------------------------------
interface KubeNode {
  host: string;
  labels: Record<string, string>;
  /** kubespray's node_taints, "key=value:Effect" */
  taints: string[];
}
interface Inventory {
  /** group -> private IPs (hostvar `ip`) of its hosts, sorted */
  ips(group: string): string[];
  /** Kubernetes nodes (kube-node) with the labels and taints kubespray gives them. */
  kubeNodes: KubeNode[];
}
function inventoryOf(file: string): Inventory {
  const r = spawnSync("ansible-inventory", ["-i", file, "--list"], {
    encoding: "utf8",
    env: { ...process.env, ANSIBLE_INVENTORY_ENABLED: "ini", ANSIBLE_INVENTORY_UNPARSED_FAILED: "True" },
  });
  if (r.error || r.status !== 0) throw new Error(`ansible-inventory -i ${file}: ${r.error?.message ?? r.stderr}`);
  type HostVars = { ip?: string; node_labels?: Record<string, string>; node_taints?: string[] };
  const inv = JSON.parse(r.stdout) as Record<string, { hosts?: string[]; children?: string[] }> & { _meta: { hostvars: Record<string, HostVars> } };
  const members = (g: string): string[] => [...new Set([...(inv[g]?.hosts ?? []), ...(inv[g]?.children ?? []).flatMap(members)])];
  return {
    ips: (g) => [...new Set(members(g).map((h) => String(inv._meta.hostvars[h].ip)))].sort(),
    kubeNodes: members("kube-node").map((host) => ({ host, labels: inv._meta.hostvars[host].node_labels ?? {}, taints: inv._meta.hostvars[host].node_taints ?? [] })),
  };
}

// ---- what the rendered objects must show ---------------------------------------------------------
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);
const workload = (objs: K8sObject[], name: string) => objs.find((o) => WORKLOADS.has(o.kind) && o.metadata.name === name);
const ofKind = (objs: K8sObject[], kind: string) => objs.filter((o) => o.kind === kind);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** The service's own config file in its ConfigMap (brig -> ConfigMap brig, key brig.yaml). */
function serviceConfig(objs: K8sObject[], service: string): Any {
  const cm = ofKind(objs, "ConfigMap").find((o) => o.metadata.name === service);
  const text = (cm?.data as Record<string, string> | undefined)?.[`${service}.yaml`];
  if (!text) throw new Error(`no ConfigMap ${service} with ${service}.yaml among the rendered objects`);
  return parseYaml(text);
}

/** Port each data service listens on (Wire's Ansible roles / the services' defaults). */
const DATA_SERVICES: { chart: string; group: string; port: number; since?: string }[] = [
  { chart: "cassandra-external", group: "cassandra", port: 9042 },
  { chart: "elasticsearch-external", group: "elasticsearch", port: 9200 },
  { chart: "minio-external", group: "minio", port: 9000 },
  { chart: "rabbitmq-external", group: "rmq-cluster", port: 5672, since: "5.8.0" },
  { chart: "postgresql-external", group: "postgresql", port: 5432, since: "5.20.0" },
];
const needs = (release: string, since?: string) => !since || compareVersions(release, since) >= 0;

/** Service name -> its ports, from a data-service chart's render. */
function services(objs: K8sObject[]): Map<string, { name?: string; port: number }[]> {
  return new Map(ofKind(objs, "Service").map((s) => [s.metadata.name, ((s.spec as Any).ports ?? []).map((p: Any) => ({ name: p.name, port: Number(p.port) }))]));
}
function endpointIps(e: K8sObject): string[] {
  return ((e.subsets as Any[]) ?? []).flatMap((s) => (s.addresses ?? []).map((a: Any) => String(a.ip))).sort();
}
function endpointPorts(e: K8sObject): { name?: string; port: number }[] {
  return ((e.subsets as Any[]) ?? []).flatMap((s) => (s.ports ?? []).map((p: Any) => ({ name: p.name, port: Number(p.port) })));
}

/** The pod spec of a workload (Deployment/StatefulSet/DaemonSet). */
const podSpec = (w: K8sObject): Any => (w.spec as Any).template.spec;

// ---- the tests -----------------------------------------------------------------------------------
describe("the judge", () => {
  it("throws helm's own message when the chart rejects a values file", () => {
    const bad = path.join(TMP, "sftd-without-host.yaml");
    fs.writeFileSync(bad, "allowOrigin: https://webapp.example.com\n"); // sftd's statefulset: required "must specify host"
    expect(() => renderChart({ chart: "sftd", release: "5.23.0", valuesFiles: [bad] })).toThrow(/must specify host[\s\S]*chart sftd at release 5\.23\.0/);
  });

  it("renders a values file the chart accepts, and knows which charts it has", async () => {
    const ok = path.join(TMP, "cassandra-ok.yaml");
    fs.writeFileSync(ok, "IPs: [10.0.0.1, 10.0.0.2]\n");
    const objs = await renderChartAsync({ chart: "cassandra-external", release: "5.23.0", valuesFiles: [ok] });
    expect(objs.map((o) => o.kind).sort()).toEqual(["Endpoints", "Service"]);
    expect(endpointIps(ofKind(objs, "Endpoints")[0])).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(chartFixture("no-such-chart", "5.23.0")).toBeUndefined();
  });
});

describe.each(Object.keys(STACKS))("%s", (name) => {
  const config = STACKS[name];
  const release = releaseOf(config);
  const c = () => cases.get(name)!;

  it.each(CHART_NAMES)(`${release}: %s renders with Wire's chart (or is not exported)`, (chart) => {
    if (!c().charts.includes(chart)) return expect(c().renders.has(chart)).toBe(false);
    expect(rendered(name, chart).length).toBeGreaterThan(0);
  });

  it(`${release}: every exported chart has a fixture`, () => {
    const missing = c().charts.filter((ch) => !chartFixture(ch, release));
    expect(missing).toEqual([]);
    // A chart the export writes that this suite does not list would get no test of its own, and one
    // the runbook does not install would be left to the operator.
    expect(c().charts.filter((ch) => !CHART_NAMES.includes(ch))).toEqual([]);
    expect(c().charts.filter((ch) => !c().helmSteps!.some((s) => s.chart === ch))).toEqual([]);
  });

  it(`${release}: wire-server runs brig, galley, gundeck, cannon, cargohold, nginz${ssoOf(config) ? ", spar" : ""}`, () => {
    const objs = rendered(name, "wire-server");
    const want = ["brig", "galley", "gundeck", "cannon", "cargohold", "nginz", ...(ssoOf(config) ? ["spar"] : [])];
    expect(want.filter((w) => !workload(objs, w))).toEqual([]);
  });

  it(`${release}: brig's config carries the stack's registration and email choice, and no placeholder`, () => {
    // Expected from the stack file as the schema reads it, never from our values.
    const { config: cfg } = parseStackConfig(config);
    const objs = rendered(name, "wire-server");
    const brig = serviceConfig(objs, "brig");
    expect(brig.optSettings?.setRestrictUserCreation === true).toBe(cfg.registration === "restricted");
    const email = brig.emailSMS.email;
    const env: Any[] = podSpec(workload(objs, "brig")!).containers.find((k: Any) => k.name === "brig").env ?? [];
    const secret = ofKind(objs, "Secret").find((o) => o.metadata.name === "brig")!;
    const secretData = (secret.data ?? {}) as Record<string, string>;
    if (emailVia(cfg) === "ses") {
      // SES in the stack's region, the feedback queue on real SQS, and the instance profile's
      // credentials: no AWS key in brig's environment.
      expect(email.sesEndpoint).toBe(`https://email.${cfg.region}.amazonaws.com`);
      expect(email.sesQueue).toMatch(/-brig-ses-feedback$/);
      expect(brig.aws.sqsEndpoint).toBe(`https://sqs.${cfg.region}.amazonaws.com`);
      expect(brig.internalEvents.queueName).toMatch(/-brig-events-internal$/);
      expect(env.map((e) => e.name)).not.toContain("AWS_ACCESS_KEY_ID");
      expect(env.find((e) => e.name === "AWS_REGION")?.value).toBe(cfg.region);
      expect(email.smtpEndpoint).toBeUndefined();
    } else {
      const smtp = cfg.email.smtp!;
      expect(email.smtpEndpoint).toEqual({ host: smtp.host, port: smtp.port ?? SMTP_DEFAULT_PORT[smtp.tls] });
      expect(email.smtpConnType).toBe({ starttls: "tls", implicit: "ssl", none: "plain" }[smtp.tls]);
      expect(email.smtpCredentials?.smtpUsername).toBe(smtp.username);
      // brig reads the password from the file its Secret holds.
      if (smtp.username) {
        expect(email.smtpCredentials.smtpPassword).toBe("/etc/wire/brig/secrets/smtp-password.txt");
        expect(Buffer.from(secretData["smtp-password.txt"] ?? "", "base64").toString()).toBe(smtp.password === undefined ? "" : smtp.password);
      }
    }
    expect(brig.emailSMS.general.emailSender).toBe(cfg.email.sender ?? `no-reply@${cfg.domain}`);
    const text = JSON.stringify(brig);
    expect(text).not.toMatch(/insert-|twilio|nexmo/i);
    expect(brig.emailSMS.general.smsSender).toBe("");
  });

  it(`${release}: every fake-aws address the services' configs name is a Service the fake-aws chart creates, and fake-aws is installed only with such a reader`, () => {
    const objs = rendered(name, "wire-server");
    const urls: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === "string" && /^https?:\/\/fake-aws/.test(v)) urls.push(v);
      else if (v && typeof v === "object") Object.values(v).forEach(collect);
    };
    for (const svc of ["brig", "galley", "gundeck", "cargohold", "cannon"]) collect(serviceConfig(objs, svc));
    const installed = cases.get(name)!.charts.includes("fake-aws");
    expect({ readers: urls.length > 0, installed }).toEqual({ readers: installed, installed });
    // The upgrade report's rule, from the stack file alone, agrees; Wire's in-cluster smtp relay has no reader.
    expect(usesFakeAws(parseStackConfig(config).config)).toBe(installed);
    expect(cases.get(name)!.charts).not.toContain("smtp");
    if (!installed) return;
    const fake = services(rendered(name, "fake-aws"));
    for (const u of urls) {
      const url = new URL(u);
      const ports = fake.get(url.hostname);
      expect({ url: u, service: ports ? (ports.some((p) => p.port === Number(url.port)) ? "ok" : `no port ${url.port}`) : `no Service (fake-aws creates ${[...fake.keys()].join(", ")})` }).toEqual({ url: u, service: "ok" });
    }
  });

  it(`${release}: the services' configs name the data services' Services`, () => {
    const objs = rendered(name, "wire-server");
    const svc = (chart: string) => [...services(rendered(name, chart)).keys()];
    // Each host (and port) must be a Service (and one of its ports) the data service's chart creates.
    const check = (field: string, chart: string, host: unknown, port?: unknown) => {
      const ports = services(rendered(name, chart)).get(String(host));
      const problem = !ports ? `no Service ${String(host)} (${chart} creates ${svc(chart).join(", ")})` : port !== undefined && !ports.some((p) => p.port === Number(port)) ? `Service ${String(host)} has no port ${String(port)}` : "";
      expect({ field, problem }).toEqual({ field, problem: "" });
    };
    const endpoint = (cfg: Any) => cfg?.endpoint ?? cfg; // cassandra: {endpoint: {host, port}} (older: {host, port})
    for (const s of ["brig", "galley", "gundeck", ...(ssoOf(config) ? ["spar"] : [])]) {
      const cass = endpoint(serviceConfig(objs, s).cassandra);
      check(`${s}.cassandra`, "cassandra-external", cass?.host, cass?.port);
    }
    const brig = serviceConfig(objs, "brig");
    const es = brig.elasticsearch?.url ? new URL(brig.elasticsearch.url) : undefined;
    check("brig.elasticsearch", "elasticsearch-external", es ? es.hostname : brig.elasticsearch?.host, es ? es.port || undefined : brig.elasticsearch?.port);
    // assets: s3: cargohold talks to S3 itself (checked below), there is no minio-external.
    if (assetsOf(config) === "minio") {
      const s3 = new URL(serviceConfig(objs, "cargohold").aws.s3Endpoint);
      check("cargohold.aws.s3Endpoint", "minio-external", s3.hostname, s3.port || undefined);
    }
    if (needs(release, "5.8.0")) {
      for (const s of ["gundeck", "cannon"]) {
        const mq = serviceConfig(objs, s).rabbitmq;
        check(`${s}.rabbitmq`, "rabbitmq-external", mq?.host, mq?.port);
      }
    }
    const redis = serviceConfig(objs, "gundeck").redis;
    check("gundeck.redis", "databases-ephemeral", redis?.host, redis?.port);
    if (needs(release, "5.20.0")) {
      const pg = serviceConfig(objs, "galley").postgresql;
      check("galley.postgresql", "postgresql-external", pg?.host, pg?.port);
    }
  });

  it.each(DATA_SERVICES.map((d) => [d.chart, d] as const))(`${release}: %s Endpoints are exactly hosts.ini's hosts on the service's port`, (_chart, d) => {
    if (!needs(release, d.since)) return expect(c().charts).not.toContain(d.chart);
    if (d.chart === "minio-external" && assetsOf(config) === "s3") return expect(c().charts).not.toContain(d.chart);
    const objs = rendered(name, d.chart);
    const byName = services(objs);
    const endpoints = ofKind(objs, "Endpoints");
    expect(endpoints.length).toBeGreaterThan(0);
    for (const e of endpoints) {
      // Kubernetes joins an Endpoints object to the Service of the same name, port by port name.
      expect({ endpoints: e.metadata.name, ports: endpointPorts(e) }).toEqual({ endpoints: e.metadata.name, ports: byName.get(e.metadata.name) });
      expect(endpointPorts(e).map((p) => p.port)).toContain(d.port);
    }
    const all = [...new Set(endpoints.flatMap(endpointIps))].sort();
    expect(all).toEqual(c().inventory.ips(d.group));
    // layout: compact: every data service is on the three shared data nodes, each Endpoints object
    // (postgresql's -rw and -ro split them) lists only their addresses.
    if (layoutOf(config) === "compact") {
      expect(all).toEqual(c().inventory.ips("datanodes"));
      expect(all).toHaveLength(3);
    }
    if (d.chart === "postgresql-external") {
      // Writes go to the primary only, reads to the standbys (99-static's postgresql_rw / _ro).
      const ips = (suffix: string) => endpointIps(endpoints.find((e) => e.metadata.name.endsWith(suffix))!);
      expect({ rw: ips("-rw"), ro: ips("-ro") }).toEqual({ rw: c().inventory.ips("postgresql_rw"), ro: c().inventory.ips("postgresql_ro") });
    }
  });

  it(`${release}: cargohold keeps users' files where the stack's assets choice says, with no access key for S3`, () => {
    const { config: cfg } = parseStackConfig(config);
    const objs = rendered(name, "wire-server");
    const aws = serviceConfig(objs, "cargohold").aws;
    const secret = ofKind(objs, "Secret").find((o) => o.metadata.name === "cargohold");
    const env: Any[] = podSpec(workload(objs, "cargohold")!).containers.flatMap((k: Any) => k.env ?? []);
    const envNames = env.map((e) => e.name);
    const installed = c().helmSteps!.map((s) => s.chart);
    if (assetsOf(config) === "minio") {
      // The contrast that shows the checks below can fail: with MinIO, cargohold has keys and minio-external runs.
      expect(installed).toContain("minio-external");
      expect(Object.keys(secret?.data ?? {})).toEqual(expect.arrayContaining(["awsKeyId", "awsSecretKey"]));
      return;
    }
    expect(c().assetsBucket).toBeDefined();
    expect({ s3Bucket: aws.s3Bucket, s3Endpoint: aws.s3Endpoint, s3AddressingStyle: aws.s3AddressingStyle }).toEqual({
      s3Bucket: c().assetsBucket,
      s3Endpoint: `https://s3.${cfg.region}.amazonaws.com`,
      s3AddressingStyle: "auto",
    });
    // No key anywhere: amazonka then takes the nodes' instance profile (the default credential chain).
    expect(Object.keys(secret?.data ?? {}).filter((k) => /aws/i.test(k))).toEqual([]);
    expect(envNames.filter((n) => /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)$/.test(n))).toEqual([]);
    expect(JSON.stringify(objs.filter((o) => o.metadata.name === "cargohold"))).not.toMatch(/awsKeyId|awsSecretKey|AWS_ACCESS_KEY_ID/);
    expect(installed).not.toContain("minio-external");
    expect(c().charts).not.toContain("minio-external");
  });

  it(`${release}: nginx-ingress-services serves assets.<domain> only with MinIO`, () => {
    const { config: cfg } = parseStackConfig(config);
    if (!c().charts.includes("nginx-ingress-services")) return expect(assetsOf(config)).toBe("minio");
    const objs = rendered(name, "nginx-ingress-services");
    const assetsHost = `assets.${cfg.domain}`;
    const ingressHosts = ofKind(objs, "Ingress").flatMap((i) => [...((i.spec as Any).rules ?? []).map((r: Any) => r.host), ...((i.spec as Any).tls ?? []).flatMap((t: Any) => t.hosts ?? [])]);
    const certNames = ofKind(objs, "Certificate").flatMap((o) => (o.spec as Any).dnsNames ?? []);
    if (assetsOf(config) === "s3") {
      expect(ingressHosts).not.toContain(assetsHost);
      expect(certNames).not.toContain(assetsHost);
      expect(ingressHosts.length).toBeGreaterThan(0); // the chart still renders the other hosts
    } else {
      // With MinIO the chart does serve it (Wire's public files, cargohold's downloads): the contrast
      // that shows the s3 check can fail.
      expect(ingressHosts).toContain(assetsHost);
      if (certNames.length > 0) expect(certNames).toContain(assetsHost);
    }
  });

  it.each([
    ["coturn", CALLING_UIDS.coturn],
    ["sftd", CALLING_UIDS.sftd],
  ] as const)(`${release}: %s runs on the host network, tolerates its nodes' taints and runs as the uid the calling DMZ's nftables rules match`, (chart, uid) => {
    // The chart's own workload, named after the release (sftd also runs sftd-join-call, an
    // ordinary Deployment on the general nodes).
    const pods = rendered(name, chart).filter((o) => WORKLOADS.has(o.kind) && o.metadata.name === chart);
    expect(pods.map((w) => w.metadata.name)).toEqual([chart]);
    for (const w of pods) {
      const spec = podSpec(w);
      expect(spec.hostNetwork).toBe(true);
      // Schedulable nodes: those its nodeSelector admits (hosts.ini's node_labels) whose every taint
      // (node_taints; the calling nodes' wire.com/role=<role>:NoSchedule) it tolerates. hostNetwork
      // pods bind the same ports: one per node, so there must be a node for every replica.
      const selector: Record<string, string> = spec.nodeSelector ?? {};
      const tolerated = (taint: string) => {
        const [, key, value, effect] = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(taint) ?? [];
        return (spec.tolerations ?? []).some(
          (t: Any) => t.key === key && (t.operator === "Exists" || (t.value ?? "") === (value ?? "")) && (!t.effect || t.effect === effect),
        );
      };
      const admitted = c().inventory.kubeNodes.filter((n) => Object.entries(selector).every(([k, v]) => n.labels[k] === v));
      const schedulable = admitted.filter((n) => n.taints.every(tolerated)).map((n) => n.host);
      const untolerated = [...new Set(admitted.flatMap((n) => n.taints))].filter((t) => !tolerated(t));
      const replicas = Number((w.spec as Any).replicas ?? 1);
      expect({ workload: w.metadata.name, nodeSelector: selector, replicas, fits: schedulable.length >= replicas })
        .toEqual({ workload: w.metadata.name, nodeSelector: selector, replicas, fits: true, ...(schedulable.length < replicas ? { schedulable, untolerated } : {}) });
      // The container's securityContext wins over the pod's. The service container must run as the uid
      // the calling DMZ's nftables rules drop towards private ranges (components/callingDmz.ts); an init
      // container that asks the Kubernetes API (kubectl, the node's external IP) must not, or the same
      // rules drop its connection to the API server inside the VPC and the pod never starts.
      const runAs = (ct: Any) => ct.securityContext?.runAsUser ?? spec.securityContext?.runAsUser;
      const main = (spec.containers as Any[]).find((ct) => ct.name === chart);
      expect({ container: main?.name, runAs: main && runAs(main) }).toEqual({ container: chart, runAs: uid });
      // coturn's init container does (its chart sets the uid for the whole pod): the ruleset must then
      // accept that uid's TCP to the API servers' port before its drops (the kernel's verdict on that
      // rule is tested in tests/contract/coturn.test.ts).
      const rules = nftablesRules(peerPolicy({ vpcCidr: "172.16.0.0/16" })).split("\n").map((l) => l.trim());
      const firstDrop = rules.findIndex((l) => l.startsWith("meta skuid {") && l.endsWith("drop"));
      for (const ct of (spec.initContainers ?? []) as Any[]) {
        if (!JSON.stringify([ct.command, ct.args]).includes("kubectl")) continue;
        const calling = (Object.values(CALLING_UIDS) as number[]).includes(runAs(ct));
        const admitted = rules.findIndex((l) => l === `meta skuid ${runAs(ct)} ip daddr 172.16.0.0/16 tcp dport 6443 accept`);
        const reachesApi = !calling || (admitted >= 0 && admitted < firstDrop);
        expect({ initContainer: ct.name, runAs: runAs(ct), reachesApi }).toEqual({ initContainer: ct.name, runAs: runAs(ct), reachesApi: true });
      }
    }
  });
});
