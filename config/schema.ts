// The stack file's schema: the single source of truth for keys, types, defaults and docs.
// Keys live in the `wire-backend:` namespace of `Pulumi.<stack>.yaml`; `aws:region` is read beside them.
// Every `.describe()` text feeds the stack-file reference (docs/reference.md) and the editor JSON Schema.
import { ASSET_STORES, LAYOUTS } from "./placement";
import { z } from "zod";
import { ROLES as ROLE_KEYS } from "./roles";
import { RELEASE_CHANGES } from "./releases";
import { cidrsOverlap, hasHostBits, hostOf, isCidr, isIpv4Cidr, isWorldCidr, networkOf, prefixLength } from "./cidr";
import { CALLING_DEFAULTS, CALLING_SOURCES } from "./calling";
import { COST_DEFAULTS, COST_SOURCES } from "./costs";
import { brandingSchema, emailProblems, emailSchema, registrationSchema, smsSchema } from "./email";
import { isKnownRegion, unknownRegionMessage } from "../sizing/regions";
import { DEFAULT_RELEASE, isNewerThanChecked, isSupportedRelease, NEWEST_CHECKED_RELEASE, OLDEST_SUPPORTED_RELEASE, parseVersion, releaseFormatHint } from "./releases";

export const PROJECT = "wire-backend";

/** Kubespray's default service and pod ranges: a VPC overlapping them breaks in-cluster routing. */
export const KUBESPRAY_RANGES = ["10.233.0.0/18", "10.233.64.0/18"];


const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

// 198.51.100.1/24 is a network written with an address in it: AWS and firewalls would read it as
// 198.51.100.0/24, 256 addresses, where the operator may have meant the one host.
const cidr = z
  .string()
  .refine(isCidr, { message: "is not a CIDR; expected an address range such as 192.168.0.0/16" })
  .refine((c) => !isCidr(c) || !hasHostBits(c), {
    error: (issue) => {
      const c = String(issue.input);
      return `has host bits set; write the network ${networkOf(c)}, or ${hostOf(c)} for the single address`;
    },
  });

const vpcCidr = z
  .string()
  .refine(isIpv4Cidr, { message: "is not an IPv4 CIDR; expected a range such as 172.16.0.0/16" })
  .refine((c) => !isIpv4Cidr(c) || !hasHostBits(c), {
    error: (issue) => `has host bits set; write the network address ${networkOf(String(issue.input))}`,
  })
  .refine((c) => !isIpv4Cidr(c) || (prefixLength(c) >= 16 && prefixLength(c) <= 22), {
    message: "is outside /16../22; AWS allows /16 at most and we carve 16 subnets of at least 64 addresses",
  })
  .refine((c) => !isIpv4Cidr(c) || !KUBESPRAY_RANGES.some((k) => cidrsOverlap(c, k)), {
    message: `overlaps Kubernetes' internal ranges (${KUBESPRAY_RANGES.join(", ")}); use e.g. 172.16.0.0/16`,
  });

const dnsName = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "is not a DNS name; expected lower-case labels such as wire.example.com",
  });

// Only regions AWS has: a made-up one (eu-central-9) would be planned with zones and prices it lacks.
// The editor schema keeps the shape check (a list of 38 names would swamp the stack-file reference).
const region = z
  .string()
  .superRefine((name, ctx) => {
    if (!isKnownRegion(name)) ctx.addIssue({ code: "custom", input: name, message: unknownRegionMessage(name) });
  })
  .meta({ pattern: "^[a-z]{2}(-gov)?-[a-z]+-\\d$" });

const ZONE_ID_EXAMPLE = "Z0123456789ABC";

