// The sizing engine's contract. Pure data: no Pulumi, no I/O.

import { ROLES, type Role } from "../config/roles";
import type { CallingAssumptions, CallingModel } from "./calling";
import type { PlacementChoice, PlacementMap } from "../config/placement";
import type { ServiceShare } from "./compact";
import type { DataService } from "../config/services";
import type { CostAssumptions } from "../config/costs";

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
  /** true: also size the other layout, for `size` and `plan` to show beside this one (twice the work). */
  compareLayouts?: boolean;
  /** What the bill's lines beyond the nodes depend on (default: an online stack over 3 zones, sizing/bill.ts). */
  deployment?: Partial<DeploymentShape>;
  /** The bill's traffic and storage assumptions the stack file overrides (config/costs.ts). */
  costs?: Partial<CostAssumptions> & { backupDailyChangeShare?: number };
}

/** The stack's choices the bill depends on beyond the nodes. */
export interface DeploymentShape {
  connectivity: "online" | "offline";
  zones: number;
  /** Online only: a NAT gateway per zone, or one. */
  natGateways: "perZone" | "single";
  backupRetentionDays: number;
  /** Push option: A and B send notifications to SNS through the NAT. */
  push: "A" | "B" | "C";
}

/** Everything the cost lines are computed from, kept in the sizing so overrides can recompute them. */
export interface BillInputs extends DeploymentShape {
  assumptions: CostAssumptions;
  /** Stack override of every data role's daily change share (else config/costs.ts BACKUP_DAILY_CHANGE). */
  backupDailyChangeShare?: number;
}

/** One line of the bill beyond the nodes (sizing/bill.ts). NaN (JSON: null) where prices are unknown. */
export interface CostLine {
  key: string;
  name: string;
  monthlyUSD: number;
  quantity: number;
  unit: string;
  /** USD per unit; for tiered prices the month's average. */
  unitPriceUSD: number;
  /** The price as AWS states it (tiers included). */
  price: string;
  /** Where the price comes from (URL and date), or the assumption made where none was found. */
  source: string;
  /** How the quantity was computed, with the assumptions it rests on. */
  assumption: string;
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
  /** Priced with the bill's other lines (sizing/bill.ts, line `assetsBucket`). */
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
  /** The same stack in the other layout, where that layout can carry it (size and plan show both). */
  layoutComparison?: { layout: "reference" | "compact"; monthlyCostUSD: number; instances: number; tradeOff: string };
  /** assets: s3: the bucket that replaces MinIO. */
  assetsBucket?: AssetsBucketSizing;
  /** The calling model: conference bandwidth (the seed's rules), one-to-one and relayed demand,
   * and what bound TURN and SFT. */
  calling: CallingModel;
  /** The whole bill: nodes plus costLines. NaN (JSON: null) where the region has no price table: the
   * cost is unknown, see `warnings`. */
  monthlyCostUSD: number;
  /** Instances and EBS of every role (the sum of roles[*].monthlyUSD). */
  nodesMonthlyUSD: number;
  /** The bill beyond the nodes: data transfer, NAT, load balancer, IPv4, snapshots, flow logs. */
  costLines: CostLine[];
  /** What the cost lines were computed from. */
  bill: BillInputs;
  /** Where the prices come from; set by size(). */
  prices?: { source: string; asOf: string; known: boolean };
  /** E.g. that the region's costs are unknown. */
  warnings?: string[];
}

/** Whether `service` runs at all: on nodes of its own or on the shared data nodes (not in S3). */
export function serviceRuns(sizing: Pick<Sizing, "roles">, service: DataService): boolean {
  return sizing.roles[service].count > 0 || (sizing.roles.datanode.shares ?? []).some((s) => s.service === service);
}
