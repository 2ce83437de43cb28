// The root component: parents everything a stack creates, so that a `transformations` option on it
// sees (and the plan can record) every resource's options. Reads only typed config and sizing.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import type { StackConfig } from "../config/schema";
import { cidrSubnet } from "../config/cidr";
import { ROLES, Role, serviceRuns, Sizing } from "../sizing/types";
import type { InventoryHost } from "../config/hosts";
import type { Deployed } from "../sizing/deployed";
import { Backup } from "./backup";
import { AccessLogBucket, type LoggedBucket } from "./accessLogBucket";
import { AssetsBucket } from "./assetsBucket";
import { webOrigins } from "../config/hostNames";
import { CertManagerDns } from "./certManagerDns";
import { Dns } from "./dns";
import { PublicFiles } from "./publicFiles";
import { Ses } from "./email";
import { emailSender, emailVia, relayCidrs, SMTP_DEFAULT_PORT } from "../config/email";
import { kubeObjectsSpec } from "../config/kubeObjects";
import { LoadBalancer } from "./loadBalancer";
import { Push } from "./push";
import { WireObjects } from "./wireObjects";
import { Network, subnetLayout } from "./network";
import { AdminHost } from "./roles/adminHost";
import { AssetHost } from "./roles/assetHost";
import { Cassandra } from "./roles/cassandra";
import { Elasticsearch } from "./roles/elasticsearch";
import { Kubernetes } from "./roles/kubernetes";
import { Minio } from "./roles/minio";
import { Postgresql } from "./roles/postgresql";
import { Rabbitmq } from "./roles/rabbitmq";
import { Datanode } from "./roles/datanode";
import { Restund } from "./roles/restund";
import { RoleComponent, SharedNodeArgs } from "./roles/role";
import { Sft } from "./roles/sft";
import { Security } from "./security";
import { SecurityGroups } from "./securityGroups";

/** Canonical's AWS account, owner of the official Ubuntu images. */
export const CANONICAL_OWNER_ID = "099720109477";
/** Ubuntu 22.04 (jammy): Wire's offline bundle ships debs-jammy. */
export const UBUNTU_IMAGE_NAME = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*";
/** The asset host's fixed address: the 10th in the first private subnet. */
export const ASSET_HOST_OFFSET = 10;
export const ASSET_HOST_PORT = 8080;
/** Where phase one renders the Kubernetes objects (git-ignored: Secrets are in plain text there). */
export const RENDER_DIR = "rendered/k8s";

export interface BackendArgs {
  stack: string;
  config: StackConfig;
  sizing: Sizing;
  /** The previous deployment: each role keeps the image its nodes were created with. */
  deployed: Deployed;
}

export function assetHostIp(config: StackConfig): string {
  const first = subnetLayout(config.network.cidr, config.network.zones).private[0];
  return cidrSubnet(first, 32, ASSET_HOST_OFFSET).replace("/32", "");
}

/** Offline, the relay brig sends through, outside the VPC-only egress (online all egress is open). */
export function smtpRelayOf(config: StackConfig): { cidrs: string[]; port: number } | undefined {
  const smtp = config.email.smtp;
  if (config.connectivity === "online" || emailVia(config) !== "smtp" || !smtp) return undefined;
  const cidrs = relayCidrs(smtp);
  return cidrs.length > 0 ? { cidrs, port: smtp.port ?? SMTP_DEFAULT_PORT[smtp.tls] } : undefined;
}

