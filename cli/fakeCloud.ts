// Pulumi's mock runtime needs a "cloud" that answers resource registrations and invokes. This one
// is deterministic: the same stack always gets the same fake ids and addresses, so plans diff cleanly.
import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { Address4 } from "ip-address";
import { partitionOf, zonesOf } from "../sizing/regions";
import type { Partition } from "../sizing/regions";

export const FAKE_ACCOUNT = "123456789012";
export const FAKE_AMI = "ami-0fc5d935ebf8bc3bc";

export interface RegisteredResource {
  type: string;
  name: string;
  id?: string;
  custom: boolean;
  inputs: Record<string, unknown>;
}

function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** AWS-shaped ids (`i-…`, `vol-…`, `sg-…`) so that user data and outputs look like the real thing. */
const ID_PREFIX: Record<string, [string, number]> = {
  "aws:ec2/instance:Instance": ["i-", 17],
  "aws:ebs/volume:Volume": ["vol-", 17],
  "aws:ec2/vpc:Vpc": ["vpc-", 17],
  "aws:ec2/subnet:Subnet": ["subnet-", 17],
  "aws:ec2/securityGroup:SecurityGroup": ["sg-", 17],
  "aws:ec2/eip:Eip": ["eipalloc-", 17],
  "aws:ec2/internetGateway:InternetGateway": ["igw-", 17],
  "aws:ec2/natGateway:NatGateway": ["nat-", 17],
  "aws:ec2/routeTable:RouteTable": ["rtb-", 17],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpce-", 17],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["sgr-", 17],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["sgr-", 17],
};

