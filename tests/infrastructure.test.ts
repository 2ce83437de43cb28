// What `pulumi up` would create, judged on the mock runtime: counts, types, encryption, IMDSv2, zones,
// data volumes, world-open ports, and logical names that survive scaling.
import { isAllowedWorldOpen } from "../config/firewall";
import { DATA_ROLES, ROLES } from "../sizing/types";
import { HEAVY_CONFERENCES, INGRESS, INSTANCE, OFFLINE, VOLUME, ofType, plan, roleOf, stack, stackFile } from "./helpers/stacks";

const STACKS: [string, () => ReturnType<typeof plan>][] = [
  ["small (300 users)", () => plan("small", stack(300))],
  ["dev (2,000 users)", () => plan("dev", stackFile("dev"))],
  ["large (50,000 users, heavy conferencing)", () => plan("large", stack(50_000, HEAVY_CONFERENCES))],
];

describe.each(STACKS)("%s", (_name, get) => {
  it("creates per role exactly the sized number of instances of the sized type", async () => {
    const p = await get();
    const instances = ofType(p, INSTANCE);
    for (const role of ROLES) {
      const mine = instances.filter((i) => roleOf(i) === role);
      expect(mine).toHaveLength(p.sizing.roles[role].count);
      for (const i of mine) expect(i.inputs.instanceType).toBe(p.sizing.roles[role].instanceType);
    }
    const total = ROLES.reduce((n, r) => n + p.sizing.roles[r].count, 0);
    expect(instances).toHaveLength(total);
  });

  it("requires IMDSv2 and encrypts every root and data volume", async () => {
    const p = await get();
    for (const i of ofType(p, INSTANCE)) {
      expect(i.inputs.metadataOptions).toMatchObject({ httpTokens: "required" });
      expect(i.inputs.rootBlockDevice).toMatchObject({ encrypted: true });
      expect((i.inputs.rootBlockDevice as { kmsKeyId?: string }).kmsKeyId).toMatch(/^arn:aws:kms:/);
    }
    for (const v of ofType(p, VOLUME)) {
      expect(v.inputs).toMatchObject({ encrypted: true, type: "gp3" });
      expect(String(v.inputs.kmsKeyId)).toMatch(/^arn:aws:kms:/);
    }
  });

  it("gives exactly the data roles their own volume of the sized disk, attached to their instance", async () => {
    const p = await get();
    const volumes = ofType(p, VOLUME);
    const attachments = ofType(p, "aws:ec2/volumeAttachment:VolumeAttachment");
    const expected = DATA_ROLES.reduce((n, r) => n + p.sizing.roles[r].count, 0);
    expect(volumes).toHaveLength(expected);
    expect(attachments).toHaveLength(expected);
    for (const v of volumes) {
      const role = roleOf(v) as (typeof DATA_ROLES)[number];
      expect(DATA_ROLES).toContain(role);
      expect(v.inputs.size).toBe(p.sizing.roles[role].diskGiB);
      const owner = ofType(p, INSTANCE).find((i) => `${i.name}-data` === v.name)!;
      expect(v.inputs.availabilityZone).toBe(owner.inputs.availabilityZone);
      const attachment = attachments.find((a) => a.inputs.volumeId === v.id)!;
      expect(attachment.inputs.instanceId).toBe(owner.id);
    }
  });

  it("spreads every role of three or more nodes over at least three zones", async () => {
    const p = await get();
    for (const role of ROLES) {
      const zones = new Set(ofType(p, INSTANCE).filter((i) => roleOf(i) === role).map((i) => i.inputs.availabilityZone));
      if (p.sizing.roles[role].count >= 3) expect(zones.size).toBeGreaterThanOrEqual(3);
    }
  });

  it("opens to the world only the TURN, SFT and load-balancer ports, and SSH never", async () => {
    const p = await get();
    const groupOf = new Map(ofType(p, "aws:ec2/securityGroup:SecurityGroup").map((g) => [g.id, String((g.inputs.tags as Record<string, string>)["wire:role"])]));
    const world = ofType(p, INGRESS).filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0");
    expect(world.length).toBeGreaterThan(0);
    for (const r of world) {
      const rule = { group: groupOf.get(String(r.inputs.securityGroupId)) as never, protocol: r.inputs.ipProtocol as never, fromPort: Number(r.inputs.fromPort), toPort: Number(r.inputs.toPort) };
      expect([r.name, isAllowedWorldOpen(rule)]).toEqual([r.name, true]);
    }
    const ssh = ofType(p, INGRESS).filter((r) => r.inputs.ipProtocol === "tcp" && Number(r.inputs.fromPort) <= 22 && Number(r.inputs.toPort) >= 22);
    expect(ssh.length).toBeGreaterThan(0);
    for (const r of ssh) {
      expect(r.inputs.cidrIpv4).not.toBe("0.0.0.0/0");
      expect(r.inputs.cidrIpv6).not.toBe("::/0");
    }
  });

  it("puts TURN and SFT nodes in public subnets with Elastic IPs and everything else in private subnets", async () => {
    const p = await get();
    const tierOf = new Map(ofType(p, "aws:ec2/subnet:Subnet").map((s) => [s.id, (s.inputs.tags as Record<string, string>)["wire:tier"]]));
    const eips = ofType(p, "aws:ec2/eip:Eip").filter((e) => e.inputs.instance);
    for (const i of ofType(p, INSTANCE)) {
      const publicRole = roleOf(i) === "restund" || roleOf(i) === "sft";
      expect([i.name, tierOf.get(String(i.inputs.subnetId))]).toEqual([i.name, publicRole ? "public" : "private"]);
      expect([i.name, eips.some((e) => e.inputs.instance === i.id)]).toEqual([i.name, publicRole]);
    }
  });

  it("forwards 443 and 80 to the ingress NodePorts of every Kubernetes node", async () => {
    const p = await get();
    const groups = ofType(p, "aws:lb/targetGroup:TargetGroup").map((g) => g.inputs.port).sort();
    expect(groups).toEqual([31772, 31773]);
    const listeners = ofType(p, "aws:lb/listener:Listener").map((l) => l.inputs.port).sort();
    expect(listeners).toEqual([443, 80]);
    const kube = ofType(p, INSTANCE).filter((i) => roleOf(i) === "kubernetes").map((i) => i.id).sort();
    const attached = ofType(p, "aws:lb/targetGroupAttachment:TargetGroupAttachment");
    expect(attached).toHaveLength(2 * kube.length);
    expect([...new Set(attached.map((a) => a.inputs.targetId))].sort()).toEqual(kube);
  });

  it("returns every role's private IPs, the TURN public IPs and the load balancer's name as stack outputs", async () => {
    const p = await get();
    const ips = p.outputs.privateIps as Record<string, string[]>;
    for (const role of ROLES) if (p.sizing.roles[role].count > 0) expect(ips[role]).toHaveLength(p.sizing.roles[role].count);
    expect(p.outputs.restundPublicIps).toHaveLength(p.sizing.roles.restund.count);
    expect(String(p.outputs.loadBalancerDnsName)).toMatch(/\.elb\.eu-central-1\.amazonaws\.com$/);
  });
});

