// Our admin-host files judged by their real consumers, for three planned stacks:
//   hosts.ini         -> ansible-inventory --list (ansible-core)
//   user data         -> cloud-init schema --config-file
//   Kubernetes objects-> the Kubernetes OpenAPI schema of their metadata (kubernetes-models) and the
//                        cert-manager v1 fields they use (ClusterIssuer, Certificate)
//   Helm values       -> YAML parser + the key paths each chart reads
// Each checker is also shown a broken input, to prove it can reject one.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml, stringify } from "yaml";
import Ajv from "ajv";
import { ObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";
import { Node } from "kubernetes-models/v1/Node";
import { Secret } from "kubernetes-models/v1/Secret";
import { exportOutputsFromPlan } from "../../cli/export";
import { PlanDocument, runPlan } from "../../cli/planRuntime";
import { hostName } from "../../components/naming";
import { ConfigMap, readStackFile } from "../../config/load";
import { ExportOutputs, writeExport } from "../../outputs/exportFiles";
import { Chart, missingKeys, REQUIRED_KEYS, REQUIRED_SECRET_KEYS } from "../../outputs/helmValues";
import { controlPlaneCount, seedCount } from "../../outputs/inventory";
import type { KubeObject } from "../../config/kubeObjects";
import { DATA_SERVICE_REQUIRED_KEYS } from "../../outputs/dataServiceValues";
import type { Role } from "../../sizing/types";
import { nodeLabelsOf, sftdStartProblems } from "../helpers/sftdChart";
import { chartKeysFor, isRead, leaves } from "../helpers/chartKeys";
import { DEFAULT_RELEASE } from "../../config/releases";

const REPO = path.join(__dirname, "..", "..");
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "wire-contract-"));
const base = (users: number): ConfigMap => ({ "aws:region": "eu-central-1", "wire-backend:users": users, "wire-backend:domain": "wire.example.com" });

const STACKS: Record<string, () => ConfigMap> = {
  dev: () => readStackFile({ stack: "dev", cwd: REPO }).map,
  online50k: () => ({
    ...base(50_000),
    "wire-backend:conferences": { concurrent: 30, participants: 12, video: true },
    "wire-backend:sso": { enabled: true },
  }),
  offline500: () => ({
    ...base(500),
    "wire-backend:connectivity": "offline",
    "wire-backend:network": { clientCidrs: ["192.168.0.0/16"] },
    "wire-backend:turn": { tls: true },
    "wire-backend:email": { smtp: { host: "10.20.0.25" } },
  }),
};

interface Case {
  name: string;
  plan: PlanDocument;
  outputs: ExportOutputs;
}
const cases: Case[] = [];

