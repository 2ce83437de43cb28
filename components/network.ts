// The shared network: a VPC carved into one private (and, online, one public) subnet per zone.
// Online: internet gateway, a NAT gateway per zone (network.natGateways: perZone, the default; each
// private subnet routes through its own zone's gateway, so losing a zone leaves the others their way
// out) or one in the first zone (single, as Wire's own AWS module: one_nat_gateway_per_az = false),
// route tables. Offline (the island): no route to the internet at all; interface endpoints for SSM keep
// the nodes manageable. Both: an S3 gateway endpoint.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cidrSubnet } from "../config/cidr";
import { FLOW_LOG_RETENTION_DAYS } from "../sizing/bill";

export interface NetworkArgs {
  stack: string;
  region: string;
  cidr: string;
  /** Zone names, one subnet pair per zone, in a fixed order. */
  zones: pulumi.Input<string>[];
  online: boolean;
  /** Online: a NAT gateway (and private route table) per zone, or one shared in the first zone. */
  natGateways?: "perZone" | "single";
}

/**
 * Logical names of zone i's NAT gateway, its Elastic IP, the private route table and its default route.
 * The first zone keeps the names the single gateway always had: a deployed stack keeps its gateway,
 * address and routes, and per-zone mode only adds the other zones' (suffixed -2, -3, ...).
 */
export function natNames(name: string, zoneIndex: number): { eip: string; nat: string; routes: string; defaultRoute: string } {
  const suffix = zoneIndex === 0 ? "" : `-${zoneIndex + 1}`;
  return { eip: `${name}-nat-eip${suffix}`, nat: `${name}-nat${suffix}`, routes: `${name}-private-routes${suffix}`, defaultRoute: `${name}-private-default${suffix}` };
}

/** How many NAT gateways an online stack has (offline: none). */
export function natGatewayCount(online: boolean, zones: number, mode: "perZone" | "single" = "perZone"): number {
  return !online ? 0 : mode === "perZone" ? zones : 1;
}

/** The VPC is split into 16 equal blocks: private subnet i is block i, public subnet i is block 8 + i. */
export function subnetLayout(cidr: string, zones: number): { private: string[]; public: string[] } {
  const prefix = Number(cidr.split("/")[1]) + 4;
  const idx = Array.from({ length: zones }, (_, i) => i);
  return { private: idx.map((i) => cidrSubnet(cidr, prefix, i)), public: idx.map((i) => cidrSubnet(cidr, prefix, 8 + i)) };
}

/** Interface endpoints that let SSM Session Manager reach nodes without the internet. */
export const SSM_ENDPOINT_SERVICES = ["ssm", "ssmmessages", "ec2messages"];

/** The only calls VPC flow logs make, on the one log group (no `*` action). */
export const FLOW_LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"];

