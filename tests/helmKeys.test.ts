// Our Helm values against the charts that read them. Key lists come from the charts' own templates
// (tests/fixtures/chart-keys/*.json, written by cli/chartKeys.ts from the commit each file names) and
// from Wire's prod examples (wsd-prod-examples.json, wire-server-deploy's commit):
//   1. every key of our values and secrets documents is read by a template of the chart of the
//      stack's release (a typo or a dead key like spar.config.domain fails);
//   2. every key of Wire's prod examples that the chart reads is in our documents (values and
//      secrets together), so Wire's `helm upgrade --install ... --values values.yaml --values
//      secrets.yaml` needs no other file; the few exceptions are listed with their reason.
import { mailFor } from "./helpers/mailFacts";
import * as fs from "fs";
import { releaseFeatures } from "../config/releases";
import { renderHelmValues } from "../outputs/helmValues";
import type { ChartKeys } from "../cli/chartKeys";
import { chartKeysFor, FIXTURES, isRead, leaves, load, PROD } from "./helpers/chartKeys";
import type { InventoryHost, StackFacts } from "../outputs/types";
import type { Role } from "../sizing/types";
import { FAKE_AWS } from "../outputs/stackFacts";

/** Prod-example keys we leave out on purpose, with the reason (the chart reads them only then). */
const NOT_OURS: Record<string, string> = {
  "wire-server:galley.secrets.mlsPrivateKeys": "MLS is disabled (galley featureFlags.mls); the template reads them only when set",
  "wire-server:nginz.secrets.basicAuth": "only for env=staging (nginz README); we render env=prod",
  "wire-server:proxy.secrets.proxy_config": "tags.proxy is false: no proxy (giphy, youtube, ...) accounts",
  "wire-server:spar.config.domain": "read by no template of the chart",
  // Keys of Wire's examples that no template of any release from 5.20 to 5.29 reads:
  "wire-server:brig.config.emailSMS.general.templateBranding.brandLabel": "read by no template",
  "wire-server:cannon.drainTimeout": "read by no template",
  "wire-server:nginz.drainTimeout": "read by no template",
  "wire-server:legalhold.metrics": "read by no template",
  "wire-server:cargohold.secrets.rabbitmq": "read by no template",
  "sftd:joinCall.image.pullPolicy": "read by no template",
  // cert-manager issues the ingress certificate (tls.useCertManager), so no certificate of our own:
  "nginx-ingress-services:secrets.tlsWildcardCert": "read only without cert-manager (templates/secret.yaml)",
  "nginx-ingress-services:secrets.tlsWildcardKey": "read only without cert-manager (templates/secret.yaml)",
  "nginx-ingress-services:secrets.tlsClientCA": "the federator's client CA; federation is off",
};

const prefixes = (k: string) => k.split(".").map((_, i, a) => a.slice(0, i + 1).join("."));
function notOurs(chart: string, key: string): boolean {
  return prefixes(key).some((p) => `${chart}:${p}` in NOT_OURS);
}

const ROLE_COUNTS: Partial<Record<Role, number>> = { cassandra: 3, minio: 3, elasticsearch: 3, kubernetes: 3, restund: 2, sft: 2 };
function hostsFor(online: boolean): InventoryHost[] {
  return (Object.entries(ROLE_COUNTS) as [Role, number][]).flatMap(([role, n], r) =>
    Array.from({ length: n }, (_, i) => ({
      role, hostname: `${role}${i + 1}`, index: i + 1, privateIp: `172.20.${r}.${i + 11}`, instanceType: "m6i.large",
      ...(online && (role === "restund" || role === "sft") ? { publicIp: `198.51.100.${r * 10 + i + 1}` } : {}),
    })),
  );
}
const SECRETS = {
  turnSecret: "t", minioAccessKey: "ma", minioSecretKey: "ms", minioCargoholdAccessKey: "ca", minioCargoholdSecretKey: "cs",
  rabbitmqPassword: "r", postgresqlPassword: "p", smtpPassword: "s", nginzBasicAuthPassword: "n", zauthPublicKeys: "zp", zauthPrivateKeys: "zs",
};
function facts(over: Partial<StackFacts>): StackFacts {
  return {
    stack: "t", domain: "chat.example.org", online: true, wireVersion: "5.23.0", loadBalancerDnsName: "lb",
    secrets: SECRETS, gundeck: FAKE_AWS, push: { option: "C" }, sso: { enabled: false }, mail: mailFor("chat.example.org", over.online !== false),
    ...(over.online === false ? {} : { acmeEmail: "certmaster@chat.example.org" }), ...over,
  };
}

