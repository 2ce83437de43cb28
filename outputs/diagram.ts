// The architecture diagram of a plan: zones with their subnets, each role's nodes (grouped per
// subnet, with the EC2 type), the load balancer with its listener → NodePort mapping, the ports the
// world may reach (read from the plan's security-group rules, so the picture cannot drift from the
// firewall), push resources when present, and the clients. Pure: PlanDocument in, DOT out.
import { Worker } from "worker_threads";
import { digraph, toDot } from "ts-graphviz";
import type { EdgeAttributesObject, GraphBaseModel, NodeAttributesObject } from "ts-graphviz";
import type { PlanDocument, PlanResource } from "./types";
import { ROLES } from "../sizing/types";

const T = {
  instance: "aws:ec2/instance:Instance",
  subnet: "aws:ec2/subnet:Subnet",
  vpc: "aws:ec2/vpc:Vpc",
  eip: "aws:ec2/eip:Eip",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
} as const;

/** Managed push resources (option A/B) and how the diagram names them. */
const PUSH_TYPES: Record<string, string> = {
  "aws:sqs/queue:Queue": "SQS queue",
  "aws:sns/topic:Topic": "SNS topic",
  "aws:sns/platformApplication:PlatformApplication": "SNS platform app",
};

type Inputs = Record<string, unknown>;
const tags = (r: PlanResource) => (r.inputs.tags ?? {}) as Record<string, string>;
const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
/** DOT ids stay readable in the SVG's <title>s, which tests and humans grep. */
const safeId = (s: string) => s.replace(/[^A-Za-z0-9_]/g, "_");

interface NodeGroupBox {
  id: string;
  role: string;
  zone: string;
  subnet?: PlanResource;
  instances: PlanResource[];
}

interface Rule {
  protocol: string;
  from: number;
  to: number;
  cidr: string;
}

/** "UDP/TCP 3478, TLS 5349, UDP 32768-65535": protocols merged per port range, in port order. */
export function portsLabel(rules: Pick<Rule, "protocol" | "from" | "to">[]): string {
  const byRange = new Map<string, { from: number; to: number; protocols: Set<string> }>();
  for (const r of rules) {
    const key = `${r.from}-${r.to}`;
    const entry = byRange.get(key) ?? { from: r.from, to: r.to, protocols: new Set<string>() };
    entry.protocols.add(r.protocol === "-1" ? "all" : r.protocol.toUpperCase());
    byRange.set(key, entry);
  }
  const named: Record<string, string> = { "TCP 5349": "TLS 5349", "TCP 22": "SSH 22", "TCP 443": "HTTPS 443", "TCP 80": "HTTP 80" };
  return [...byRange.values()]
    .sort((a, b) => a.from - b.from || a.to - b.to)
    .map((e) => {
      const text = `${[...e.protocols].sort((a, b) => b.localeCompare(a)).join("/")} ${e.from === e.to ? e.from : `${e.from}-${e.to}`}`;
      return named[text] ?? text;
    })
    .join(", ");
}

function groupLabel(box: NodeGroupBox, publicIps: Set<string>): string {
  const type = [...new Set(box.instances.map((i) => str(i.inputs.instanceType)))].join(", ");
  const names = box.instances.map((i) => i.name);
  const shown = names.length > 3 ? `${names.slice(0, 2).join(", ")} … ${names[names.length - 1]}` : names.join(", ");
  const eips = box.instances.filter((i) => i.id && publicIps.has(i.id)).length;
  return [`${box.role} × ${box.instances.length}`, type, shown, eips > 0 ? `Elastic IP each` : ""].filter(Boolean).join("\n");
}

/** Rows inside a subnet, top to bottom: what clients reach first, then the data behind it. */
const TIERS: string[][] = [["restund", "sft"], ["kubernetes"], ["cassandra", "minio", "elasticsearch"], ["adminHost", "assetHost"]];
const tierOf = (role: string) => {
  const i = TIERS.findIndex((t) => t.includes(role));
  return i < 0 ? TIERS.length : i;
};