describe("scaling a stack up", () => {
  it("keeps every earlier instance's and volume's URN and replacement-forcing inputs", async () => {
    const before = await plan("test", stack(2_000));
    const after = await plan("test", stack(50_000));
    const forceNew = ["availabilityZone", "subnetId", "privateIp", "ami"];
    for (const type of [INSTANCE, VOLUME]) {
      const later = new Map(ofType(after, type).map((r) => [r.urn, r]));
      expect(later.size).toBeGreaterThan(ofType(before, type).length);
      for (const r of ofType(before, type)) {
        expect(later.has(r.urn)).toBe(true);
        for (const k of forceNew) expect([r.urn, k, later.get(r.urn)!.inputs[k]]).toEqual([r.urn, k, r.inputs[k]]);
      }
    }
  });

  it("names instances <role>-<index> under stable component URNs", async () => {
    const p = await plan("dev", stackFile("dev"));
    const cassandra = ofType(p, INSTANCE).filter((i) => roleOf(i) === "cassandra");
    expect(cassandra.map((i) => i.name)).toEqual(["cassandra-1", "cassandra-2", "cassandra-3"]);
    expect(cassandra[0].urn).toBe(
      "urn:pulumi:dev::wire-backend::wire:index:Backend$wire:data:Cassandra$wire:compute:NodeGroup$aws:ec2/instance:Instance::cassandra-1",
    );
  });
});

describe("a bad stack", () => {
  it("registers no resource and names every problem", async () => {
    await expect(plan("bad", stack(0, { "wire-backend:roles": { cassandra: { count: 2 } } }))).rejects.toThrow(/wire-backend:users: 0 is not allowed/);
    await expect(plan("bad2", stack(2000, { "wire-backend:roles": { cassandra: { count: 2 } } }))).rejects.toThrow(/wire-backend:roles\.cassandra\.count/);
  });
});

describe("the offline island", () => {
  it("has no internet gateway, NAT, Elastic IP, public subnet or world-open rule, and an internal load balancer", async () => {
    const p = await plan("island", stack(500, OFFLINE));
    for (const type of ["aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip"]) expect(ofType(p, type)).toHaveLength(0);
    expect(ofType(p, "aws:ec2/subnet:Subnet").every((s) => (s.inputs.tags as Record<string, string>)["wire:tier"] === "private")).toBe(true);
    const all = JSON.stringify(ofType(p, INGRESS).map((r) => r.inputs)) + JSON.stringify(ofType(p, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => r.inputs));
    expect(all).not.toContain("0.0.0.0/0");
    expect(all).not.toContain("::/0");
    expect(ofType(p, "aws:lb/loadBalancer:LoadBalancer")[0].inputs.internal).toBe(true);
    const services = ofType(p, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => String(e.inputs.serviceName).split(".").pop()).sort();
    expect(services).toEqual(["ec2messages", "s3", "ssm", "ssmmessages"]);
  });
});

describe("the asset host's fixed address", () => {
  it("lies in an explicit reservation of the first private subnet that every node waits for", async () => {
    const p = await plan("dev", stackFile("dev"));
    const [reservation] = ofType(p, "aws:ec2/subnetCidrReservation:SubnetCidrReservation");
    expect(reservation.inputs).toMatchObject({ reservationType: "explicit", cidrBlock: "172.16.0.8/29" });
    const asset = ofType(p, INSTANCE).find((i) => roleOf(i) === "assetHost")!;
    expect(asset.inputs.privateIp).toBe("172.16.0.10");
    expect(asset.inputs.subnetId).toBe(reservation.inputs.subnetId);
    for (const i of ofType(p, INSTANCE)) expect(i.options.dependsOn).toContain(reservation.urn);
  });
});