beforeAll(async () => {
  for (const [name, load] of Object.entries(STACKS)) {
    const map = load();
    const plan = await runPlan({ stack: name, config: map, showSecrets: true });
    cases.push({ name, plan, outputs: exportOutputsFromPlan(plan) });
  }
}, 300_000);

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...env } });
  if (r.error) throw new Error(`${cmd} is not installed (.ci/run installs it from Debian): ${r.error.message}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function write(name: string, text: string): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, text);
  return file;
}

// ---- Ansible -------------------------------------------------------------------------------------
// By default ansible-inventory warns and exits 0 on a file it cannot parse: make that a failure.
const STRICT = { ANSIBLE_INVENTORY_ENABLED: "ini", ANSIBLE_INVENTORY_UNPARSED_FAILED: "True" };
type InventoryJson = Record<string, { hosts?: string[]; children?: string[] }> & { _meta: { hostvars: Record<string, Record<string, unknown>> } };

function ansibleList(file: string): { code: number | null; json?: InventoryJson; err: string } {
  const r = run("ansible-inventory", ["-i", file, "--list"], STRICT);
  return { code: r.code, json: r.code === 0 ? (JSON.parse(r.out) as InventoryJson) : undefined, err: r.err };
}
function members(inv: InventoryJson, group: string): string[] {
  const g = inv[group];
  if (!g) return [];
  return [...new Set([...(g.hosts ?? []), ...(g.children ?? []).flatMap((c) => members(inv, c))])].sort();
}

describe("ansible-playbook: the Elasticsearch heap the inventory's note asks for", () => {
  it("reaches a play that sets es_heap_size itself only through -e, as the note says", () => {
    const c = cases.find((x) => x.plan.sizing.roles.elasticsearch.count > 0)!;
    const note = /-e es_heap_size=(\d+g)/.exec(c.outputs.inventory);
    expect(note).not.toBeNull();
    // Wire's elasticsearch.yml in miniature: the play variable and the hosts it targets.
    const play = write("es-heap.yml", [
      "- hosts: elasticsearch_master", "  gather_facts: false", "  connection: local", "  vars:", '    es_heap_size: "1g"',
      "  tasks:", "    - debug: { msg: \"heap={{ es_heap_size }}\" }", "      run_once: true", "",
    ].join("\n"));
    const inv = write("es-heap.ini", `${c.outputs.inventory}\n[elasticsearch:vars]\nes_heap_size=${note![1]}\n`);
    const plain = run("ansible-playbook", ["-i", inv, play], { ANSIBLE_PYTHON_INTERPRETER: "auto_silent" });
    const extra = run("ansible-playbook", ["-i", inv, play, "-e", `es_heap_size=${note![1]}`], { ANSIBLE_PYTHON_INTERPRETER: "auto_silent" });
    expect([plain.code, extra.code]).toEqual([0, 0]);
    expect(plain.out).toContain('"msg": "heap=1g"'); // an inventory variable loses to the play's
    expect(extra.out).toContain(`"msg": "heap=${note![1]}"`);
  });
});

describe("ansible-inventory", () => {
  it("rejects a broken INI line", () => {
    expect(ansibleList(write("broken.ini", "[cassandra]\ncassandra1 ansible_host=10.0.0.1 ip=\"unterminated\n")).code).not.toBe(0);
    expect(ansibleList(write("broken2.ini", "[cassandra\ncassandra1 ansible_host=10.0.0.1\n")).code).not.toBe(0);
  });

  it.each(Object.keys(STACKS))("accepts %s's inventory with exactly the planned hosts per group", (name) => {
    const c = cases.find((x) => x.name === name)!;
    const { code, json, err } = ansibleList(write(`${name}.ini`, c.outputs.inventory));
    expect({ code, err: code === 0 ? "" : err }).toEqual({ code: 0, err: "" });
    const inv = json!;
    const count = (r: Role) => c.plan.sizing.roles[r].count;
    const names = (r: Role, n = count(r)) => Array.from({ length: n }, (_, i) => hostName(r, i + 1));
    const sorted = (xs: string[]) => [...xs].sort();
    const kubeNode = [...names("kubernetes"), ...names("restund"), ...names("sft")];
    const masters = names("kubernetes", controlPlaneCount(count("kubernetes")));
    const expected: Record<string, string[]> = {
      assethost: names("assetHost"),
      cassandra: names("cassandra"),
      cassandra_seed: names("cassandra", seedCount(count("cassandra"))),
      elasticsearch: names("elasticsearch"),
      elasticsearch_master: names("elasticsearch"),
      minio: names("minio"),
      "kube-node": kubeNode,
      "kube-master": masters,
      etcd: masters,
      "k8s-cluster": kubeNode,
      coturn: names("restund"),
    };
    for (const [group, hosts] of Object.entries(expected)) expect({ group, hosts: members(inv, group) }).toEqual({ group, hosts: sorted(hosts) });
    expect(masters.length % 2).toBe(1);
    // Every planned node but the admin host (which runs Ansible), each at its planned private IP.
    const planned = (c.plan.outputs.privateIps ?? {}) as Partial<Record<Role, string[]>>;
    const all = Object.entries(planned).filter(([r]) => r !== "adminHost").flatMap(([r, ips]) => ips!.map((ip, i) => [hostName(r as Role, i + 1), ip]));
    expect(members(inv, "all")).toEqual(sorted(all.map(([h]) => h)));
    for (const [host, ip] of all) expect({ host, ...pick(inv._meta.hostvars[host], "ansible_host", "ip") }).toEqual({ host, ansible_host: ip, ip });
    for (const h of names("restund")) expect(inv._meta.hostvars[h].node_labels).toEqual({ "wire.com/role": "coturn" });
    for (const h of names("sft")) expect(inv._meta.hostvars[h].node_labels).toEqual({ "wire.com/role": "sftd" });
    // The calling DMZ: kubespray's node-taint role needs a list (it skips a string).
    for (const h of names("restund")) expect(inv._meta.hostvars[h].node_taints).toEqual(["wire.com/role=coturn:NoSchedule"]);
    for (const h of names("sft")) expect(inv._meta.hostvars[h].node_taints).toEqual(["wire.com/role=sftd:NoSchedule"]);
    for (const h of names("kubernetes")) expect(inv._meta.hostvars[h].node_taints).toBeUndefined();
  });

  it.each(Object.keys(STACKS))("gives %s's MinIO nodes the deeplink names minio.yml writes (no example.com)", (name) => {
    const c = cases.find((x) => x.name === name)!;
    const inv = ansibleList(write(`${name}-deeplink.ini`, c.outputs.inventory)).json!;
    const domain = String(STACKS[name]()["wire-backend:domain"]);
    for (const host of members(inv, "minio")) {
      expect(pick(inv._meta.hostvars[host], "minio_deeplink_prefix", "minio_deeplink_domain")).toEqual({ minio_deeplink_prefix: "", minio_deeplink_domain: domain });
    }
    expect(members(inv, "minio").length).toBeGreaterThan(0);
  });
});
const pick = (o: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

// ---- cloud-init ----------------------------------------------------------------------------------
function cloudInitSchema(file: string) {
  const r = run("cloud-init", ["schema", "--config-file", file]);
  return { code: r.code, out: `${r.out}${r.err}` };
}

describe("cloud-init schema", () => {
  it("rejects a key of the wrong type", () => {
    const r = cloudInitSchema(write("bad.yaml", "#cloud-config\nhostname: kubenode1\npreserve_hostname: maybe\n"));
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/preserve_hostname/);
  });

  it.each(Object.keys(STACKS))("accepts %s's user data, one instance per role", (name) => {
    const c = cases.find((x) => x.name === name)!;
    const instances = c.plan.resources.filter((r) => r.type === "aws:ec2/instance:Instance");
    const total = Object.values(c.plan.sizing.roles).reduce((n, r) => n + r.count, 0);
    expect(Object.keys(c.outputs.cloudInit).sort()).toEqual(instances.map((r) => r.name).sort());
    expect(instances).toHaveLength(total);
    const byRole = new Map<string, string>();
    for (const r of instances) {
      const role = (r.inputs.tags as Record<string, string>)["wire:role"];
      if (!byRole.has(role)) byRole.set(role, r.name);
    }
    for (const [role, instance] of byRole) {
      const r = cloudInitSchema(write(`${name}-${instance}.yaml`, c.outputs.cloudInit[instance]));
      expect({ role, code: r.code, out: r.out.trim() }).toEqual({ role, code: 0, out: expect.stringContaining("Valid cloud-config") });
    }
  });
});

// ---- apt (unattended security updates) -----------------------------------------------------------
// The apt.conf files cloud-init writes on every node, read by apt's own parser.
function aptConfig(file: string) {
  const r = run("apt-config", ["-c", file, "dump"]);
  return { code: r.code, out: r.out, err: r.err };
}

describe("apt-config", () => {
  it("rejects a broken apt.conf file", () => {
    expect(aptConfig(write("bad-apt.conf", 'APT::Periodic::Unattended-Upgrade "1"\nUnattended-Upgrade::Package-Blacklist {\n')).code).not.toBe(0);
  });

  it.each(Object.keys(STACKS))("reads the unattended-upgrades files of every node of %s", (name) => {
    const c = cases.find((x) => x.name === name)!;
    for (const [instance, text] of Object.entries(c.outputs.cloudInit)) {
      const files = ((parseYaml(text) as { write_files?: { path: string; content: string }[] }).write_files ?? []).filter((f) => f.path.startsWith("/etc/apt/apt.conf.d/"));
      expect({ instance, files: files.map((f) => f.path) }).toEqual({ instance, files: ["/etc/apt/apt.conf.d/20auto-upgrades", "/etc/apt/apt.conf.d/52wire-unattended-upgrades"] });
      const dump = files.map((f) => {
        const r = aptConfig(write(`${name}-${instance}-${path.basename(f.path)}`, f.content));
        expect({ instance, file: f.path, code: r.code, err: r.err }).toEqual({ instance, file: f.path, code: 0, err: "" });
        return r.out;
      }).join("");
      expect(dump).toContain('APT::Periodic::Unattended-Upgrade "1";');
      expect(dump).toContain('Unattended-Upgrade::Automatic-Reboot "false";');
      expect(dump).toContain('Unattended-Upgrade::Package-Blacklist:: "containerd";');
    }
  });
});

// ---- Kubernetes ----------------------------------------------------------------------------------
// cert-manager's CRDs are not in kubernetes-models; these are the v1 fields we set, with the types and
// enums of cert-manager's ClusterIssuer and Certificate CRDs (cert-manager.io/v1).
const CERT_MANAGER: Record<string, object> = {
  // Exactly one of ca (the island's wire-ca) or acme (Let's Encrypt), as cert-manager's IssuerConfig.
  ClusterIssuer: {
    type: "object",
    oneOf: [{ required: ["ca"] }, { required: ["acme"] }],
    properties: {
      ca: { type: "object", required: ["secretName"], properties: { secretName: { type: "string", minLength: 1 } }, additionalProperties: false },
      acme: {
        type: "object",
        required: ["server", "privateKeySecretRef"],
        properties: {
          server: { type: "string", pattern: "^https://" },
          email: { type: "string", pattern: "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$" },
          privateKeySecretRef: { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1 }, key: { type: "string" } }, additionalProperties: false },
          solvers: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              oneOf: [{ required: ["http01"] }, { required: ["dns01"] }],
              properties: {
                selector: {
                  type: "object",
                  properties: { dnsNames: { type: "array", items: { type: "string" } }, dnsZones: { type: "array", items: { type: "string" } }, matchLabels: { type: "object" } },
                  additionalProperties: false,
                },
                http01: {
                  type: "object",
                  properties: {
                    ingress: {
                      type: "object",
                      properties: { class: { type: "string" }, ingressClassName: { type: "string" }, name: { type: "string" }, serviceType: { type: "string" } },
                      additionalProperties: false,
                    },
                  },
                  additionalProperties: false,
                },
                dns01: {
                  type: "object",
                  properties: {
                    route53: {
                      type: "object",
                      properties: {
                        region: { type: "string" },
                        hostedZoneID: { type: "string" },
                        role: { type: "string" },
                        accessKeyID: { type: "string" },
                        accessKeyIDSecretRef: { type: "object" },
                        secretAccessKeySecretRef: { type: "object" },
                      },
                      additionalProperties: false,
                    },
                  },
                  additionalProperties: false,
                },
              },
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
  Certificate: {
    type: "object",
    required: ["secretName", "issuerRef"],
    properties: {
      secretName: { type: "string", minLength: 1 },
      dnsNames: { type: "array", minItems: 1, items: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$" } },
      issuerRef: {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string" }, kind: { type: "string" }, group: { type: "string" } },
        additionalProperties: false,
      },
      privateKey: {
        type: "object",
        properties: { algorithm: { enum: ["RSA", "ECDSA", "Ed25519"] }, size: { type: "integer" }, rotationPolicy: { enum: ["Never", "Always"] } },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
};
const ajv = new Ajv({ allErrors: true });

// Core objects we also emit (calling nodes' annotations, the PostgreSQL Secret): kubernetes-models judges them.
const CORE_MODELS: Record<string, new (o: never) => { validate(): void }> = { Node, Secret } as never;
function validateKube(o: KubeObject): void {
  new ObjectMeta(o.metadata as never).validate();
  const Core = o.apiVersion === "v1" ? CORE_MODELS[o.kind] : undefined;
  if (Core) {
    new Core(o as never).validate();
    if (o.kind === "Secret" && o.metadata.namespace !== "default") throw new Error(`Secret/${o.metadata.name} is not in Wire's namespace default`);
    return;
  }
  if (o.apiVersion !== "cert-manager.io/v1" || !CERT_MANAGER[o.kind]) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
  const check = ajv.compile(CERT_MANAGER[o.kind]);
  if (!check(o.spec)) throw new Error(`${o.kind}/${o.metadata.name}: ${ajv.errorsText(check.errors)}`);
  // Cluster-scoped ClusterIssuer; everything else where Wire's charts are (helm's default namespace).
  if ((o.kind === "ClusterIssuer") !== (o.metadata.namespace === undefined)) throw new Error(`${o.kind}/${o.metadata.name}: namespace ${o.metadata.namespace}`);
  if (o.metadata.namespace !== undefined && o.metadata.namespace !== "default") throw new Error(`${o.kind}/${o.metadata.name} is not in Wire's namespace default`);
}