/** Invisible edges stack a subnet's boxes in rows by tier, instead of one wide row per subnet. */
function topTier(boxes: NodeGroupBox[]): NodeGroupBox[] {
  const top = Math.min(...boxes.map((b) => tierOf(b.role)));
  return boxes.filter((b) => tierOf(b.role) === top);
}

function stackTiers(g: GraphBaseModel, boxes: NodeGroupBox[]): void {
  const tiers = [...new Set(boxes.map((b) => tierOf(b.role)))].sort((a, b) => a - b);
  for (let i = 1; i < tiers.length; i++) {
    const above = boxes.find((b) => tierOf(b.role) === tiers[i - 1])!;
    for (const below of boxes.filter((b) => tierOf(b.role) === tiers[i])) g.edge([above.id, below.id], { style: "invis" });
  }
}

function roleOrder(role: string): number {
  const i = (ROLES as readonly string[]).indexOf(role);
  return i < 0 ? ROLES.length : i;
}

/**
 * Graphviz sizes a box to its label as Helvetica would set it; a viewer without Helvetica or Arial
 * (DejaVu Sans on many Linux desktops) sets the same text up to ~15% wider, and a snug label then
 * spills over its box's edge. Every box and cluster gets side room in proportion to its longest line.
 */
const WIDE_FONT_ROOM = 0.09;
const HELVETICA_EM = 0.56;

const longestLine = (label: string) => Math.max(0, ...label.split("\n").map((l) => l.length));
const escapeHtml = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function roomForWideFonts(graph: GraphBaseModel, nodeFontSize: number, clusterFontSize: number): void {
  for (const node of graph.nodes) {
    const label = node.attributes.get("label");
    if (typeof label !== "string" || label === "" || label.startsWith("<")) continue;
    const side = 8 + WIDE_FONT_ROOM * longestLine(label) * nodeFontSize * HELVETICA_EM; // points; Graphviz's default is 8
    node.attributes.set("margin", `${(side / 72).toFixed(3)},0.055` as unknown as number); // "x,y" inches, which ts-graphviz types as a Point
  }
  for (const sub of graph.subgraphs) {
    const label = sub.get("label");
    if (typeof sub.id === "string" && sub.id.startsWith("cluster") && typeof label === "string" && label !== "" && !label.startsWith("<")) {
      // A cluster has no label margin: the label sits centred in a cell wider than the text.
      const width = Math.ceil((1 + 2 * WIDE_FONT_ROOM) * longestLine(label) * clusterFontSize * HELVETICA_EM) + 8;
      sub.set("label", `<<table border="0" cellborder="0" cellpadding="0" cellspacing="0"><tr><td width="${width}" fixedsize="true">${escapeHtml(label)}</td></tr></table>>`);
    }
    roomForWideFonts(sub, nodeFontSize, clusterFontSize);
  }
}

