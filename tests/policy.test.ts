// The CrossGuard pack (policy/policies.ts) without the Pulumi CLI: every resource the real program
// plans, for several stacks, goes through every policy and must pass; and every policy, given a
// hand-made bad resource, reports it while the good twin passes. Policies are called the way the
// policy SDK's analyzer calls them (policy/index.ts, which starts the analyzer, is never imported).
import * as fs from "fs";
import type { PlanDocument, PlanResource } from "../cli/planRuntime";
import { WORLD_OPEN_PORTS } from "../config/firewall";
import { parseStackConfig } from "../config/load";
import type { ConfigMap } from "../config/load";
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "../policy/policies";
import {
  callingDmzReach,
  callingDmzRules,
  elbDeletionProtection,
  coversSsh,
  dataVolumesProtected,
  ebsEncrypted,
  iamNoWildcardActions,
  imdsv2Required,
  noSshFromWorld,
  noWorldOpenPorts,
  policies,
  requiredTags,
  s3BucketsGuarded,
  s3PrivateEncrypted,
  sqsEncrypted,
  stackPolicies,
  TYPES,
  wildcardFindings,
} from "../policy/policies";
import { HEAVY_CONFERENCES, INGRESS, INSTANCE, OFFLINE, REPO, VOLUME, exampleStacks, ofType, plan, stack, stackFile } from "./helpers/stacks";
import { NotApplicable, planArgs, resourceArgs, runResource, sdkProxy, TEST_STACK, type TestResource, UNKNOWN_STRING } from "./helpers/policyRunner";

async function violations(policy: ResourceValidationPolicy, r: TestResource, config: object = {}): Promise<string[]> {
  return (await runResource(policy, resourceArgs(r, config))).violations;
}

function policyResource(r: TestResource & { propertyDependencies?: Record<string, PolicyResource[]> }): PolicyResource {
  const args = resourceArgs(r);
  return {
    type: args.type,
    props: args.props,
    urn: args.urn,
    name: args.name,
    opts: args.opts,
    dependencies: Object.values(r.propertyDependencies ?? {}).flat(),
    propertyDependencies: r.propertyDependencies ?? {},
    isType: args.isType,
    asType: args.asType as unknown as PolicyResource["asType"],
  };
}

async function runStack(policy: StackValidationPolicy, resources: PolicyResource[], config: object = {}): Promise<string[]> {
  const found: string[] = [];
  try {
    await policy.validateStack(
      {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
          throw new NotApplicable(reason);
        },
      },
      (message, urn) => found.push(urn ? `${urn}: ${message}` : message),
    );
  } catch (e) {
    if (!(e instanceof NotApplicable)) throw e;
  }
  return found;
}

/** Every violation any policy reports for a plan, as "policy urn: message". */
async function planViolations(p: PlanDocument, config: object): Promise<string[]> {
  const found: string[] = [];
  for (const r of p.resources) {
    for (const policy of policies) {
      const outcome = await runResource(policy, planArgs(r, config));
      for (const v of outcome.violations) found.push(`${policy.name} ${r.urn}: ${v}`);
      for (const u of outcome.unknown) found.push(`${policy.name} ${r.urn}: could not run: ${u}`);
    }
  }
  const stackResources = planPolicyResources(p);
  for (const policy of stackPolicies) for (const v of await runStack(policy, stackResources, config)) found.push(`${policy.name} ${v}`);
  return found;
}

/** Inputs that name security groups; the engine hands their dependencies to stack policies. */
// Inputs that hold another resource's id: the engine passes them as propertyDependencies (a bucket's
// configuration resources name it by `bucket`, an id that is unknown at a first preview).
const SG_FIELDS = ["securityGroupId", "referencedSecurityGroupId", "vpcSecurityGroupIds", "bucket", "targetBucket"];

/**
 * A plan's resources as the engine gives them to stack policies: with propertyDependencies, here
 * resolved from the plan's (mock) ids, which is how the engine knows them too (by dependency).
 */
