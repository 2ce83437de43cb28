// Certificates: which issuer signs which name, online and offline; the Route 53 rights cert-manager's
// DNS-01 needs and no more; TURN over TLS served (the default) or closed everywhere at once.
// Expectations come from the names the stack's own DNS records and brig's URIs carry, never from a
// copy of our output.
import { mailFor } from "./helpers/mailFacts";
import { parseStackConfig } from "../config/load";
import { ConfigError } from "../config/errors";
import { hostedZoneArn, route53ChallengePolicy } from "../components/certManagerDns";
import { WIRE_HOSTNAMES } from "../config/hostNames";
import { ingressRules } from "../config/firewall";
import { renderHelmValues, turnUris } from "../outputs/helmValues";
import { DNS01_ISSUER, HTTP01_ISSUER, KubeObject, kubeObjects, kubeObjectsSpec, LETSENCRYPT_DIRECTORY, WIRE_CA, withHostedZone } from "../config/kubeObjects";
import { nginxIngressServicesValues } from "../outputs/nginxIngressServicesValues";
import { FAKE_AWS } from "../outputs/stackFacts";
import type { InventoryHost, StackFacts } from "../outputs/types";
import { INGRESS, INSTANCE, OFFLINE, ofType, plan as cachedPlan, roleOf, stack } from "./helpers/stacks";
import { PlanDocument } from "../cli/planRuntime";
import type { ConfigMap } from "../config/load";

/** A plan with its secret outputs (Helm values, Kubernetes objects) readable. */
const plan = (name: string, map: ConfigMap) => cachedPlan(name, map, { showSecrets: true });

const DOMAIN = "chat.example.org";
const config = (extra: Record<string, unknown> = {}) =>
  parseStackConfig({ "aws:region": "eu-central-1", "wire-backend:users": 2000, "wire-backend:domain": DOMAIN, ...extra }).config;
const OFFLINE_KEYS = { "wire-backend:connectivity": "offline", "wire-backend:network": { clientCidrs: ["192.168.0.0/16"] }, "wire-backend:email": { smtp: { host: "10.20.0.25" } } };

type Issuer = KubeObject & { spec: { acme?: { server: string; email: string; privateKeySecretRef: { name: string }; solvers: Record<string, unknown>[] }; ca?: { secretName: string } } };
type Cert = KubeObject & { spec: { dnsNames: string[]; secretName: string; issuerRef: { name: string; kind: string } } };
const byKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);

const turnHosts = (n: number, online: boolean): InventoryHost[] =>
  Array.from({ length: n }, (_, i) => ({ role: "restund", hostname: `coturn${i + 1}`, index: i + 1, privateIp: `172.16.0.${i + 10}`, ...(online ? { publicIp: `198.51.100.${i + 1}` } : {}), instanceType: "c6in.large" }));
/** The host names of brig's turns: URIs (turns:<name>:5349?transport=tcp). */
const turnsNames = (uris: string[]) => uris.filter((u) => u.startsWith("turns:")).map((u) => u.slice("turns:".length).split(":")[0]);

