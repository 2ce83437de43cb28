// Renderers of the admin host's files (inventory, Helm values, Kubernetes objects, export) on a
// hand-built host list; expectations are computed from that list, never copied from output.
import { mailFor } from "./helpers/mailFacts";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { writeExport, ExportOutputs } from "../outputs/exportFiles";
import { HELM_ORDER } from "../outputs/installSteps";
import { CHARTS, missingKeys, renderHelmValues, REQUIRED_KEYS, REQUIRED_SECRET_KEYS, valueAt } from "../outputs/helmValues";
import { controlPlaneCount, parseInventoryGroups, renderInventory, seedCount } from "../outputs/inventory";
import { KubeObject, kubeObjects, KubeObjectsSpec, NAMESPACE } from "../config/kubeObjects";
import { renderKubeYaml } from "../outputs/kubeObjects";
import { callingNodeObjects } from "../outputs/nodeAnnotations";
import { DATA_SERVICE_CHARTS, DATA_SERVICE_REQUIRED_KEYS } from "../outputs/dataServiceValues";
import { FAKE_AWS, FAKE_AWS_KEYS, stackFacts } from "../outputs/stackFacts";
import { parseStackConfig } from "../config/load";
import type { InventoryHost, StackFacts } from "../outputs/types";
import { nodeLabelsOf, sftdStartProblems } from "./helpers/sftdChart";
import type { Role } from "../sizing/types";

const PREFIX: Record<Role, string> = {
  cassandra: "cassandra", minio: "minio", elasticsearch: "elasticsearch", kubernetes: "kubenode",
  restund: "coturn", sft: "sftnode", adminHost: "adminhost", assetHost: "assethost", postgresql: "postgresql", rabbitmq: "rabbitmq", datanode: "datanode",
};
const COUNTS: Record<Role, number> = { cassandra: 3, minio: 3, elasticsearch: 3, kubernetes: 4, restund: 2, sft: 2, adminHost: 1, assetHost: 1, postgresql: 3, rabbitmq: 3, datanode: 0 };

function buildHosts(counts: Partial<Record<Role, number>> = COUNTS, online = true): InventoryHost[] {
  const roles = Object.keys(counts) as Role[];
  return roles.flatMap((role, r) =>
    Array.from({ length: counts[role] ?? 0 }, (_, i) => {
      const single = role === "adminHost" || role === "assetHost";
      const calling = role === "restund" || role === "sft";
      return {
        role,
        hostname: single ? PREFIX[role] : `${PREFIX[role]}${i + 1}`,
        index: i + 1,
        privateIp: `172.20.${r}.${i + 11}`,
        ...(calling && online ? { publicIp: `198.51.100.${r * 10 + i + 1}` } : {}),
        instanceType: "m6i.large",
      };
    }),
  );
}
const of = (hosts: InventoryHost[], role: Role) => hosts.filter((h) => h.role === role);

const SECRETS = {
  turnSecret: "TurnSecretAbc123XyZ", minioAccessKey: "MinioAccessQ7", minioSecretKey: "MinioSecretW9pL",
  minioCargoholdAccessKey: "CargoAccessK3", minioCargoholdSecretKey: "CargoSecretZ8q", rabbitmqPassword: "RabbitPw4tT",
  postgresqlPassword: "PostgresPw7uU", smtpPassword: "SmtpPw2vV", nginzBasicAuthPassword: "NginzBasicPw5xX", zauthPublicKeys: "ZauthPubKey0A=", zauthPrivateKeys: "ZauthPrivKey9B==",
};
function facts(over: Partial<StackFacts> = {}): StackFacts {
  return {
    stack: "t", domain: "chat.example.org", online: true, wireVersion: "5.23.0", loadBalancerDnsName: "lb.example",
    secrets: { ...SECRETS }, gundeck: FAKE_AWS, push: { option: "C" }, sso: { enabled: false }, mail: mailFor("chat.example.org", over.online !== false), ...over,
  };
}

