// WireObjects on Pulumi's mock runtime (the plan's FakeCloud): what it registers, with which inputs.
import * as pulumi from "@pulumi/pulumi";
import { FakeCloud, RegisteredResource } from "../cli/fakeCloud";
import { WireObjects } from "../components/wireObjects";
import { kubeObjects, KubeObjectsSpec } from "../config/kubeObjects";
import type { WireSecrets } from "../outputs/types";

const spec: KubeObjectsSpec = { online: false, domain: "chat.example.org", turnTls: true, turnCount: 2 };
const PASSWORDS = [
  ["wire-minio-access-key", 20],
  ["wire-minio-cargohold-access-key", 20],
  ["wire-minio-cargohold-secret-key", 30],
  ["wire-minio-secret-key", 40],
  ["wire-nginz-basic-auth", 32],
  ["wire-postgresql-password", 32],
  ["wire-rabbitmq-erlang-cookie", 32],
  ["wire-rabbitmq-password", 32],
  ["wire-smtp-password", 32],
  ["wire-turn-secret", 48],
];

function settle<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => { resolve(v); return v; }));
}

async function registered(cloud: FakeCloud, count: number): Promise<RegisteredResource[]> {
  for (let i = 0; i < 200 && cloud.registered.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return cloud.registered;
}

describe("WireObjects", () => {
  let cloud: FakeCloud;
  let component: WireObjects;
  beforeAll(async () => {
    cloud = new FakeCloud("eu-central-1");
    await pulumi.runtime.setMocks(cloud, "wire-backend", "test", false);
    component = new WireObjects("wire", { spec, renderDir: "/tmp/wire-k8s" });
  });

  // component + passwords + zAuth seed + provider + every object of the pure renderer.
  const expectedCount = () => 1 + PASSWORDS.length + 1 + 1 + kubeObjects(spec).length;

  it("registers the passwords, a stable zAuth seed, a rendering provider and every object", async () => {
    await settle(component.secrets);
    const all = await registered(cloud, expectedCount());
    expect(all).toHaveLength(expectedCount());
    const passwords = all.filter((r) => r.type === "random:index/randomPassword:RandomPassword");
    expect(passwords.map((p) => [p.name, p.inputs.length]).sort()).toEqual(PASSWORDS);
    expect(passwords.every((p) => p.inputs.special === false)).toBe(true);
    expect(all.filter((r) => r.type === "random:index/randomBytes:RandomBytes").map((r) => [r.name, r.inputs.length])).toEqual([["wire-zauth-seed", 32]]);
    const provider = all.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(provider.name).toBe("wire-provider");
    expect(provider.inputs.renderYamlToDirectory).toBe("/tmp/wire-k8s");
    expect(provider.inputs.kubeconfig).toBeUndefined();
    const objects = all.filter((r) => r.type.startsWith("kubernetes:cert-manager.io/v1:")).map((r) => r.type.split(":")[2]).sort();
    expect(objects).toEqual(kubeObjects(spec).map((o) => o.kind).sort());
  });

  it("derives a zAuth pair in zauth's format from the seed and hands out every secret", async () => {
    const s: WireSecrets = await settle(component.secrets);
    const priv = Buffer.from(s.zauthPrivateKeys, "base64url");
    const pub = Buffer.from(s.zauthPublicKeys, "base64url");
    expect([priv.length, pub.length]).toEqual([64, 32]);
    expect(priv.subarray(32).equals(pub)).toBe(true);
    expect(s.turnSecret).toHaveLength(48);
    expect(s.minioCargoholdAccessKey).not.toBe(s.minioAccessKey);
    expect(Object.values(s).every((v) => typeof v === "string" && v.length > 0)).toBe(true);
  });

  it("manages the objects in a cluster instead when given a kubeconfig", async () => {
    new WireObjects("phase2", { spec, kubeconfig: "apiVersion: v1\nkind: Config\n", renderDir: "/tmp/unused" });
    const all = await registered(cloud, 2 * expectedCount());
    const provider = all.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === "phase2-provider")!;
    expect(provider.inputs.kubeconfig).toBeDefined();
    expect(provider.inputs.renderYamlToDirectory).toBeUndefined();
    expect(all.filter((r) => r.name.startsWith("phase2-"))).toHaveLength(expectedCount() - 1);
  });

  it("patches the calling nodes' wire.com/external-ip onto their Nodes in phase two only", async () => {
    const nodeAnnotations = [{ name: "coturn1", externalIp: "198.51.100.7" }, { name: "sftnode1", externalIp: "198.51.100.8" }];
    new WireObjects("rendered", { spec, renderDir: "/tmp/wire-k8s-2", nodeAnnotations });
    new WireObjects("cluster", { spec, kubeconfig: "apiVersion: v1\nkind: Config\n", renderDir: "/tmp/unused", nodeAnnotations, postgresqlSecret: true });
    const all = await registered(cloud, 2 * expectedCount() + 2 * (expectedCount() - 1) + 3);
    const pg = all.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "cluster-wire-postgresql-external-secret")!;
    expect(pg.inputs.metadata).toMatchObject({ name: "wire-postgresql-external-secret", namespace: "default" });
    expect(JSON.stringify(pg.inputs.stringData)).toMatch(/"username":"wire-server"/);
    expect(all.find((r) => r.name === "rendered-wire-postgresql-external-secret")).toBeUndefined();
    const patches = all.filter((r) => r.type === "kubernetes:core/v1:NodePatch");
    expect(patches.map((p) => [p.name, (p.inputs.metadata as { name: string; annotations: Record<string, string> }).annotations["wire.com/external-ip"]]).sort()).toEqual([
      ["cluster-node-coturn1", "198.51.100.7"],
      ["cluster-node-sftnode1", "198.51.100.8"],
    ]);
  });

  it("marks the exposed secrets secret", async () => {
    for (const o of [component.turnSecret, component.minioAccessKey, component.minioSecretKey, component.secrets, component.rabbitmqErlangCookie]) {
      expect(await (o as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
    }
  });
});
