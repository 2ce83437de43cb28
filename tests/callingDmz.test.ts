// The calling DMZ in every example stack's plan: no chain of security-group rules takes a TURN or
// SFT node to a data-store port or the admin host's SSH; calling nodes sit in groups of their own;
// their nodes load the nftables peer restrictions, are tainted, and the charts tolerate exactly that
// taint; the load balancer is protected from deletion and the calling nodes' Elastic IPs are retained.
// Each check is also fed a bad twin of the real plan.
import { parse as parseYaml } from "yaml";
import type { PlanDocument, PlanResource } from "../cli/planRuntime";
import { deniedPeerRanges, NFT_RULES_PATH, nftablesRules, peerPolicy, withoutNested, coturnPeerConfig } from "../components/callingDmz";
import { CALLING_UIDS } from "../config/calling";
import { CLUSTER_PORTS, ingressRules } from "../config/firewall";
import { parseStackConfig } from "../config/load";
import type { ConfigMap } from "../config/load";
import { callingTaint } from "../outputs/inventory";
import { callingInDataStoreGroups, callingReach, canReach, describe as describeFinding, FORBIDDEN_PORTS, NetGraph, SgRule } from "../policy/reachability";
import { groupId, planGraph } from "./helpers/graph";
import { HEAVY_CONFERENCES, INSTANCE, OFFLINE, exampleStacks, ofType, plan, roleOf, stack, stackFile } from "./helpers/stacks";

const stackFiles = exampleStacks();
const STACKS: [string, ConfigMap][] = [
  ...stackFiles.map((s): [string, ConfigMap] => [s, stackFile(s)]),
  ["large", stack(50_000, HEAVY_CONFERENCES)],
  ["offline", stack(500, { ...OFFLINE, ...HEAVY_CONFERENCES })],
];
const CALLING = ["restund", "sft"];
const LB = "aws:lb/loadBalancer:LoadBalancer";
const EIP = "aws:ec2/eip:Eip";

/** The plan with one instance's security groups replaced (a bad twin). */
function withGroups(p: PlanDocument, instance: PlanResource, ids: string[]): PlanDocument {
  return { ...p, resources: p.resources.map((r) => (r === instance ? { ...r, inputs: { ...r.inputs, vpcSecurityGroupIds: ids } } : r)) };
}

function extraRule(graph: NetGraph, rule: Omit<SgRule, "name">): NetGraph {
  return { ...graph, rules: [...graph.rules, { ...rule, name: "bad-twin" }] };
}

