// Facts about AWS regions that do not come from price lists: the availability-zone names a new
// account sees, the partition (ARN prefix and DNS suffix) and the families assumed available where
// no price table tells us. Pure data, no Pulumi: config validation and the plan's fake cloud share it.

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
