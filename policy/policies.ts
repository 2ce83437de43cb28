// wire-backend's CrossGuard rules, as plain data so that tests can call them without the Pulumi CLI
// (constructing a PolicyPack starts a gRPC server; index.ts does that, tests never import it).
//
// Rules match resources by type token (`args.type`) rather than by `args.isType(aws.x.Y)`: the
// module then loads nothing at run time but the pure rule tables of the program itself, so tests
// and the pack judge one and the same firewall table (config/firewall.ts).
//
// At `pulumi preview` some inputs are still unknown (ids, ARNs of resources not yet created). Reading
// one throws inside the policy SDK, which turns it into an advisory "can't run during preview" note;
// `pulumi up` then runs the rule on the known value. Where only the presence of a value matters (a KMS
// key id), `has()` answers without reading it, so such rules judge already at preview.
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { GROUPS, GroupName, IngressRule, isAllowedWorldOpen, WORLD_OPEN_PORTS } from "../config/firewall";
import { DATA_ROLES } from "../sizing/types";
import { buildGraph, CALLING_ROLES, callingInDataStoreGroups, callingReach, DATA_STORE_ROLES, describe as describeFinding, ResourceView, SG_TYPES } from "./reachability";

// Re-exported so that tests use the very declarations the policies were typed with (after
// `npm install` in policy/, "@pulumi/policy" here resolves to policy/node_modules, not the root's).
export type { PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy };

/** The type tokens the rules look at (tests check each against @pulumi/aws's `__pulumiType`). */
export const TYPES = {
  instance: "aws:ec2/instance:Instance",
  volume: "aws:ebs/volume:Volume",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  eip: "aws:ec2/eip:Eip",
  kmsKey: "aws:kms/key:Key",
  queue: "aws:sqs/queue:Queue",
  topic: "aws:sns/topic:Topic",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  alb: "aws:alb/loadBalancer:LoadBalancer",
  elb: "aws:elb/loadBalancer:LoadBalancer",
  iamPolicy: "aws:iam/policy:Policy",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  iamUserPolicy: "aws:iam/userPolicy:UserPolicy",
  iamGroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  iamRole: "aws:iam/role:Role",
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bucketSse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketSseV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  bucketLogging: "aws:s3/bucketLogging:BucketLogging",
  bucketLoggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
} as const;

// The tags the program writes (components/nodeGroup.ts, securityGroups.ts, ...).
export const TAG = { stack: "wire:stack", role: "wire:role", index: "wire:index", group: "wire:group", data: "wire:data", peer: "wire:peer" } as const;

type Props = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------
// Reading inputs

/** True when `key` is set, including to a value that is only known after `pulumi up`. */
export function has(obj: unknown, key: string): boolean {
  if (obj === null || typeof obj !== "object" || !(key in obj)) return false;
  try {
    const v = (obj as Props)[key];
    return v !== undefined && v !== null && v !== "";
  } catch {
    // The policy SDK's proxy throws on an unknown (computed) value: it will be set.
    return true;
  }
}

function obj(v: unknown): Props | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Props) : undefined;
}

function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function tagsOf(props: Props): Record<string, unknown> {
  return obj(props.tags) ?? {};
}