export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetCidrs: string[];
  /** Reserves the asset host's fixed address; whatever creates network interfaces waits for it. */
  readonly fixedAddresses: aws.ec2.SubnetCidrReservation;
  /** The S3 gateway endpoint's prefix list: the island's only way out, for the admin and asset hosts. */
  readonly s3PrefixListId: pulumi.Output<string>;
  /** Online: what internet-facing resources (load balancer, Elastic IPs) must wait for. */
  readonly internetGateway?: aws.ec2.InternetGateway;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:network:Network", name, {}, opts);
    const parent = { parent: this };
    const tags = (suffix: string) => ({ Name: `${args.stack}-${name}-${suffix}`, "wire:stack": args.stack });
    const layout = subnetLayout(args.cidr, args.zones.length);
    this.privateSubnetCidrs = layout.private;

    const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags("vpc") }, parent);
    this.vpcId = vpc.id;

    const privateSubnets = args.zones.map(
      (zone, i) =>
        new aws.ec2.Subnet(`${name}-private-${i + 1}`, { vpcId: vpc.id, cidrBlock: layout.private[i], availabilityZone: zone, tags: { ...tags(`private-${i + 1}`), "wire:tier": "private" } }, parent),
    );
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    // The asset host's fixed address (.10 of the first private subnet) must never be handed to an
    // endpoint's or load balancer's network interface first: AWS assigns nothing from an explicit
    // reservation, and the resources that create such interfaces wait for it.
    this.fixedAddresses = new aws.ec2.SubnetCidrReservation(
      `${name}-fixed-addresses`,
      { subnetId: privateSubnets[0].id, cidrBlock: cidrSubnet(layout.private[0], 29, 1), reservationType: "explicit", description: "fixed addresses (asset host)" },
      parent,
    );
    // One private route table per NAT gateway: zone i's subnet uses table i (the first table when there
    // is a single gateway, or none: offline every subnet shares the first).
    const natCount = natGatewayCount(args.online, args.zones.length, args.natGateways);
    const privateRoutes = Array.from({ length: Math.max(1, natCount) }, (_, i) =>
      new aws.ec2.RouteTable(natNames(name, i).routes, { vpcId: vpc.id, tags: tags(i === 0 ? "private-routes" : `private-routes-${i + 1}`) }, parent),
    );
    const routesOf = (zoneIndex: number) => privateRoutes[zoneIndex < privateRoutes.length ? zoneIndex : 0];
    privateSubnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-private-${i + 1}-routes`, { subnetId: s.id, routeTableId: routesOf(i).id }, parent));

    if (args.online) {
      const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags("igw") }, parent);
      this.internetGateway = igw;
      const publicSubnets = args.zones.map(
        (zone, i) =>
          new aws.ec2.Subnet(`${name}-public-${i + 1}`, { vpcId: vpc.id, cidrBlock: layout.public[i], availabilityZone: zone, mapPublicIpOnLaunch: false, tags: { ...tags(`public-${i + 1}`), "wire:tier": "public" } }, parent),
      );
      this.publicSubnetIds = publicSubnets.map((s) => s.id);
      const publicRoutes = new aws.ec2.RouteTable(`${name}-public-routes`, { vpcId: vpc.id, tags: tags("public-routes") }, parent);
      new aws.ec2.Route(`${name}-public-default`, { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, parent);
      publicSubnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-public-${i + 1}-routes`, { subnetId: s.id, routeTableId: publicRoutes.id }, parent));

      privateRoutes.forEach((routes, i) => {
        const n = natNames(name, i);
        const label = (what: string) => (i === 0 ? what : `${what}-${i + 1}`);
        const natIp = new aws.ec2.Eip(n.eip, { domain: "vpc", tags: tags(label("nat-eip")) }, parent);
        const nat = new aws.ec2.NatGateway(n.nat, { subnetId: publicSubnets[i].id, allocationId: natIp.id, tags: tags(label("nat")) }, { parent: this, dependsOn: [igw] });
        new aws.ec2.Route(n.defaultRoute, { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }, parent);
      });
    } else {
      this.publicSubnetIds = [];
      const endpointSg = new aws.ec2.SecurityGroup(`${name}-endpoints-sg`, { vpcId: vpc.id, description: "VPC interface endpoints (HTTPS from the VPC)", tags: tags("endpoints-sg") }, parent);
      new aws.vpc.SecurityGroupIngressRule(`${name}-endpoints-https`, { securityGroupId: endpointSg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: args.cidr, description: "HTTPS from the VPC" }, parent);
      for (const service of SSM_ENDPOINT_SERVICES) {
        new aws.ec2.VpcEndpoint(
          `${name}-${service}-endpoint`,
          { vpcId: vpc.id, serviceName: `com.amazonaws.${args.region}.${service}`, vpcEndpointType: "Interface", privateDnsEnabled: true, subnetIds: this.privateSubnetIds, securityGroupIds: [endpointSg.id], tags: tags(`${service}-endpoint`) },
          { parent: this, dependsOn: [this.fixedAddresses] },
        );
      }
    }
    const s3 = new aws.ec2.VpcEndpoint(`${name}-s3-endpoint`, { vpcId: vpc.id, serviceName: `com.amazonaws.${args.region}.s3`, vpcEndpointType: "Gateway", routeTableIds: privateRoutes.map((r) => r.id), tags: tags("s3-endpoint") }, parent);

    this.s3PrefixListId = s3.prefixListId;
    this.flowLogs(name, vpc, args.stack);
    this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds, publicSubnetIds: this.publicSubnetIds });
  }

  /** Every accepted and rejected connection, kept 90 days: what an auditor and a debugging operator ask for. */
  private flowLogs(name: string, vpc: aws.ec2.Vpc, stack: string): void {
    const parent = { parent: this };
    const tags = { "wire:stack": stack };
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, { name: `/wire-backend/${stack}/vpc-flow-logs`, retentionInDays: FLOW_LOG_RETENTION_DAYS, tags }, parent);
    const role = new aws.iam.Role(
      `${name}-flow-logs-role`,
      { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }] }), tags },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs-policy`,
      { role: role.id, policy: logGroup.arn.apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: FLOW_LOG_ACTIONS, Resource: [arn, `${arn}:*`] }] })) },
      parent,
    );
    new aws.ec2.FlowLog(`${name}-flow-log`, { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: logGroup.arn, iamRoleArn: role.arn, tags }, parent);
  }
}
