// Can this AWS account take the plan? The needs (quotas.ts) against what the account has: its applied
// quotas, what other resources already use, and which zones offer the chosen instance types. Pure: the
// facts are read by the program through Pulumi's data sources (components/accountFacts.ts) or by
// `npm run preflight` through the AWS SDK (cli/preflight.ts); both judge them here.
import { formatNumber } from "./format";
import { ConfigError, ConfigProblem } from "../config/errors";
import type { QuotaNeed, UsageKind } from "./quotas";
import { ROLES } from "./types";
import type { Sizing } from "./types";

export interface AccountFacts {
  region: string;
  /** Applied value per quota code (what Service Quotas' GetServiceQuota returns). */
  applied: Record<string, number>;
  /** In use by resources other than this stack's own (which the plan's need already counts). */
  used: Partial<Record<UsageKind, number>>;
  /** The zones the nodes go to. */
  zones: string[];
  /** Zone -> the chosen instance types it offers (every zone of the region that offers any). */
  offerings: Record<string, string[]>;
}

export interface QuotaRow extends QuotaNeed {
  applied?: number;
  used?: number;
  free?: number;
  /** The account cannot take the need. */
  short: boolean;
}

export interface AccountVerdict {
  rows: QuotaRow[];
  problems: ConfigProblem[];
  ok: boolean;
}

/** The stack key that skips the account check (for accounts whose quotas are managed elsewhere). */
export const SKIP_KEY = "wire-backend:preflight.skip";

/** The quotas the check reads: those with a code. */
export function quotasToRead(needs: QuotaNeed[]): { serviceCode: string; quotaCode: string }[] {
  return needs.filter((n) => n.checked && n.quotaCode).map((n) => ({ serviceCode: n.serviceCode, quotaCode: n.quotaCode! }));
}

/** The instance types the plan launches, with the roles using each. */
export function chosenTypes(sizing: Sizing): Map<string, string[]> {
  const types = new Map<string, string[]>();
  for (const role of ROLES) {
    const r = sizing.roles[role];
    if (r.count > 0) types.set(r.instanceType, [...(types.get(r.instanceType) ?? []), role]);
  }
  return types;
}

export function increaseCommand(region: string, serviceCode: string, quotaCode: string, desired: number): string {
  return `aws service-quotas request-service-quota-increase --region ${region} --service-code ${serviceCode} --quota-code ${quotaCode} --desired-value ${desired}`;
}

export function consoleUrl(region: string, serviceCode: string, quotaCode: string): string {
  return `https://${region}.console.aws.amazon.com/servicequotas/home/services/${serviceCode}/quotas/${quotaCode}`;
}

export function judgeAccount(needs: QuotaNeed[], facts: AccountFacts, types: Map<string, string[]>): AccountVerdict {
  const problems: ConfigProblem[] = [];
  const rows: QuotaRow[] = needs.map((n) => {
    const applied = n.quotaCode !== undefined && n.checked ? facts.applied[n.quotaCode] : undefined;
    if (applied === undefined) return { ...n, short: false };
    const used = n.usage ? (facts.used[n.usage] ?? 0) : undefined;
    const free = applied - (used ?? 0);
    const short = n.need > free;
    if (short) {
      // Quotas in whole units; gp3 TiB may need a fraction: round the request up.
      const desired = Math.ceil(n.need + (used ?? 0));
      const inUse = used ? `, ${formatNumber(used)} already in use by other resources` : "";
      problems.push({
        key: `AWS quota ${n.serviceCode} ${n.quotaCode}`,
        value: undefined,
        message:
          `"${n.name}" in ${facts.region}: the plan needs ${formatNumber(n.need)} ${n.unit} (${n.what})${inUse}, the account allows ${formatNumber(applied)}` +
          ` (AWS's default ${n.defaultValue === null ? "varies" : formatNumber(n.defaultValue)}): request ${formatNumber(desired)} with\n      ${increaseCommand(facts.region, n.serviceCode, n.quotaCode!, desired)}\n      or at ${consoleUrl(facts.region, n.serviceCode, n.quotaCode!)}`,
      });
    }
    return { ...n, applied, ...(used !== undefined ? { used } : {}), free, short };
  });

  // Every chosen type in every chosen zone; the zones that offer them all are the ones to choose instead.
  const offeredEverything = Object.keys(facts.offerings)
    .filter((z) => [...types.keys()].every((t) => facts.offerings[z].includes(t)))
    .sort();
  for (const zone of facts.zones) {
    const missing = [...types.keys()].filter((t) => !(facts.offerings[zone] ?? []).includes(t));
    if (missing.length === 0) continue;
    const what = missing.map((t) => `${t} (${types.get(t)!.join(", ")})`).join(", ");
    const instead = offeredEverything.length >= facts.zones.length
      ? `set wire-backend:network.zoneNames to ${facts.zones.length} zones that offer every chosen type, e.g. [${offeredEverything.slice(0, facts.zones.length).join(", ")}]`
      : `only ${offeredEverything.length} zone(s) of ${facts.region} offer every chosen type (${offeredEverything.join(", ") || "none"}): choose other types with wire-backend:roles.<role>.instanceType, or fewer zones`;
    problems.push({ key: "wire-backend:network.zoneNames", value: zone, message: `does not offer ${what}: avoid this zone; ${instead}` });
  }
  return { rows, problems, ok: problems.length === 0 };
}

/** Thrown before any resource is registered when the account cannot take the plan. */
export class AccountCheckError extends ConfigError {
  constructor(problems: ConfigProblem[], stack: string, region: string) {
    super(problems, `the AWS account for stack ${stack} (${region})`);
    this.name = "AccountCheckError";
    this.message += `\nNothing was created. Once the quotas are raised (Service Quotas shows the requests), run again; ${SKIP_KEY}: true skips this check for accounts whose quotas are managed elsewhere.`;
  }
}

/** What the account check reads, for the program's data sources and for `npm run preflight` alike. */
export interface AccountFactsRequest {
  stack: string;
  region: string;
  quotas: { serviceCode: string; quotaCode: string }[];
  usage: UsageKind[];
  instanceTypes: string[];
  /** Pinned zones (network.zoneNames, or the deployed stack's); else the region's first `zoneCount`. */
  zones?: string[];
  zoneCount: number;
}