function tag(props: Props, key: string): string | undefined {
  const v = tagsOf(props)[key];
  return typeof v === "string" ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** The stack name in `urn:pulumi:<stack>::<project>::<type>::<name>`, if the URN has that shape. */
export function stackOfUrn(urn: string): string | undefined {
  const m = /^urn:pulumi:([^:]+)::/.exec(urn);
  return m ? m[1] : undefined;
}

// ---------------------------------------------------------------------------------------------------
// World-open ingress

/** Any CIDR with prefix length 0 (0.0.0.0/0, ::/0) is the whole internet. */
export function isWorldCidr(cidr: unknown): cidr is string {
  return typeof cidr === "string" && /\/0$/.test(cidr.trim());
}

/** `tcp`, `udp`, `-1` (all) or the protocol as given; numbers 6/17 and `all` normalised. */
export function normaliseProtocol(p: unknown): string {
  const s = String(p ?? "").trim().toLowerCase();
  if (s === "-1" || s === "all") return "-1";
  if (s === "6") return "tcp";
  if (s === "17") return "udp";
  return s;
}

export interface WorldOpenRule {
  /** Which block of the resource, for messages ("ingress[2]", "rule"). */
  where: string;
  cidr: string;
  protocol: string;
  fromPort?: number;
  toPort?: number;
  /** The security group's role, when the resource can carry it. */
  group?: string;
  /** Why no group could be known (for the message). */
  noGroupReason?: string;
}

/** Every world-open ingress a resource declares, in any of the three ways AWS resources allow. */
export function worldOpenIngress(type: string, props: Props): WorldOpenRule[] {
  const out: WorldOpenRule[] = [];
  const fromBlock = (block: Props, where: string, group: string | undefined, noGroupReason?: string) => {
    const cidrs = [...list(block.cidrBlocks), ...list(block.ipv6CidrBlocks)].filter(isWorldCidr);
    for (const cidr of cidrs) {
      out.push({ where, cidr, protocol: normaliseProtocol(block.protocol), fromPort: num(block.fromPort), toPort: num(block.toPort), group, noGroupReason });
    }
  };
  if (type === TYPES.ingressRule) {
    for (const cidr of [props.cidrIpv4, props.cidrIpv6].filter(isWorldCidr)) {
      out.push({ where: "rule", cidr, protocol: normaliseProtocol(props.ipProtocol), fromPort: num(props.fromPort), toPort: num(props.toPort), group: tag(props, TAG.group) });
    }
  } else if (type === TYPES.securityGroup) {
    // Our groups carry their role as `wire:role`; `wire:group` wins when both are set.
    const group = tag(props, TAG.group) ?? tag(props, TAG.role);
    list(props.ingress).forEach((b, i) => {
      const block = obj(b);
      if (block) fromBlock(block, `ingress[${i}]`, group);
    });
  } else if (type === TYPES.securityGroupRule) {
    if (props.type === "ingress") {
      fromBlock(props, "rule", undefined, "aws.ec2.SecurityGroupRule cannot carry tags; use aws.vpc.SecurityGroupIngressRule tagged wire:group");
    }
  }
  return out;
}

function portText(r: Pick<WorldOpenRule, "protocol" | "fromPort" | "toPort">): string {
  if (r.protocol === "-1") return "all traffic";
  if (r.fromPort === undefined || r.toPort === undefined) return `${r.protocol} (all ports)`;
  return r.fromPort === r.toPort ? `${r.protocol}/${r.fromPort}` : `${r.protocol}/${r.fromPort}-${r.toPort}`;
}

function isGroupName(g: string | undefined): g is GroupName {
  return g !== undefined && (GROUPS as readonly string[]).includes(g);
}

/** True when a world-open rule reaches TCP 22. */
export function coversSsh(r: Pick<WorldOpenRule, "protocol" | "fromPort" | "toPort">): boolean {
  if (r.protocol === "-1") return true;
  if (r.protocol !== "tcp") return false;
  if (r.fromPort === undefined || r.toPort === undefined) return true;
  // AWS treats -1/-1 on tcp as every port as well.
  if (r.fromPort < 0 || r.toPort < 0) return true;
  return r.fromPort <= 22 && 22 <= r.toPort;
}

// ---------------------------------------------------------------------------------------------------
// IAM documents

export interface StatementFinding {
  statement: string;
  problem: string;
}

/** What is too broad in an IAM policy document (string JSON or object). */
/**
 * Actions IAM authorises only on Resource "*" (AWS's Service Authorization Reference lists no
 * resource type for them). A statement of these actions alone may name "*"; nothing else may.
 * route53:ListHostedZonesByName: cert-manager's DNS-01 solver (components/certManagerDns.ts).
 */
export const ACTIONS_ONLY_ON_ANY_RESOURCE: readonly string[] = ["route53:ListHostedZonesByName"];

export function wildcardFindings(policy: unknown): StatementFinding[] {
  let doc: unknown = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy);
    } catch {
      return [{ statement: "(document)", problem: "is not valid JSON, so it cannot be checked" }];
    }
  }
  const d = obj(doc);
  if (!d) return [{ statement: "(document)", problem: "is not a policy document" }];
  const findings: StatementFinding[] = [];
  list(d.Statement).forEach((s, i) => {
    const st = obj(s);
    if (!st) return;
    const label = typeof st.Sid === "string" && st.Sid ? `Statement ${i} (${st.Sid})` : `Statement ${i}`;
    // A Deny with a wildcard is a guard rail, not a grant; IAM requires Effect, a missing one is judged as Allow.
    if ((st.Effect ?? "Allow") !== "Allow") return;
    for (const a of list(st.Action)) {
      if (typeof a === "string" && (a === "*" || a.endsWith(":*"))) findings.push({ statement: label, problem: `allows the wildcard action "${a}"` });
    }
    if (st.NotAction !== undefined) findings.push({ statement: label, problem: "allows NotAction (every action but a few)" });
    const onlyUnscopable = list(st.Action).length > 0 && list(st.Action).every((a) => typeof a === "string" && ACTIONS_ONLY_ON_ANY_RESOURCE.includes(a));
    if (list(st.Resource).some((r) => r === "*") && !onlyUnscopable) findings.push({ statement: label, problem: 'allows on Resource "*"' });
    if (st.NotResource !== undefined) findings.push({ statement: label, problem: "allows NotResource (every resource but a few)" });
  });
  return findings;
}