/** AWS's zone-id prefix: eu-central-1 -> euc1, ap-northeast-1 -> apne1, us-gov-west-1 -> usgw1. */
function zoneIdPrefix(region: string): string {
  const parts = region.split("-");
  const n = parts.pop();
  const dir: Record<string, string> = { north: "n", south: "s", east: "e", west: "w", central: "c", northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw" };
  return parts.map((p, i) => (i === 0 ? p : (dir[p] ?? p[0]))).join("") + n;
}

function serviceOf(type: string): string {
  const mod = type.split(":")[1]?.split("/")[0] ?? "resource";
  return mod === "ebs" || mod === "vpc" ? "ec2" : mod === "lb" ? "elasticloadbalancing" : mod;
}

/**
 * Four name servers shaped like the ones Route 53 hands a public zone (one each under .com, .net,
 * .org and .co.uk: ns-0..511.awsdns-NN.com, 512..1023 .net, 1024..1535 .org, 1536..2047 .co.uk),
 * so the plan shows the delegation record a real `pulumi up` prints.
 */
export function fakeNameServers(zone: string): string[] {
  return ["com", "net", "org", "co.uk"].map((tld, i) => {
    const n = (parseInt(hex(`ns:${zone}:${i}`, 4), 16) % 512) + 512 * i;
    return `ns-${n}.awsdns-${String(parseInt(hex(`awsdns:${zone}:${i}`, 2), 16) % 64).padStart(2, "0")}.${tld}`;
  });
}

/**
 * The account the fake cloud answers the program's account check with (components/accountFacts.ts).
 * The plan has no account: by default every quota is ample, nothing else runs in it and every zone
 * offers every type, so the check passes and the plan shows the need; `npm run preflight` asks the
 * real account. Tests pass tighter accounts.
 */
export interface FakeAccount {
  /** Applied value per quota code; absent codes answer AMPLE_QUOTA. */
  quotas?: Record<string, number>;
  /** Elastic IPs already allocated, with their tags. */
  eips?: { tags?: Record<string, string> }[];
  /** Running instances, with their type and tags (spot: counts against the Spot quotas). */
  instances?: { instanceType: string; tags?: Record<string, string>; spot?: boolean }[];
  vpcs?: { tags?: Record<string, string> }[];
  /** Zone -> instance types NOT offered there (default: every type everywhere). */
  notOffered?: Record<string, string[]>;
}

export const AMPLE_QUOTA = 100_000;

const hasTags = (tags: Record<string, string> | undefined, wanted: unknown) =>
  Object.entries((wanted ?? {}) as Record<string, string>).every(([k, v]) => tags?.[k] === v);

export class FakeCloud implements pulumi.runtime.Mocks {
  readonly registered: RegisteredResource[] = [];
  private readonly subnetCidrs = new Map<string, string>();
  private readonly nextHost = new Map<string, number>();
  private publicIps = 0;

  private readonly partition: Partition;

  constructor(private readonly region: string, private readonly account: FakeAccount = {}) {
    this.partition = partitionOf(region);
  }

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const custom = args.custom ?? true;
    const [prefix, len] = ID_PREFIX[args.type] ?? ["", 0];
    const id = !custom ? undefined : prefix ? `${prefix}${hex(`${args.type}::${args.name}`, len)}` : `${args.name}-${hex(args.type + args.name, 8)}`;
    this.registered.push({ type: args.type, name: args.name, id, custom, inputs: args.inputs });
    return { id, state: { ...args.inputs, ...this.computed(args, id ?? args.name) } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    switch (args.token) {
      case "aws:index/getAvailabilityZones:getAvailabilityZones": {
        // The region's real zone names (sizing/regions.ts); a region that table lacks gets a, b, c.
        const names = zonesOf(this.region) ?? ["a", "b", "c"].map((l) => `${this.region}${l}`);
        return { id: this.region, names, zoneIds: names.map((_, i) => `${zoneIdPrefix(this.region)}-az${i + 1}`) };
      }
      case "aws:ec2/getAmi:getAmi":
        return { id: FAKE_AMI, architecture: "x86_64", name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20261101" };
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return { accountId: FAKE_ACCOUNT, arn: `arn:${this.partition.partition}:iam::${FAKE_ACCOUNT}:user/plan`, userId: "AIDAPLAN" };
      case "aws:index/getRegion:getRegion":
        return { name: this.region, region: this.region, id: this.region };
      case "aws:index/getPartition:getPartition":
        return { id: this.partition.partition, ...this.partition, reverseDnsPrefix: this.partition.dnsSuffix.split(".").reverse().join(".") };
      case "aws:servicequotas/getServiceQuota:getServiceQuota": {
        const code = String(args.inputs.quotaCode);
        return { id: `${args.inputs.serviceCode}/${code}`, quotaCode: code, serviceCode: args.inputs.serviceCode, quotaName: code, value: this.account.quotas?.[code] ?? AMPLE_QUOTA, defaultValue: AMPLE_QUOTA, adjustable: true, globalQuota: false, usageMetrics: [] };
      }
      case "aws:ec2/getEips:getEips": {
        const eips = (this.account.eips ?? []).map((e, i) => ({ ...e, id: `eipalloc-${hex(`eip${i}`, 17)}` })).filter((e) => hasTags(e.tags, args.inputs.tags));
        return { id: this.region, allocationIds: eips.map((e) => e.id), publicIps: eips.map((_, i) => `192.0.2.${i + 1}`) };
      }
      case "aws:ec2/getVpcs:getVpcs": {
        const vpcs = (this.account.vpcs ?? []).map((v, i) => ({ ...v, id: `vpc-${hex(`vpc${i}`, 17)}` })).filter((v) => hasTags(v.tags, args.inputs.tags));
        return { id: this.region, ids: vpcs.map((v) => v.id), tags: {} };
      }
      case "aws:ec2/getInstances:getInstances": {
        const filters = (args.inputs.filters ?? []) as { name: string; values: string[] }[];
        const spotOnly = filters.some((f) => f.name === "instance-lifecycle" && f.values.includes("spot"));
        const ids = this.fakeInstances()
          .filter((i) => hasTags(i.tags, args.inputs.instanceTags) && (!spotOnly || i.spot))
          .map((i) => i.id);
        return { id: this.region, ids, privateIps: [], publicIps: [], ipv6Addresses: [], instanceTags: {} };
      }
      case "aws:ec2/getInstance:getInstance": {
        const found = this.fakeInstances().find((i) => i.id === args.inputs.instanceId);
        if (!found) throw new Error(`no instance ${args.inputs.instanceId}`);
        return { id: found.id, instanceType: found.instanceType, instanceState: "running", tags: found.tags ?? {}, instanceTags: found.tags ?? {} };
      }
      case "aws:ec2/getInstanceType:getInstanceType":
        // Types outside the catalog: the fake account's only ones are sized by name (xlarge = 4 vCPUs).
        return { id: args.inputs.instanceType, instanceType: args.inputs.instanceType, defaultVcpus: 4 };
      case "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": {
        const filters = (args.inputs.filters ?? []) as { name: string; values: string[] }[];
        const types = filters.find((f) => f.name === "instance-type")?.values ?? [];
        const zones = zonesOf(this.region) ?? ["a", "b", "c"].map((l) => `${this.region}${l}`);
        const pairs = zones.flatMap((z) => types.filter((t) => !(this.account.notOffered?.[z] ?? []).includes(t)).map((t) => [z, t]));
        return { id: this.region, locationType: "availability-zone", locations: pairs.map((p) => p[0]), instanceTypes: pairs.map((p) => p[1]), locationTypes: pairs.map(() => "availability-zone") };
      }
      default:
        // Fail loudly: a silently empty answer would make the plan lie.
        throw new Error(`the plan's fake cloud has no answer for ${args.token}`);
    }
  }

  private fakeInstances(): { id: string; instanceType: string; tags?: Record<string, string>; spot?: boolean }[] {
    return (this.account.instances ?? []).map((i, n) => ({ ...i, id: `i-${hex(`running${n}`, 17)}` }));
  }

  /** Outputs AWS computes that the program reads (ARNs, addresses, names). */
  private computed(args: pulumi.runtime.MockResourceArgs, id: string): Record<string, unknown> {
    const inputs = args.inputs as Record<string, unknown>;
    const arn = `arn:${this.partition.partition}:${serviceOf(args.type)}:${this.region}:${FAKE_ACCOUNT}:${args.name}/${id}`;
    const out: Record<string, unknown> = { arn, name: inputs.name ?? `${args.name}-${hex(args.name, 7)}` };
    switch (args.type) {
      case "aws:ec2/subnet:Subnet":
        this.subnetCidrs.set(id, String(inputs.cidrBlock));
        break;
      case "aws:ec2/instance:Instance":
        out.privateIp = inputs.privateIp ?? this.allocatePrivateIp(String(inputs.subnetId));
        out.privateDns = `ip-${String(out.privateIp).replace(/\./g, "-")}.${this.region}.compute.internal`;
        break;
      case "aws:ec2/eip:Eip":
        out.publicIp = this.allocatePublicIp();
        out.allocationId = id;
        break;
      case "aws:lb/loadBalancer:LoadBalancer":
        out.dnsName = `${args.name}-${hex(args.name, 10)}.elb.${this.region}.${this.partition.dnsSuffix}`;
        out.zoneId = "Z3F0SRJ5LGBH90";
        break;
      case "aws:kms/key:Key":
        out.keyId = hex(args.name, 8) + "-" + hex(args.name + "k", 4) + "-4" + hex(args.name + "x", 3) + "-8" + hex(args.name + "y", 3) + "-" + hex(args.name + "z", 12);
        break;
      case "aws:sqs/queue:Queue":
        out.url = `https://sqs.${this.region}.${this.partition.dnsSuffix}/${FAKE_ACCOUNT}/${inputs.name ?? args.name}`;
        out.arn = `arn:${this.partition.partition}:sqs:${this.region}:${FAKE_ACCOUNT}:${inputs.name ?? args.name}`;
        break;
      case "aws:sesv2/emailIdentity:EmailIdentity":
        // SES hands out three Easy DKIM tokens per domain identity.
        out.arn = `arn:${this.partition.partition}:ses:${this.region}:${FAKE_ACCOUNT}:identity/${inputs.emailIdentity}`;
        out.dkimSigningAttributes = { tokens: [1, 2, 3].map((i) => hex(`dkim:${inputs.emailIdentity}:${i}`, 32)), nextSigningKeyLength: "RSA_2048_BIT" };
        break;
      case "aws:sesv2/configurationSet:ConfigurationSet":
        out.arn = `arn:${this.partition.partition}:ses:${this.region}:${FAKE_ACCOUNT}:configuration-set/${inputs.configurationSetName}`;
        break;
      case "aws:route53/zone:Zone":
        out.zoneId = `Z${hex(args.name, 20).toUpperCase()}`;
        out.nameServers = fakeNameServers(args.name);
        break;
      case "aws:s3/bucket:Bucket":
        out.bucket = inputs.bucket ?? `${inputs.bucketPrefix ?? args.name}${hex(args.name, 12)}`;
        out.arn = `arn:${this.partition.partition}:s3:::${out.bucket}`;
        out.bucketRegionalDomainName = `${out.bucket}.s3.${this.region}.${this.partition.dnsSuffix}`;
        break;
      case "aws:acm/certificate:Certificate":
        out.domainValidationOptions = [
          { domainName: inputs.domainName, resourceRecordName: `_${hex(args.name, 32)}.${inputs.domainName}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${hex(`${args.name}v`, 32)}.acm-validations.aws.` },
        ];
        break;
      case "aws:acm/certificateValidation:CertificateValidation":
        out.certificateArn = inputs.certificateArn;
        break;
      case "aws:cloudfront/distribution:Distribution":
        out.domainName = `d${hex(args.name, 13)}.cloudfront.net`;
        // CloudFront's one hosted zone for alias records (AWS docs, Route 53 AliasTarget).
        out.hostedZoneId = "Z2FDTNDATAQYW2";
        out.arn = `arn:${this.partition.partition}:cloudfront::${FAKE_ACCOUNT}:distribution/${id}`;
        break;
      case "aws:route53/record:Record":
        out.fqdn = inputs.name;
        break;
      case "tls:index/privateKey:PrivateKey":
        out.publicKeyOpenssh = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA${hex(args.name, 43)} plan\n`;
        out.privateKeyOpenssh = `-----BEGIN OPENSSH PRIVATE KEY-----\n${hex(`key:${args.name}`, 64)}\n-----END OPENSSH PRIVATE KEY-----\n`;
        break;
      case "aws:ec2/vpcEndpoint:VpcEndpoint":
        out.prefixListId = `pl-${hex(args.name, 8)}`;
        break;
      case "random:index/randomPassword:RandomPassword":
      case "random:index/randomString:RandomString":
        out.result = hex(`secret:${args.name}`, Number(inputs.length ?? 32));
        break;
      case "random:index/randomBytes:RandomBytes": {
        const bytes = Buffer.from(hex(`bytes:${args.name}`, 2 * Number(inputs.length ?? 32)), "hex");
        out.base64 = bytes.toString("base64");
        out.hex = bytes.toString("hex");
        break;
      }
    }
    return out;
  }

  /** Hosts .20 onward of the subnet, in registration order (.10 is the asset host's fixed address). */
  private allocatePrivateIp(subnetId: string): string {
    const cidr = this.subnetCidrs.get(subnetId) ?? "172.31.0.0/20";
    const n = (this.nextHost.get(subnetId) ?? 20) + 1;
    this.nextHost.set(subnetId, n);
    const start = new Address4(cidr).startAddress().bigInt();
    return Address4.fromBigInt(start + BigInt(n - 1)).correctForm();
  }

  /** Documentation ranges (RFC 5737), never a real host. */
  private allocatePublicIp(): string {
    const n = this.publicIps++;
    const block = ["203.0.113", "198.51.100", "192.0.2"][Math.floor(n / 250) % 3];
    return `${block}.${(n % 250) + 1}`;
  }
}
