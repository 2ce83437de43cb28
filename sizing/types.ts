// The sizing engine's contract. Pure data: no Pulumi, no I/O.

import { ROLES, type Role } from "../config/roles";
import type { CallingAssumptions, CallingModel } from "./calling";
import type { PlacementChoice, PlacementMap } from "../config/placement";
import type { ServiceShare } from "./compact";

export { ROLES };
export type { Role };

/** The five roles the seed's "Per-Server Totals" row adds up. */
export const CLUSTER_ROLES = ["cassandra", "minio", "elasticsearch", "kubernetes", "restund"] as const;
/** Roles whose data lives on a separate, protected EBS volume. */
export const DATA_ROLES = ["cassandra", "minio", "elasticsearch", "postgresql", "rabbitmq", "datanode"] as const;
export type DataRole = (typeof DATA_ROLES)[number];

export function isDataRole(role: Role): role is DataRole {
  return (DATA_ROLES as readonly string[]).includes(role);
}

export interface ConferenceLoad {
  /** Peak number of conferences running at the same time. */
  concurrent: number;
  /** Participants per conference at peak. */
  participants: number;
  /** Whether participants send video (the seed's default). */
  video: boolean;
}

/** A stack file's per-role override; every field optional. */
export interface RoleOverride {
  count?: number;
  instanceType?: string;
  diskGiB?: number;
  /** Accept an override below the sizing requirement. */
  force?: boolean;
}

export interface SizingInput {
  users: number;
  /** Absent or zero concurrent conferences means no conference load. */
  conferences?: ConferenceLoad;
  /** AWS region whose prices the catalog uses. */
  region: string;
  overrides?: Partial<Record<Role, RoleOverride>>;
  /** The calling model's assumptions the stack file overrides (sizing/calling.ts). */
  calling?: Partial<CallingAssumptions>;
  /** wire-server release: decides whether the PostgreSQL and RabbitMQ roles exist (default DEFAULT_RELEASE). */
  wireVersion?: string;
  /** Where the data services run (config/placement.ts); default the reference layout with MinIO. */
  placement?: PlacementChoice;
}

export interface InstanceSpec {
  vcpu: number;
  memoryGiB: number;
  /** Baseline (sustained, not burst) network bandwidth. */
  networkGbps: number;
  hourlyUSD: number;
}

export interface RoleSizing {
  /** Number of nodes. */
  count: number;
  /** Requirement per node. */
  vcpu: number;
  memoryGiB: number;
  diskGiB: number;
  /** The EC2 type chosen (cheapest meeting the requirement, or the override). */
  instanceType: string;
  instance: InstanceSpec;
  /** Instances plus EBS, per month (730 h). */
  monthlyUSD: number;
  /** Why this many nodes of this size, in one or two sentences. */
  why: string;
  /** Shared data nodes (layout: compact): each service's share of a node and its own data volume. */
  shares?: ServiceShare[];
}

/** The S3 bucket holding users' files (assets: s3). */
export interface AssetsBucketSizing {
  /** Users' files expected in the bucket. */
  dataGiB: number;
  monthlyUSD: number;
  why: string;
}

export interface ResourceTotals {
  vcpu: number;
  memoryGiB: number;
  diskGiB: number;
}

export interface CallingBandwidth {
  ingressMbps: number;
  egressMbps: number;
  totalMbps: number;
}

export interface Sizing {
  users: number;
  region: string;
  conferences: ConferenceLoad;
  roles: Record<Role, RoleSizing>;
  totals: {
    perServer: ResourceTotals;
    perServerWithHosts: ResourceTotals;
    cluster: ResourceTotals & { instances: number };
  };
  /** Where each data service runs (config/placement.ts). */
  placement: PlacementMap;
  /** Set when the layout cannot carry the load (compact past its cap): plans refuse it, `size` says so. */
  layoutRefusal?: string;
  /** assets: s3: the bucket that replaces MinIO. */
  assetsBucket?: AssetsBucketSizing;
  /** The calling model: conference bandwidth (the seed's rules), one-to-one and relayed demand,
   * and what bound TURN and SFT. */
  calling: CallingModel;
  /** NaN (JSON: null) where the region has no price table: the cost is unknown, see `warnings`. */
  monthlyCostUSD: number;
  /** Where the prices come from; set by size(). */
  prices?: { source: string; asOf: string; known: boolean };
  /** E.g. that the region's costs are unknown. */
  warnings?: string[];
}

/** Whether `service` runs at all: on nodes of its own or on the shared data nodes (not in S3). */
export function serviceRuns(sizing: Pick<Sizing, "roles">, service: "cassandra" | "minio" | "elasticsearch" | "postgresql" | "rabbitmq"): boolean {
  return sizing.roles[service].count > 0 || (sizing.roles.datanode.shares ?? []).some((s) => s.service === service);
}