describe("inventory", () => {
  const hosts = buildHosts();
  const ini = renderInventory(hosts, { online: true });
  const groups = parseInventoryGroups(ini);

  it("has 99-static's groups in order, plus [coturn], and no [restund]", () => {
    const headers = [...ini.matchAll(/^\[([^\]]+)\]$/gm)].map((m) => m[1]);
    expect(headers).toEqual([
      "all:vars", "assethost", "cassandra", "cassandra_seed", "cassandra:vars", "elasticsearch", "elasticsearch:vars",
      "elasticsearch_master:children", "kube-node", "kube-master", "etcd:children", "k8s-cluster:children", "k8s-cluster:vars",
      "minio", "minio:vars", "postgresql", "postgresql:vars", "postgresql_rw", "postgresql_ro", "rmq-cluster", "rmq-cluster:vars", "coturn",
    ]);
  });

  it("lists every host of a role with ansible_host and ip = its private IP; the admin host not at all", () => {
    const roleGroup: Partial<Record<Role, string>> = { cassandra: "cassandra", elasticsearch: "elasticsearch", minio: "minio", assetHost: "assethost", restund: "coturn" };
    for (const [role, group] of Object.entries(roleGroup) as [Role, string][]) {
      expect(groups[group]).toEqual(of(hosts, role).map((h) => h.hostname));
    }
    for (const h of hosts.filter((x) => x.role !== "adminHost")) {
      expect(ini).toMatch(new RegExp(`^${h.hostname} ansible_host=${h.privateIp.replace(/\./g, "\\.")} ip=${h.privateIp.replace(/\./g, "\\.")}( |$)`, "m"));
    }
    expect(ini).not.toMatch(/adminhost/);
  });

  it("puts kubenodes, coturn and SFT nodes in kube-node; only an odd number of kubenodes in kube-master", () => {
    const expected = [...of(hosts, "kubernetes"), ...of(hosts, "restund"), ...of(hosts, "sft")].map((h) => h.hostname);
    expect(groups["kube-node"]).toEqual(expected);
    const kubenodes = of(hosts, "kubernetes").map((h) => h.hostname);
    expect(groups["kube-master"]).toEqual(kubenodes.slice(0, 3)); // 4 kubenodes -> 3
    expect(groups["etcd:children"]).toEqual(["kube-master"]);
  });

  it("labels calling nodes; their external IP comes from Node objects, not node_annotations (WSD's annotate task needs kubectl)", () => {
    for (const [role, label] of [["restund", "coturn"], ["sft", "sftd"]] as const) {
      for (const h of of(hosts, role)) {
        const line = ini.split("\n").find((l) => l.startsWith(`${h.hostname} `))!;
        expect(line).toContain(`node_labels="{'wire.com/role': '${label}'}"`);
        expect(line).not.toContain("etcd_member_name");
      }
    }
    // kubernetes.yml runs `kubectl annotate` on every host with node_annotations: none in our inventory.
    expect(ini).not.toContain("node_annotations");
    const annotated = (hs: InventoryHost[]) => Object.fromEntries(callingNodeObjects(hs).map((o) => [o.metadata.name, (o.metadata as unknown as { annotations: Record<string, string> }).annotations["wire.com/external-ip"]]));
    const calling = [...of(hosts, "restund"), ...of(hosts, "sft")];
    expect(annotated(hosts)).toEqual(Object.fromEntries(calling.map((h) => [h.hostname, h.publicIp])));
    const offline = buildHosts(COUNTS, false);
    expect(annotated(offline)).toEqual(Object.fromEntries([...of(offline, "restund"), ...of(offline, "sft")].map((h) => [h.hostname, h.privateIp])));
    for (const h of of(hosts, "kubernetes")) expect(ini).toMatch(new RegExp(`^${h.hostname} .*etcd_member_name=${h.hostname}$`, "m"));
  });

  it("sizes the control plane odd, at most 5, never above the node count", () => {
    for (let n = 0; n <= 12; n++) {
      const c = controlPlaneCount(n);
      expect(c).toBeLessThanOrEqual(Math.min(n, 5));
      if (n > 0) expect(c % 2).toBe(1);
      expect(c).toBe(n === 0 ? 0 : Math.min(5, n % 2 ? n : n - 1));
    }
  });

  it("makes seeds one per zone, at most 3, never every node of a multi-node cluster", () => {
    expect([1, 2, 3, 4, 5, 9].map(seedCount)).toEqual([1, 1, 2, 3, 3, 3]);
    expect(groups.cassandra_seed).toEqual(of(hosts, "cassandra").slice(0, seedCount(3)).map((h) => h.hostname));
  });

  it("sets the group vars Wire's playbooks read", () => {
    for (const v of ["ansible_user=ubuntu", "ansible_python_interpreter=/usr/bin/python3", "bootstrap_os=ubuntu", "is_aws_environment=False",
      "cassandra_network_interface=ens5", "elasticsearch_network_interface=ens5", "minio_network_interface=ens5", "kube_network_plugin=calico"]) {
      expect(ini.split("\n")).toContain(v);
    }
  });

  it("tells the heap Wire's elasticsearch.yml should get (-e, as its play variable outranks the inventory)", () => {
    // m6i.large: 8 GiB -> half
    expect(ini).toContain("elasticsearch.yml -e es_heap_size=4g");
    const withType = (type: string) =>
      renderInventory(hosts.map((h) => (h.role === "elasticsearch" ? { ...h, instanceType: type } : h)), { online: true });
    expect(withType("c6a.8xlarge")).toContain("-e es_heap_size=31g"); // 64 GiB: below 32 GiB (compressed oops)
    expect(withType("t3.small")).not.toContain("es_heap_size"); // 2 GiB: Wire's 1 GB is right
    expect(ini.split("\n").filter((l) => /^es_heap_size/.test(l))).toEqual([]); // never as an inventory variable: it would lose
  });

  it("overrides the asset host's port on every host only when it is not WSD's 8080", () => {
    expect(ini).not.toContain("assethost_host");
    const other = renderInventory(hosts, { online: true, assetHostPort: 9090 });
    const asset = of(hosts, "assetHost")[0];
    const lines = other.split("\n").filter((l) => / ansible_host=/.test(l));
    expect(lines.length).toBe(hosts.length - 1);
    for (const l of lines) expect(l).toContain(`assethost_host=${asset.privateIp}:9090`);
  });
});

