// WireObjects on Pulumi's mock runtime (the plan's FakeCloud): what it registers, with which inputs.
import * as pulumi from "@pulumi/pulumi";
import { FakeCloud, RegisteredResource } from "../cli/fakeCloud";
import { WireObjects } from "../components/wireObjects";
import { EXTERNAL_SERVICES, kubeObjects } from "../outputs/kubeObjects";
import type { InventoryHost } from "../outputs/types";

const hosts: InventoryHost[] = [
  ...[1, 2, 3].map((i) => ({ role: "cassandra" as const, hostname: `cassandra${i}`, index: i, privateIp: `172.16.${i}.5`, instanceType: "m6i.large" })),
  ...[1, 2].map((i) => ({ role: "elasticsearch" as const, hostname: `elasticsearch${i}`, index: i, privateIp: `172.16.${i}.6`, instanceType: "m6i.large" })),
  { role: "minio", hostname: "minio1", index: 1, privateIp: "172.16.1.7", instanceType: "m6i.large" },
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
    component = new WireObjects("wire", { hosts: pulumi.output(hosts), renderDir: "/tmp/wire-k8s" });
  });

  // component + 6 passwords (TURN, MinIO ×2, PostgreSQL, RabbitMQ, Erlang cookie) + provider + every object of the pure renderer.
  const expectedCount = () => 1 + 6 + 1 + kubeObjects(hosts, { turnSecret: "", minioAccessKey: "", minioSecretKey: "" }).length;

  it("registers the passwords, a rendering provider and every object", async () => {
    await settle(component.turnSecret);
    const all = await registered(cloud, expectedCount());
    expect(all).toHaveLength(expectedCount());
    const passwords = all.filter((r) => r.type === "random:index/randomPassword:RandomPassword");
    expect(passwords.map((p) => [p.name, p.inputs.length, p.inputs.special]).sort()).toEqual([
      ["wire-minio-access-key", 20, false],
      ["wire-minio-secret-key", 40, false],
      ["wire-postgresql-password", 32, false],
      ["wire-rabbitmq-erlang-cookie", 32, false],
      ["wire-rabbitmq-password", 32, false],
      ["wire-turn-secret", 48, false],
    ]);
    const provider = all.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(provider.name).toBe("wire-provider");
    expect(provider.inputs.renderYamlToDirectory).toBe("/tmp/wire-k8s");
    expect(provider.inputs.kubeconfig).toBeUndefined();
    const kinds = all.filter((r) => r.type.startsWith("kubernetes:core/v1:")).map((r) => r.type.split(":")[2]).sort();
    expect(kinds).toEqual(kubeObjects(hosts, { turnSecret: "", minioAccessKey: "", minioSecretKey: "" }).map((o) => o.kind).sort());
  });

  it("fills Endpoints from the hosts and Secrets from the passwords", async () => {
    const all = await registered(cloud, expectedCount());
    for (const svc of EXTERNAL_SERVICES) {
      const ep = all.find((r) => r.type === "kubernetes:core/v1:Endpoints" && (r.inputs.metadata as { name: string }).name === svc.name)!;
      const subsets = ep.inputs.subsets as { addresses: { ip: string }[]; ports: { name: string }[] }[];
      expect(subsets[0].addresses.map((a) => a.ip)).toEqual(hosts.filter((h) => h.role === svc.role).map((h) => h.privateIp));
      expect(subsets[0].ports[0].name).toBe(svc.portName);
    }
    const turn = await settle(component.turnSecret);
    const secret = all.find((r) => r.type === "kubernetes:core/v1:Secret" && (r.inputs.metadata as { name: string }).name === "turn-secret")!;
    expect(JSON.stringify(secret.inputs.stringData)).toContain(turn);
    expect(turn).toHaveLength(48);
    expect(await settle(component.minioAccessKey)).toHaveLength(20);
  });

  it("manages the objects in a cluster instead when given a kubeconfig", async () => {
    new WireObjects("phase2", { hosts, kubeconfig: "apiVersion: v1\nkind: Config\n", renderDir: "/tmp/unused" });
    const all = await registered(cloud, 2 * expectedCount());
    const provider = all.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === "phase2-provider")!;
    expect(provider.inputs.kubeconfig).toBeDefined();
    expect(provider.inputs.renderYamlToDirectory).toBeUndefined();
    expect(all.filter((r) => r.name.startsWith("phase2-"))).toHaveLength(expectedCount() - 1);
  });

  it("patches the calling nodes' wire.com/external-ip onto their Nodes in phase two only", async () => {
    const nodeAnnotations = [{ name: "coturn1", externalIp: "198.51.100.7" }, { name: "sftnode1", externalIp: "198.51.100.8" }];
    new WireObjects("rendered", { hosts, renderDir: "/tmp/wire-k8s-2", nodeAnnotations });
    new WireObjects("cluster", { hosts, kubeconfig: "apiVersion: v1\nkind: Config\n", renderDir: "/tmp/unused", nodeAnnotations, postgresqlSecret: true });
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
    for (const o of [component.turnSecret, component.minioAccessKey, component.minioSecretKey, component.postgresqlPassword, component.rabbitmqPassword, component.rabbitmqErlangCookie]) {
      expect(await (o as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
    }
  });
});