describe.each(STACKS)("stack %s", (name, config) => {
  let p: PlanDocument;
  let graph: NetGraph;
  beforeAll(async () => {
    p = await plan(name, config);
    graph = planGraph(p);
  }, 180_000);

  it("no chain of security-group rules takes a calling node to a data-store port or the admin host's SSH", () => {
    const calling = graph.nodes.filter((n) => CALLING.includes(n.role));
    expect(calling.length).toBeGreaterThanOrEqual(2);
    expect(graph.rules.filter((r) => r.direction === "ingress").length).toBeGreaterThan(20);
    expect(callingReach(graph).map(describeFinding)).toEqual([]);
    // Not vacuous: the cluster does reach its data stores, and calling nodes reach what they need.
    const node = (role: string) => graph.nodes.find((n) => n.role === role)!;
    // Cassandra runs on nodes of its own, or on the shared data nodes (layout: compact).
    const cassandra = graph.nodes.find((n) => n.role === "cassandra") ?? node("datanode");
    expect(canReach(graph, node("kubernetes"), cassandra, "tcp", 9042)).toBe(true);
    expect(canReach(graph, node("restund"), node("kubernetes"), "tcp", CLUSTER_PORTS.apiServer)).toBe(true);
    expect(canReach(graph, node("restund"), node("kubernetes"), "udp", CLUSTER_PORTS.calicoVxlan)).toBe(true);
    expect(canReach(graph, node("kubernetes"), node("restund"), "tcp", CLUSTER_PORTS.kubelet)).toBe(true);
    expect(canReach(graph, node("restund"), node("assetHost"), "tcp", 8080)).toBe(true);
    expect(canReach(graph, node("adminHost"), node("restund"), "tcp", 22)).toBe(true);
  });

  it("every calling instance is in its own group only, which no data store accepts", () => {
    for (const i of ofType(p, INSTANCE).filter((r) => CALLING.includes(roleOf(r)))) {
      expect({ instance: i.name, groups: i.inputs.vpcSecurityGroupIds }).toEqual({ instance: i.name, groups: [groupId(p, roleOf(i))] });
    }
    expect(callingInDataStoreGroups(graph)).toEqual([]);
  });

  it("a bad twin, a TURN node also in the kubernetes group, is found", () => {
    const turn = ofType(p, INSTANCE).find((r) => roleOf(r) === "restund")!;
    const twin = planGraph(withGroups(p, turn, [groupId(p, "restund"), groupId(p, "kubernetes")]));
    const found = callingReach(twin).filter((f) => f.from === turn.name && f.via.length === 0);
    expect(found.map((f) => f.port).sort()).toEqual(expect.arrayContaining([9042, 9200, 9000, 9092]));
    expect(callingInDataStoreGroups(twin).some((m) => m.startsWith(`${turn.name} is in group kubernetes`))).toBe(true);
  });

  it("a chain is followed: SSH from a calling group into the cluster reaches the data stores through a kubenode", () => {
    const restund = groupId(p, "restund");
    const kubernetes = groupId(p, "kubernetes");
    const ssh = { protocol: "tcp", fromPort: 22, toPort: 22 };
    // Both sides are needed: the ingress alone does nothing (calling egress has no SSH), the pair opens a chain.
    const ingressOnly = extraRule(graph, { direction: "ingress", group: kubernetes, peerGroup: restund, ...ssh });
    expect(callingReach(ingressOnly)).toEqual([]);
    const both = extraRule(ingressOnly, { direction: "egress", group: restund, peerGroup: kubernetes, ...ssh });
    const chained = callingReach(both).filter((f) => f.via.length > 0);
    expect(chained.length).toBeGreaterThan(0);
    expect(chained.map((f) => f.port)).toContain(9042);
    expect(chained.every((f) => f.via[0].startsWith("kubernetes-"))).toBe(true);
  });

  it("the load balancer has deletion protection; the calling nodes' Elastic IPs are retained on delete", () => {
    const lbs = ofType(p, LB);
    expect(lbs.length).toBeGreaterThan(0);
    for (const lb of lbs) expect(lb.inputs.enableDeletionProtection).toBe(true);
    const online = parseStackConfig(config).config.connectivity === "online";
    const eips = ofType(p, EIP).filter((e) => CALLING.includes(roleOf(e)));
    const callingNodes = ofType(p, INSTANCE).filter((r) => CALLING.includes(roleOf(r))).length;
    expect(eips).toHaveLength(online ? callingNodes : 0);
    for (const e of eips) expect({ eip: e.name, retainOnDelete: e.options.retainOnDelete }).toEqual({ eip: e.name, retainOnDelete: true });
  });

  it("calling nodes, and only they, load the nftables peer restrictions for the stack's VPC", () => {
    const cfg = parseStackConfig(config).config;
    const expected = nftablesRules(peerPolicy({ vpcCidr: cfg.network.cidr, clientCidrs: cfg.connectivity === "online" ? [] : cfg.network.clientCidrs }));
    for (const i of ofType(p, INSTANCE)) {
      const doc = parseYaml(String(i.inputs.userData)) as { write_files?: { path: string; content: string }[]; packages?: string[]; runcmd?: string[][] };
      const rules = (doc.write_files ?? []).find((f) => f.path === NFT_RULES_PATH);
      if (CALLING.includes(roleOf(i))) {
        expect(rules?.content).toBe(expected);
        expect(doc.packages).toContain("nftables");
        expect(doc.runcmd).toContainEqual(["systemctl", "enable", "--now", "wire-calling-dmz.service"]);
      } else {
        expect({ instance: i.name, rules }).toEqual({ instance: i.name, rules: undefined });
      }
    }
  });

  it("calling nodes are tainted in the inventory and the coturn and sftd values tolerate exactly that taint", () => {
    const out = p.outputs as { inventory: string; helmValues: Record<string, { values: Record<string, unknown> }> };
    const taintOf = (host: string) => new RegExp(`^${host} .*node_taints="\\['([^']+)'\\]"`, "m").exec(out.inventory)?.[1];
    const hostLines = out.inventory.split("\n").filter((l) => /^(coturn|sft)\S* ansible_host=/.test(l));
    expect(hostLines.length).toBeGreaterThanOrEqual(2);
    for (const [chart, label] of [["coturn", "coturn"], ["sftd", "sftd"]] as const) {
      const values = out.helmValues[chart]?.values;
      if (!values) continue;
      const hosts = hostLines.filter((l) => l.includes(`'wire.com/role': '${label}'`)).map((l) => l.split(" ")[0]);
      expect(hosts.length).toBeGreaterThan(0);
      for (const h of hosts) expect(taintOf(h)).toBe(callingTaint(label));
      const [key, rest] = callingTaint(label).split("=");
      const [value, effect] = rest.split(":");
      expect(values.tolerations).toEqual([{ key, operator: "Equal", value, effect }]);
      // The uid the node's nftables rules match, where each chart's templates read it.
      const uid = label === "sftd" ? (values.securityContext as { runAsUser?: number })?.runAsUser : (values.podSecurityContext as { runAsUser?: number })?.runAsUser;
      expect(uid).toBe(CALLING_UIDS[label]);
    }
    // Nothing else is tainted.
    expect(out.inventory.split("\n").filter((l) => l.includes("node_taints")).length).toBe(hostLines.length);
  });
});