function planPolicyResources(p: PlanDocument): PolicyResource[] {
  const base = p.resources.map((r) => policyResource({ type: r.type, name: r.name, urn: r.urn, props: r.inputs, opts: { ...r.options, parent: r.parent ?? undefined } }));
  const byId = new Map(p.resources.map((r, i) => [r.id, base[i]] as const).filter(([id]) => id !== null));
  return base.map((res, i) => {
    const inputs = p.resources[i].inputs;
    const deps: Record<string, PolicyResource[]> = {};
    for (const f of SG_FIELDS) {
      const v = inputs[f];
      const found = (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((id) => byId.get(String(id))).filter((d): d is PolicyResource => d !== undefined);
      if (found.length > 0) deps[f] = found;
    }
    return { ...res, propertyDependencies: deps, dependencies: Object.values(deps).flat() };
  });
}

/** The policy config an operator passes for a stack: unprotected data only where the stack turns protect off. */
function operatorConfig(config: ConfigMap): object {
  return { allowUnprotectedData: parseStackConfig(config).config.protect === false };
}

// ---------------------------------------------------------------------------------------------------
// The pack itself

describe("the policy pack", () => {
  it("has the eleven resource policies and the two stack policies, all mandatory, with unique names", () => {
    const all = [...policies, ...stackPolicies];
    expect(all.map((p) => p.name)).toEqual([
      "wire-imdsv2-required",
      "wire-ebs-encrypted",
      "wire-no-world-open-ports",
      "wire-no-ssh-from-world",
      "wire-data-volumes-protected",
      "wire-iam-no-wildcard-actions",
      "wire-required-tags",
      "wire-s3-private-encrypted",
      "wire-sqs-encrypted",
      "wire-elb-deletion-protection-enabled",
      "wire-calling-dmz",
      "wire-s3-buckets-guarded",
      "wire-calling-dmz-reach",
    ]);
    for (const p of all) expect(p.enforcementLevel).toBe("mandatory");
    expect(dataVolumesProtected.configSchema?.properties.allowUnprotectedData).toMatchObject({ type: "boolean", default: false });
  });

  it("matches resources by the type tokens @pulumi/aws really uses", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const aws = require("@pulumi/aws") as Record<string, Record<string, { __pulumiType?: string }>>;
    for (const token of Object.values(TYPES)) {
      const [, modAndFile, cls] = token.split(":");
      const mod = modAndFile.split("/")[0];
      expect(aws[mod]?.[cls]?.__pulumiType).toBe(token);
    }
  });

  it("is a standalone pack the CLI can load (PulumiPolicy.yaml, package.json with a version)", () => {
    const dir = `${REPO}/policy`;
    expect(fs.readFileSync(`${dir}/PulumiPolicy.yaml`, "utf8")).toMatch(/^runtime: nodejs$/m);
    const pkg = JSON.parse(fs.readFileSync(`${dir}/package.json`, "utf8"));
    const root = JSON.parse(fs.readFileSync(`${REPO}/package.json`, "utf8"));
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(fs.existsSync(`${dir}/${pkg.main}`)).toBe(true);
    for (const dep of ["@pulumi/policy", "@pulumi/aws", "@pulumi/pulumi"]) {
      expect(pkg.dependencies[dep]).toBe(root.dependencies[dep] ?? root.devDependencies[dep]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// (a) The real program passes, stack by stack

const stackFiles = exampleStacks();

const STACKS: [string, ConfigMap][] = [
  ...stackFiles.map((s): [string, ConfigMap] => [s, stackFile(s)]),
  ["large", stack(50_000, HEAVY_CONFERENCES)],
  ["offline", stack(500, OFFLINE)],
];

describe("the program's plans", () => {
  it("include the dev stack file", () => {
    expect(stackFiles).toContain("dev");
  });

  it.each(STACKS)("stack %s violates no policy", async (name, config) => {
    const p = await plan(name, config);
    // Not vacuous: the plan has what the policies judge.
    expect(ofType(p, INSTANCE).length).toBeGreaterThan(0);
    expect(ofType(p, VOLUME).length).toBeGreaterThan(0);
    expect(ofType(p, INGRESS).length).toBeGreaterThan(0);
    expect(await planViolations(p, operatorConfig(config))).toEqual([]);
  }, 180_000);

  it("online, world-open rules are exactly the allowed ports, each judged (and passed) by the port policy", async () => {
    const p = await plan("dev", stackFile("dev"));
    const world = ofType(p, INGRESS).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0");
    expect(world).toHaveLength(WORLD_OPEN_PORTS.length * 2);
    for (const r of world) expect((await runResource(noWorldOpenPorts, planArgs(r, {}))).violations).toEqual([]);
  }, 180_000);

  it("a real plan resource, made bad, is reported", async () => {
    const p = await plan("dev", stackFile("dev"));
    const sftRule = ofType(p, INGRESS).find((r) => (r.inputs.tags as Record<string, string>)["wire:group"] === "sft" && r.inputs.cidrIpv4 === "0.0.0.0/0")!;
    expect(sftRule).toBeDefined();
    const ssh = { ...sftRule, inputs: { ...sftRule.inputs, ipProtocol: "tcp", fromPort: 22, toPort: 22 } };
    expect((await runResource(noWorldOpenPorts, planArgs(ssh, {}))).violations).toHaveLength(1);
    expect((await runResource(noSshFromWorld, planArgs(ssh, {}))).violations).toHaveLength(1);

    const volume = ofType(p, VOLUME)[0];
    const unprotected = { ...volume, options: { ...volume.options, protect: false } };
    expect((await runResource(dataVolumesProtected, planArgs(unprotected, {}))).violations).toHaveLength(1);

    const instance = ofType(p, INSTANCE)[0];
    const imdsv1 = { ...instance, inputs: { ...instance.inputs, metadataOptions: { httpTokens: "optional" } } };
    expect((await runResource(imdsv2Required, planArgs(imdsv1, {}))).violations).toHaveLength(1);
  }, 180_000);

  it("a stack with protect: false is reported unless the operator sets allowUnprotectedData", async () => {
    const config = stack(500, { "wire-backend:protect": false });
    const p = await plan("unprotected", config);
    const found = await planViolations(p, {});
    const dataVolumes = ofType(p, VOLUME).filter((v) => (v.inputs.tags as Record<string, string>)["wire:data"] === "true");
    const dataInstances = ofType(p, INSTANCE).filter((i) => ["cassandra", "minio", "elasticsearch", "postgresql", "rabbitmq"].includes((i.inputs.tags as Record<string, string>)["wire:role"]));
    expect(dataVolumes.length).toBeGreaterThan(0);
    expect(found).toHaveLength(dataVolumes.length + dataInstances.length);
    for (const f of found) expect(f).toMatch(/^wire-data-volumes-protected /);
    expect(await planViolations(p, { allowUnprotectedData: true })).toEqual([]);
    expect(await planViolations(p, operatorConfig(config))).toEqual([]);
  }, 180_000);
});

// ---------------------------------------------------------------------------------------------------
// (b) Each policy: a bad resource is reported, its good twin is not

const goodInstance = (over: Record<string, unknown> = {}): TestResource => ({
  type: TYPES.instance,
  name: "kubernetes-1",
  props: {
    instanceType: "m6i.large",
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
    rootBlockDevice: { encrypted: true, kmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/k", volumeSize: 40 },
    tags: { "wire:stack": TEST_STACK, "wire:role": "kubernetes", "wire:index": "1" },
    ...over,
  },
  opts: { ignoreChanges: ["ami", "userData"] },
});

const goodDataVolume = (over: Record<string, unknown> = {}, opts: TestResource["opts"] = { protect: true }): TestResource => ({
  type: TYPES.volume,
  name: "cassandra-1-data",
  props: {
    availabilityZone: "eu-central-1a",
    size: 100,
    encrypted: true,
    kmsKeyId: "arn:aws:kms:eu-central-1:123456789012:key/k",
    finalSnapshot: true,
    tags: { "wire:stack": TEST_STACK, "wire:role": "cassandra", "wire:index": "1", "wire:data": "true" },
    ...over,
  },
  opts,
});

const ingressRule = (group: string | undefined, protocol: string, fromPort: number | undefined, toPort: number | undefined, cidr = "0.0.0.0/0"): TestResource => ({
  type: TYPES.ingressRule,
  name: `rule-${group}-${protocol}-${fromPort}`,
  props: {
    securityGroupId: "sg-1",
    ipProtocol: protocol,
    ...(fromPort === undefined ? {} : { fromPort }),
    ...(toPort === undefined ? {} : { toPort }),
    ...(cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
    tags: group === undefined ? { "wire:stack": TEST_STACK } : { "wire:stack": TEST_STACK, "wire:group": group },
  },
});

describe("wire-imdsv2-required", () => {
  it("reports IMDSv1 and missing metadata options, passes httpTokens required", async () => {
    expect(await violations(imdsv2Required, goodInstance({ metadataOptions: { httpTokens: "optional" } }))).toHaveLength(1);
    expect(await violations(imdsv2Required, goodInstance({ metadataOptions: undefined }))).toHaveLength(1);
    expect(await violations(imdsv2Required, goodInstance())).toEqual([]);
  });
});

describe("wire-ebs-encrypted", () => {
  it("reports an instance with an unencrypted root or extra block device", async () => {
    expect(await violations(ebsEncrypted, goodInstance({ rootBlockDevice: { volumeSize: 40 } }))).toEqual(["rootBlockDevice.encrypted must be true."]);
    expect(await violations(ebsEncrypted, goodInstance({ rootBlockDevice: undefined }))).toHaveLength(1);
    const extra = (encrypted: boolean) => goodInstance({ ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeSize: 10, encrypted }] });
    expect(await violations(ebsEncrypted, extra(false))).toEqual(["ebsBlockDevices[0] (/dev/sdf) must set encrypted: true."]);
    expect(await violations(ebsEncrypted, extra(true))).toEqual([]);
    expect(await violations(ebsEncrypted, goodInstance())).toEqual([]);
  });

  it("reports a volume that is unencrypted or has no KMS key; a key not known until up counts as set", async () => {
    expect(await violations(ebsEncrypted, goodDataVolume({ encrypted: false }))).toEqual(["encrypted must be true."]);
    expect(await violations(ebsEncrypted, goodDataVolume({ kmsKeyId: undefined }))).toHaveLength(1);
    expect(await violations(ebsEncrypted, goodDataVolume())).toEqual([]);
    const atPreview = await runResource(ebsEncrypted, resourceArgs(goodDataVolume({ kmsKeyId: UNKNOWN_STRING })));
    expect(atPreview).toEqual({ violations: [], unknown: [] });
  });
});

describe("wire-no-world-open-ports", () => {
  it("passes every allowed port of firewall.ts, over IPv4 and IPv6", async () => {
    for (const o of WORLD_OPEN_PORTS) {
      for (const cidr of ["0.0.0.0/0", "::/0"]) {
        expect(await violations(noWorldOpenPorts, ingressRule(o.group, o.protocol, o.fromPort, o.toPort, cidr))).toEqual([]);
      }
    }
  });

  it("reports a world-open port its group may not open, and passes the same port from a private range", async () => {
    expect(await violations(noWorldOpenPorts, ingressRule("cassandra", "tcp", 9042, 9042))).toHaveLength(1);
    expect(await violations(noWorldOpenPorts, ingressRule("cassandra", "tcp", 9042, 9042, "10.0.0.0/16"))).toEqual([]);
    // The right port, the wrong group: TURN's port on the load balancer.
    expect(await violations(noWorldOpenPorts, ingressRule("loadBalancer", "udp", 3478, 3478))).toHaveLength(1);
    expect(await violations(noWorldOpenPorts, ingressRule("restund", "udp", 3478, 3478))).toEqual([]);
  });

  it("reports a wider range than allowed and all-protocol rules", async () => {
    expect(await violations(noWorldOpenPorts, ingressRule("sft", "udp", 32768, 65535, "::/0"))).toHaveLength(1);
    expect(await violations(noWorldOpenPorts, ingressRule("sft", "udp", 32768, 61000, "::/0"))).toEqual([]);
    expect(await violations(noWorldOpenPorts, ingressRule("loadBalancer", "-1", undefined, undefined))).toHaveLength(1);
    // Protocol numbers mean the same as names.
    expect(await violations(noWorldOpenPorts, ingressRule("loadBalancer", "6", 443, 443))).toEqual([]);
  });

  it("reports a world-open rule without a wire:group tag or with an unknown group", async () => {
    const [untagged] = await violations(noWorldOpenPorts, ingressRule(undefined, "tcp", 443, 443));
    expect(untagged).toMatch(/wire:group/);
    expect(await violations(noWorldOpenPorts, ingressRule("website", "tcp", 443, 443))).toHaveLength(1);
    expect(await violations(noWorldOpenPorts, ingressRule("loadBalancer", "tcp", 443, 443))).toEqual([]);
  });

  it("judges inline ingress blocks of a security group by its group tag", async () => {
    const sg = (role: string, block: Record<string, unknown>): TestResource => ({
      type: TYPES.securityGroup,
      props: { vpcId: "vpc-1", ingress: [block], tags: { "wire:stack": TEST_STACK, "wire:role": role } },
    });
    expect(await violations(noWorldOpenPorts, sg("assetHost", { protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"] }))).toHaveLength(1);
    expect(await violations(noWorldOpenPorts, sg("assetHost", { protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["172.16.0.0/16"] }))).toEqual([]);
    expect(await violations(noWorldOpenPorts, sg("loadBalancer", { protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }))).toEqual([]);
  });

  it("reports a world-open aws.ec2.SecurityGroupRule (it cannot carry wire:group); egress rules are not judged", async () => {
    const rule = (type: string): TestResource => ({
      type: TYPES.securityGroupRule,
      props: { type, securityGroupId: "sg-1", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
    });
    expect(await violations(noWorldOpenPorts, rule("ingress"))).toHaveLength(1);
    expect(await violations(noWorldOpenPorts, rule("egress"))).toEqual([]);
  });
});

describe("wire-no-ssh-from-world", () => {
  it("reports TCP 22 from the world, directly, by range or by all-protocol rules", async () => {
    const bad: TestResource[] = [
      ingressRule("adminHost", "tcp", 22, 22),
      ingressRule("adminHost", "tcp", 22, 22, "::/0"),
      ingressRule("kubernetes", "tcp", 0, 65535),
      ingressRule("kubernetes", "6", 20, 30),
      ingressRule("kubernetes", "-1", undefined, undefined, "::/0"),
      { type: TYPES.securityGroup, props: { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }], tags: { "wire:role": "adminHost" } } },
      { type: TYPES.securityGroupRule, props: { type: "ingress", protocol: "tcp", fromPort: 1, toPort: 1024, cidrBlocks: ["0.0.0.0/0"] } },
    ];
    for (const r of bad) expect(await violations(noSshFromWorld, r)).toHaveLength(1);
  });

  it("passes SSH from a private range and world-open rules that miss TCP 22", async () => {
    const good: TestResource[] = [
      ingressRule("adminHost", "tcp", 22, 22, "198.51.100.0/24"),
      ingressRule("loadBalancer", "tcp", 443, 443),
      ingressRule("restund", "udp", 0, 65535),
      ingressRule("kubernetes", "tcp", 23, 65535),
    ];
    for (const r of good) expect(await violations(noSshFromWorld, r)).toEqual([]);
    expect(coversSsh({ protocol: "tcp", fromPort: 23, toPort: 25 })).toBe(false);
  });
});

describe("wire-data-volumes-protected", () => {
  it("reports an unprotected data volume unless the operator allows it; finalSnapshot is always required", async () => {
    expect(await violations(dataVolumesProtected, goodDataVolume({}, { protect: false }))).toHaveLength(1);
    expect(await violations(dataVolumesProtected, goodDataVolume({}, { protect: false }), { allowUnprotectedData: true })).toEqual([]);
    expect(await violations(dataVolumesProtected, goodDataVolume({}, { protect: true }))).toEqual([]);
    expect(await violations(dataVolumesProtected, goodDataVolume({ finalSnapshot: false }), { allowUnprotectedData: true })).toEqual([
      "data volume must set finalSnapshot: true.",
    ]);
  });

  it("leaves volumes without wire:data alone", async () => {
    const scratch = goodDataVolume({ finalSnapshot: undefined, tags: { "wire:stack": TEST_STACK } }, { protect: false });
    expect(await violations(dataVolumesProtected, scratch)).toEqual([]);
  });

  it("reports a data-role instance without termination protection or that would follow a new AMI", async () => {
    const node = (over: Record<string, unknown>, ignoreChanges: string[]): TestResource => ({
      ...goodInstance({ tags: { "wire:stack": TEST_STACK, "wire:role": "minio", "wire:index": "2" }, disableApiTermination: true, ...over }),
      opts: { protect: true, ignoreChanges },
    });
    expect(await violations(dataVolumesProtected, node({ disableApiTermination: false }, ["ami"]))).toHaveLength(1);
    expect(await violations(dataVolumesProtected, node({ disableApiTermination: false }, ["ami"]), { allowUnprotectedData: true })).toEqual([]);
    expect(await violations(dataVolumesProtected, node({}, ["userData"]))).toHaveLength(1);
    expect(await violations(dataVolumesProtected, node({}, ["ami", "userData"]))).toEqual([]);
    // Stateless roles need neither.
    expect(await violations(dataVolumesProtected, { ...goodInstance(), opts: {} })).toEqual([]);
  });
});

describe("wire-iam-no-wildcard-actions", () => {
  const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
  const userPolicy = (policy: unknown): TestResource => ({ type: TYPES.iamUserPolicy, props: { user: "gundeck", policy } });
  const tight = { Sid: "Events", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: ["arn:aws:sqs:eu-central-1:123456789012:q"] };

  it('reports "*" and "service:*" actions and Resource "*", in strings and objects, for every IAM policy type', async () => {
    for (const type of [TYPES.iamPolicy, TYPES.iamRolePolicy, TYPES.iamUserPolicy, TYPES.iamGroupPolicy]) {
      expect(await violations(iamNoWildcardActions, { type, props: { policy: doc({ ...tight, Action: "*" }) } })).toHaveLength(1);
      expect(await violations(iamNoWildcardActions, { type, props: { policy: doc(tight) } })).toEqual([]);
    }
    expect(await violations(iamNoWildcardActions, userPolicy(doc({ ...tight, Action: ["sqs:ReceiveMessage", "s3:*"] })))).toEqual([
      'policy Statement 0 (Events) allows the wildcard action "s3:*".',
    ]);
    expect(await violations(iamNoWildcardActions, userPolicy(doc({ ...tight, Resource: "*" })))).toHaveLength(1);
    expect(await violations(iamNoWildcardActions, userPolicy({ Version: "2012-10-17", Statement: { ...tight, Action: "kms:*" } }))).toHaveLength(1);
    expect(await violations(iamNoWildcardActions, userPolicy({ Version: "2012-10-17", Statement: tight }))).toEqual([]);
    expect(await violations(iamNoWildcardActions, userPolicy(doc({ Effect: "Allow", NotAction: "iam:*", Resource: ["arn:aws:s3:::b"] })))).toEqual([
      "policy Statement 0 allows NotAction (every action but a few).",
    ]);
  });

  it('allows Resource "*" only to a statement of actions IAM cannot scope (cert-manager\'s zone lookup)', async () => {
    const lookup = { Sid: "FindTheZone", Effect: "Allow", Action: "route53:ListHostedZonesByName", Resource: "*" };
    const rolePolicy = (policy: string): TestResource => ({ type: TYPES.iamRolePolicy, props: { role: "kube", policy } });
    expect(await violations(iamNoWildcardActions, rolePolicy(doc(lookup)))).toEqual([]);
    // The same "*" with one scopable action beside it is a grant on every zone.
    expect(await violations(iamNoWildcardActions, rolePolicy(doc({ ...lookup, Action: ["route53:ListHostedZonesByName", "route53:ChangeResourceRecordSets"] })))).toEqual([
      'policy Statement 0 (FindTheZone) allows on Resource "*".',
    ]);
    expect(await violations(iamNoWildcardActions, rolePolicy(doc({ ...lookup, Action: [] })))).toHaveLength(1);
  });

  it("passes a wildcard in a Deny (a guard rail) and reports a document it cannot read", async () => {
    expect(await violations(iamNoWildcardActions, userPolicy(doc(tight, { Effect: "Deny", Action: "*", Resource: "*" })))).toEqual([]);
    expect(await violations(iamNoWildcardActions, userPolicy("{not json"))).toHaveLength(1);
  });

  it("judges a role's inline policies, not its trust policy", async () => {
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    const role = (policy: string): TestResource => ({ type: TYPES.iamRole, props: { assumeRolePolicy: trust, inlinePolicies: [{ name: "inline", policy }] } });
    expect(await violations(iamNoWildcardActions, role(doc({ ...tight, Action: "ec2:*" })))).toHaveLength(1);
    expect(await violations(iamNoWildcardActions, role(doc(tight)))).toEqual([]);
  });

  it("leaves a document not known until up to the analyzer's can't-run-at-preview note", async () => {
    const outcome = await runResource(iamNoWildcardActions, resourceArgs(userPolicy(UNKNOWN_STRING)));
    expect(outcome.violations).toEqual([]);
    expect(outcome.unknown).toHaveLength(1);
    expect(wildcardFindings(doc(tight))).toEqual([]);
  });
});

describe("wire-required-tags", () => {
  it("reports an instance without wire:index or wire:role, passes a fully tagged one", async () => {
    expect(await violations(requiredTags, goodInstance({ tags: { "wire:stack": TEST_STACK, "wire:role": "sft" } }))).toEqual(["missing tag wire:index."]);
    expect(await violations(requiredTags, goodInstance({ tags: { "wire:stack": TEST_STACK } }))).toEqual(["missing tags wire:role, wire:index."]);
    expect(await violations(requiredTags, goodInstance())).toEqual([]);
  });

  it("requires wire:stack on every listed type, and wire:role on data volumes", async () => {
    for (const type of [TYPES.vpc, TYPES.subnet, TYPES.securityGroup, TYPES.eip, TYPES.kmsKey, TYPES.queue, TYPES.topic, TYPES.lb, TYPES.volume]) {
      expect(await violations(requiredTags, { type, props: { tags: { Name: "x" } } })).toEqual(["missing tag wire:stack."]);
      expect(await violations(requiredTags, { type, props: {} })).toEqual(["missing tag wire:stack."]);
      expect(await violations(requiredTags, { type, props: { tags: { "wire:stack": TEST_STACK } } })).toEqual([]);
    }
    expect(await violations(requiredTags, goodDataVolume({ tags: { "wire:stack": TEST_STACK, "wire:data": "true" } }))).toEqual(["missing tag wire:role."]);
    expect(await violations(requiredTags, goodDataVolume())).toEqual([]);
  });

  it("reports a wire:stack tag naming another stack; leaves untaggable types alone", async () => {
    expect(await violations(requiredTags, { type: TYPES.vpc, props: { tags: { "wire:stack": "prod" } } })).toEqual([`tag wire:stack is "prod" but the stack is "${TEST_STACK}".`]);
    expect(await violations(requiredTags, { type: "aws:ec2/routeTable:RouteTable", props: {} })).toEqual([]);
  });
});

describe("wire-s3-private-encrypted (resource checks)", () => {
  const block = (over: Record<string, boolean> = {}): TestResource => ({
    type: TYPES.bucketPublicAccessBlock,
    props: { bucket: "wire-assets", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...over },
  });

  it("reports a public-access block with any flag off, passes all four on", async () => {
    expect(await violations(s3PrivateEncrypted, block({ restrictPublicBuckets: false }))).toEqual(["public-access block must set restrictPublicBuckets to true."]);
    expect(await violations(s3PrivateEncrypted, block())).toEqual([]);
  });

  it("reports a public canned ACL on a bucket", async () => {
    expect(await violations(s3PrivateEncrypted, { type: TYPES.bucketV2, props: { bucket: "b", acl: "public-read" } })).toHaveLength(1);
    expect(await violations(s3PrivateEncrypted, { type: TYPES.bucket, props: { bucket: "b", acl: "private" } })).toEqual([]);
  });
});

describe("wire-s3-buckets-guarded (stack policy)", () => {
  const bucket = policyResource({ type: TYPES.bucket, name: "assets", props: { bucket: "wire-assets" } });
  const flags = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

  it("reports a bucket with neither public-access block, encryption nor access logging", async () => {
    expect(await runStack(s3BucketsGuarded, [bucket])).toHaveLength(3);
  });

  it("passes a bucket with an all-on block (matched by dependency), an SSE configuration (matched by name) and access logging", async () => {
    const block = policyResource({ type: TYPES.bucketPublicAccessBlock, name: "assets-pab", props: { bucket: "unknown-at-preview", ...flags }, propertyDependencies: { bucket: [bucket] } });
    const sse = policyResource({ type: TYPES.bucketSse, name: "assets-sse", props: { bucket: "wire-assets", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] } });
    const logs = policyResource({ type: TYPES.bucketLogging, name: "access-logs-assets", props: { bucket: "wire-assets", targetBucket: "wire-logs", targetPrefix: "assets/" } });
    expect(await runStack(s3BucketsGuarded, [bucket, block, sse, logs])).toEqual([]);
    expect(await runStack(s3BucketsGuarded, [bucket, block, sse])).toEqual([expect.stringMatching(/bucket assets has no server access logging \(aws.s3.BucketLogging\)\.$/)]);
    const weak = policyResource({ type: TYPES.bucketPublicAccessBlock, name: "assets-pab", props: { bucket: "wire-assets", ...flags, blockPublicPolicy: false } });
    expect(await runStack(s3BucketsGuarded, [bucket, weak, sse, logs])).toHaveLength(1);
    const otherBucketsSse = policyResource({ type: TYPES.bucketSseV2, name: "logs-sse", props: { bucket: "wire-logs" } });
    expect(await runStack(s3BucketsGuarded, [bucket, block, otherBucketsSse, logs])).toHaveLength(1);
  });

  it("lets the bucket that receives the access logs go without logging of its own", async () => {
    const logBucket = policyResource({ type: TYPES.bucket, name: "access-logs", props: { bucket: "wire-logs" } });
    const logBlock = policyResource({ type: TYPES.bucketPublicAccessBlock, name: "logs-pab", props: { bucket: "wire-logs", ...flags } });
    const logSse = policyResource({ type: TYPES.bucketSse, name: "logs-sse", props: { bucket: "wire-logs" } });
    const logs = policyResource({ type: TYPES.bucketLogging, name: "access-logs-assets", props: { bucket: "unknown", targetBucket: "unknown-at-preview" }, propertyDependencies: { targetBucket: [logBucket] } });
    expect(await runStack(s3BucketsGuarded, [logBucket, logBlock, logSse, logs])).toEqual([]);
    expect(await runStack(s3BucketsGuarded, [logBucket, logBlock, logSse])).toHaveLength(1);
  });

  it("has nothing to say about a stack without buckets (today's program)", async () => {
    expect(await runStack(s3BucketsGuarded, [policyResource(goodInstance())])).toEqual([]);
  });
});

describe("wire-sqs-encrypted", () => {
  const queue = (props: Record<string, unknown>): TestResource => ({ type: TYPES.queue, props: { name: "q", tags: { "wire:stack": TEST_STACK }, ...props } });

  it("reports an unencrypted queue, passes a KMS key (known or not yet) or SQS-managed SSE", async () => {
    expect(await violations(sqsEncrypted, queue({}))).toHaveLength(1);
    expect(await violations(sqsEncrypted, queue({ sqsManagedSseEnabled: false }))).toHaveLength(1);
    expect(await violations(sqsEncrypted, queue({ kmsMasterKeyId: "arn:aws:kms:eu-central-1:123456789012:key/k" }))).toEqual([]);
    expect(await violations(sqsEncrypted, queue({ kmsMasterKeyId: UNKNOWN_STRING }))).toEqual([]);
    expect(await violations(sqsEncrypted, queue({ sqsManagedSseEnabled: true }))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// The calling DMZ and the load balancer

describe("wire-elb-deletion-protection-enabled (AWSGuard's elb-deletion-protection-enabled)", () => {
  const lb = (type: string, props: Record<string, unknown>): TestResource => ({ type, props: { loadBalancerType: "network", tags: { "wire:stack": TEST_STACK }, ...props } });

  it("reports a load balancer without deletion protection, passes one with it", async () => {
    for (const type of [TYPES.lb, TYPES.alb]) {
      expect(await violations(elbDeletionProtection, lb(type, {}))).toHaveLength(1);
      expect(await violations(elbDeletionProtection, lb(type, { enableDeletionProtection: false }))).toHaveLength(1);
      expect(await violations(elbDeletionProtection, lb(type, { enableDeletionProtection: true }))).toEqual([]);
    }
  });

  it.each(STACKS)("holds on stack %s", async (name, config) => {
    const lbs = ofType(await plan(name, config), TYPES.lb);
    expect(lbs.length).toBeGreaterThan(0);
    for (const r of lbs) expect((await runResource(elbDeletionProtection, planArgs(r, {}))).violations).toEqual([]);
    const unprotected = { ...lbs[0], inputs: { ...lbs[0].inputs, enableDeletionProtection: false } };
    expect((await runResource(elbDeletionProtection, planArgs(unprotected, {}))).violations).toHaveLength(1);
  }, 180_000);
});

describe("wire-calling-dmz", () => {
  const rule = (group: string, peer: string | undefined, port: number, extra: Record<string, unknown> = {}): TestResource => ({
    type: TYPES.ingressRule,
    props: {
      securityGroupId: "sg-1",
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: "sg-2",
      tags: { "wire:stack": TEST_STACK, "wire:group": group, ...(peer ? { "wire:peer": peer } : {}) },
      ...extra,
    },
  });

  it("reports a data-store or admin-host rule whose source is a calling group", async () => {
    expect(await violations(callingDmzRules, rule("cassandra", "restund", 9042))).toHaveLength(1);
    expect(await violations(callingDmzRules, rule("minio", "sft", 9000))).toHaveLength(1);
    expect(await violations(callingDmzRules, rule("adminHost", "sft", 22))).toHaveLength(1);
  });

  it("passes the same rules from the cluster or the admin host, and calling sources into the cluster", async () => {
    expect(await violations(callingDmzRules, rule("cassandra", "kubernetes", 9042))).toEqual([]);
    expect(await violations(callingDmzRules, rule("cassandra", "adminHost", 9042))).toEqual([]);
    expect(await violations(callingDmzRules, rule("kubernetes", "restund", 6443))).toEqual([]);
  });

  it("reports a group-referencing data-store rule that does not name its source", async () => {
    const [v] = await violations(callingDmzRules, rule("elasticsearch", undefined, 9200));
    expect(v).toMatch(/wire:peer/);
    // A CIDR rule is not a group reference.
    expect(await violations(callingDmzRules, rule("elasticsearch", undefined, 9200, { referencedSecurityGroupId: undefined, cidrIpv4: "198.51.100.0/24" }))).toEqual([]);
  });
});

describe("wire-calling-dmz-reach (stack policy)", () => {
  it("passes the real dev plan, judging its groups by dependency", async () => {
    const p = await plan("dev", stackFile("dev"));
    const resources = planPolicyResources(p);
    // Not vacuous: instances and rules carry their groups as dependencies.
    const turn = resources.find((r) => r.type === TYPES.instance && r.name === "restund-1")!;
    expect(turn.propertyDependencies.vpcSecurityGroupIds?.map((d) => d.name)).toEqual(["firewall-restund"]);
    expect(await runStack(callingDmzReach, resources)).toEqual([]);
  }, 180_000);

  it("reports the bad twin: a TURN instance also in the kubernetes group", async () => {
    const p = await plan("dev", stackFile("dev"));
    const resources = planPolicyResources(p);
    const k8s = resources.find((r) => r.type === TYPES.securityGroup && r.name === "firewall-kubernetes")!;
    const twin = resources.map((r) =>
      r.type === TYPES.instance && r.name === "restund-1" ? { ...r, propertyDependencies: { ...r.propertyDependencies, vpcSecurityGroupIds: [...r.propertyDependencies.vpcSecurityGroupIds, k8s] } } : r,
    );
    const found = await runStack(callingDmzReach, twin);
    expect(found.some((f) => /restund-1 reaches cassandra-\d+ on 9042\/tcp/.test(f))).toBe(true);
    expect(found.some((f) => /restund-1 is in group kubernetes, which a data store accepts/.test(f))).toBe(true);
  }, 180_000);
});