describe("Kubernetes schema", () => {
  it("rejects a broken object", () => {
    expect(() => validateKube({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "coturn-tls", namespace: "default" }, spec: { secretName: "coturn-tls", issuerRef: { name: "wire-ca" }, dnsNames: ["Turn_1.example.com"] } })).toThrow(/dnsNames/);
    expect(() => validateKube({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "wire-ca", labels: { a: 1 } as never }, spec: { ca: { secretName: "wire-ca" } } })).toThrow();
    expect(() => validateKube({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "coturn-tls", namespace: "wire" }, spec: { secretName: "coturn-tls", issuerRef: { name: "wire-ca" } } })).toThrow(/namespace default/);
    const acme = { server: "https://acme-v02.api.letsencrypt.org/directory", email: "certmaster@wire.example.com", privateKeySecretRef: { name: "k" } };
    // The Route 53 solver spells it hostedZoneID; an unknown key is dropped by the API server, a silent miss.
    expect(() => validateKube({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "dns" }, spec: { acme: { ...acme, solvers: [{ dns01: { route53: { region: "eu-central-1", hostedZoneId: "Z1" } } }] } } })).toThrow(/additional/);
    // A solver is HTTP-01 or DNS-01, an issuer CA or ACME: never both.
    expect(() => validateKube({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "x" }, spec: { acme: { ...acme, solvers: [{ http01: { ingress: {} }, dns01: { route53: {} } }] } } })).toThrow();
    expect(() => validateKube({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "x" }, spec: { ca: { secretName: "wire-ca" }, acme: { ...acme, solvers: [{ http01: { ingress: {} } }] } } })).toThrow();
    expect(() => validateKube({ apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "x" }, spec: { acme: { ...acme, email: "certmaster", solvers: [{ http01: { ingress: {} } }] } } })).toThrow(/email/);
  });

  it.each(Object.keys(STACKS))("accepts every object of %s", (name) => {
    const c = cases.find((x) => x.name === name)!;
    // Offline: the wire-ca issuer; online: the Let's Encrypt HTTP-01 and DNS-01 issuers; coturn's
    // certificate with turn.tls (the default); always the calling nodes' external-ip annotations, and
    // the PostgreSQL Secret when the release has PostgreSQL.
    const offline = name.startsWith("offline");
    const hosts = c.plan.outputs.hosts as { role: string }[];
    const calling = hosts.filter((h) => h.role === "restund" || h.role === "sft").length;
    const postgresql = hosts.some((h) => h.role === "postgresql") ? ["Secret"] : [];
    const issuers = offline ? ["ClusterIssuer/wire-ca"] : ["ClusterIssuer/letsencrypt-http01", "ClusterIssuer/letsencrypt-dns01"];
    expect(c.outputs.kubeObjects.map((o) => (o.kind === "Node" || o.kind === "Secret" ? o.kind : `${o.kind}/${o.metadata.name}`))).toEqual([...issuers, "Certificate/coturn-tls", ...Array(calling).fill("Node"), ...postgresql]);
    for (const o of c.outputs.kubeObjects) expect(() => validateKube(o)).not.toThrow();
    // Every issuerRef we write (coturn's Certificate, sftd's and nginx-ingress-services' values) names one of our issuers.
    const ours = c.outputs.kubeObjects.filter((o) => o.kind === "ClusterIssuer").map((o) => o.metadata.name);
    const refs = [
      ...c.outputs.kubeObjects.filter((o) => o.kind === "Certificate").map((o) => (o.spec as { issuerRef: { name: string } }).issuerRef.name),
      ...(["sftd", "nginx-ingress-services"] as const)
        .map((chart) => c.outputs.helmValues[chart]?.values as { tls?: { issuerRef?: { name: string }; issuer?: { name: string } } } | undefined)
        .flatMap((v) => [v?.tls?.issuerRef?.name, v?.tls?.issuer?.name].filter((n): n is string => !!n)),
    ];
    expect(refs.length).toBeGreaterThanOrEqual(2);
    expect(refs.filter((r) => !ours.includes(r))).toEqual([]);
  });
});