export function diagramDot(plan: PlanDocument): string {
  const of = (type: string) => plan.resources.filter((r) => r.type === type);
  const byId = new Map(plan.resources.filter((r) => r.id).map((r) => [r.id as string, r]));
  const vpc = of(T.vpc)[0];
  const subnets = of(T.subnet);
  const instances = of(T.instance);
  const publicIps = new Set(of(T.eip).map((e) => str(e.inputs.instance)).filter(Boolean));

  // Nodes grouped per role and subnet: one box per (role, subnet) keeps a 250k-user stack legible.
  const boxes = new Map<string, NodeGroupBox>();
  for (const inst of instances) {
    const role = tags(inst)["wire:role"] ?? "unknown";
    const subnet = byId.get(str(inst.inputs.subnetId));
    const zone = str(inst.inputs.availabilityZone) || str(subnet?.inputs.availabilityZone) || "zone unknown";
    const key = `${role}@${subnet?.name ?? zone}`;
    const box = boxes.get(key) ?? { id: safeId(`role_${role}_${subnet?.name ?? zone}`), role, zone, subnet, instances: [] };
    box.instances.push(inst);
    boxes.set(key, box);
  }
  const sortedBoxes = [...boxes.values()].sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || a.id.localeCompare(b.id));

  // Security groups → their group name; cidr rules per group name.
  const groupOfSg = new Map(of(T.sg).map((sg) => [sg.id as string, tags(sg)["wire:role"] ?? sg.name]));
  const cidrRules = new Map<string, Rule[]>();
  for (const r of of(T.ingress)) {
    const cidr = str(r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6);
    if (!cidr) continue;
    const group = tags(r)["wire:group"] ?? groupOfSg.get(str(r.inputs.securityGroupId)) ?? "";
    const list = cidrRules.get(group) ?? [];
    list.push({ protocol: str(r.inputs.ipProtocol), from: Number(r.inputs.fromPort ?? 0), to: Number(r.inputs.toPort ?? 65535), cidr });
    cidrRules.set(group, list);
  }
  // Whoever may reach the load balancer is "the clients": the internet online, client ranges offline.
  const lb = of(T.lb)[0];
  const lbGroups = ((lb?.inputs.securityGroups ?? []) as string[]).map((id) => groupOfSg.get(id) ?? "");
  const clientCidrs = new Set(lbGroups.flatMap((g) => (cidrRules.get(g) ?? []).map((r) => r.cidr)));
  const world = clientCidrs.has("0.0.0.0/0") || clientCidrs.has("::/0") || clientCidrs.size === 0;
  const rulesOfBox = (box: NodeGroupBox) => {
    const groups = new Set(((box.instances[0].inputs.vpcSecurityGroupIds ?? []) as string[]).map((id) => groupOfSg.get(id) ?? ""));
    return [...groups].flatMap((g) => cidrRules.get(g) ?? []);
  };

  const sizing = plan.sizing;
  const g = digraph("wire", {
    label: `wire-backend, stack ${plan.stack}: ${sizing.users.toLocaleString("en-US")} users in ${sizing.region}`,
    labelloc: "t",
    fontname: "Helvetica",
    compound: true,
    rankdir: "TB",
    newrank: true,
    // Out-edges keep the order they were added in (zone order); with the same-rank rows below this
    // usually puts zones left to right by name. Dot may still swap clusters: a layout heuristic.
    ordering: "out",
    nodesep: 0.3,
  });
  g.attributes.node.apply({ fontname: "Helvetica", fontsize: 11, shape: "box", style: "rounded,filled", fillcolor: "white" });
  g.attributes.edge.apply({ fontname: "Helvetica", fontsize: 10 });

  const clientsLabel = world ? "Clients\n(the internet)" : `Clients\n${[...clientCidrs].join(", ")}`;
  g.node("clients", { label: clientsLabel, shape: "ellipse", fillcolor: "#e8f0fe" });

  const aws = g.subgraph("cluster_aws", { label: `AWS ${sizing.region}`, style: "rounded", color: "#ff9900" });
  const vpcBox = aws.subgraph("cluster_vpc", { label: `VPC ${str(vpc?.inputs.cidrBlock)}`, style: "rounded", color: "#8c4fff" });

  // Zones, each with its subnets (public first, as traffic enters there), each with its node boxes.
  const zones = [...new Set([...subnets.map((s) => str(s.inputs.availabilityZone)), ...sortedBoxes.map((b) => b.zone)])].sort();
  const tier = (s: PlanResource) => tags(s)["wire:tier"] ?? (s.name.includes("public") ? "public" : "private");
  zones.forEach((zone, zi) => {
    const az = vpcBox.subgraph(`cluster_az_${zi + 1}`, { label: zone, style: "rounded,dashed", color: "#555555" });
    let above: NodeGroupBox[] = [];
    const zoneSubnets = subnets.filter((s) => str(s.inputs.availabilityZone) === zone).sort((a, b) => tier(b).localeCompare(tier(a)) || a.name.localeCompare(b.name));
    const addBoxes = (parent: GraphBaseModel, list: NodeGroupBox[]) => {
      for (const box of list) {
        parent.node(box.id, { label: groupLabel(box, publicIps), fillcolor: box.role === "restund" || box.role === "sft" ? "#fff4e0" : "white" } as NodeAttributesObject);
      }
    };
    for (const s of zoneSubnets) {
      const sub = az.subgraph(`cluster_${safeId(s.name)}`, {
        label: `${tier(s)} subnet ${str(s.inputs.cidrBlock)}`,
        style: "rounded,filled",
        fillcolor: tier(s) === "public" ? "#eaf6ea" : "#f2f2f2",
        color: "#999999",
      });
      const inSubnet = sortedBoxes.filter((b) => b.subnet === s);
      // An empty cluster is not drawn by Graphviz; an invisible point keeps an unused subnet visible.
      if (inSubnet.length === 0) sub.node(safeId(`empty_${s.name}`), { label: "", shape: "point", style: "invis" });
      addBoxes(sub, inSubnet);
      stackTiers(g, inSubnet);
      // The public subnet above the private one.
      if (above.length > 0 && inSubnet.length > 0) g.edge([above[0].id, topTier(inSubnet)[0].id], { style: "invis" });
      if (inSubnet.length > 0) above = inSubnet;
    }
    addBoxes(az, sortedBoxes.filter((b) => !b.subnet && b.zone === zone));
  });

  // A role's boxes share one rank across zones (newrank lets rank=same span clusters), so rows line
  // up; the invisible edges between neighbours nudge dot toward name order.
  for (const role of new Set(sortedBoxes.map((b) => b.role))) {
    const row = zones.map((z) => sortedBoxes.find((b) => b.role === role && b.zone === z)).filter((b): b is NodeGroupBox => b !== undefined);
    if (row.length < 2) continue;
    const same = g.subgraph({ rank: "same" });
    row.forEach((b, i) => {
      same.node(b.id);
      if (i > 0) same.edge([row[i - 1].id, b.id], { style: "invis" });
    });
  }

  if (lb) {
    const listeners = of(T.listener).filter((l) => !l.inputs.loadBalancerArn || str(l.inputs.loadBalancerArn).endsWith(`/${lb.id}`) || of(T.lb).length === 1);
    const targetGroups = of(T.targetGroup);
    const mapping = listeners
      .map((l) => {
        const arn = str(((l.inputs.defaultActions ?? []) as Inputs[])[0]?.targetGroupArn);
        const tg = targetGroups.find((t) => t.id && arn.endsWith(`/${t.id}`)) ?? (targetGroups.length === 1 ? targetGroups[0] : undefined);
        return { port: Number(l.inputs.port), nodePort: tg ? Number(tg.inputs.port) : undefined };
      })
      .sort((a, b) => b.port - a.port);
    const scheme = lb.inputs.internal ? "internal" : "internet-facing";
    const lbLabel = [`Load balancer (${str(lb.inputs.loadBalancerType) || "network"}, ${scheme})`, lb.name, ...mapping.map((m) => `TCP ${m.port} → NodePort ${m.nodePort ?? "?"}`)].join("\n");
    vpcBox.node("load_balancer", { label: lbLabel, fillcolor: "#fde7e9" });
    g.edge(["clients", "load_balancer"], { label: mapping.map((m) => portsLabel([{ protocol: "tcp", from: m.port, to: m.port }])).join(", ") });

    const targets = new Set(of(T.attachment).map((a) => str(a.inputs.targetId)));
    const nodePorts = [...new Set(mapping.map((m) => m.nodePort).filter((p): p is number => p !== undefined))].join(", ");
    sortedBoxes
      .filter((b) => b.instances.some((i) => i.id && targets.has(i.id)))
      .forEach((b, i) => g.edge(["load_balancer", b.id], { label: i === 0 ? `NodePorts ${nodePorts}` : "", color: "#c0392b" } as EdgeAttributesObject));
  }

  // Direct public ports (TURN, SFT) from the clients; SSH ranges as their own "admins" source.
  // Every box of a role shares the role's security groups, so the ports are one node per role
  // that fans out to the role's boxes (edge labels per box would pile up on each other).
  const adminCidrs = new Set<string>();
  const portNodes = new Set<string>();
  for (const box of sortedBoxes) {
    const rules = rulesOfBox(box);
    const fromClients = rules.filter((r) => clientCidrs.has(r.cidr));
    rules.filter((r) => !clientCidrs.has(r.cidr)).forEach((r) => adminCidrs.add(r.cidr));
    if (fromClients.length === 0) continue;
    const portsId = safeId(`ports_${box.role}`);
    if (!portNodes.has(portsId)) {
      portNodes.add(portsId);
      const what = box.role === "restund" ? "TURN (restund)" : box.role === "sft" ? "SFT (conference media)" : box.role;
      vpcBox.node(portsId, { label: `${what} public ports
${portsLabel(fromClients)}`, shape: "note", fillcolor: "#fff4e0" });
      g.edge(["clients", portsId], { color: "#e67e22" });
    }
    g.edge([portsId, box.id], { color: "#e67e22" });
  }
  // The admin host has no public address and nothing routes an office range into the VPC: SSH
  // from access.adminCidrs arrives only over the customer's own link (outputs/adminAccess.ts), so
  // the path is drawn through it. SSM Session Manager, the default, opens no inbound port.
  const adminBox = sortedBoxes.find((b) => b.role === "adminHost");
  if (adminBox) {
    g.node("operators_ssm", { label: "Operators\nSSM Session Manager\n(no inbound port)", shape: "ellipse", fillcolor: "#eeeeee" });
    // constraint: false here and for the admins' link: these come from outside the VPC to the first
    // zone's admin host, and as ranked edges they pulled that zone to the right (zones 1b, 1c, 1a).
    g.edge(["operators_ssm", adminBox.id], { label: "SSM", style: "dotted", constraint: false } as EdgeAttributesObject);
  }
  if (adminCidrs.size > 0) {
    g.node("admins", { label: `Admins\n${[...adminCidrs].join(", ")}`, shape: "ellipse", fillcolor: "#eeeeee" });
    g.node("admin_link", { label: `your VPN / Direct Connect /\npeering / Transit Gateway\n(not built by this stack)`, shape: "box", style: "dashed", fillcolor: "white" });
    g.edge(["admins", "admin_link"], { style: "dashed" });
    for (const box of sortedBoxes) {
      const rules = rulesOfBox(box).filter((r) => adminCidrs.has(r.cidr));
      if (rules.length > 0) g.edge(["admin_link", box.id], { label: `${portsLabel(rules)} (private address)`, style: "dashed", constraint: false } as EdgeAttributesObject);
    }
  }

  // Push (options A and B): managed AWS services outside the VPC, fed by gundeck on Kubernetes.
  const push = plan.resources.filter((r) => PUSH_TYPES[r.type]);
  if (push.length > 0) {
    const pushBox = aws.subgraph("cluster_push", { label: "Push notifications", style: "rounded", color: "#d6336c" });
    for (const r of push) {
      const detail = str(r.inputs.platform) || str(r.inputs.name);
      pushBox.node(safeId(`push_${r.type}_${r.name}`), { label: [PUSH_TYPES[r.type], r.name, detail].filter(Boolean).join("\n"), fillcolor: "#fce4ec" });
    }
    const kube = sortedBoxes.find((b) => b.role === "kubernetes");
    if (kube) g.edge([kube.id, safeId(`push_${push[0].type}_${push[0].name}`)], { label: "gundeck", lhead: "cluster_push", style: "dashed", constraint: false } as EdgeAttributesObject);
  }
  roomForWideFonts(g, 11, 14);
  return toDot(g);
}

/** Runs in a worker thread: see renderSvg. */
const RENDER_WORKER = `
const { parentPort, workerData } = require("worker_threads");
require(workerData.module).Graphviz.load().then((g) => parentPort.postMessage(g.dot(workerData.dot, "svg")));
`;

/**
 * SVG of a DOT text. The renderer ships only as an ES module: plain Node 20.19+ can `require` it,
 * but jest's module registry cannot (and intercepts createRequire too), so it is loaded in a worker
 * thread, which has Node's own loader everywhere. The worker costs ~50 ms; the layout dominates.
 */
export function renderSvg(dot: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(RENDER_WORKER, { eval: true, workerData: { dot, module: require.resolve("@hpcc-js/wasm-graphviz") } });
    worker.once("message", (svg: string) => {
      resolve(svg);
      void worker.terminate();
    });
    worker.once("error", reject);
    // A no-op once resolved; otherwise the worker died without an answer.
    worker.once("exit", (code) => reject(new Error(`the Graphviz worker exited (code ${code}) without an SVG`)));
  });
}
