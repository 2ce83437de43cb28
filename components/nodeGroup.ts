// The one generic building block: N instances of one role, spread round-robin over the zones, each
// with IMDSv2, an encrypted root volume, tags, and (data roles) its own encrypted, protected data volume.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "./partition";
import { changesInWaves, rolloutWaves } from "../sizing/rollout";
import type { Role } from "../sizing/types";
import { dataVolumeName, hostName, instanceName, zoneIndex } from "./naming";
import type { PeerPolicy } from "./callingDmz";
import { cloudConfig, UserDataInput } from "./userData";

export interface NodeGroupArgs {
  role: Role;
  stack: string;
  count: number;
  instanceType: string;
  rootVolumeGiB: number;
  /** Data roles: size of each node's separate data volume, holding the service's `dataDirs`. */
  dataVolumeGiB?: number;
  dataDirs?: string[];
  /**
   * Shared data nodes (layout: compact): a volume per service instead of one, each named
   * `<node>-<label>-data` and holding that service's directories.
   */
  dataVolumes?: { label: string; sizeGiB: number; dirs: string[] }[];
  /** Set the FQDN to the bare host name (cloud-init `fqdn`) instead of EC2's ip-….internal name. */
  shortFqdn?: boolean;
  /** Keys Wire's Ansible logs in with (cloud-init `ssh_authorized_keys`). */
  sshAuthorizedKeys: pulumi.Input<string[]>;
  /** One subnet per zone, in zone order. */
  subnetIds: pulumi.Input<string>[];
  zones: pulumi.Input<string>[];
  securityGroupIds: pulumi.Input<string>[];
  /** Image of node `index`: existing nodes keep theirs, new nodes get the current one. */
  amiFor: (index: number) => pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  instanceProfileName: pulumi.Input<string>;
  /** Give each node an Elastic IP (TURN and SFT nodes, online only). */
  publicIp?: boolean;
  /** Elastic IPs can only attach once the VPC has its internet gateway. */
  internetGateway?: pulumi.Resource;
  /** Created first, so that no node takes another's reserved fixed address. */
  fixedAddresses?: pulumi.Resource;
  /** Fixed private IP per node index, for nodes others must find before they exist (the asset host). */
  privateIps?: (index: number) => string | undefined;
  /** Offline: `ip:port` of the asset host that serves packages. */
  offlineAssetHost?: string;
  /** Calling nodes: the peers coturn and sftd must never reach (nftables at boot, callingDmz.ts). */
  callingPeerPolicy?: PeerPolicy;
  /** Offline (no internet), also for the asset host, which gets no offlineAssetHost. */
  island?: boolean;
  /** protect + disableApiTermination on data nodes; on by default (config `protect`). */
  protect: boolean;
  /** For the recovery alarm's action ARN. */
  region: string;
  /** Nodes 1..existing exist already (previous deployment): data roles change them in waves. */
  existing?: number;
}

export interface NodeInfo {
  index: number;
  name: string;
  hostname: string;
  zone: pulumi.Input<string>;
  instance: aws.ec2.Instance;
  dataVolume?: aws.ebs.Volume;
  /** Shared data nodes: every service's volume (dataVolume is the first). */
  dataVolumes?: aws.ebs.Volume[];
  eip?: aws.ec2.Eip;
}

/** Device names for the attachments (Nitro ignores them for naming, EC2 still wants distinct ones). */
const DEVICE_NAMES = ["/dev/sdf", "/dev/sdg", "/dev/sdh", "/dev/sdi", "/dev/sdj", "/dev/sdk"];

/** Options for data-bearing resources: the engine refuses to delete or replace them. */
export function dataOptions(protect: boolean): pulumi.CustomResourceOptions {
  return { protect, retainOnDelete: true };
}

export class NodeGroup extends pulumi.ComponentResource {
  readonly nodes: NodeInfo[];
  readonly privateIps: pulumi.Output<string[]>;
  readonly publicIps: pulumi.Output<string[]>;
  readonly instanceIds: pulumi.Output<string[]>;

  constructor(name: string, args: NodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:compute:NodeGroup", name, {}, opts);
    const isData = args.dataVolumeGiB !== undefined || (args.dataVolumes?.length ?? 0) > 0;
    // Existing data nodes (and Kubernetes nodes, for etcd's quorum) change in waves that keep the role's quorum (sizing/rollout.ts): each waits
    // on every node of the wave before. New nodes hold no data yet and wait on nothing of their role,
    // so a first deployment creates them all at once. Created wave by wave (a dependency must exist
    // first); the names, and so the URNs, are the nodes' indices whatever the order.
    const existing = changesInWaves(args.role, isData) ? Math.min(args.existing ?? 0, args.count) : 0;
    const waves = rolloutWaves(args.role, existing, args.zones.length);
    const byIndex = new Map<number, NodeInfo>();
    let previousWave: aws.ec2.Instance[] = [];
    for (const wave of waves) {
      const created = wave.map((index) => this.createNode(name, args, index, isData, previousWave));
      for (const n of created) byIndex.set(n.index, n);
      previousWave = created.map((n) => n.instance);
    }
    for (let index = existing + 1; index <= args.count; index++) byIndex.set(index, this.createNode(name, args, index, isData, []));
    this.nodes = [...byIndex.values()].sort((a, b) => a.index - b.index);
    this.privateIps = pulumi.all(this.nodes.map((n) => n.instance.privateIp));
    this.publicIps = pulumi.all(this.nodes.flatMap((n) => (n.eip ? [n.eip.publicIp] : [])));
    this.instanceIds = pulumi.all(this.nodes.map((n) => n.instance.id));
    this.registerOutputs({ privateIps: this.privateIps, publicIps: this.publicIps, instanceIds: this.instanceIds });
  }