// ---- Helm values ---------------------------------------------------------------------------------
describe("Helm values", () => {
  it("detects a values document missing a key", () => {
    const c = cases[0];
    const doc = parseYaml(stringify(c.outputs.helmValues["wire-server"].values)) as { brig: { turnStatic: Record<string, unknown> } };
    delete doc.brig.turnStatic.v2;
    expect(missingKeys(doc, REQUIRED_KEYS["wire-server"])).toEqual(["brig.turnStatic.v2"]);
  });

  it.each(Object.keys(STACKS))("%s: every exported values file parses as YAML and has the keys its chart reads", (name) => {
    const c = cases.find((x) => x.name === name)!;
    // The files `npm run export` writes, read back as Helm would read them.
    const dir = path.join(TMP, `export-${name}`);
    writeExport(c.outputs, dir);
    const charts = fs.readdirSync(path.join(dir, "values")) as Chart[];
    expect(charts).toEqual(expect.arrayContaining(["cassandra-external", "elasticsearch-external", "minio-external", "coturn", "wire-server"]));
    // sftd in every stack that has group calls: its pool, or the cluster (no conferences declared)
    expect(charts.includes("sftd")).toBe(c.plan.sizing.calling.sft.placement !== "none");
    if (charts.includes("sftd")) {
      const read = (f: string) => parseYaml(fs.readFileSync(path.join(dir, "values", "sftd", f), "utf8")) ?? {};
      const hosts = c.plan.outputs.hosts as { role: string }[];
      expect(sftdStartProblems(read("values.yaml"), read("secrets.yaml"), nodeLabelsOf(hosts))).toEqual([]);
    }
    // The charts with key lists; real helm renders every chart, these included (helmRender.test.ts).
    const keyListed = charts.filter((ch) => REQUIRED_KEYS[ch] !== undefined || ch in DATA_SERVICE_REQUIRED_KEYS);
    expect(keyListed.length).toBeGreaterThanOrEqual(5);
    for (const chart of keyListed) {
      const v = parseYaml(fs.readFileSync(path.join(dir, "values", chart, "values.yaml"), "utf8"));
      const s = parseYaml(fs.readFileSync(path.join(dir, "values", chart, "secrets.yaml"), "utf8"));
      const extra = DATA_SERVICE_REQUIRED_KEYS[chart as keyof typeof DATA_SERVICE_REQUIRED_KEYS];
      expect({ chart, missing: missingKeys(v, REQUIRED_KEYS[chart] ?? extra.values) }).toEqual({ chart, missing: [] });
      expect({ chart, missing: missingKeys(s, REQUIRED_SECRET_KEYS[chart] ?? extra.secrets) }).toEqual({ chart, missing: [] });
      // Every key of both files is read by a template of the chart of the stack's release.
      const keys = chartKeysFor(chart, String(STACKS[name]()["wire-backend:wireVersion"] ?? DEFAULT_RELEASE));
      expect({ chart, unread: [...leaves(v), ...leaves(s)].filter((k) => !isRead(k, keys)) }).toEqual({ chart, unread: [] });
    }
    // brig's zAuth pair as wire-server's zauth tool prints it: a 64-byte libsodium secret ending in the public key.
    const ws = parseYaml(fs.readFileSync(path.join(dir, "values", "wire-server", "secrets.yaml"), "utf8")) as { brig: { secrets: { zAuth: { publicKeys: string; privateKeys: string } } } };
    const priv = Buffer.from(ws.brig.secrets.zAuth.privateKeys, "base64url");
    const pub = Buffer.from(ws.brig.secrets.zAuth.publicKeys, "base64url");
    expect([priv.length, pub.length, priv.subarray(32).equals(pub)]).toEqual([64, 32, true]);
  });
});
