// Facts about AWS regions that do not come from price lists: the availability-zone names a new
// account sees, the partition (ARN prefix and DNS suffix) and the families assumed available where
// no price table tells us. Pure data, no Pulumi: config validation and the plan's fake cloud share it.
import { distance } from "fastest-levenshtein";

/** AWS partition of a region: `arn:<partition>:…` and the service DNS suffix. */
export interface Partition {
  partition: "aws" | "aws-cn" | "aws-us-gov";
  dnsSuffix: string;
}

export function partitionOf(region: string): Partition {
  if (region.startsWith("cn-")) return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" };
  if (region.startsWith("us-gov-")) return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com" };
  return { partition: "aws", dnsSuffix: "amazonaws.com" };
}

/**
 * Zone letters open to new accounts, from AWS's "Regions and Zones" documentation (2026). Letters
 * AWS closed to new customers (us-east-1's older e, ca-central-1 c, ap-northeast-1 b, us-west-1 a,
 * cn-north-1 c) are left out: a plan must not place nodes in a zone the account cannot launch in.
 */
const ZONE_LETTERS: Record<string, string> = {
  "us-east-1": "abcdf",
  "us-east-2": "abc",
  "us-west-1": "bc",
  "us-west-2": "abcd",
  "ca-central-1": "abd",
  "ca-west-1": "abc",
  "mx-central-1": "abc",
  "sa-east-1": "abc",
  "eu-central-1": "abc",
  "eu-central-2": "abc",
  "eu-west-1": "abc",
  "eu-west-2": "abc",
  "eu-west-3": "abc",
  "eu-north-1": "abc",
  "eu-south-1": "abc",
  "eu-south-2": "abc",
  "me-south-1": "abc",
  "me-central-1": "abc",
  "il-central-1": "abc",
  "af-south-1": "abc",
  "ap-east-1": "abc",
  "ap-east-2": "abc",
  "ap-south-1": "abc",
  "ap-south-2": "abc",
  "ap-northeast-1": "acd",
  "ap-northeast-2": "abcd",
  "ap-northeast-3": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-southeast-3": "abc",
  "ap-southeast-4": "abc",
  "ap-southeast-5": "abc",
  "ap-southeast-6": "abc",
  "ap-southeast-7": "abc",
  "cn-north-1": "abd",
  "cn-northwest-1": "abc",
  "us-gov-west-1": "abc",
  "us-gov-east-1": "abc",
};

export const KNOWN_ZONE_REGIONS: readonly string[] = Object.keys(ZONE_LETTERS);

/**
 * Whether AWS has this region: the zone table above lists every region, China and GovCloud included
 * (a region without a price table is still real; it sizes with costs unknown). A name outside it
 * would be planned against zones and prices that do not exist, and `pulumi up` fails only later.
 */
export function isKnownRegion(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(ZONE_LETTERS, name);
}

/** The known regions nearest a mistyped name (all those at the smallest edit distance), or none
 * when even the nearest is too far to be a typo (`frankfurt`). */
export function nearestRegions(name: string): string[] {
  const typed = name.trim().toLowerCase();
  const scored = KNOWN_ZONE_REGIONS.map((r) => ({ r, d: distance(typed, r) }));
  const best = Math.min(...scored.map((s) => s.d));
  if (best > Math.max(2, Math.floor(typed.length / 4))) return [];
  return scored.filter((s) => s.d === best).map((s) => s.r).sort();
}

/** Why a name is not an AWS region, with the nearest known names (without the key and the value). */
export function unknownRegionMessage(name: string): string {
  const near = nearestRegions(name);
  if (near.length > 0) {
    const list = near.length === 1 ? near[0] : `${near.slice(0, -1).join(", ")} or ${near[near.length - 1]}`;
    return `is not an AWS region; did you mean ${list}?`;
  }
  return `is not an AWS region; expected a region code such as eu-central-1, one of ${[...KNOWN_ZONE_REGIONS].sort().join(", ")}`;
}

/** The region's usable zone names, or undefined for a region this table does not know. */
export function zonesOf(region: string): string[] | undefined {
  const letters = ZONE_LETTERS[region];
  return letters ? [...letters].map((l) => `${region}${l}`) : undefined;
}

/**
 * Cassandra keeps RF 3 with one replica per zone (NetworkTopologyStrategy + one rack per zone),
 * etcd and Elasticsearch need a majority of three: with two zones, losing one zone loses quorum.
 */
export const MIN_ZONES = 3;

/** Why a region cannot host this layout, or undefined when it can (or we do not know its zones). */
export function zoneRefusal(region: string): string | undefined {
  const zones = zonesOf(region);
  if (!zones || zones.length >= MIN_ZONES) return undefined;
  return (
    `has ${zones.length} usable availability zones (${zones.join(", ")}); Wire's layout needs ${MIN_ZONES}: ` +
    `Cassandra keeps one of its 3 replicas per zone and etcd/Elasticsearch need a majority of three, so ` +
    `losing one of two zones would stop the backend. Choose a region with three zones (e.g. us-west-2)`
  );
}

/**
 * Families assumed available where no price table says otherwise: the general Intel families AWS
 * launches in every new region (t3, c6i, m6i, r6i). The newer AMD and 7th-generation families
 * arrive later and are only chosen where a price table lists them.
 */
export const COMMON_FAMILIES: readonly string[] = ["t3", "c6i", "m6i", "r6i"];

/** The region whose full price table ranks types where a region has none (prices only as a proxy). */
export const REFERENCE_REGION = "us-east-1";
