// What the doctor checks, from a real deployment's stack outputs (`pulumi stack output --json
// --show-secrets`) and its stack file: every name, address, port and secret. Pure.
// A plan's outputs are refused: their addresses are invented (documentation ranges, RFC 5737) and
// may belong to someone else, and their secrets are placeholders.
import { Address4 } from "ip-address";
import type { StackConfig } from "../config/schema";
import { turnHostname, WIRE_HOSTNAMES } from "../config/hostNames";
import type { GundeckAws } from "../outputs/types";
import { dnsDelegation } from "../outputs/dnsDelegation";
import { emailVia, SMTP_DEFAULT_PORT, type SmtpTls } from "../config/email";

export interface TurnNode {
  /** turnN.<domain> */
  name: string;
  /** Where clients reach it: the Elastic IP online, the private address on the island. */
  address: string;
}

/** Where brig's mail goes: SES's identity, or the relay with brig's login (the password from the values). */
export interface SmtpTarget {
  via: "smtp";
  host: string;
  port: number;
  tls: SmtpTls;
  username?: string;
  password?: string;
}
export type EmailTarget = { via: "ses"; domain: string; region: string } | SmtpTarget;

export interface DoctorTargets {
  domain: string;
  online: boolean;
  /** The load balancer's DNS name: every HTTPS name is an alias of it. */
  loadBalancer: string;
  /** The names aliased to the load balancer, fully qualified (sftd only with SFT nodes). */
  lbNames: string[];
  turn: TurnNode[];
  sftPublicIps: string[];
  turnSecret: string;
  turnTls: boolean;
  push: { option: "A" | "B" | "C"; gundeck?: GundeckAws };
  email?: EmailTarget;
  /** The stack's public zone: the parent must delegate `name` to these name servers. Absent for dns.zoneId and offline. */
  delegation?: { name: string; nameServers: string[] };
}

/** Names served over HTTPS through the ingress, and what answers there. */
export const HTTPS_NAMES = ["nginz-https", "nginz-ssl", "webapp", "teams", "account", "assets"] as const;

export class NotADeployment extends Error {}

const DOCUMENTATION_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map((c) => new Address4(c));
function invented(ip: string): boolean {
  return Address4.isValid(ip) && DOCUMENTATION_RANGES.some((r) => new Address4(ip).isInSubnet(r));
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function turnSecretOf(outputs: Record<string, unknown>): string | undefined {
  // helmValues["wire-server"].secrets.brig.secrets.turn.secret, as brig gets it; coturn's zrestSecrets as a fallback.
  const hv = outputs.helmValues as Record<string, { secrets?: Record<string, any> }> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  return hv?.["wire-server"]?.secrets?.brig?.secrets?.turn?.secret ?? hv?.coturn?.secrets?.secrets?.zrestSecrets?.[0];
}

function emailTarget(config: StackConfig, outputs: Record<string, unknown>): EmailTarget | undefined {
  if (emailVia(config) === "ses") return { via: "ses", domain: config.domain, region: config.region };
  const smtp = config.email.smtp;
  if (!smtp) return undefined;
  // The password as brig gets it (the stack file holds it encrypted; the outputs, with --show-secrets, in clear).
  const hv = outputs.helmValues as Record<string, { secrets?: Record<string, any> }> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  const password = hv?.["wire-server"]?.secrets?.brig?.secrets?.smtpPassword;
  return {
    via: "smtp",
    host: smtp.host,
    port: smtp.port ?? SMTP_DEFAULT_PORT[smtp.tls],
    tls: smtp.tls,
    ...(smtp.username ? { username: smtp.username } : {}),
    ...(typeof password === "string" && password ? { password } : {}),
  };
}

export function doctorTargets(config: StackConfig, outputs: Record<string, unknown>): DoctorTargets {
  if ("resources" in outputs && "sizing" in outputs) {
    throw new NotADeployment("this is a plan (`npm run plan -- --json`), not a deployment: its addresses are invented; pass a real stack's `pulumi stack output --json --show-secrets`");
  }
  const lb = outputs.loadBalancerDnsName;
  if (typeof lb !== "string" || !lb) throw new NotADeployment("the outputs have no loadBalancerDnsName; pass `pulumi stack output --json --show-secrets` of a deployed stack");
  const online = config.connectivity === "online";
  const turnIps = online ? strings(outputs.restundPublicIps) : strings((outputs.privateIps as Record<string, unknown> | undefined)?.restund);
  const sftPublicIps = strings(outputs.sftPublicIps);
  const sft = sftPublicIps.length > 0 || strings((outputs.privateIps as Record<string, unknown> | undefined)?.sft).length > 0;
  const fake = [...turnIps, ...sftPublicIps].filter(invented);
  if (fake.length > 0) throw new NotADeployment(`addresses ${fake.join(", ")} are from a documentation range (a plan's invented addresses); the doctor probes only a real deployment`);
  const turnSecret = turnSecretOf(outputs);
  if (!turnSecret || turnSecret === "[secret]") {
    throw new NotADeployment("the outputs hide the TURN secret; export them with `pulumi stack output --json --show-secrets`");
  }
  const gundeck = outputs.gundeck as GundeckAws | undefined;
  const delegation = dnsDelegation({ domain: config.domain, online, existingZoneId: config.dns.zoneId }, strings(outputs.nameServers));
  return {
    domain: config.domain,
    online,
    loadBalancer: lb,
    lbNames: WIRE_HOSTNAMES.filter((h) => h !== "sftd" || sft).map((h) => `${h}.${config.domain}`),
    turn: turnIps.map((address, i) => ({ name: `${turnHostname(i + 1)}.${config.domain}`, address })),
    sftPublicIps,
    turnSecret,
    turnTls: config.turn.tls,
    push: { option: config.push.option, gundeck },
    email: emailTarget(config, outputs),
    ...(delegation.kind === "delegate" && delegation.nameServers.length > 0 ? { delegation: { name: delegation.name, nameServers: delegation.nameServers } } : {}),
  };
}