// ---------------------------------------------------------------------------------------------------
// The policies

function forTypes(types: readonly string[], check: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void) {
  return (args: ResourceValidationArgs, report: ReportViolation): void => {
    if (!types.includes(args.type)) return;
    check(args.props, args, report);
  };
}

const DATA_ROLE_NAMES: readonly string[] = DATA_ROLES;

export const imdsv2Required: ResourceValidationPolicy = {
  name: "wire-imdsv2-required",
  description: "EC2 instances require IMDSv2 (metadataOptions.httpTokens = required).",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: forTypes([TYPES.instance], (props, _args, report) => {
    const tokens = obj(props.metadataOptions)?.httpTokens;
    if (tokens !== "required") report(`metadataOptions.httpTokens is ${JSON.stringify(tokens ?? null)}, must be "required" (IMDSv2 only).`);
  }),
};

export const ebsEncrypted: ResourceValidationPolicy = {
  name: "wire-ebs-encrypted",
  description: "Root and EBS block devices of instances are encrypted; every EBS volume is encrypted with a KMS key.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: [
    forTypes([TYPES.instance], (props, _args, report) => {
      if (obj(props.rootBlockDevice)?.encrypted !== true) report("rootBlockDevice.encrypted must be true.");
      list(props.ebsBlockDevices).forEach((d, i) => {
        if (obj(d)?.encrypted !== true) report(`ebsBlockDevices[${i}] (${String(obj(d)?.deviceName ?? "?")}) must set encrypted: true.`);
      });
    }),
    forTypes([TYPES.volume], (props, _args, report) => {
      if (props.encrypted !== true) report("encrypted must be true.");
      if (!has(props, "kmsKeyId")) report("kmsKeyId must name the stack's KMS key (not the account's default EBS key).");
    }),
  ],
};

export const noWorldOpenPorts: ResourceValidationPolicy = {
  name: "wire-no-world-open-ports",
  description:
    "Ingress from 0.0.0.0/0 or ::/0 is only allowed on the TURN, SFT and load-balancer ports of config/firewall.ts (WORLD_OPEN_PORTS), judged by the rule's wire:group tag.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateResource: forTypes([TYPES.ingressRule, TYPES.securityGroup, TYPES.securityGroupRule], (props, args, report) => {
    for (const r of worldOpenIngress(args.type, props)) {
      const what = `${r.where}: ${portText(r)} from ${r.cidr}`;
      if (r.group === undefined) {
        report(`${what} is open to the world but ${r.noGroupReason ?? `carries no ${TAG.group} tag, so it cannot be judged`}.`);
        continue;
      }
      if (!isGroupName(r.group)) {
        report(`${what} is open to the world for unknown group "${r.group}" (known: ${GROUPS.join(", ")}).`);
        continue;
      }
      const rule = { group: r.group, protocol: r.protocol as IngressRule["protocol"], fromPort: r.fromPort ?? -1, toPort: r.toPort ?? -1 };
      if (!isAllowedWorldOpen(rule)) {
        const allowed = WORLD_OPEN_PORTS.filter((o) => o.group === r.group).map(portText);
        report(`${what} is open to the world; group ${r.group} may only open ${allowed.length ? allowed.join(", ") : "nothing"} to the world.`);
      }
    }
  }),
};

