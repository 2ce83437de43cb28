// How long `pulumi up` would take: the critical path through the plan's dependency graph, with a
// stated duration per resource type and operation. `pulumi up` runs every operation whose
// dependencies are done at once (`--parallel` defaults to unbounded), so the longest chain of
// dependent operations, not the number of resources, is the time a person waits.
// Durations are estimates of typical times, not guarantees; each row says where it comes from.
import { waveRule } from "../sizing/rollout";
import { ROLES, type Role } from "../sizing/types";
import type { PlanDocument, PlanResource } from "./types";

export type Operation = "create" | "resize" | "replace" | "update";

export interface Duration {
  seconds: number;
  source: string;
}

type Row = Partial<Record<Operation, Duration>>;

const PROVIDER = "terraform-provider-aws (which @pulumi/aws wraps)";
const fast = (seconds: number, what: string): Row => ({ create: { seconds, source: `estimate: ${what}` }, update: { seconds, source: `estimate: ${what}` } });

/** Typical durations; `source` says what they rest on. Types not listed take DEFAULT_SECONDS. */
export const DURATIONS: Record<string, Row> = {
  "aws:ec2/instance:Instance": {
    create: {
      seconds: 60,
      source: `${PROVIDER} waits for the state "running" (default create timeout 10 min); EC2 User Guide "Instance lifecycle": pending → running typically within a minute`,
    },
    resize: {
      seconds: 180,
      source: `${PROVIDER} changes instance_type by StopInstances, wait "stopped", ModifyInstanceAttribute, StartInstances, wait "running" (default update timeout 10 min); EC2 User Guide "Change the instance type": the instance must be stopped; a clean OS shutdown plus a start is typically 2–3 min`,
    },
    replace: {
      seconds: 150,
      source: `create (60 s) then terminate the old instance: ${PROVIDER} waits for "terminated", typically 1–2 min`,
    },
    update: { seconds: 5, source: "estimate: ModifyInstanceAttribute/CreateTags without a restart" },
  },
  "aws:ebs/volume:Volume": {
    create: { seconds: 15, source: `${PROVIDER} waits for the state "available" (default create timeout 5 min); EBS User Guide: a new empty volume is available within seconds` },
    update: { seconds: 10, source: "EBS Elastic Volumes: ModifyVolume returns at once; the volume stays attached and usable while it optimizes" },
  },
  "aws:ec2/volumeAttachment:VolumeAttachment": fast(10, `${PROVIDER} waits for the attachment state "attached" (default timeout 5 min)`),
  "aws:ec2/natGateway:NatGateway": {
    create: { seconds: 150, source: `${PROVIDER} waits for the state "available" (default create timeout 10 min); VPC User Guide: a NAT gateway takes a few minutes to become available` },
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    create: { seconds: 180, source: `${PROVIDER} waits for the state "active" (default create timeout 10 min); a network load balancer typically provisions in 2–3 min` },
  },
  "aws:ec2/vpcEndpoint:VpcEndpoint": {
    create: { seconds: 120, source: `${PROVIDER} waits for the state "available" (default create timeout 10 min); interface endpoints create an ENI per subnet` },
  },
  "aws:route53/zone:Zone": { create: { seconds: 60, source: `${PROVIDER} waits for the zone's change to be INSYNC; Route 53 propagates to all its servers, typically within 60 s` } },
  "aws:route53/record:Record": fast(60, `${PROVIDER} waits for the change to be INSYNC (Route 53: typically within 60 s)`),
  "aws:ec2/vpc:Vpc": fast(10, `${PROVIDER} waits for the state "available"`),
  "aws:ec2/subnet:Subnet": fast(10, `${PROVIDER} waits for the state "available"`),
  "aws:ec2/internetGateway:InternetGateway": fast(10, "create plus attach to the VPC"),
  "aws:ec2/eip:Eip": fast(10, "allocate plus associate"),
  "aws:ec2/securityGroup:SecurityGroup": fast(10, "create, then revoke the default egress rule"),
  "aws:iam/role:Role": fast(10, `${PROVIDER} retries while IAM propagates (eventually consistent)`),
  "aws:iam/instanceProfile:InstanceProfile": fast(15, `${PROVIDER} waits until the profile is visible (IAM is eventually consistent)`),
  "aws:kms/key:Key": fast(15, `${PROVIDER} waits for the key policy and rotation to read back`),
  "aws:sqs/queue:Queue": fast(30, `${PROVIDER} waits until the queue's attributes read back (SQS propagates attributes within about 60 s)`),
  "aws:backup/vault:Vault": fast(10, "one API call"),
  "aws:backup/plan:Plan": fast(10, "one API call"),
  "aws:backup/selection:Selection": fast(10, `${PROVIDER} retries while the backup role propagates`),
};