export class Backend extends pulumi.ComponentResource {
  readonly roles: Partial<Record<Role, RoleComponent>>;
  readonly loadBalancer: LoadBalancer;
  readonly network: Network;
  readonly security: Security;
  readonly push: Push;
  readonly dns: Dns;
  /** assets: s3: the bucket cargohold keeps users' files in. */
  readonly assetsBucket?: AssetsBucket;
  /** The S3 access logs of the stack's buckets (only where there are buckets). */
  readonly accessLogs?: AccessLogBucket;
  /** With `assets: s3`: the public files' bucket and CloudFront (with MinIO: its `public` bucket). */
  readonly publicFiles?: PublicFiles;
  readonly kubernetesObjects: WireObjects;
  /** Each instance's user data by logical name (cassandra-1, ...). */
  readonly cloudInit: Record<string, pulumi.Output<string>>;
  /** Every node with its addresses, in role order: what inventories and values are rendered from. */
  readonly hosts: pulumi.Output<InventoryHost[]>;
  /** The image each role's nodes are created from (recorded in the stack outputs). */
  readonly amiByRole: Record<Role, pulumi.Output<string[]>>;
  /** The zones in node order (recorded in the stack outputs, then pinned). */
  readonly zones: pulumi.Output<string[]>;
  /** Private key of the key pair every node accepts for Wire's Ansible (a secret). */
  readonly ansibleSshPrivateKey: pulumi.Output<string>;