describe("issuers and certificates (k8s/)", () => {
  it("online: Let's Encrypt HTTP-01 through the ingress and DNS-01 in the stack's zone, both with the stack's contact", () => {
    const c = config({ "wire-backend:certificates": { acmeEmail: "pki@example.net" } });
    const objects = kubeObjects(withHostedZone(kubeObjectsSpec(c, 3), "Z0123456789ABC"));
    const issuers = byKind(objects, "ClusterIssuer") as Issuer[];
    expect(issuers.map((o) => o.metadata.name).sort()).toEqual([DNS01_ISSUER, HTTP01_ISSUER].sort());
    for (const i of issuers) {
      expect(i.metadata.namespace).toBeUndefined();
      expect(i.spec.acme!.email).toBe("pki@example.net");
      expect(i.spec.acme!.server).toBe(LETSENCRYPT_DIRECTORY);
    }
    // Each issuer its own ACME account key.
    expect(new Set(issuers.map((i) => i.spec.acme!.privateKeySecretRef.name)).size).toBe(2);
    const http = issuers.find((i) => i.metadata.name === HTTP01_ISSUER)!;
    expect(http.spec.acme!.solvers).toEqual([{ http01: { ingress: { ingressClassName: "nginx" } } }]);
    const dns = issuers.find((i) => i.metadata.name === DNS01_ISSUER)!;
    // No access key: the node's instance role (ambient credentials).
    expect(dns.spec.acme!.solvers).toEqual([{ selector: { dnsZones: [DOMAIN] }, dns01: { route53: { region: "eu-central-1", hostedZoneID: "Z0123456789ABC" } } }]);
    expect(byKind(objects, "ClusterIssuer").some((o) => o.metadata.name === WIRE_CA)).toBe(false);
  });

  it("the ACME contact defaults to certmaster@<domain>, as Wire's tooling sets it; a bad address names the key", () => {
    const http = kubeObjects(kubeObjectsSpec(config(), 2)).find((o) => o.metadata.name === HTTP01_ISSUER) as Issuer;
    expect(http.spec.acme!.email).toBe(`certmaster@${DOMAIN}`);
    let error: unknown;
    try {
      config({ "wire-backend:certificates": { acmeEmail: "certmaster" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toMatch(/wire-backend:certificates\.acmeEmail: "certmaster" is not an e-mail address/);
  });

  it.each([true, false])("coturn's certificate covers exactly the names brig's turns: URIs use (online %s)", (online) => {
    const c = config(online ? {} : OFFLINE_KEYS);
    const hosts = turnHosts(3, online);
    const facts = { online, turnTls: c.turn.tls, domain: DOMAIN };
    const cert = byKind(kubeObjects(withHostedZone(kubeObjectsSpec(c, hosts.length), "Z0123456789ABC")), "Certificate") as Cert[];
    expect(cert).toHaveLength(1);
    expect(cert[0].spec.dnsNames).toEqual(turnsNames(turnUris(hosts, facts)));
    expect(cert[0].spec.dnsNames).toHaveLength(3);
    // Online DNS-01 (Let's Encrypt cannot reach a TURN node over HTTP); offline the customer's CA.
    expect(cert[0].spec.issuerRef).toMatchObject({ name: online ? DNS01_ISSUER : WIRE_CA, kind: "ClusterIssuer" });
    const issuerNames = byKind(kubeObjects(kubeObjectsSpec(c, 3)), "ClusterIssuer").map((o) => o.metadata.name);
    expect(issuerNames).toContain(cert[0].spec.issuerRef.name);
    // The Secret coturn's values mount.
    const coturn = renderHelmValues(hosts, minimalFacts({ online, turnTls: true })).coturn.values as { tls: { enabled: boolean; secretRef: string } };
    expect(coturn.tls).toEqual({ enabled: true, secretRef: cert[0].spec.secretName });
  });

  it("offline: only the wire-ca issuer, no ACME", () => {
    const objects = kubeObjects(kubeObjectsSpec(config(OFFLINE_KEYS), 2));
    expect((byKind(objects, "ClusterIssuer") as Issuer[]).map((o) => [o.metadata.name, o.spec.ca?.secretName, o.spec.acme])).toEqual([[WIRE_CA, WIRE_CA, undefined]]);
  });

  it("turn.tls: false: no coturn certificate, coturn without TLS, no turns: URI", () => {
    const c = config({ "wire-backend:turn": { tls: false } });
    expect(c.turn.tls).toBe(false);
    expect(config().turn.tls).toBe(true);
    expect(byKind(kubeObjects(kubeObjectsSpec(c, 2)), "Certificate")).toEqual([]);
    const hosts = turnHosts(2, true);
    const values = renderHelmValues(hosts, minimalFacts({ turnTls: c.turn.tls }));
    expect((values.coturn.values as { tls: { enabled: boolean } }).tls.enabled).toBe(false);
    expect(turnsNames(turnUris(hosts, { online: true, turnTls: false, domain: DOMAIN }))).toEqual([]);
  });
});

function minimalFacts(over: Partial<StackFacts>): StackFacts {
  const s = "x";
  return {
    stack: "t", domain: DOMAIN, online: true, wireVersion: "5.23.0", loadBalancerDnsName: "lb", gundeck: FAKE_AWS, push: { option: "C" }, sso: { enabled: false }, mail: mailFor(DOMAIN, over.online !== false),
    secrets: { turnSecret: s, minioAccessKey: s, minioSecretKey: s, minioCargoholdAccessKey: s, minioCargoholdSecretKey: s, rabbitmqPassword: s, postgresqlPassword: s, smtpPassword: s, nginzBasicAuthPassword: s, zauthPublicKeys: s, zauthPrivateKeys: s },
    ...over,
  };
}

describe("nginx-ingress-services values", () => {
  type Values = { tls: { useCertManager: boolean; createIssuer: boolean; issuer: { name: string; kind: string } }; certManager: { certmasterEmail?: string }; config: { dns: Record<string, string> } };
  const values = (online: boolean) => nginxIngressServicesValues(minimalFacts({ online, acmeEmail: online ? "pki@example.net" : undefined })).values as Values;

  it.each([true, false])("point at an issuer our k8s/ objects create, and never create one of their own (online %s)", (online) => {
    const v = values(online);
    const c = config(online ? {} : OFFLINE_KEYS);
    const issuers = byKind(kubeObjects(kubeObjectsSpec(c, 2)), "ClusterIssuer").map((o) => ({ name: o.metadata.name, kind: o.kind }));
    expect(v.tls.useCertManager).toBe(true);
    expect(v.tls.createIssuer).toBe(false);
    expect(issuers).toContainEqual(v.tls.issuer);
    expect(v.tls.issuer.name).toBe(online ? HTTP01_ISSUER : WIRE_CA);
    // sftd's own ingress certificate comes from the same issuer.
    const hosts: InventoryHost[] = [...turnHosts(2, online), ...[1, 2, 3].map((i) => ({ role: "kubernetes" as const, hostname: `kubenode${i}`, index: i, privateIp: `172.16.1.${i}`, instanceType: "m6i.2xlarge" }))];
    const sftd = renderHelmValues(hosts, minimalFacts({ online })).sftd.values as { tls: { issuerRef: unknown } };
    expect(sftd.tls.issuerRef).toEqual(v.tls.issuer);
    expect(v.certManager.certmasterEmail).toBe(online ? "pki@example.net" : undefined);
  });

  it("serve every web name our DNS publishes on the load balancer (sftd has its own chart)", () => {
    const names = Object.values(values(true).config.dns).sort();
    expect(names).toEqual(WIRE_HOSTNAMES.filter((h) => h !== "sftd").map((h) => `${h}.${DOMAIN}`).sort());
  });
});

describe("cert-manager's Route 53 rights", () => {
  it.each(["aws", "aws-cn", "aws-us-gov"])("exactly the DNS-01 calls, on the stack's zone (%s)", (partition) => {
    const doc = route53ChallengePolicy(partition, "Z0123456789ABC") as { Statement: { Effect: string; Action: string | string[]; Resource: string }[] };
    const grants = doc.Statement.flatMap((s) => [s.Action].flat().map((a) => `${s.Effect} ${a} on ${s.Resource}`)).sort();
    const zone = `arn:${partition}:route53:::hostedzone/Z0123456789ABC`;
    expect(hostedZoneArn(partition, "Z0123456789ABC")).toBe(zone);
    expect(grants).toEqual(
      [
        `Allow route53:ChangeResourceRecordSets on ${zone}`,
        `Allow route53:ListResourceRecordSets on ${zone}`,
        `Allow route53:GetChange on arn:${partition}:route53:::change/*`,
        "Allow route53:ListHostedZonesByName on *",
      ].sort(),
    );
  });
});

describe("planned stacks", () => {
  const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
  const route53Policies = (p: PlanDocument) => ofType(p, ROLE_POLICY).filter((r) => String(r.inputs.policy).includes("route53:"));
  const tls5349 = (p: PlanDocument) => ofType(p, INGRESS).filter((r) => r.inputs.fromPort === 5349 || r.inputs.toPort === 5349);
  const v2 = (p: PlanDocument) => (p.outputs.helmValues as Record<string, { values: { brig: { turnStatic: { v2: string[] } } } }>)["wire-server"].values.brig.turnStatic.v2;

  it("online: the Kubernetes nodes alone carry cert-manager's Route 53 policy, on the stack's zone, and pods reach IMDS", async () => {
    const p = await plan("test", stack(2_000));
    const policies = route53Policies(p);
    expect(policies).toHaveLength(1);
    const doc = JSON.parse(String(policies[0].inputs.policy)) as { Statement: { Resource: string }[] };
    expect(doc.Statement[0].Resource).toBe(hostedZoneArn("aws", String(p.outputs.dnsZoneId)));
    const instances = ofType(p, INSTANCE);
    const kubeProfiles = new Set(instances.filter((i) => roleOf(i) === "kubernetes").map((i) => String(i.inputs.iamInstanceProfile)));
    const otherProfiles = new Set(instances.filter((i) => roleOf(i) !== "kubernetes").map((i) => String(i.inputs.iamInstanceProfile)));
    expect(kubeProfiles.size).toBe(1);
    expect([...otherProfiles].filter((x) => kubeProfiles.has(x))).toEqual([]);
    // The policy's role is the role of the Kubernetes nodes' profile.
    // (The mock runtime names a resource <logical name>-<suffix>.)
    const profile = ofType(p, "aws:iam/instanceProfile:InstanceProfile").find((r) => [...kubeProfiles][0].startsWith(`${r.name}-`));
    expect(profile?.inputs.role).toBe(policies[0].inputs.role);
    // cert-manager is a pod, one hop behind the node: IMDSv2 must answer it.
    for (const i of instances.filter((x) => roleOf(x) === "kubernetes")) expect(i.inputs.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 2 });
    // TURN over TLS by default: the port is open and brig hands out turns: for every TURN node.
    expect(tls5349(p).length).toBeGreaterThan(0);
    expect(v2(p).filter((u) => u.startsWith("turns:"))).toHaveLength(p.sizing.roles.restund.count);
    const kinds = (p.outputs.kubeObjects as KubeObject[]).filter((o) => o.apiVersion === "cert-manager.io/v1").map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual([`ClusterIssuer/${HTTP01_ISSUER}`, `ClusterIssuer/${DNS01_ISSUER}`, "Certificate/coturn-tls"]);
  }, 120_000);

  it("turn.tls: false closes 5349 and drops turns: and the certificate", async () => {
    const p = await plan("notls", stack(2_000, { "wire-backend:turn": { tls: false } }));
    expect(tls5349(p)).toEqual([]);
    expect(v2(p).some((u) => u.startsWith("turns:"))).toBe(false);
    expect((p.outputs.kubeObjects as KubeObject[]).some((o) => o.kind === "Certificate")).toBe(false);
  }, 120_000);

  it("offline: no Route 53 rights (no ACME on the island), wire-ca signs coturn's certificate", async () => {
    const p = await plan("island", stack(500, OFFLINE));
    expect(route53Policies(p)).toEqual([]);
    const certs = (p.outputs.kubeObjects as KubeObject[]).filter((o) => o.kind === "Certificate") as Cert[];
    expect(certs.map((c) => c.spec.issuerRef.name)).toEqual([WIRE_CA]);
    expect(tls5349(p).length).toBeGreaterThan(0);
  }, 120_000);
});

describe("firewall table", () => {
  it("opens TCP 5349 on the TURN nodes if and only if coturn serves TLS", () => {
    const open = (turnTls: boolean) => ingressRules({ adminCidrs: [], turnTls }).filter((r) => r.fromPort <= 5349 && 5349 <= r.toPort && r.protocol === "tcp");
    expect(open(true).map((r) => [r.group, r.peer.kind])).toEqual([["restund", "clients"]]);
    expect(open(false)).toEqual([]);
    // Nothing else changes with it.
    expect(ingressRules({ adminCidrs: [], turnTls: false })).toHaveLength(ingressRules({ adminCidrs: [], turnTls: true }).length - 1);
  });
});
