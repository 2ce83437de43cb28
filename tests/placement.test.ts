// The placement table read by the firewall and the inventory: what a shared data node accepts is the
// union of its services' records (config/services.ts), the reference layout keeps its groups and rules,
// S3 takes MinIO's nodes and rules away, and a compact inventory lists data hosts in [datanodes] only.
// Expectations come from the service records and from the reference layout's own rules, never from
// the output under test.
import { DATA_SERVICES, DATA_SERVICE_RECORDS, type DataService } from "../config/services";
import { ASSET_STORES, LAYOUTS, placementOf, servicesOn, type PlacementChoice } from "../config/placement";
import { GROUPS, groupsInUse, ingressRules, type GroupName, type IngressRule } from "../config/firewall";
import { parseInventoryGroups, renderInventory } from "../outputs/inventory";
import type { InventoryHost } from "../outputs/types";
import type { Role } from "../sizing/types";

const INPUTS = [
  { adminCidrs: [], turnTls: true },
  { adminCidrs: ["203.0.113.0/24"], turnTls: false },
];
const CHOICES: PlacementChoice[] = LAYOUTS.flatMap((layout) => ASSET_STORES.map((assets) => ({ layout, assets })));
const SERVICE_GROUPS: readonly GroupName[] = DATA_SERVICES;

/** A rule as a comparable string (description left out where only the opening matters). */
const key = (r: Pick<IngressRule, "group" | "protocol" | "fromPort" | "toPort" | "peer">) => JSON.stringify([r.group, r.protocol, r.fromPort, r.toPort, r.peer]);
const sorted = (rules: IngressRule[]) => rules.map(key).sort();
/** Every group a rule names: its own and its peer's. */
const groupsNamed = (r: IngressRule): GroupName[] => [r.group, ...(r.peer.kind === "group" ? [r.peer.group] : [])];

/** The records' ports of `services`, as rules of `group`: "self" is the group itself, others their group. */
function fromRecords(services: readonly DataService[], group: GroupName): string[] {
  return services
    .flatMap((s) =>
      DATA_SERVICE_RECORDS[s].ports.map((p) =>
        key({ group, protocol: p.protocol, fromPort: p.fromPort, toPort: p.toPort, peer: p.peer === "self" ? { kind: "self" } : { kind: "group", group: p.peer } }),
      ),
    )
    .sort();
}
/** The rules every node group gets whatever it runs (Ansible's SSH from the admin host). */
const isCommon = (r: IngressRule) => r.protocol === "tcp" && r.fromPort === 22 && r.peer.kind === "group" && r.peer.group === "adminHost";

describe("the data nodes' security group (layout: compact)", () => {
  it.each(INPUTS)("accepts exactly the union of the five services' records, peers mapped to its group (%o)", (input) => {
    const placement = placementOf({ layout: "compact", assets: "minio" });
    expect(servicesOn(placement, "datanodes")).toEqual([...DATA_SERVICES]);
    const rules = ingressRules({ ...input, placement });
    const onDatanode = rules.filter((r) => r.group === "datanode");
    expect(onDatanode.filter(isCommon)).toHaveLength(1);
    expect(sorted(onDatanode.filter((r) => !isCommon(r)))).toEqual(fromRecords(DATA_SERVICES, "datanode"));
    // The union keeps each service's openings: MinIO's 9000 from Kubernetes and from its peers, RabbitMQ's
    // CLI range between the nodes, PostgreSQL's replication between them.
    expect(onDatanode.some((r) => r.fromPort === 35672 && r.toPort === 35682 && r.peer.kind === "self")).toBe(true);
    expect(onDatanode.some((r) => r.fromPort === 5432 && r.peer.kind === "self")).toBe(true);
  });

  it.each(INPUTS)("has no per-service group, and every other rule is the reference layout's with the service groups read as the data nodes (%o)", (input) => {
    const compact = ingressRules({ ...input, placement: placementOf({ layout: "compact", assets: "minio" }) });
    const reference = ingressRules(input);
    expect(compact.flatMap(groupsNamed).filter((g) => SERVICE_GROUPS.includes(g))).toEqual([]);
    expect(groupsInUse(placementOf({ layout: "compact", assets: "minio" })).filter((g) => SERVICE_GROUPS.includes(g))).toEqual([]);
    // Map the reference's five service groups onto "datanode" (rules that then coincide count once).
    const toDatanode = (g: GroupName): GroupName => (SERVICE_GROUPS.includes(g) ? "datanode" : g);
    const mapped = new Set(
      reference.map((r) => key({ ...r, group: toDatanode(r.group), peer: r.peer.kind === "group" ? { kind: "group", group: toDatanode(r.peer.group) } : r.peer })),
    );
    expect([...new Set(compact.map(key))].sort()).toEqual([...mapped].sort());
  });

  it("would notice a rule missing from the union (the check can fail)", () => {
    const union = fromRecords(DATA_SERVICES, "datanode");
    expect(fromRecords(DATA_SERVICES.filter((s) => s !== "rabbitmq"), "datanode")).not.toEqual(union);
  });
});