  constructor(name: string, args: BackendArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:index:Backend", name, {}, opts);
    const { config, sizing, stack } = args;
    const online = config.connectivity === "online";
    const parent = { parent: this };

    // The zones are looked up once and then pinned by the stack's own outputs: a region gaining a
    // zone must never move node i (and its data volume) elsewhere. Opt-in (local) zones are skipped.
    const pinned = config.network.zoneNames?.slice(0, config.network.zones) ?? args.deployed.zones;
    const zones: pulumi.Input<string>[] = pinned
      ? pinned
      : (() => {
          const available = aws.getAvailabilityZonesOutput({ state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }, parent);
          return Array.from({ length: config.network.zones }, (_, i) => available.names.apply((n) => n[i]));
        })();
    this.zones = pulumi.all(zones);

    this.network = new Network("network", { stack, region: config.region, cidr: config.network.cidr, zones, online, natGateways: config.network.natGateways }, parent);
    this.security = new Security("security", { stack }, parent);
    const groups = new SecurityGroups(
      "firewall",
      { stack, vpcId: this.network.vpcId, vpcCidr: config.network.cidr, online, adminCidrs: config.access.adminCidrs, turnTls: config.turn.tls, clientCidrs: config.network.clientCidrs, s3PrefixListId: this.network.s3PrefixListId, placement: sizing.placement, smtpRelay: smtpRelayOf(config) },
      parent,
    );

    // Existing nodes keep the image they were created with (instances also ignore `ami`), so a new
    // Ubuntu release or `amiId` applies to new nodes only and never touches a data node.
    const currentAmi: pulumi.Input<string> =
      config.amiId ??
      aws.ec2
        .getAmiOutput(
          { mostRecent: true, owners: [CANONICAL_OWNER_ID], filters: [{ name: "name", values: [UBUNTU_IMAGE_NAME] }, { name: "architecture", values: ["x86_64"] }] },
          parent,
        )
        .apply((a) => a.id);

    // Wire's Ansible logs in from the admin host with this key (export writes the private half).
    const sshKey = new tls.PrivateKey("ansible-ssh-key", { algorithm: "ED25519" }, { parent: this, additionalSecretOutputs: ["privateKeyOpenssh"] });
    this.ansibleSshPrivateKey = pulumi.secret(sshKey.privateKeyOpenssh);

    const assetHost = `${assetHostIp(config)}:${ASSET_HOST_PORT}`;
    const shared: Omit<SharedNodeArgs, "amiFor"> = {
      stack,
      online,
      zones,
      privateSubnetIds: this.network.privateSubnetIds,
      publicSubnetIds: this.network.publicSubnetIds,
      securityGroupIds: groups.ids,
      sshAuthorizedKeys: sshKey.publicKeyOpenssh.apply((k) => [k.trim()]),
      internetGateway: this.network.internetGateway,
      fixedAddresses: this.network.fixedAddresses,
      kmsKeyArn: this.security.kmsKeyArn,
      instanceProfileName: this.security.instanceProfileName,
      protect: config.protect,
      region: config.region,
      offlineAssetHost: online ? undefined : assetHost,
      vpcCidr: config.network.cidr,
      clientCidrs: config.network.clientCidrs,
    };
    const role = (r: Role) => {
      const amis = args.deployed.nodes[r]?.amis ?? [];
      return { sizing: sizing.roles[r], shared: { ...shared, amiFor: (index: number) => amis[index - 1] ?? currentAmi, existing: args.deployed.nodes[r]?.count ?? 0 } };
    };
    // The Kubernetes nodes' own instance profile: cert-manager's Route 53 rights stay off every other node.
    const kubeRole = role("kubernetes");
    const kubernetes = new Kubernetes("kubernetes", { ...kubeRole, shared: { ...kubeRole.shared, instanceProfileName: this.security.kubeNodeInstanceProfileName } }, parent);
    // A data service's own nodes exist only where the placement table puts it there (config/placement.ts);
    // with no nodes sized (a release that does not need it) there is no component either.
    const own = (r: Role, make: () => RoleComponent) => (sizing.roles[r].count > 0 ? make() : undefined);
    this.roles = {
      cassandra: own("cassandra", () => new Cassandra("cassandra", role("cassandra"), parent)),
      minio: own("minio", () => new Minio("minio", role("minio"), parent)),
      elasticsearch: own("elasticsearch", () => new Elasticsearch("elasticsearch", role("elasticsearch"), parent)),
      kubernetes,
      restund: new Restund("restund", role("restund"), parent),
      adminHost: new AdminHost("adminHost", role("adminHost"), parent),
      assetHost: new AssetHost("assetHost", { ...role("assetHost"), privateIp: assetHostIp(config) }, parent),
    };
    if (sizing.roles.sft.count > 0) this.roles.sft = new Sft("sft", role("sft"), parent);
    // Only for a wireVersion that needs them (sizing gives them 0 nodes otherwise): config/releases.ts.
    if (sizing.roles.postgresql.count > 0) this.roles.postgresql = new Postgresql("postgresql", role("postgresql"), parent);
    if (sizing.roles.rabbitmq.count > 0) this.roles.rabbitmq = new Rabbitmq("rabbitmq", role("rabbitmq"), parent);
    if (sizing.roles.datanode.count > 0) this.roles.datanode = new Datanode("datanode", role("datanode"), parent);
    this.amiByRole = Object.fromEntries(
      ROLES.map((r) => [r, pulumi.all((this.roles[r]?.nodes.nodes ?? []).map((n) => n.instance.ami))]),
    ) as Record<Role, pulumi.Output<string[]>>;

    this.loadBalancer = new LoadBalancer(
      "ingress",
      {
        stack,
        vpcId: this.network.vpcId,
        subnetIds: online ? this.network.publicSubnetIds : this.network.privateSubnetIds,
        securityGroupId: groups.ids.loadBalancer,
        internal: !online,
        targetInstanceIds: kubernetes.nodes.nodes.map((n) => n.instance.id),
        dependsOn: [this.network.fixedAddresses, ...(this.network.internetGateway ? [this.network.internetGateway] : [])],
      },
      parent,
    );
    if (sizing.placement.minio === "s3") {
      this.assetsBucket = new AssetsBucket(
        "assets",
        { stack, region: config.region, kmsKeyArn: this.security.kmsKeyArn, kubeNodeRoleName: this.security.kubeNodeRoleName, retentionDays: config.backup.retentionDays, corsOrigins: webOrigins(config.domain), protect: config.protect },
        parent,
      );
    }
    new Backup("backup", { stack, kmsKeyArn: this.security.kmsKeyArn, retentionDays: config.backup.retentionDays }, parent);
    this.push = new Push("push", { stack, region: config.region, online, push: config.push, kmsKeyArn: this.security.kmsKeyArn }, parent);
    const turnNodes = this.roles.restund!.nodes.nodes;
    const publicFilesOnS3 = online && sizing.placement.minio === "s3";
    this.dns = new Dns(
      "dns",
      {
        stack,
        domain: config.domain,
        online,
        vpcId: this.network.vpcId,
        existingZoneId: config.dns.zoneId,
        loadBalancer: { dnsName: this.loadBalancer.dnsName, zoneId: this.loadBalancer.zoneId },
        turnIps: turnNodes.map((n) => (n.eip ? n.eip.publicIp : n.instance.privateIp)),
        sft: sizing.calling.sft.placement !== "none",
        elsewhere: publicFilesOnS3 ? ["assets"] : [],
      },
      parent,
    );
    // Without MinIO the public files (deeplink, blacklists, clients) need a home of their own.
    if (publicFilesOnS3) this.publicFiles = new PublicFiles("public-files", { stack, domain: config.domain, region: config.region, zoneId: this.dns.zoneId, protect: config.protect }, parent);
    // Who read, wrote or deleted which file: S3's access logs of the stack's buckets, in one bucket of their own.
    const logged: LoggedBucket[] = [
      ...(this.assetsBucket ? [{ name: "assets", bucketId: this.assetsBucket.bucketId, bucketArn: this.assetsBucket.bucketArn }] : []),
      ...(this.publicFiles ? [{ name: "public-files", bucketId: this.publicFiles.bucketId, bucketArn: this.publicFiles.bucketArn }] : []),
    ];
    if (logged.length > 0) this.accessLogs = new AccessLogBucket("access-logs", { stack, sources: logged }, parent);

    // brig's mail through Amazon SES (online only: the schema refuses it offline).
    if (emailVia(config) === "ses") {
      new Ses("email", { stack, domain: config.domain, region: config.region, sender: emailSender(config), zoneId: this.dns.zoneId, kubeNodeRoleName: this.security.kubeNodeRoleName }, parent);
    }

    // Online, cert-manager answers Let's Encrypt's DNS-01 for the TURN names in this zone.
    if (online) new CertManagerDns("cert-manager-dns", { kubeNodeRoleName: this.security.kubeNodeRoleName, zoneId: this.dns.zoneId }, parent);

    this.hosts = pulumi.all(
      ROLES.flatMap((r) =>
        (this.roles[r]?.nodes.nodes ?? []).map((n) =>
          pulumi.all([n.instance.privateIp, n.eip?.publicIp]).apply(([privateIp, publicIp]) => ({
            role: r,
            hostname: n.hostname,
            index: n.index,
            privateIp,
            ...(publicIp ? { publicIp } : {}),
            instanceType: sizing.roles[r].instanceType,
            // A shared data node is the union of its services (config/placement.ts).
            ...(r === "datanode" ? { runs: (sizing.roles.datanode.shares ?? []).map((s) => s.service) } : {}),
          })),
        ),
      ),
    );
    // Phase two of Wire's flow: Kubernetes exists only after kubespray ran. Until the stack has a
    // kubeconfig, the same objects are rendered to YAML for the admin host to apply.
    const kubeSpec = kubeObjectsSpec(config, sizing.roles.restund.count);
    const nodeAnnotations = [...turnNodes, ...(this.roles.sft?.nodes.nodes ?? [])].map((n) => ({ name: n.hostname, externalIp: n.eip ? n.eip.publicIp : n.instance.privateIp }));
    this.kubernetesObjects = new WireObjects("wire", { spec: kubeSpec, hostedZoneId: this.dns.zoneId, kubeconfig: config.kubernetes.kubeconfig ? pulumi.secret(config.kubernetes.kubeconfig) : undefined, renderDir: RENDER_DIR, nodeAnnotations, postgresqlSecret: serviceRuns(sizing, "postgresql") }, parent);
    this.cloudInit = Object.fromEntries(
      ROLES.flatMap((r) => (this.roles[r]?.nodes.nodes ?? []).map((n) => [n.name, n.instance.userData.apply((u) => u ?? "")])),
    );
    this.registerOutputs({ loadBalancerDnsName: this.loadBalancer.dnsName, hosts: this.hosts });
  }
}