/** Any other resource: one or two API calls. Local resources (keys, passwords, providers) take none. */
export const DEFAULT_SECONDS = 5;
const LOCAL_PACKAGES = ["tls", "random", "pulumi", "kubernetes"];

export function duration(type: string, op: Operation): Duration {
  if (LOCAL_PACKAGES.includes(type.split(":")[0])) return { seconds: 0, source: "computed locally, or rendered to files in phase one" };
  const row = DURATIONS[type];
  return row?.[op] ?? row?.create ?? { seconds: DEFAULT_SECONDS, source: "default: one or two API calls" };
}

export interface Step {
  urn: string;
  name: string;
  type: string;
  operation: Operation;
  seconds: number;
}

export interface Estimate {
  /** Wall time of the longest chain of dependent operations. */
  seconds: number;
  /** That chain, first to last (resources with no operation left out). */
  path: Step[];
  /** Operations per kind. */
  operations: Partial<Record<Operation, number>>;
}

/** What changes for each resource; absent = nothing to do. */
export type Operations = Map<string, Operation>;

/** Longest path through the dependency graph, each resource taking the duration of its operation. */
export function criticalPath(resources: PlanResource[], operations: Operations): Estimate {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const finish = new Map<string, { at: number; via?: string }>();
  const visit = (urn: string, stack: Set<string>): number => {
    const known = finish.get(urn);
    if (known) return known.at;
    const r = byUrn.get(urn);
    if (!r || stack.has(urn)) return 0;
    stack.add(urn);
    let start = 0;
    let via: string | undefined;
    for (const d of r.dependsOn) {
      const at = visit(d, stack);
      if (via === undefined || at > start) {
        start = at;
        via = d;
      }
    }
    stack.delete(urn);
    const op = operations.get(urn);
    const at = start + (op && r.custom ? duration(r.type, op).seconds : 0);
    finish.set(urn, { at, via });
    return at;
  };
  let last: string | undefined;
  let total = 0;
  for (const r of resources) {
    const at = visit(r.urn, new Set());
    if (last === undefined || at > total) {
      total = at;
      last = r.urn;
    }
  }
  const path: Step[] = [];
  for (let urn = last; urn; urn = finish.get(urn)?.via) {
    const r = byUrn.get(urn)!;
    const op = operations.get(urn);
    if (op && r.custom) path.unshift({ urn, name: r.name, type: r.type, operation: op, seconds: duration(r.type, op).seconds });
  }
  const counts: Partial<Record<Operation, number>> = {};
  for (const r of resources) {
    const op = operations.get(r.urn);
    if (op && r.custom) counts[op] = (counts[op] ?? 0) + 1;
  }
  return { seconds: total, path, operations: counts };
}

/** A first deployment creates everything. */
export function firstDeployment(plan: Pick<PlanDocument, "resources">): Estimate {
  return criticalPath(plan.resources, new Map(plan.resources.map((r) => [r.urn, "create" as const])));
}

/** The node a node-bound resource belongs to, from its logical name (`cassandra-4`, `cassandra-4-data`, ...). */
export function nodeOf(name: string): { role: Role; index: number } | undefined {
  const m = /^([A-Za-z]+)-(\d+)(?:-|$)/.exec(name);
  return m && (ROLES as readonly string[]).includes(m[1]) ? { role: m[1] as Role, index: Number(m[2]) } : undefined;
}

export interface Previous {
  /** Per role: nodes and instance type deployed (the stack outputs' `nodes`). */
  nodes: Partial<Record<string, { count: number; instanceType?: string; diskGiB?: number }>>;
  /** URNs of the previous deployment, when known (a saved `plan --json`); else node resources by index, and all others as existing. */
  urns?: Set<string>;
}