describe("helm values", () => {
  const hosts = buildHosts();

  it("carries every required key, values and secrets", () => {
    const docs = renderHelmValues(hosts, facts());
    // Every chart of Wire's install order that this stack installs, and nothing the runbook would not install.
    expect(Object.keys(docs).filter((c) => !(HELM_ORDER as readonly string[]).includes(c))).toEqual([]);
    expect(Object.keys(docs)).toEqual(expect.arrayContaining([...CHARTS, ...DATA_SERVICE_CHARTS, "fake-aws", "databases-ephemeral", "ingress-nginx-controller", "webapp", "team-settings", "account-pages", "cert-manager"]));
    for (const chart of DATA_SERVICE_CHARTS) expect(missingKeys(docs[chart].values, DATA_SERVICE_REQUIRED_KEYS[chart].values)).toEqual([]);
    for (const chart of CHARTS) {
      expect(missingKeys(docs[chart].values, REQUIRED_KEYS[chart])).toEqual([]);
      expect(missingKeys(docs[chart].secrets, REQUIRED_SECRET_KEYS[chart])).toEqual([]);
    }
  });

  it("points the *-external charts at their role's private IPs", () => {
    const docs = renderHelmValues(hosts, facts());
    for (const role of ["cassandra", "elasticsearch", "minio"] as const) {
      expect(docs[`${role}-external`].values).toEqual({ IPs: of(hosts, role).map((h) => h.privateIp) });
    }
  });

  it("sizes coturn and sftd from their node pools and wires them to the domain", () => {
    const docs = renderHelmValues(hosts, facts());
    expect(valueAt(docs.coturn.values, ["replicaCount"])).toBe(of(hosts, "restund").length);
    expect(valueAt(docs.sftd.values, ["replicaCount"])).toBe(of(hosts, "sft").length);
    expect(valueAt(docs.sftd.values, ["host"])).toBe("sftd.chat.example.org");
    expect(valueAt(docs.sftd.values, ["allowOrigin"])).toBe("https://webapp.chat.example.org");
    expect(valueAt(docs.sftd.values, ["nodeSelector"])).toEqual({ "wire.com/role": "sftd" });
    expect(valueAt(docs.sftd.values, ["turnDiscoveryEnabled"])).toBe(true);
    expect(valueAt(docs["wire-server"].values, ["brig", "config", "optSettings", "setSftStaticUrl"])).toBe("https://sftd.chat.example.org:443");
  });

  const nodeLabels = nodeLabelsOf;

  it("sftd values are ones Wire's chart starts with (no sftd-secret mounted that it never creates)", () => {
    for (const h of [hosts, buildHosts({ ...COUNTS, sft: 0 })]) {
      const d = renderHelmValues(h, facts()).sftd;
      expect(sftdStartProblems(d.values, d.secrets, nodeLabels(h))).toEqual([]);
    }
    // The checker can fail: the seed's old values (secret with multiSFT off) and too many replicas.
    const old = { host: "sftd.x", replicaCount: 2, nodeSelector: { "wire.com/role": "sftd" }, multiSFT: { enabled: false, discoveryRequired: false } };
    expect(sftdStartProblems(old, { multiSFT: { secret: "s" } }, nodeLabels(hosts))).toEqual([expect.stringMatching(/sftd-secret/)]);
    expect(sftdStartProblems({ ...old, replicaCount: 9 }, {}, nodeLabels(hosts))).toEqual([expect.stringMatching(/only 2 nodes/)]);
  });

  it("without a calling pool sftd runs in the cluster: plain Kubernetes nodes, media through TURN, signalling via sftd.<domain>", () => {
    const h = buildHosts({ ...COUNTS, sft: 0 });
    const docs = renderHelmValues(h, facts());
    expect(valueAt(docs.sftd.values, ["nodeSelector"])).toBeUndefined();
    expect(valueAt(docs.sftd.values, ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"])).toEqual([
      { matchExpressions: [{ key: "wire.com/role", operator: "DoesNotExist" }] },
    ]);
    expect(valueAt(docs.sftd.values, ["replicaCount"])).toBe(3);
    expect(valueAt(docs.sftd.values, ["turnDiscoveryEnabled"])).toBe(true);
    expect(valueAt(docs.sftd.values, ["host"])).toBe("sftd.chat.example.org");
    expect(valueAt(docs["wire-server"].values, ["brig", "config", "optSettings", "setSftStaticUrl"])).toBe("https://sftd.chat.example.org:443");
  });

  it("hands out every TURN node's public IP online, private offline; turns: only with coturn TLS", () => {
    const uris = (h: InventoryHost[], f: StackFacts) => valueAt(renderHelmValues(h, f)["wire-server"].values, ["brig", "turnStatic", "v2"]);
    // turns: by name (turnN.<domain>, which the certificate and a DNS record cover), turn: by address.
    const expectFor = (ips: string[], tls: boolean) =>
      ips.flatMap((ip, i) => [`turn:${ip}:3478`, `turn:${ip}:3478?transport=tcp`, ...(tls ? [`turns:turn${i + 1}.chat.example.org:5349?transport=tcp`] : [])]);
    expect(uris(hosts, facts())).toEqual(expectFor(of(hosts, "restund").map((h) => h.publicIp!), false));
    expect(uris(hosts, facts({ turnTls: true }))).toEqual(expectFor(of(hosts, "restund").map((h) => h.publicIp!), true));
    const offline = buildHosts(COUNTS, false);
    expect(uris(offline, facts({ online: false }))).toEqual(expectFor(of(offline, "restund").map((h) => h.privateIp), false));
    expect(valueAt(renderHelmValues(hosts, facts({ turnTls: true })).coturn.values, ["tls", "enabled"])).toBe(true);
    expect(valueAt(renderHelmValues(hosts, facts()).coturn.values, ["tls", "enabled"])).toBe(false);
    expect(valueAt(renderHelmValues(hosts, facts()), ["wire-server", "values", "brig", "turnStatic", "v1"])).toEqual([]);
  });

  const wireSns = { account: "111122223333", region: "eu-west-1", arnEnv: "acme", queueName: "acme-gundeck-events", sqsEndpoint: "https://sqs.eu-west-1.amazonaws.com", snsEndpoint: "https://sns.eu-west-1.amazonaws.com" };

  it("never puts a secret into a values document", () => {
    const withKeys = facts({ push: { option: "A" }, gundeck: wireSns, secrets: { ...SECRETS, awsKeyId: "AKIAWIREHANDEDOVER1", awsSecretKey: "wireSecretHandedOver/xyz" }, sso: { enabled: true } });
    const docs = renderHelmValues(hosts, withKeys);
    const secretValues = Object.values(withKeys.secrets) as string[];
    for (const [chart, { values, secrets }] of Object.entries(docs)) {
      const text = JSON.stringify(values);
      for (const s of secretValues) expect({ chart, leaked: text.includes(s) }).toEqual({ chart, leaked: false });
      if (chart === "wire-server") expect(JSON.stringify(secrets)).toContain(withKeys.secrets.awsKeyId!);
    }
  });

  it("gives gundeck the Push component's keys, fake-aws dummies offline, else none", () => {
    const gundeck = (f: StackFacts) => {
      const { rabbitmq, ...keys } = valueAt(renderHelmValues(hosts, f)["wire-server"].secrets, ["gundeck", "secrets"]) as Record<string, unknown>;
      expect(rabbitmq).toEqual({ username: "wire-server", password: SECRETS.rabbitmqPassword });
      return Object.keys(keys).length > 0 ? keys : undefined;
    };
    expect(gundeck(facts())).toEqual({ awsKeyId: "dummykey", awsSecretKey: "dummysecret" });
    const keys = { awsKeyId: "AKIAEXAMPLEKEY000", awsSecretKey: "s3cr3t" };
    expect(gundeck(facts({ push: { option: "A" }, gundeck: wireSns, secrets: { ...SECRETS, ...keys } }))).toEqual(keys);
    // Online option C: a real SQS queue with fake-aws SNS still needs the real keys.
    const mixed = { ...wireSns, snsEndpoint: FAKE_AWS.snsEndpoint };
    expect(gundeck(facts({ gundeck: mixed, secrets: { ...SECRETS, ...keys } }))).toEqual(keys);
    expect(gundeck(facts({ push: { option: "B" }, gundeck: wireSns }))).toBeUndefined();
    expect(valueAt(renderHelmValues(hosts, facts({ gundeck: wireSns }))["wire-server"].values, ["gundeck", "config", "aws"])).toEqual(wireSns);
  });

  it("selects spar by tags.spar before the merged chart (5.29), and always renders it after", () => {
    const off = renderHelmValues(hosts, facts())["wire-server"].values;
    expect(valueAt(off, ["spar"])).toBeUndefined();
    expect(valueAt(off, ["tags", "spar"])).toBe(false);
    const on = renderHelmValues(hosts, facts({ sso: { enabled: true } }))["wire-server"].values;
    expect(valueAt(on, ["tags", "spar"])).toBe(true);
    expect(valueAt(on, ["spar", "config"])).toMatchObject({ appUri: "https://nginz-https.chat.example.org/", ssoUri: "https://nginz-https.chat.example.org/sso" });
    // spar reads no `domain` (its SAML settings are appUri, ssoUri and contacts).
    expect(valueAt(on, ["spar", "config", "domain"])).toBeUndefined();
    expect(valueAt(on, ["spar", "config", "contacts"])).toEqual([{ type: "ContactSupport", company: "chat.example.org", email: "email:support@chat.example.org" }]);
    for (const k of ["maxttlAuthresp", "maxttlAuthreq", "maxScimTokens"]) expect(typeof valueAt(on, ["spar", "config", k])).toBe("number");
    const merged = renderHelmValues(hosts, facts({ wireVersion: "5.29.0" }))["wire-server"].values;
    expect(valueAt(merged, ["tags", "spar"])).toBeUndefined();
    expect(valueAt(merged, ["spar", "config", "contacts"])).toBeDefined();
    expect(valueAt(merged, ["galley", "config", "settings", "featureFlags", "sso"])).toBe("disabled-by-default");
  });

  it("gives cargohold its own MinIO account, brig and nginz one zAuth pair, every service the RabbitMQ account", () => {
    const sec = renderHelmValues(hosts, facts())["wire-server"].secrets;
    expect(valueAt(sec, ["cargohold", "secrets"])).toMatchObject({ awsKeyId: SECRETS.minioCargoholdAccessKey, awsSecretKey: SECRETS.minioCargoholdSecretKey });
    expect(JSON.stringify(sec)).not.toContain(SECRETS.minioSecretKey);
    expect(valueAt(sec, ["brig", "secrets", "zAuth"])).toEqual({ publicKeys: SECRETS.zauthPublicKeys, privateKeys: SECRETS.zauthPrivateKeys });
    expect(valueAt(sec, ["nginz", "secrets", "zAuth", "publicKeys"])).toBe(SECRETS.zauthPublicKeys);
    for (const svc of ["brig", "cannon", "galley", "gundeck", "background-worker"]) {
      expect(valueAt(sec, [svc, "secrets", "rabbitmq", "password"])).toBe(SECRETS.rabbitmqPassword);
    }
    // Before 5.8 nothing needs RabbitMQ, before 5.20 nothing PostgreSQL.
    const old = renderHelmValues(hosts, facts({ wireVersion: "5.7.0" }))["wire-server"];
    expect(JSON.stringify(old.secrets)).not.toContain(SECRETS.rabbitmqPassword);
    expect(JSON.stringify(old.secrets)).not.toContain(SECRETS.postgresqlPassword);
    expect(valueAt(old.values, ["brig", "config", "rabbitmq"])).toBeUndefined();
    expect(valueAt(sec, ["galley", "secrets", "pgPassword"])).toBe(SECRETS.postgresqlPassword);
  });

  it("drops sftd and the SFT URL when the stack has no group calls (conferences.concurrent 0)", () => {
    const docs = renderHelmValues(buildHosts({ ...COUNTS, sft: 0 }), facts({ groupCalls: false }));
    expect(docs.sftd).toBeUndefined();
    expect(valueAt(docs["wire-server"].values, ["brig", "config", "optSettings", "setSftStaticUrl"])).toBeUndefined();
  });

  it("detects a missing key", () => {
    expect(missingKeys({ a: { b: 1 } }, [["a", "b"], ["a", "c"]])).toEqual(["a.c"]);
  });
});