describe("the peer list (pure)", () => {
  it("denies the VPC, RFC 1918, CGNAT, link-local, loopback, this-network and the IPv6 equivalents", () => {
    const cidrs = deniedPeerRanges("10.99.0.0/16").map((d) => d.cidr);
    for (const c of ["10.99.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8", "0.0.0.0/8", "::1/128", "fc00::/7", "fe80::/10"]) {
      expect(cidrs).toContain(c);
    }
  });

  it("keeps a VPC outside the private ranges in the list (a VPC may use public space)", () => {
    expect(withoutNested(deniedPeerRanges("100.200.0.0/16").map((d) => d.cidr))).toContain("100.200.0.0/16");
    expect(withoutNested(deniedPeerRanges("172.16.0.0/16").map((d) => d.cidr))).not.toContain("172.16.0.0/16");
  });

  it("lets offline client ranges through (coturn's allowed-peer-ip wins), never the VPC", () => {
    const p = peerPolicy({ vpcCidr: "10.20.0.0/16", clientCidrs: ["192.168.0.0/16", "10.0.0.0/8"] });
    expect(p.allowed).toEqual(["192.168.0.0/16"]);
    expect(coturnPeerConfig(p)).toContain("allowed-peer-ip=192.168.0.0-192.168.255.255");
    expect(nftablesRules(p)).toMatch(/ip daddr @allowed_v4 accept/);
    expect(nftablesRules(peerPolicy({ vpcCidr: "10.20.0.0/16" }))).not.toMatch(/allowed_v4/);
  });

  it("drops only what coturn's and sftd's sockets send, so VXLAN, DNS and the kubelet keep working", () => {
    const drops = nftablesRules(peerPolicy({ vpcCidr: "10.20.0.0/16" })).split("\n").filter((l) => /\bdrop$/.test(l));
    expect(drops.length).toBe(4);
    for (const d of drops) expect(d).toMatch(new RegExp(`meta skuid (${CALLING_UIDS.coturn}|\\{ ${CALLING_UIDS.coturn}, ${CALLING_UIDS.sftd} \\})`));
  });

  it("the firewall table opens to calling groups only the cluster ports, and no data store or admin port", () => {
    const fromCalling = ingressRules({ adminCidrs: [], turnTls: true }).filter((r) => r.peer.kind === "group" && CALLING.includes(r.peer.group));
    expect(fromCalling.length).toBeGreaterThan(0);
    for (const r of fromCalling) {
      expect(["kubernetes", "assetHost", "restund"]).toContain(r.group);
      for (const f of FORBIDDEN_PORTS) expect(r.fromPort <= f.port && f.port <= r.toPort && r.protocol !== "udp").toBe(false);
    }
  });
});