/** What a wrong dns.zoneId most likely is (a domain, the API's /hostedzone/ path, lower case) and its fix. */
function zoneIdHint(value: string): string {
  const id = value.trim().replace(/^\/?hostedzone\//i, "");
  if (id !== value.trim() && /^Z[A-Z0-9]{4,32}$/.test(id)) return `is a hosted zone path; write the id alone: ${id}`;
  if (/^z[a-z0-9]{4,32}$/i.test(id)) return `is not a Route 53 hosted zone id; ids are upper case: ${id.toUpperCase()}`;
  const what = value.includes(".") ? "is a domain name, not a Route 53 hosted zone id (the domain goes in wire-backend:domain)" : "is not a Route 53 hosted zone id";
  return `${what}; zoneId takes an existing hosted zone's id, e.g. ${ZONE_ID_EXAMPLE} (aws route53 list-hosted-zones-by-name --dns-name DOMAIN shows it), or leave it out for a new zone`;
}

const conferences = z
  .strictObject({
    concurrent: int(0).describe("Peak number of conferences at the same time; 0 means no group calls at all (sftd is not deployed, with a warning)."),
    participants: int(2, 500).optional().describe("Participants per conference at peak (2..500); required when concurrent > 0."),
    video: z.boolean().default(true).describe("Whether participants send video (default true)."),
  })
  .refine((c) => c.concurrent === 0 || c.participants !== undefined, {
    path: ["participants"],
    message: "is required when concurrent > 0; give participants per conference at peak (2..500)",
  })
  .describe(
    "Peak conference load: sizes a dedicated SFT pool. Absent: sftd runs in the Kubernetes cluster (Wire's reference layout), reached through TURN. concurrent: 0: no group calls.",
  );

// The calling model's assumptions (sizing/calling.ts): each default with its source.
const share = (key: keyof typeof CALLING_DEFAULTS, what: string) =>
  z.number().min(0).max(1).default(CALLING_DEFAULTS[key]).describe(`${what} Default ${CALLING_DEFAULTS[key]}: ${CALLING_SOURCES[key]}.`);
const kbps = (key: keyof typeof CALLING_DEFAULTS, what: string) =>
  z.number().positive().max(100_000).default(CALLING_DEFAULTS[key]).describe(`${what} Default ${CALLING_DEFAULTS[key]}: ${CALLING_SOURCES[key]}.`);
const calling = z
  .strictObject({
    oneToOnePeakShare: share("oneToOnePeakShare", "Share of users in a one-to-one call at the busy hour (0..1)."),
    oneToOneVideoShare: share("oneToOneVideoShare", "Share of one-to-one calls with video (0..1)."),
    relayedLegShare: share("relayedLegShare", "Share of one-to-one call legs relayed by TURN (0..1)."),
    audioLegKbps: kbps("audioLegKbps", "kbps of an audio call leg, each direction."),
    videoLegKbps: kbps("videoLegKbps", "kbps of a video call leg (video plus audio), each direction."),
    conferenceTurnShare: share("conferenceTurnShare", "Share of conference participants reaching the SFT through TURN (0..1)."),
    headroom: z
      .number()
      .gt(0)
      .max(1)
      .default(CALLING_DEFAULTS.headroom)
      .describe(`Share of a calling server's BASELINE network we plan to fill (0..1]. Default ${CALLING_DEFAULTS.headroom}: ${CALLING_SOURCES.headroom}.`),
    busyHoursPerDay: z
      .number()
      .gt(0)
      .max(24)
      .default(CALLING_DEFAULTS.busyHoursPerDay)
      .describe(`Hours a working day carries the peak's calling traffic (the bill's data transfer out). Default ${CALLING_DEFAULTS.busyHoursPerDay}: ${CALLING_SOURCES.busyHoursPerDay}.`),
    workingDaysPerMonth: z
      .number()
      .gt(0)
      .max(31)
      .default(CALLING_DEFAULTS.workingDaysPerMonth)
      .describe(`Working days a month (the bill's data transfer out). Default ${CALLING_DEFAULTS.workingDaysPerMonth}: ${CALLING_SOURCES.workingDaysPerMonth}.`),
  })
  .prefault({})
  .describe("The calling model's assumptions (TURN from one-to-one and relayed conference traffic, SFT from CPU and bandwidth); each is stated with its source and may be overridden.");

// The bill's traffic and storage assumptions (config/costs.ts, docs/costs.md): each default with its reason.
const costAssumption = (key: keyof typeof COST_DEFAULTS, what: string, max = Number.MAX_SAFE_INTEGER) =>
  z.number().min(0).max(max).default(COST_DEFAULTS[key]).describe(`${what} Default ${COST_DEFAULTS[key]}: ${COST_SOURCES[key]}.`);
const costs = z
  .strictObject({
    webGiBPerUserMonth: costAssumption("webGiBPerUserMonth", "Web and API traffic to clients per user per month, GiB."),
    connectionsPerUser: costAssumption("connectionsPerUser", "Websockets through the load balancer per user at the busy hour."),
    natGiBPerNodeMonth: costAssumption("natGiBPerNodeMonth", "What each node fetches from the internet through the NAT per month, GiB."),
    natArtifactGiBPerMonth: costAssumption("natArtifactGiBPerMonth", "What the admin host downloads through the NAT per month, GiB."),
    pushMiBPerUserMonth: costAssumption("pushMiBPerUserMonth", "Push notification traffic to SNS per user per month, MiB (push options A and B)."),
    backupUsedShare: costAssumption("backupUsedShare", "Share of the data volumes holding data, what the first snapshot copies (0..1).", 1),
    backupDailyChangeShare: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("Share of the used data changing a day, for every data role (0..1). Default per role: Cassandra and Elasticsearch 0.05 (compaction and merges rewrite files), MinIO 0.01, PostgreSQL 0.05, RabbitMQ 0.1."),
  })
  .prefault({})
  .describe("The bill's assumptions beyond the nodes (docs/costs.md): traffic per user, what passes the NAT, connections, how full the backed-up volumes are.");

const roleOverride = z
  .strictObject({
    count: int(0, 500).optional().describe("Number of nodes instead of the sized count."),
    instanceType: z
      .string()
      .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { message: "is not an EC2 instance type; expected e.g. m6i.large" })
      .optional()
      .describe("EC2 type instead of the cheapest one that fits."),
    diskGiB: int(8, 16384).optional().describe("Data (or root) volume size per node in GiB."),
    force: z.boolean().default(false).describe("Accept an override below the sizing requirement."),
    allowScaleDown: z
      .boolean()
      .default(false)
      .describe("Allow this run to remove nodes (and their data) of a data role."),
  })
  .describe("Per-role override, validated against the sizing requirement.");