describe("the reference layout", () => {
  it.each(INPUTS)("has no data nodes' group and keeps every rule it had (%o)", (input) => {
    const explicit = ingressRules({ ...input, placement: placementOf({ layout: "reference", assets: "minio" }) });
    const reference = ingressRules(input);
    expect(explicit).toEqual(reference);
    expect(groupsInUse(placementOf({ layout: "reference", assets: "minio" }))).not.toContain("datanode");
    expect(reference.flatMap(groupsNamed)).not.toContain("datanode");
    // Every group it had, in its order (logical names of the security groups depend on it).
    expect(groupsInUse()).toEqual(GROUPS.filter((g) => g !== "datanode"));
    // Each service's own group accepts exactly its record (and the SSH every group accepts).
    for (const s of DATA_SERVICES) {
      const own = reference.filter((r) => r.group === s);
      expect({ s, rules: sorted(own.filter((r) => !isCommon(r))) }).toEqual({ s, rules: fromRecords([s], s) });
      expect(own.filter(isCommon)).toHaveLength(1);
    }
  });
});

describe("assets: s3", () => {
  it.each(LAYOUTS)("%s: no MinIO group, no MinIO ports, MinIO on no node", (layout) => {
    const placement = placementOf({ layout, assets: "s3" });
    expect(placement.minio).toBe("s3");
    expect(groupsInUse(placement)).not.toContain("minio");
    for (const input of INPUTS) {
      const rules = ingressRules({ ...input, placement });
      expect(rules.flatMap(groupsNamed)).not.toContain("minio");
      const minioPorts = new Set(DATA_SERVICE_RECORDS.minio.ports.map((p) => p.fromPort));
      // No other service uses MinIO's ports (9000, 9092): none may stay open anywhere.
      expect(rules.filter((r) => minioPorts.has(r.fromPort)).map((r) => r.description)).toEqual([]);
      const withMinio = ingressRules({ ...input, placement: placementOf({ layout, assets: "minio" }) });
      expect(withMinio.filter((r) => minioPorts.has(r.fromPort)).length).toBeGreaterThan(0);
    }
    if (layout === "compact") {
      const onDatanode = ingressRules({ ...INPUTS[0], placement }).filter((r) => r.group === "datanode" && !isCommon(r));
      expect(sorted(onDatanode)).toEqual(fromRecords(servicesOn(placement, "datanodes"), "datanode"));
      expect(servicesOn(placement, "datanodes")).not.toContain("minio");
    }
  });
});

describe("the inventory of a compact stack", () => {
  const host = (role: Role, index: number, runs?: DataService[]): InventoryHost => ({
    role,
    hostname: role === "assetHost" ? "assethost" : `${{ datanode: "datanode", kubernetes: "kubenode", restund: "coturn", sft: "sftnode" }[role as string]}${index}`,
    index,
    privateIp: `172.16.${index}.${role.length}`,
    instanceType: "m6a.large",
    ...(runs ? { runs } : {}),
  });
  const DATA_GROUPS = ["cassandra", "cassandra_seed", "elasticsearch", "elasticsearch_master", "minio", "postgresql", "postgresql_rw", "postgresql_ro", "rmq-cluster"];

  it.each(CHOICES.filter((c) => c.layout === "compact"))("lists data hosts in [datanodes] only (%o)", (choice) => {
    const runs = servicesOn(placementOf(choice), "datanodes");
    const hosts = [1, 2, 3].map((i) => host("datanode", i, runs)).concat([1, 2, 3].map((i) => host("kubernetes", i)), [host("restund", 1), host("sft", 1), host("assetHost", 1)]);
    const ini = renderInventory(hosts, { online: true, domain: "chat.example.org" });
    const groups = parseInventoryGroups(ini);
    const datanodes = ["datanode1", "datanode2", "datanode3"];
    expect(groups.datanodes).toEqual(datanodes);
    // A host line is one with ansible_host=: each data node has exactly one, under [datanodes].
    for (const name of datanodes) expect(ini.match(new RegExp(`^${name} ansible_host=`, "gm"))).toHaveLength(1);
    for (const g of DATA_GROUPS) {
      for (const line of groups[g] ?? []) expect({ g, line }).toEqual({ g, line: expect.stringMatching(/^datanode[123]$/) });
    }
    // Each service on the data nodes: its group has them as children and no hosts of its own.
    const groupOf: Record<DataService, string> = { cassandra: "cassandra", elasticsearch: "elasticsearch", minio: "minio", postgresql: "postgresql", rabbitmq: "rmq-cluster" };
    for (const s of DATA_SERVICES) {
      if (runs.includes(s)) {
        expect({ s, children: groups[`${groupOf[s]}:children`], own: groups[groupOf[s]] }).toEqual({ s, children: ["datanodes"], own: undefined });
      } else {
        expect({ s, children: groups[`${groupOf[s]}:children`], own: groups[groupOf[s]] ?? [] }).toEqual({ s, children: undefined, own: [] });
      }
    }
  });
});
