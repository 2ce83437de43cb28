// What each wire-server release needs from the deployment: one table that decides roles, inventory,
// Helm values and the upgrade steps. Pure data (no zod, no Pulumi), so sizing and the CLI can read it.
// Sources: wire-server CHANGELOG (RabbitMQ required by cannon and gundeck from 5.8.0; galley needs
// PostgreSQL from 5.20.0; the service charts merged into the `wire-server` chart's own templates at
// 5.29.0: its CHANGELOG entry "Helm chart refactoring" is under Chart Release 5.29.0, and the 5.28.0
// commit still has brig, galley, spar, ... as subcharts with tags) and
// wire-server-deploy (coturn replaced restund for 5.0.0+ artifacts); shared/reference/wire-deployment.md.

/** The oldest wire-server release this tool deploys: the first whose artifact ships coturn. */
export const OLDEST_SUPPORTED_RELEASE = "5.0.0";

/**
 * The wire-server releases our output is checked against: the contract test
 * tests/contract/helmRender.test.ts renders every chart we write values for at each of them with
 * Wire's own charts (wire-server `chart/<release>` tags). Oldest first.
 */
export const CHECKED_RELEASES: readonly string[] = ["5.8.0", "5.20.0", "5.23.0", "5.25.0", "5.28.0", "5.29.0", "5.29.5"];
/** The newest of CHECKED_RELEASES: a newer wireVersion is refused unless the stack accepts it unchecked. */
export const NEWEST_CHECKED_RELEASE = "5.29.5";
/** The release a stack gets when it names none: the newest one our values are checked against. */
export const DEFAULT_RELEASE = NEWEST_CHECKED_RELEASE;
/**
 * The default before it became NEWEST_CHECKED_RELEASE. A deployed stack that relied on it records
 * `wireVersion: 5.23.0` in its outputs; planning the new default from there crosses
 * 5.29-merged-charts, which the upgrade gate (sizing/upgrade.ts) refuses until it is acknowledged
 * (or the stack pins wireVersion: "5.23.0").
 */
export const FORMER_DEFAULT_RELEASE = "5.23.0";

/** A change an upgrade across it must be acknowledged for (`upgrade.acknowledge: [id]`). */
export interface BreakingChange {
  /** The acknowledgement key, e.g. "5.20-postgresql". */
  id: string;
  /** The first release that has the change. */
  since: string;
  summary: string;
}

/** What a release needs, by the first release that needs it. */
export const RELEASE_CHANGES: readonly BreakingChange[] = [
  {
    id: "5.8-rabbitmq",
    since: "5.8.0",
    summary: "cannon and gundeck need RabbitMQ: three rabbitmq nodes (rmq-cluster) and the rabbitmq-external chart are added",
  },
  {
    id: "5.20-postgresql",
    since: "5.20.0",
    summary: "galley needs PostgreSQL: three postgresql nodes (repmgr, one primary, two standbys) and the postgresql-external chart are added",
  },
  {
    id: "5.29-merged-charts",
    since: "5.29.0",
    summary: "the service charts are merged into the wire-server chart: `tags.*` no longer select services, values move under the merged chart",
  },
];

export interface ReleaseFeatures {
  /** cannon and gundeck need RabbitMQ. */
  rabbitmq: boolean;
  /** galley (and brig, background-worker) need PostgreSQL. */
  postgresql: boolean;
  /** One `wire-server` chart (5.29.0); `tags.<service>` no longer select brig..spar, proxy included. */
  mergedCharts: boolean;
  /** nginz reads `nginx_conf.dns_resolver` (wire-server #4726, 2025-08-20). */
  nginzDnsResolver: boolean;
  /** galley reads `postgresMigration` (which store holds conversations, codes, team features). */
  galleyPostgresMigration: boolean;
  /**
   * brig and galley read `postgresqlPool`; background-worker reads PostgreSQL, brig's and galley's
   * Cassandra keyspaces, `federationDomain` and the conversation migration switch.
   */
  backgroundWorkerPostgresql: boolean;
  /** background-worker reads `migrateConversationCodes`. */
  migrateConversationCodes: boolean;
  /** background-worker reads `migrateTeamFeatures`. */
  migrateTeamFeatures: boolean;
}