  private createNode(name: string, args: NodeGroupArgs, index: number, isData: boolean, previousWave: aws.ec2.Instance[]): NodeInfo {
    const nodeName = instanceName(args.role, index);
    const zi = zoneIndex(index, args.zones.length);
    const zone = args.zones[zi];
    const hostname = hostName(args.role, index);
    const tags = (suffix = "") => ({
      Name: `${args.stack}-${nodeName}${suffix}`,
      "wire:role": args.role,
      "wire:stack": args.stack,
      "wire:index": String(index),
    });

    // One volume (a role's own nodes: `<role>-<i>-data`, a name that never changes) or one per service.
    const specs = args.dataVolumes ?? (isData ? [{ label: "", sizeGiB: args.dataVolumeGiB!, dirs: args.dataDirs ?? [] }] : []);
    const volumes = specs.map(
      (spec) =>
        new aws.ebs.Volume(
          spec.label ? `${nodeName}-${spec.label}-data` : dataVolumeName(args.role, index),
          {
            availabilityZone: zone,
            size: spec.sizeGiB,
            type: "gp3",
            encrypted: true,
            kmsKeyId: args.kmsKeyArn,
            finalSnapshot: true,
            tags: { ...tags(spec.label ? `-${spec.label}-data` : "-data"), "wire:data": "true", "wire:backup": "daily", ...(spec.label ? { "wire:service": spec.label } : {}) },
          },
          { parent: this, ...dataOptions(args.protect) },
        ),
    );
    const dataVolume = volumes[0];

    const userDataInput = (volumeIds: string[]): UserDataInput => ({
      hostname,
      ...(args.shortFqdn ? { fqdn: hostname } : {}),
      offlineAssetHost: args.offlineAssetHost,
      callingPeerPolicy: args.callingPeerPolicy,
      island: args.island,
      ...(args.dataVolumes
        ? { dataVolumes: args.dataVolumes.map((v, i) => ({ label: v.label, volumeId: volumeIds[i], dirs: v.dirs })) }
        : { dataVolume: volumeIds[0] ? { volumeId: volumeIds[0], dirs: args.dataDirs ?? [] } : undefined }),
    });
    const userData = pulumi
      .all([pulumi.all(volumes.map((v) => v.id)), args.sshAuthorizedKeys])
      .apply(([volumeIds, keys]) => cloudConfig({ ...userDataInput(volumeIds), sshAuthorizedKeys: keys }));

    const instance = new aws.ec2.Instance(
      nodeName,
      {
        ami: args.amiFor(index),
        instanceType: args.instanceType,
        subnetId: args.subnetIds[zi],
        availabilityZone: zone,
        privateIp: args.privateIps?.(index),
        vpcSecurityGroupIds: args.securityGroupIds,
        iamInstanceProfile: args.instanceProfileName,
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2 },
        rootBlockDevice: { volumeType: "gp3", volumeSize: args.rootVolumeGiB, encrypted: true, kmsKeyId: args.kmsKeyArn, tags: tags("-root") },
        userData,
        userDataReplaceOnChange: false,
        disableApiTermination: isData && args.protect,
        monitoring: true,
        tags: tags(),
      },
      {
        parent: this,
        // A new Ubuntu image or changed user data must never replace or restart a running node:
        // user data only matters at first boot, and image updates are applied by apt, not by AWS.
        ignoreChanges: ["ami", "userData"],
        ...(isData ? dataOptions(args.protect) : {}),
        // An existing node of a waved role waits for the wave before it (a new instance type means a stop/start).
        dependsOn: [...previousWave, ...(args.fixedAddresses ? [args.fixedAddresses] : [])],
      },
    );

    volumes.forEach((volume, i) => {
      const label = specs[i].label;
      new aws.ec2.VolumeAttachment(
        label ? `${nodeName}-${label}-data-attachment` : `${nodeName}-data-attachment`,
        { instanceId: instance.id, volumeId: volume.id, deviceName: DEVICE_NAMES[i], stopInstanceBeforeDetaching: true },
        { parent: this },
      );
    });

    if (isData) {
      // EC2 moves a data node to healthy hardware (same id, addresses and volumes) when AWS's own
      // system check fails, instead of waiting for an operator.
      new aws.cloudwatch.MetricAlarm(
        `${nodeName}-recover`,
        {
          alarmDescription: `Recover ${args.stack}-${nodeName} on system status-check failure`,
          namespace: "AWS/EC2",
          metricName: "StatusCheckFailed_System",
          dimensions: { InstanceId: instance.id },
          statistic: "Maximum",
          period: 60,
          evaluationPeriods: 2,
          comparisonOperator: "GreaterThanThreshold",
          threshold: 0,
          alarmActions: [pulumi.interpolate`arn:${partitionOf({ parent: this })}:automate:${args.region}:ec2:recover`],
          tags: tags("-recover"),
        },
        { parent: this },
      );
    }

    const eip = args.publicIp
      ? new aws.ec2.Eip(`${nodeName}-eip`, { domain: "vpc", instance: instance.id, tags: tags("-eip") }, {
          parent: this,
          dependsOn: args.internetGateway ? [args.internetGateway] : [],
          // Clients and DNS (turnN.<domain>) know this address: a `pulumi destroy` or a replaced node keeps it allocated.
          retainOnDelete: true,
        })
      : undefined;
    return { index, name: nodeName, hostname, zone, instance, dataVolume, ...(args.dataVolumes ? { dataVolumes: volumes } : {}), eip };
  }
}