describe("kube objects", () => {
  const spec = (over: Partial<KubeObjectsSpec> = {}): KubeObjectsSpec => ({ online: false, domain: "chat.example.org", turnTls: false, turnCount: 2, ...over });

  it("offline: the wire-ca CA ClusterIssuer; with turn.tls the coturn-tls Certificate for every turnN name", () => {
    expect(kubeObjects(spec()).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["ClusterIssuer/wire-ca"]);
    const issuer = kubeObjects(spec())[0] as KubeObject & { spec: { ca: { secretName: string } } };
    expect(issuer.spec.ca.secretName).toBe("wire-ca");
    expect(issuer.metadata.namespace).toBeUndefined();
    const cert = kubeObjects(spec({ turnTls: true, turnCount: 3 }))[1] as KubeObject & { spec: { secretName: string; dnsNames: string[]; issuerRef: { name: string } } };
    expect(cert.kind).toBe("Certificate");
    expect(cert.metadata.namespace).toBe(NAMESPACE);
    expect(NAMESPACE).toBe("default");
    expect(cert.spec.secretName).toBe(renderHelmValues(buildHosts(), facts({ turnTls: true })).coturn.values["tls" as never]["secretRef"]);
    expect(cert.spec.dnsNames).toEqual(["turn1.chat.example.org", "turn2.chat.example.org", "turn3.chat.example.org"]);
    expect(cert.spec.issuerRef.name).toBe("wire-ca");
  });

  it("online: the two Let's Encrypt issuers (and coturn's certificate); no Namespace, *-external Service or Secret that Wire's charts would clash with", () => {
    const online = spec({ online: true, turnTls: true, acme: { email: "certmaster@chat.example.org", region: "eu-central-1" } });
    expect(kubeObjects(online).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(["ClusterIssuer/letsencrypt-http01", "ClusterIssuer/letsencrypt-dns01", "Certificate/coturn-tls"]);
    expect(() => kubeObjects(spec({ online: true }))).toThrow(/ACME account/);
    for (const o of [...kubeObjects(spec({ turnTls: true })), ...kubeObjects(online)]) expect(["Namespace", "Service", "Endpoints", "Secret"]).not.toContain(o.kind);
  });

  it("render one YAML file per object that parses back to it", () => {
    const objects = kubeObjects(spec({ turnTls: true }));
    const files = renderKubeYaml(objects);
    expect(Object.keys(files).sort()).toEqual(["certificate-coturn-tls.yaml", "clusterissuer-wire-ca.yaml"]);
    for (const o of objects) expect(parseYaml(files[`${o.kind.toLowerCase()}-${o.metadata.name}.yaml`])).toEqual(o);
  });
});

describe("export", () => {
  const hosts = buildHosts();
  const outputs: ExportOutputs = {
    inventory: renderInventory(hosts, { online: true }),
    helmValues: renderHelmValues(hosts, facts()),
    kubeObjects: kubeObjects({ online: false, domain: "chat.example.org", turnTls: true, turnCount: 2 }),
    cloudInit: { "cassandra-1": "#cloud-config\nhostname: cassandra1\n" },
  };

  it("writes every file, secrets private and marked", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wire-export-"));
    const written = writeExport(outputs, dir);
    const expected = [
      "hosts.ini",
      ...Object.keys(outputs.helmValues).flatMap((c) => [`values/${c}/values.yaml`, `values/${c}/secrets.yaml`]),
      ...outputs.kubeObjects.map((o) => `k8s/${o.kind.toLowerCase()}-${o.metadata.name}.yaml`),
      "cloud-init/cassandra-1.yaml",
    ];
    expect(written.sort()).toEqual(expected.sort());
    for (const file of written) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const secret = file.endsWith("secrets.yaml") || file.startsWith("k8s/secret-");
      expect({ file, marked: text.startsWith("# SECRET: ") }).toEqual({ file, marked: secret });
      if (secret) expect(fs.statSync(path.join(dir, file)).mode & 0o077).toBe(0);
      if (file.startsWith("values/")) expect(parseYaml(text)).toEqual(outputs.helmValues[file.split("/")[1]][file.endsWith("secrets.yaml") ? "secrets" : "values"]);
    }
    expect(fs.readFileSync(path.join(dir, "hosts.ini"), "utf8")).toBe(outputs.inventory);
  });

  it("refuses outputs read without --show-secrets", () => {
    const redacted = { ...outputs, helmValues: { coturn: { values: {}, secrets: { secrets: { zrestSecrets: ["[secret]"] } } } } };
    expect(() => writeExport(redacted, fs.mkdtempSync(path.join(os.tmpdir(), "wire-export-")))).toThrow(/show-secrets/);
  });
});


describe("stackFacts", () => {
  it("takes gundeck and its keys from the Push component and the rest from config", () => {
    const { config } = parseStackConfig({ "aws:region": "eu-central-1", "wire-backend:users": 100, "wire-backend:domain": "chat.example.org", "wire-backend:sso": { enabled: true } });
    const f = stackFacts({ stack: "s", config, loadBalancerDnsName: "lb", secrets: SECRETS, gundeck: FAKE_AWS, awsKeys: { awsKeyId: "k", awsSecretKey: "s" } });
    expect(f).toMatchObject({ domain: "chat.example.org", online: true, gundeck: FAKE_AWS, sso: { enabled: true }, push: { option: "C" }, secrets: { ...SECRETS, awsKeyId: "k", awsSecretKey: "s", smtpPassword: "" } });
    // brig's SMTP password is the stack's relay's (email.smtp.password), never the generated one.
    expect(f.turnTls).toBeUndefined();
    expect(f.acmeEmail).toBe("certmaster@chat.example.org");
    expect(stackFacts({ stack: "s", config, loadBalancerDnsName: "lb", secrets: SECRETS, gundeck: FAKE_AWS, turnTls: config.turn.tls }).turnTls).toBe(true);
  });

});