/**
 * The operations of a change against a previous deployment: new resources are created, existing
 * instances of a role whose type changed are resized (stop/start), grown data volumes are modified;
 * everything else is unchanged.
 */
export function changeOperations(plan: Pick<PlanDocument, "resources">, previous: Previous): Operations {
  const ops: Operations = new Map();
  for (const r of plan.resources) {
    if (!r.custom) continue;
    const node = nodeOf(r.name);
    const before = node ? previous.nodes[node.role] : undefined;
    const existed = previous.urns ? previous.urns.has(r.urn) : node ? node.index <= (before?.count ?? 0) : true;
    if (!existed) ops.set(r.urn, "create");
    else if (r.type === "aws:ec2/instance:Instance" && before?.instanceType && before.instanceType !== r.inputs.instanceType) ops.set(r.urn, "resize");
    else if (r.type === "aws:ebs/volume:Volume" && before?.diskGiB !== undefined && Number(r.inputs.size) > before.diskGiB) ops.set(r.urn, "update");
  }
  return ops;
}

export function change(plan: Pick<PlanDocument, "resources">, previous: Previous): Estimate {
  return criticalPath(plan.resources, changeOperations(plan, previous));
}

/** The change of one role alone: its nodes' operations, everything else as it is. */
export function roleChange(plan: Pick<PlanDocument, "resources">, operations: Operations, role: Role): Estimate & { waves: number } {
  const own = new Map([...operations].filter(([urn]) => nodeOf(urn.split("::").pop() ?? "")?.role === role));
  const estimate = criticalPath(plan.resources, own);
  // Resizes one after another on the longest chain: the waves `pulumi up` goes through.
  return { ...estimate, waves: estimate.path.filter((s) => s.operation === "resize").length };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m < 60 ? `${m} min ${String(s).padStart(2, "0")} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

export interface RoleChange {
  role: Role;
  seconds: number;
  /** Resizes one after another on the role's longest chain. */
  waves: number;
  /** Instances of the role resized. */
  resized: number;
  rule: string;
}

export interface DeployTime {
  model: string;
  /** Without `--previous`: creating everything. */
  firstDeployment?: Estimate;
  /** Against `--previous`: the change this plan makes to the deployed stack. */
  change?: Estimate & { roles: RoleChange[] };
}

const MODEL =
  "critical path of the dependency graph (pulumi up runs independent operations at once; --parallel defaults to unbounded), " +
  "each resource taking the stated duration of its operation (outputs/deployTime.ts)";

export function deployTime(plan: Pick<PlanDocument, "resources">, previous?: Previous): DeployTime {
  if (!previous) return { model: MODEL, firstDeployment: firstDeployment(plan) };
  const ops = changeOperations(plan, previous);
  const roles: RoleChange[] = [];
  for (const role of ROLES) {
    const resized = [...ops].filter(([urn, op]) => op === "resize" && nodeOf(urn.split("::").pop() ?? "")?.role === role).length;
    if (resized === 0) continue;
    const r = roleChange(plan, ops, role);
    roles.push({ role, seconds: r.seconds, waves: r.waves, resized, rule: waveRule(role).rule });
  }
  return { model: MODEL, change: { ...criticalPath(plan.resources, ops), roles } };
}

function chain(path: Step[]): string {
  return path.map((s) => `${s.name} (${s.operation} ${formatDuration(s.seconds)})`).join(" → ");
}

export function formatDeployTime(t: DeployTime): string {
  const lines = ["Estimated `pulumi up` time (critical path; durations per resource type in outputs/deployTime.ts)"];
  if (t.firstDeployment) lines.push(`  first deployment: ${formatDuration(t.firstDeployment.seconds)}; longest chain: ${chain(t.firstDeployment.path)}`);
  if (t.change) {
    const ops = Object.entries(t.change.operations).map(([op, n]) => `${n} ${op}`).join(", ") || "nothing to do";
    lines.push(`  change against --previous: ${formatDuration(t.change.seconds)} (${ops}); longest chain: ${chain(t.change.path)}`);
    for (const r of t.change.roles) {
      lines.push(`    ${r.role}: ${r.resized} nodes resized in ${r.waves} waves, ${formatDuration(r.seconds)} (${r.rule})`);
    }
  }
  return lines.join("\n");
}