export type Version = [number, number, number];

export function parseVersion(v: string): Version | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** -1, 0 or 1 as a is older than, equal to or newer than b (both "x.y.z"). */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) throw new RangeError(`not a release version: ${!pa ? a : b}`);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}

const atLeast = (version: string, since: string) => compareVersions(version, since) >= 0;

export function isSupportedRelease(version: string): boolean {
  return parseVersion(version) !== undefined && atLeast(version, OLDEST_SUPPORTED_RELEASE);
}

export function releaseFeatures(version: string): ReleaseFeatures {
  return {
    rabbitmq: atLeast(version, "5.8.0"),
    postgresql: atLeast(version, "5.20.0"),
    mergedCharts: atLeast(version, "5.29.0"),
    // First chart release whose templates read the keys (tests/fixtures/chart-keys/wire-server-*.json).
    nginzDnsResolver: atLeast(version, "5.21.0"),
    galleyPostgresMigration: atLeast(version, "5.23.0"),
    backgroundWorkerPostgresql: atLeast(version, "5.24.0"),
    migrateConversationCodes: atLeast(version, "5.26.0"),
    migrateTeamFeatures: atLeast(version, "5.27.0"),
  };
}

/**
 * The Service of databases-ephemeral's Redis that gundeck must name, by the first release whose chart
 * renders it (wire-server charts/redis-ephemeral/requirements.yaml: bitnami redis 11.3.4 until 5.11.6,
 * bitnami 16/19 until 5.23.18, then groundhog2k's redis, which names no `-master`; installed as Helm
 * release `databases-ephemeral`, as wire-server-deploy does). Rendered by the contract test at each release.
 */
const EPHEMERAL_REDIS_SERVICE: readonly { since: string; service: string }[] = [
  { since: "5.0.0", service: "redis-ephemeral-master" },
  { since: "5.11.6", service: "databases-ephemeral-redis-ephemeral-master" },
  { since: "5.23.18", service: "databases-ephemeral-redis-ephemeral" },
];

export function ephemeralRedisService(version: string): string {
  return [...EPHEMERAL_REDIS_SERVICE].reverse().find((r) => atLeast(version, r.since))!.service;
}

/** The breaking changes an upgrade from `from` to `to` crosses (none for a patch or a downgrade). */
export function changesCrossed(from: string, to: string): BreakingChange[] {
  return RELEASE_CHANGES.filter((c) => !atLeast(from, c.since) && atLeast(to, c.since));
}

/** Whether `version` is newer than any release the Helm values were rendered against. */
export function isNewerThanChecked(version: string): boolean {
  return parseVersion(version) !== undefined && compareVersions(version, NEWEST_CHECKED_RELEASE) > 0;
}

/**
 * What to write instead of a release that is not x.y.z. YAML reads `5.23` as a number (and `5.20` as
 * 5.2), so the fix is the whole release in quotes.
 */
export function releaseFormatHint(input: unknown): string {
  const text = typeof input === "number" ? String(input) : typeof input === "string" ? input.trim() : "";
  const short = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!short) return `is not a wire-server release; expected a chart release in quotes, e.g. "${NEWEST_CHECKED_RELEASE}"`;
  const [major, minor = "0"] = [short[1], short[2]];
  const full = `"${major}.${minor}.0"`;
  // 5.20 arrives as the number 5.2: both readings are offered.
  const alike = typeof input === "number" && minor.length === 1 && minor !== "0" ? ` or "${major}.${minor}0.0"` : "";
  return `is not a full wire-server release; write the full release, e.g. ${full}${alike} (quote it so YAML reads a string)`;
}