const transport = z.enum(["APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "GCM"]);
const arnEnv = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, { message: "is not a valid arnEnv; expected lower-case letters, digits, '-'" });

const pushA = z.strictObject({
  option: z.literal("A").describe("A: proxy through Wire's SNS (needs a contract with Wire)."),
  wire: z
    .strictObject({
      account: z.string().regex(/^\d{12}$/, { message: "is not an AWS account id; expected 12 digits" }).describe("Wire's AWS account id."),
      region: region.describe("Region of Wire's SNS/SQS."),
      arnEnv: arnEnv.describe("Wire's environment name; the queue is <arnEnv>-gundeck-events."),
      accessKeyId: z.string().min(16).describe("Secret config: the access key Wire hands over."),
      secretAccessKey: z.string().min(16).describe("Secret config: the secret key Wire hands over."),
    })
    .describe("What Wire hands over under the push-proxy contract."),
});

const pushApp = z.strictObject({
  appId: z.string().regex(/^[A-Za-z0-9._-]+$/, { message: "is not an app id; expected e.g. com.example.wire" }).describe("iOS bundle id or Firebase project/sender id."),
  transport: transport.describe("APNS, APNS_SANDBOX, APNS_VOIP, APNS_VOIP_SANDBOX or GCM."),
  credential: z.string().min(1).describe("Secret config: APNS private key / FCM server key."),
  principal: z.string().optional().describe("Secret config: APNS certificate (APNS transports only)."),
});

const pushB = z.strictObject({
  option: z.literal("B").describe("B: the customer's own SNS, for custom-built apps."),
  arnEnv: arnEnv.describe("Environment name: prefixes the queue and the platform applications."),
  apps: z.array(pushApp).min(1).describe("One SNS platform application per app and transport."),
});

const pushC = z.strictObject({ option: z.literal("C").describe("C: WebSockets only (no iOS background notifications).") });

const push = z
  .discriminatedUnion("option", [pushA, pushB, pushC], {
    message: "has no valid option; expected option A (Wire's SNS), B (own SNS) or C (WebSockets only)",
  })
  .describe("Push notifications: A proxies through Wire's SNS, B is the customer's own SNS, C WebSockets only.");

export const stackSchema = z
  .strictObject({
    scenario: z
      .enum(["cloud", "on-prem", "offline"])
      .optional()
      .describe("Preset of defaults for the seed's deployment scenarios; explicit keys win."),
    users: int(1, 10_000_000).describe("Expected number of users (required)."),
    conferences: conferences.optional(),
    calling,
    costs,
    connectivity: z
      .enum(["online", "offline"])
      .default("online")
      .describe("online, or offline: the seed's island without any path to the internet."),
    domain: dnsName.describe("DNS zone Wire is served under (required), e.g. wire.example.com."),
    push: push.default({ option: "C" }),
    network: z
      .strictObject({
        cidr: vpcCidr.default("172.16.0.0/16").describe("VPC range, /16../22, outside 10.233.0.0/17."),
        zones: int(3, 6).default(3).describe("Availability zones to spread nodes over (3..6)."),
        zoneNames: z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/)).optional()
          .describe("Explicit zone names; default: the region's first zones."),
        clientCidrs: z.array(cidr).default([])
          .describe("Where clients connect from; required offline (e.g. the customer's VPN range)."),
        natGateways: z
          .enum(["perZone", "single"])
          .default("perZone")
          .describe("Online: perZone (default) gives each zone its own NAT gateway, so losing a zone leaves the others their path out (push option A, packages, images); single keeps one gateway in the first zone, cheaper, and accepts that losing that zone cuts every node off the internet."),
      })
      .prefault({})
      .describe("The VPC: range, zones and (offline) client ranges."),
    access: z
      .strictObject({
        adminCidrs: z.array(cidr).default([]).describe("Ranges allowed to SSH (22) to the admin host, which has no public address: they reach it only over a routed link into the VPC (VPN, Direct Connect, peering, Transit Gateway) that this stack does not create; empty = SSM Session Manager only."),
      })
      .prefault({})
      .describe("Who may reach the nodes besides SSM Session Manager."),
    layout: z
      .enum(LAYOUTS)
      .default("reference")
      .describe("Where the data services run (config/placement.ts): reference (default) gives Cassandra, Elasticsearch, MinIO, PostgreSQL and RabbitMQ a group of nodes each, Wire's production layout; compact runs all five on three shared data nodes, one per zone, as Wire's staging.yml does (for small customers; the services share a failure domain per node)."),
    assets: z
      .enum(ASSET_STORES)
      .default("minio")
      .describe("Where users' files (cargohold's assets) are kept: minio (default) on MinIO nodes, as Wire ships it; s3 in a private S3 bucket of the stack, reached with the Kubernetes nodes' instance profile (online only)."),
    roles: z
      .partialRecord(z.enum(ROLE_KEYS), roleOverride)
      .default({})
      .describe("Per-role overrides: cassandra, minio, elasticsearch, kubernetes, restund, sft, adminHost, assetHost, postgresql, rabbitmq."),
    amiId: z
      .string()
      .regex(/^ami-[0-9a-f]{8,17}$/, { message: "is not an AMI id; expected ami- and 8 or 17 hex digits" })
      .optional()
      .describe("Pin the Ubuntu AMI; default: Canonical's newest 22.04 at first deployment."),
    wireVersion: z
      // A number here is YAML's reading of `5.23`: it gets the same fix as the string "5.23".
      .string({ error: (issue) => (typeof issue.input === "number" ? releaseFormatHint(issue.input) : undefined) })
      .regex(/^\d+\.\d+\.\d+$/, { error: (issue) => releaseFormatHint(issue.input) })
      // Before 5.0.0 Wire's artifact ships restund, not the coturn chart every TURN node here runs.
      .refine((v) => !parseVersion(v) || isSupportedRelease(v), {
        message: `is older than ${OLDEST_SUPPORTED_RELEASE}, the oldest release this tool deploys (older wire-server-deploy artifacts ship restund instead of the coturn chart); set ${OLDEST_SUPPORTED_RELEASE} or newer, e.g. ${DEFAULT_RELEASE}`,
      })
      .default(DEFAULT_RELEASE)
      .describe(`wire-server release, in quotes ("${DEFAULT_RELEASE}"); default: the newest release our Helm values are rendered against.`),
    upgrade: z
      .strictObject({
        acknowledge: z
          .array(z.enum(RELEASE_CHANGES.map((c) => c.id) as [string, ...string[]]))
          .default([])
          .describe(`Breaking changes an upgrade may cross, by name (${RELEASE_CHANGES.map((c) => c.id).join(", ")}); an upgrade crossing one is refused until it is listed.`),
        acceptUncheckedRelease: z
          .boolean()
          .default(false)
          .describe(`Plan a wireVersion newer than ${NEWEST_CHECKED_RELEASE}, the newest release our Helm values are rendered against (tests/contract/helmRender.test.ts), with a warning instead of an error.`),
      })
      .prefault({})
      .describe("Upgrades of wireVersion: acknowledgements of breaking changes, and releases newer than those checked."),
    kubernetes: z
      .strictObject({ kubeconfig: z.string().min(1).optional().describe("Secret: kubeconfig for phase two.") })
      .prefault({})
      .describe("Phase two: manage Wire's Kubernetes objects in the cluster."),
    dns: z
      .strictObject({
        zoneId: z
          .string()
          .regex(/^Z[A-Z0-9]{4,32}$/, { error: (issue) => zoneIdHint(String(issue.input)) })
          .optional()
          .describe("Existing Route 53 hosted zone to put the records in, by its id (e.g. Z0123456789ABC; `aws route53 list-hosted-zones-by-name --dns-name DOMAIN` shows it); the domain itself goes in `domain`."),
      })
      .prefault({})
      .describe("DNS: by default a new Route 53 zone for `domain`."),
    turn: z
      .strictObject({
        tls: z
          .boolean()
          .default(true)
          .describe(
            "Serve TURN over TLS on 5349 and advertise turns:turnN.<domain> URIs (clients behind firewalls that pass only TLS reach TURN); cert-manager issues the certificate for turnN.<domain> (online: Let's Encrypt DNS-01 on the stack's zone; offline: wire-ca). false: port 5349 stays closed and brig advertises no turns: URI.",
          ),
      })
      .prefault({})
      .describe("TURN (coturn) options."),
    certificates: z
      .strictObject({
        acmeEmail: z
          .string()
          // A plain pattern rather than z.email(): the editor JSON Schema then needs no "format" support.
          .regex(/^[^@\s]+@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/i, { message: "is not an e-mail address; expected the mailbox Let's Encrypt may write to, e.g. certmaster@wire.example.com" })
          .optional()
          .describe("Contact address of the stack's Let's Encrypt (ACME) account (online). Default certmaster@<domain>, as Wire's own tooling sets it."),
      })
      .prefault({})
      .describe("TLS certificates: cert-manager's issuers (online Let's Encrypt, offline wire-ca)."),
    sso: z
      .strictObject({ enabled: z.boolean().default(false).describe("Turn on spar (SAML SSO and SCIM).") })
      .prefault({})
      .describe("Single sign-on and SCIM provisioning."),
    registration: registrationSchema,
    email: emailSchema,
    sms: smsSchema,
    branding: brandingSchema,
    protect: z.boolean().default(true).describe("Protect data volumes and data-role instances (default true)."),
    backup: z
      .strictObject({ retentionDays: int(1, 3650).default(35).describe("Days to keep daily backups.") })
      .prefault({})
      .describe("AWS Backup of the data volumes."),
    preflight: z
      .strictObject({
        skip: z
          .boolean()
          .default(false)
          .describe("Skip the account check `pulumi preview`/`up` run before creating anything (applied quotas against the plan's need, instance types offered in each zone); for accounts whose quotas are managed elsewhere. `npm run preflight` still runs it on request."),
      })
      .prefault({})
      .describe("The AWS account check before anything is created (docs/quotas.md)."),
    region: region.describe("The AWS region to deploy into, e.g. eu-central-1; written aws:region, which the aws provider reads too."),
  })
  // `when: () => true` runs these cross-key checks even when other keys failed, so the operator sees
  // every problem at once; hence the defensive reads of possibly-invalid values.
  .superRefine(crossKeyChecks, { when: () => true });

