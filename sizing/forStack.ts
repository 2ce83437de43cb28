// Config, then sizing: a stack's whole validation in one step, before any resource is registered.
// Schema problems, unsupported regions, overrides below the requirement and nodes that do not fit
// their subnets all come back together as one ConfigError.
import { Address4 } from "ip-address";
import { ConfigError, ConfigProblem } from "../config/errors";
import { ConfigMap, parseStackConfig, ParsedStack } from "../config/load";
import type { StackConfig } from "../config/schema";
import { zoneRefusal, zonesOf } from "./regions";
import { Deployed, FIRST_DEPLOYMENT, keepDeployedDisks, placementProblems, scaleDownProblems, zoneProblems } from "./deployed";
import { applyOverrides } from "./overrides";
import { size } from "./size";
import { upgradeProblems } from "./upgrade";
import { billOf } from "./bill";
import { ROLES, Role, Sizing, SizingInput } from "./types";

export interface ResolvedStack extends ParsedStack {
  sizing: Sizing;
}

/** AWS reserves 5 addresses per subnet; we keep 16 more for endpoints, the NAT and load balancers. */
const RESERVED_PER_SUBNET = 5 + 16;

function subnetCapacity(vpcCidr: string): number {
  const blockPrefix = new Address4(vpcCidr).subnetMask + 4;
  return 2 ** (32 - blockPrefix) - RESERVED_PER_SUBNET;
}

export function sizeForStack(config: StackConfig, deployed: Deployed = FIRST_DEPLOYMENT): { sizing?: Sizing; problems: ConfigProblem[] } {
  // No price table is no refusal (costs are unknown, size() warns); too few zones is.
  const refusal = zoneRefusal(config.region);
  if (refusal) return { problems: [{ key: "aws:region", value: config.region, message: refusal }] };
  const regionZones = zonesOf(config.region);
  const zoneFit: ConfigProblem[] = [];
  if (regionZones && config.network.zones > regionZones.length) {
    zoneFit.push({ key: "wire-backend:network.zones", value: config.network.zones, message: `is more than the ${regionZones.length} zones ${config.region} has (${regionZones.join(", ")})` });
  }
  for (const z of config.network.zoneNames ?? []) {
    if (regionZones && !regionZones.includes(z)) {
      zoneFit.push({ key: "wire-backend:network.zoneNames", value: z, message: `is not a zone of ${config.region} open to new accounts (${regionZones.join(", ")})` });
    }
  }
  const c = config.conferences;
  const conferences = c ? { concurrent: c.concurrent, participants: c.participants ?? 0, video: c.video } : undefined;
  const placement = { layout: config.layout, assets: config.assets };
  const base = size({ users: config.users, conferences, calling: config.calling, region: config.region, wireVersion: config.wireVersion, placement, compareLayouts: true, ...billOf(config) });
  const overridden = applyOverrides(base, config.roles, config.region);
  const sizing = keepDeployedDisks(overridden.sizing, deployed);
  const all: ConfigProblem[] = overridden.problems.map((p) => ({ key: p.key, value: p.value, message: p.message }));
  if (sizing.layoutRefusal) all.push({ key: "wire-backend:layout", value: config.layout, message: `cannot carry this stack: ${sizing.layoutRefusal}` });
  all.push(...zoneFit, ...scaleDownProblems(deployed, sizing, config.roles), ...zoneProblems(deployed, config), ...upgradeProblems(deployed, config), ...placementProblems(deployed, placement));

  // Every role starts its round-robin in the first zone: that zone holds ceil(count / zones) of each.
  const perZone = ROLES.reduce((n, r: Role) => n + Math.ceil(sizing.roles[r].count / config.network.zones), 0);
  const capacity = subnetCapacity(config.network.cidr);
  if (perZone > capacity) {
    all.push({
      key: "wire-backend:network.cidr",
      value: config.network.cidr,
      message: `leaves ${capacity} addresses per subnet but ${perZone} nodes share one zone; use a larger range (smaller prefix) or more zones`,
    });
  }
  return { sizing, problems: all };
}

/** The stack-file key a problem is about: `wire-backend:roles.minio.count` → `wire-backend:roles`. */
const topKey = (problemKey: string) => problemKey.split(/[.[]/)[0];

/** Keys the sizing does not read that cannot simply be left out (required, or required by a scenario's
 * preset, as `cloud` asks for push option A): a bad one gets a stand-in so that the sizing can still run. */
const SIZING_STAND_INS: Record<string, unknown> = { "wire-backend:domain": "wire.example.com", "wire-backend:push": { option: "C" } };

/**
 * The sizing's problems (overrides, zones, subnets) of a stack whose schema check failed, so that one run
 * lists them all: the keys with schema problems are left out (or stood in for) and the rest is sized.
 * Nothing when what the sizing needs (users, region, ...) is itself wrong; nothing about the keys left out.
 */
function sizingProblemsDespite(map: ConfigMap, schemaProblems: ConfigProblem[], deployed: Deployed | undefined): ConfigProblem[] {
  const bad = new Set(schemaProblems.map((p) => topKey(p.key)));
  const rest: ConfigMap = {};
  for (const [k, v] of Object.entries(map)) if (!bad.has(k)) rest[k] = v;
  for (const [k, v] of Object.entries(SIZING_STAND_INS)) if (bad.has(k)) rest[k] = v;
  let config: StackConfig;
  try {
    config = parseStackConfig(rest).config;
  } catch {
    return [];
  }
  return sizeForStack(config, deployed).problems.filter((p) => !bad.has(topKey(p.key)));
}

/** Parse, validate and size a stack's config map; throws a ConfigError listing every problem. */
export function resolveStack(
  map: ConfigMap,
  opts: { secretKeys?: Iterable<string>; source?: string; deployed?: Deployed } = {},
): ResolvedStack {
  let parsed: ParsedStack;
  try {
    parsed = parseStackConfig(map, opts);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new ConfigError([...e.problems, ...sizingProblemsDespite(map, e.problems, opts.deployed)], opts.source);
  }
  const { sizing, problems } = sizeForStack(parsed.config, opts.deployed);
  if (problems.length > 0 || !sizing) throw new ConfigError(problems, opts.source);
  return { ...parsed, sizing };
}