// The releases on either side of each layout change, with and without SSO, TLS and the internet.
const CASES: { name: string; facts: StackFacts; hosts: InventoryHost[] }[] = [
  { name: "5.20.0", facts: facts({ wireVersion: "5.20.0" }), hosts: hostsFor(true) },
  { name: "5.22.0", facts: facts({ wireVersion: "5.22.0" }), hosts: hostsFor(true) },
  { name: "5.24.0", facts: facts({ wireVersion: "5.24.0" }), hosts: hostsFor(true) },
  { name: "5.26.0", facts: facts({ wireVersion: "5.26.0" }), hosts: hostsFor(true) },
  { name: "5.27.0 offline", facts: facts({ wireVersion: "5.27.0", online: false }), hosts: hostsFor(false) },
  { name: "5.23.0 online", facts: facts({}), hosts: hostsFor(true) },
  { name: "5.23.0 offline, SSO, TURN TLS", facts: facts({ online: false, sso: { enabled: true }, turnTls: true }), hosts: hostsFor(false) },
  { name: "5.28.0 SSO", facts: facts({ wireVersion: "5.28.0", sso: { enabled: true } }), hosts: hostsFor(true) },
  { name: "5.29.0", facts: facts({ wireVersion: "5.29.0" }), hosts: hostsFor(true) },
  { name: "5.29.0 SSO, TURN TLS", facts: facts({ wireVersion: "5.29.0", sso: { enabled: true }, turnTls: true }), hosts: hostsFor(true) },
];

describe("chart key lists", () => {
  it("name the chart, version and commit they were taken from", () => {
    for (const file of fs.readdirSync(FIXTURES).filter((f) => f !== "wsd-prod-examples.json")) {
      const k = load<ChartKeys>(file);
      expect({ file, ok: /^[0-9a-f]{40}$/.test(k.source.commit) && !!k.source.chartVersion && !!k.source.repository && k.keys.length > 0 }).toEqual({ file, ok: true });
    }
  });

  it("tell a key a template reads from one no template reads", () => {
    const ws = chartKeysFor("wire-server", "5.29.0");
    expect(isRead("brig.config.cassandra.host", ws)).toBe(true);
    expect(isRead("brig.config.postgresql.host", ws)).toBe(true); // brig.config.postgresql is read whole (toYaml)
    expect(isRead("spar.config.domain", ws)).toBe(false);
    expect(isRead("tags.spar", ws)).toBe(false);
    expect(isRead("tags.spar", chartKeysFor("wire-server", "5.28.0"))).toBe(true);
    expect(chartKeysFor("wire-server", "5.28.3").source.release).toBe("5.28.0");
    expect(isRead("brig.config.cassandra.hots", ws)).toBe(false);
  });
});

// Charts with a key list here (the web apps, the ingress controller and fake-aws have none: real helm
// judges every chart in tests/contract/helmRender.test.ts; a key list only says what a chart reads).
const KEY_LISTED = (chart: string) => chart === "wire-server" || fs.existsSync(`${FIXTURES}/${chart}.json`);

describe.each(CASES)("values of $name", ({ facts: f, hosts }) => {
  const docs = renderHelmValues(hosts, f);

  it.each(Object.keys(docs).filter(KEY_LISTED))("%s: every key is read by the chart's templates", (chart) => {
    const keys = chartKeysFor(chart, f.wireVersion);
    const ours = [...leaves(docs[chart].values), ...leaves(docs[chart].secrets)];
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((k) => !isRead(k, keys))).toEqual([]);
  });

  it.each(Object.keys(docs).filter((c) => PROD.charts[c]))("%s: every prod-example key the chart reads is there", (chart) => {
    const keys = chartKeysFor(chart, f.wireVersion);
    const prod = [...(PROD.charts[chart].values ?? []), ...(PROD.charts[chart].secrets ?? [])];
    const ours = new Set([...leaves(docs[chart].values), ...leaves(docs[chart].secrets)]);
    // A prod key is covered when we set it or something beneath it (a list or map the example leaves empty).
    const covered = (k: string) => ours.has(k) || [...ours].some((o) => o.startsWith(`${k}.`)) || prefixes(k).some((p) => ours.has(p));
    const wanted = prod.filter((k) => isRead(k, keys) && !notOurs(chart, k));
    // Keys only present when the release or stack needs them (spar without SSO before 5.29, sftd's URL without SFT).
    // Offline there is no ACME account: the island's certificates come from wire-ca.
    const missing = wanted
      .filter((k) => !covered(k))
      .filter((k) => !(k.startsWith("spar.") && !f.sso.enabled && !releaseFeatures(f.wireVersion).mergedCharts))
      .filter((k) => !(chart === "nginx-ingress-services" && k === "certManager.certmasterEmail" && !f.online))
      // With SES brig has no relay and no keys (the instance profile); setRestrictUserCreation is rendered only when true.
      .filter((k) => !(f.mail.email.via === "ses" && /^brig\.(config\.smtp\.|secrets\.(smtpPassword|awsKeyId|awsSecretKey)$)/.test(k)))
      .filter((k) => !(k === "brig.config.optSettings.setRestrictUserCreation" && !f.mail.restrictUserCreation));
    expect(missing).toEqual([]);
  });
});