function crossKeyChecks(raw: unknown, ctx: z.RefinementCtx): void {
  const s = (raw ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const offline = s.connectivity === "offline";
  const clientCidrs: unknown[] = Array.isArray(s.network?.clientCidrs) ? s.network.clientCidrs : [];
  const adminCidrs: unknown[] = Array.isArray(s.access?.adminCidrs) ? s.access.adminCidrs : [];
  const issue = (path: PropertyKey[], input: unknown, message: string) =>
    ctx.addIssue({ code: "custom", path, input, message });
  if (offline && clientCidrs.length === 0) {
    issue(["network", "clientCidrs"], clientCidrs, "must list the client ranges (e.g. the customer's VPN) when connectivity is offline");
  }
  const option = s.push?.option;
  if (offline && (option === "A" || option === "B")) {
    issue(["push", "option"], option, "needs the internet (Apple/Google push via SNS) and cannot work offline; use option C");
  }
  adminCidrs.forEach((c, i) => {
    if (typeof c === "string" && isCidr(c) && isWorldCidr(c)) {
      issue(["access", "adminCidrs", i], c, "opens SSH to the whole internet; list your office or VPN ranges, or none to use SSM");
    }
  });
  const vpc = typeof s.network?.cidr === "string" && isIpv4Cidr(s.network.cidr) ? s.network.cidr : undefined;
  clientCidrs.forEach((c, i) => {
    if (vpc && typeof c === "string" && isIpv4Cidr(c) && !isWorldCidr(c) && cidrsOverlap(c, vpc)) {
      issue(["network", "clientCidrs", i], c, `overlaps the VPC range ${vpc}; clients must come from outside it (routing would break)`);
    }
    if (offline && typeof c === "string" && isCidr(c) && isWorldCidr(c)) {
      issue(["network", "clientCidrs", i], c, "is the whole internet, which an offline island cannot reach; list the client ranges");
    }
  });
  const version = s.wireVersion;
  if (typeof version === "string" && isNewerThanChecked(version) && s.upgrade?.acceptUncheckedRelease !== true) {
    issue(
      ["wireVersion"],
      version,
      `is newer than ${NEWEST_CHECKED_RELEASE}, the newest release our Helm values are rendered against (tests/contract/helmRender.test.ts); ` +
        `set wireVersion ${NEWEST_CHECKED_RELEASE} or older, or set wire-backend:upgrade.acceptUncheckedRelease: true to plan it with a warning`,
    );
  }
  if (offline && s.assets === "s3") {
    issue(["assets"], s.assets, "needs Amazon S3, which an offline island cannot reach; keep assets: minio (the default) offline");
  }
  for (const p of emailProblems(s)) issue(p.path, p.input, p.message);
  const zoneNames = s.network?.zoneNames;
  const zones = s.network?.zones ?? 3;
  if (Array.isArray(zoneNames) && zoneNames.length < zones) {
    issue(["network", "zoneNames"], zoneNames, `names ${zoneNames.length} zones but network.zones is ${zones}; name at least that many`);
  }
}

export type StackConfig = z.output<typeof stackSchema>;
export type StackInput = z.input<typeof stackSchema>;
export type PushConfig = StackConfig["push"];
export { ROLE_KEYS };