export const noSshFromWorld: ResourceValidationPolicy = {
  name: "wire-no-ssh-from-world",
  description: "No world-open ingress (0.0.0.0/0, ::/0) covers TCP 22, including port ranges and all-protocol rules.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateResource: forTypes([TYPES.ingressRule, TYPES.securityGroup, TYPES.securityGroupRule], (props, args, report) => {
    for (const r of worldOpenIngress(args.type, props)) {
      if (coversSsh(r)) report(`${r.where}: ${portText(r)} from ${r.cidr} opens SSH (TCP 22) to the world; use SSM Session Manager or access.adminCidrs.`);
    }
  }),
};

export interface DataProtectionConfig {
  /** Accept data volumes without `protect` and data instances without termination protection (stacks with `wire-backend:protect: false`). */
  allowUnprotectedData?: boolean;
}

export const dataVolumesProtected: ResourceValidationPolicy = {
  name: "wire-data-volumes-protected",
  description:
    "Data volumes (wire:data=true) are protected and keep a final snapshot; data-role instances have termination protection and ignore AMI changes.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      allowUnprotectedData: {
        type: "boolean",
        default: false,
        description: "Set true only for stacks that set wire-backend:protect to false on purpose (test and throw-away stacks).",
      },
    },
  },
  validateResource: [
    forTypes([TYPES.volume], (props, args, report) => {
      if (tag(props, TAG.data) !== "true") return;
      const allowUnprotected = args.getConfig<DataProtectionConfig>().allowUnprotectedData === true;
      if (!args.opts.protect && !allowUnprotected) {
        report("data volume is not protected (resource option protect); set wire-backend:protect to true, or the policy's allowUnprotectedData for a throw-away stack.");
      }
      if (props.finalSnapshot !== true) report("data volume must set finalSnapshot: true.");
    }),
    forTypes([TYPES.instance], (props, args, report) => {
      const role = tag(props, TAG.role);
      if (role === undefined || !DATA_ROLE_NAMES.includes(role)) return;
      const allowUnprotected = args.getConfig<DataProtectionConfig>().allowUnprotectedData === true;
      if (props.disableApiTermination !== true && !allowUnprotected) report(`${role} instance must set disableApiTermination: true.`);
      const ignored = args.opts.ignoreChanges ?? [];
      if (!ignored.includes("ami") && !ignored.includes("*")) report(`${role} instance must ignore changes to "ami" (a new image would replace the node).`);
    }),
  ],
};

export const IAM_POLICY_TYPES = [TYPES.iamPolicy, TYPES.iamRolePolicy, TYPES.iamUserPolicy, TYPES.iamGroupPolicy] as const;

export const iamNoWildcardActions: ResourceValidationPolicy = {
  name: "wire-iam-no-wildcard-actions",
  description: 'IAM policies allow no "*" or "service:*" action, no NotAction/NotResource and no Resource "*" (but for actions IAM authorises only on "*", ACTIONS_ONLY_ON_ANY_RESOURCE).',
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: [
    forTypes(IAM_POLICY_TYPES, (props, _args, report) => {
      for (const f of wildcardFindings(props.policy)) report(`policy ${f.statement} ${f.problem}.`);
    }),
    // Inline policies on a role are the same documents by another road.
    forTypes([TYPES.iamRole], (props, _args, report) => {
      list(props.inlinePolicies).forEach((p, i) => {
        const inline = obj(p);
        if (!inline || inline.policy === undefined) return;
        for (const f of wildcardFindings(inline.policy)) report(`inlinePolicies[${i}] ${f.statement} ${f.problem}.`);
      });
    }),
  ],
};

/** Tags each type of ours must carry (data volumes add wire:role, see below). */
export const REQUIRED_TAGS: Record<string, readonly string[]> = {
  [TYPES.instance]: [TAG.stack, TAG.role, TAG.index],
  [TYPES.volume]: [TAG.stack],
  [TYPES.securityGroup]: [TAG.stack],
  [TYPES.vpc]: [TAG.stack],
  [TYPES.subnet]: [TAG.stack],
  [TYPES.eip]: [TAG.stack],
  [TYPES.kmsKey]: [TAG.stack],
  [TYPES.queue]: [TAG.stack],
  [TYPES.topic]: [TAG.stack],
  [TYPES.lb]: [TAG.stack],
  [TYPES.alb]: [TAG.stack],
  [TYPES.elb]: [TAG.stack],
};

