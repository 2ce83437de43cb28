// What every role component shares: one NodeGroup sized by the sizing engine. A role's own file adds
// only what is its own: type token, security groups, subnet tier, data mount point, public IPs.
import * as pulumi from "@pulumi/pulumi";
import { ROOT_VOLUME_GIB_DATA_ROLES } from "../../sizing/size";
import { isDataRole, Role, RoleSizing } from "../../sizing/types";
import type { GroupName } from "../../config/firewall";
import { peerPolicy } from "../callingDmz";
import { isCallingGroup } from "../../config/firewall";
import { NodeGroup, NodeGroupArgs } from "../nodeGroup";

const isCallingRole = (role: Role) => isCallingGroup(role);

/** Everything a role needs from the shared infrastructure. */
export interface SharedNodeArgs {
  stack: string;
  online: boolean;
  zones: pulumi.Input<string>[];
  privateSubnetIds: pulumi.Input<string>[];
  publicSubnetIds: pulumi.Input<string>[];
  securityGroupIds: Record<GroupName, pulumi.Input<string>>;
  amiFor: (index: number) => pulumi.Input<string>;
  sshAuthorizedKeys: pulumi.Input<string[]>;
  internetGateway?: pulumi.Resource;
  fixedAddresses?: pulumi.Resource;
  kmsKeyArn: pulumi.Input<string>;
  instanceProfileName: pulumi.Input<string>;
  protect: boolean;
  region: string;
  offlineAssetHost?: string;
  vpcCidr: string;
  /** Offline: where clients are (calling nodes may send media there although it is a private range). */
  clientCidrs: string[];
  /** Nodes of this role the previous deployment has (they change in waves). */
  existing?: number;
}

export interface RoleArgs {
  sizing: RoleSizing;
  shared: SharedNodeArgs;
}

export interface RoleSpec {
  role: Role;
  groups: GroupName[];
  /** Nodes clients reach directly (TURN, SFT) sit in public subnets with Elastic IPs when online. */
  public?: boolean;
  /** The service's data directories, kept on the node's data volume. */
  dataDirs?: string[];
  /** Shared data nodes: a volume per service (NodeGroupArgs.dataVolumes) instead of one. */
  dataVolumes?: NodeGroupArgs["dataVolumes"];
  privateIps?: NodeGroupArgs["privateIps"];
  /** Calling nodes join the Kubernetes cluster from groups of their own (the calling DMZ). */
  kubeNode?: boolean;
  /** The OS FQDN is the bare host name (RabbitMQ: its role compares ansible_fqdn with host names). */
  shortFqdn?: boolean;
}

/** The seed's Kubernetes node disk, the least a node running container images gets. */
export const KUBERNETES_ROOT_GIB = 40;

export abstract class RoleComponent extends pulumi.ComponentResource {
  readonly nodes: NodeGroup;
  readonly privateIps: pulumi.Output<string[]>;
  readonly publicIps: pulumi.Output<string[]>;

  protected constructor(type: string, name: string, args: RoleArgs, spec: RoleSpec, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    const { shared, sizing } = args;
    const isPublic = Boolean(spec.public) && shared.online;
    const isData = isDataRole(spec.role);
    this.nodes = new NodeGroup(
      name,
      {
        role: spec.role,
        stack: shared.stack,
        count: sizing.count,
        instanceType: sizing.instanceType,
        // TURN and SFT nodes are Kubernetes nodes too: container images need more than the seed's 10 GB.
        rootVolumeGiB: isData ? ROOT_VOLUME_GIB_DATA_ROLES : spec.groups.includes("kubernetes") || spec.kubeNode ? Math.max(sizing.diskGiB, KUBERNETES_ROOT_GIB) : sizing.diskGiB,
        dataVolumeGiB: isData && !spec.dataVolumes ? sizing.diskGiB : undefined,
        dataDirs: spec.dataDirs,
        ...(spec.dataVolumes ? { dataVolumes: spec.dataVolumes } : {}),
        ...(spec.shortFqdn ? { shortFqdn: true } : {}),
        sshAuthorizedKeys: shared.sshAuthorizedKeys,
        internetGateway: shared.internetGateway,
        fixedAddresses: shared.fixedAddresses,
        subnetIds: isPublic ? shared.publicSubnetIds : shared.privateSubnetIds,
        zones: shared.zones,
        securityGroupIds: spec.groups.map((g) => shared.securityGroupIds[g]),
        amiFor: shared.amiFor,
        kmsKeyArn: shared.kmsKeyArn,
        instanceProfileName: shared.instanceProfileName,
        publicIp: isPublic,
        privateIps: spec.privateIps,
        offlineAssetHost: spec.role === "assetHost" ? undefined : shared.offlineAssetHost,
        callingPeerPolicy: isCallingRole(spec.role) ? peerPolicy({ vpcCidr: shared.vpcCidr, clientCidrs: shared.online ? [] : shared.clientCidrs }) : undefined,
        island: shared.offlineAssetHost !== undefined,
        protect: shared.protect,
        region: shared.region,
        existing: shared.existing,
      },
      { parent: this },
    );
    this.privateIps = this.nodes.privateIps;
    this.publicIps = this.nodes.publicIps;
  }

  protected done(extra: Record<string, pulumi.Input<unknown>> = {}): void {
    this.registerOutputs({ privateIps: this.privateIps, publicIps: this.publicIps, ...extra });
  }
}