export const requiredTags: ResourceValidationPolicy = {
  name: "wire-required-tags",
  description: "Instances, volumes, security groups, VPC, subnets, EIPs, KMS keys, queues, topics and load balancers carry wire:stack (the stack's name); instances and data volumes also wire:role, instances wire:index.",
  enforcementLevel: "mandatory",
  severity: "low",
  validateResource: (args, report) => {
    const required = REQUIRED_TAGS[args.type];
    if (!required) return;
    const props = args.props;
    const keys = [...required];
    if (args.type === TYPES.volume && tag(props, TAG.data) === "true") keys.push(TAG.role);
    const missing = keys.filter((k) => !tag(props, k));
    if (missing.length > 0) report(`missing tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.`);
    const stack = stackOfUrn(args.urn);
    const tagged = tag(props, TAG.stack);
    if (stack !== undefined && tagged !== undefined && tagged !== stack) report(`tag ${TAG.stack} is "${tagged}" but the stack is "${stack}".`);
  },
};

const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
const BUCKET_TYPES: readonly string[] = [TYPES.bucket, TYPES.bucketV2];

export const s3PrivateEncrypted: ResourceValidationPolicy = {
  name: "wire-s3-private-encrypted",
  description: "S3 public-access blocks set all four flags; buckets use no public canned ACL. (The program creates no bucket today.)",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: [
    forTypes([TYPES.bucketPublicAccessBlock], (props, _args, report) => {
      const off = PUBLIC_ACCESS_FLAGS.filter((f) => props[f] !== true);
      if (off.length > 0) report(`public-access block must set ${off.join(", ")} to true.`);
    }),
    forTypes(BUCKET_TYPES, (props, _args, report) => {
      if (typeof props.acl === "string" && props.acl.startsWith("public-")) report(`bucket ACL "${props.acl}" is public.`);
    }),
  ],
};

/** True when the dependent resource's `bucket` input (or `key`) is the given bucket (by dependency, name or id). */
function targetsBucket(dependent: PolicyResource, bucket: PolicyResource, key = "bucket"): boolean {
  if ((dependent.propertyDependencies?.[key] ?? []).some((d) => d.urn === bucket.urn)) return true;
  let target: unknown;
  try {
    target = dependent.props[key];
  } catch {
    return false;
  }
  if (typeof target !== "string" || target === "") return false;
  for (const key of ["bucket", "id"]) {
    try {
      if (bucket.props[key] === target) return true;
    } catch {
      // unknown at preview
    }
  }
  return false;
}

function hasInlineSse(bucket: PolicyResource): boolean {
  return has(bucket.props, "serverSideEncryptionConfiguration") || list(bucket.props.serverSideEncryptionConfigurations).length > 0;
}

export const s3BucketsGuarded: StackValidationPolicy = {
  name: "wire-s3-buckets-guarded",
  description:
    "Every S3 bucket has a public-access block (all four flags), a server-side-encryption configuration and server access logging in the same stack (a bucket receiving access logs need not log itself).",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const buckets = args.resources.filter((r) => BUCKET_TYPES.includes(r.type));
    if (buckets.length === 0) return;
    const blocks = args.resources.filter((r) => r.type === TYPES.bucketPublicAccessBlock);
    const sse = args.resources.filter((r) => r.type === TYPES.bucketSse || r.type === TYPES.bucketSseV2);
    const logging = args.resources.filter((r) => r.type === TYPES.bucketLogging || r.type === TYPES.bucketLoggingV2);
    for (const b of buckets) {
      const block = blocks.filter((p) => targetsBucket(p, b));
      if (block.length === 0) report(`bucket ${b.name} has no aws.s3.BucketPublicAccessBlock.`, b.urn);
      else if (!block.some((p) => PUBLIC_ACCESS_FLAGS.every((f) => p.props[f] === true))) report(`bucket ${b.name}'s public-access block does not set all four flags.`, b.urn);
      if (!hasInlineSse(b) && !sse.some((s) => targetsBucket(s, b))) report(`bucket ${b.name} has no server-side-encryption configuration.`, b.urn);
      const logsItself = logging.some((l) => targetsBucket(l, b));
      const receivesLogs = logging.some((l) => targetsBucket(l, b, "targetBucket"));
      if (!logsItself && !receivesLogs && !has(b.props, "logging")) report(`bucket ${b.name} has no server access logging (aws.s3.BucketLogging).`, b.urn);
    }
  },
};

export const sqsEncrypted: ResourceValidationPolicy = {
  name: "wire-sqs-encrypted",
  description: "SQS queues are encrypted (kmsMasterKeyId, or sqsManagedSseEnabled).",
  enforcementLevel: "mandatory",
  severity: "medium",
  validateResource: forTypes([TYPES.queue], (props, _args, report) => {
    if (!has(props, "kmsMasterKeyId") && props.sqsManagedSseEnabled !== true) report("queue must set kmsMasterKeyId (the stack's key) or sqsManagedSseEnabled: true.");
  }),
};

// ---------------------------------------------------------------------------------------------------
// The calling DMZ and the load balancer

/** Our equivalent of Pulumi AWSGuard's `elb-deletion-protection-enabled` (same resources, same test). */
export const elbDeletionProtection: ResourceValidationPolicy = {
  name: "wire-elb-deletion-protection-enabled",
  description: "Load balancers (aws.lb, aws.alb) have deletion protection enabled, as AWSGuard's elb-deletion-protection-enabled requires.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: forTypes([TYPES.lb, TYPES.alb], (props, _args, report) => {
    if (props.enableDeletionProtection !== true) report("enableDeletionProtection must be true: one accidental delete would take every client offline and change the DNS target.");
  }),
};

const CALLING: readonly string[] = CALLING_ROLES;
/** Groups a calling node must never be let into: the data stores and the admin host. */
const GUARDED: readonly string[] = [...DATA_STORE_ROLES, "adminHost"];

export const callingDmzRules: ResourceValidationPolicy = {
  name: "wire-calling-dmz",
  description:
    "No security-group rule lets a calling node (TURN, SFT) into a data store or the admin host: an ingress rule of those groups (wire:group) names no calling group as its source (wire:peer), and every group-referencing rule there names its source.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateResource: forTypes([TYPES.ingressRule], (props, _args, report) => {
    const group = tag(props, TAG.group);
    if (group === undefined || !GUARDED.includes(group)) return;
    const peer = tag(props, TAG.peer);
    if (peer !== undefined && CALLING.includes(peer)) {
      report(`group ${group} accepts ${portText({ protocol: normaliseProtocol(props.ipProtocol), fromPort: num(props.fromPort), toPort: num(props.toPort) })} from the calling group ${peer}; calling nodes are a DMZ.`);
    } else if (peer === undefined && has(props, "referencedSecurityGroupId")) {
      report(`group ${group} accepts another security group without a ${TAG.peer} tag naming it, so it cannot be judged.`);
    }
  }),
};

/** A policy resource as the reachability graph reads it: security groups by URN, references by dependency. */
function graphView(r: PolicyResource): ResourceView {
  return {
    type: r.type,
    name: r.name,
    props: r.props,
    key: r.urn,
    refs: (field) => (r.propertyDependencies?.[field] ?? []).filter((d) => d.type === SG_TYPES.group).map((d) => d.urn),
  };
}

export const callingDmzReach: StackValidationPolicy = {
  name: "wire-calling-dmz-reach",
  description:
    "No chain of security-group rules lets a TURN or SFT instance reach a data-store port (9042, 7000, 9200, 9300, 9000, 9092, 5432, 5672) or the admin host's SSH, and no calling instance is in a group a data store accepts.",
  enforcementLevel: "mandatory",
  severity: "critical",
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const graph = buildGraph(args.resources.map(graphView));
    for (const f of callingReach(graph)) report(`${describeFinding(f)}.`);
    for (const m of callingInDataStoreGroups(graph)) report(`${m}.`);
  },
};

export const policies: ResourceValidationPolicy[] = [
  imdsv2Required,
  ebsEncrypted,
  noWorldOpenPorts,
  noSshFromWorld,
  dataVolumesProtected,
  iamNoWildcardActions,
  requiredTags,
  s3PrivateEncrypted,
  sqsEncrypted,
  elbDeletionProtection,
  callingDmzRules,
];

export const stackPolicies: StackValidationPolicy[] = [s3BucketsGuarded, callingDmzReach];
