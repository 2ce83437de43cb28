// The one DNS record we cannot create: the delegation of `domain` in its parent zone. The stack's
// public Route 53 zone answers for Wire's names only once the parent (another provider, another
// account, or the registrar) names the zone's four name servers in an NS record; until then nothing
// resolves. Pure: the plan, `pulumi up` (stack output dnsDelegation), the doctor and the install
// runbook all print or check the same record.

export type DnsDelegation =
  /** The stack created a public zone: the parent must delegate `name` to `nameServers`. */
  | { kind: "delegate"; name: string; type: "NS"; nameServers: string[] }
  /** `dns.zoneId`: the stack's records go into that zone, whose delegation is the customer's already. */
  | { kind: "existing-zone"; name: string; zoneId: string }
  /** Offline: the zone is private to the island's VPC; no parent zone on the internet is involved. */
  | { kind: "private-zone"; name: string };

export interface DelegationInput {
  domain: string;
  online: boolean;
  /** `dns.zoneId` when the stack uses an existing zone. */
  existingZoneId?: string;
}

/** What the parent zone needs, from the stack's DNS choice and the new zone's name servers. */
export function dnsDelegation(input: DelegationInput, nameServers: readonly string[]): DnsDelegation {
  const name = bare(input.domain);
  if (input.existingZoneId) return { kind: "existing-zone", name, zoneId: input.existingZoneId };
  if (!input.online) return { kind: "private-zone", name };
  return { kind: "delegate", name, type: "NS", nameServers: nameServers.map(bare) };
}

/** Names compared and printed without the trailing root dot, in lower case (DNS is case-insensitive). */
export function bare(name: string): string {
  return name.trim().replace(/\.$/, "").toLowerCase();
}

/** The zone that holds the delegation: the domain minus its first label. */
export function parentZoneOf(domain: string): string {
  return bare(domain).split(".").slice(1).join(".");
}

/** The delegation as zone-file records (RFC 1035 master-file form), one per name server, as a parent zone holds them. */
export function delegationZoneRecords(d: Extract<DnsDelegation, { kind: "delegate" }>): string[] {
  return d.nameServers.map((ns) => `${d.name}. IN NS ${ns}.`);
}

/** The human lines: the record to create (zone-file form), or why there is none. */
export function delegationLines(d: DnsDelegation): string[] {
  switch (d.kind) {
    case "delegate": {
      const parent = parentZoneOf(d.name);
      return [
        `Create in the parent zone ${parent} (at its DNS provider; at your registrar when ${d.name} is the domain you registered)`,
        `the NS record ${d.name} with the stack's ${d.nameServers.length} name servers; until it exists none of Wire's names resolve:`,
        ...delegationZoneRecords(d),
        `Check it after \`pulumi up\` with \`npm run doctor\` (check dns:delegation).`,
      ];
    }
    case "existing-zone":
      return [`dns.zoneId ${d.zoneId} is used as it is: the stack adds Wire's records to that zone, whose delegation is already yours; no delegation is needed from us.`];
    case "private-zone":
      return [
        `The zone ${d.name} is private to the island's VPC: resolvers in the VPC answer it and no parent zone delegates to it.`,
        `Clients outside the VPC need their DNS to forward ${d.name} to a resolver in the VPC (e.g. a Route 53 Resolver inbound endpoint, not created by this stack).`,
      ];
  }
}

/** True for a value shaped like a DnsDelegation (stack outputs are untyped JSON). */
function isDelegation(v: unknown): v is DnsDelegation {
  const d = v as Partial<Record<string, unknown>> | undefined;
  if (!d || typeof d !== "object" || typeof d.name !== "string") return false;
  if (d.kind === "delegate") return Array.isArray(d.nameServers) && d.nameServers.every((n) => typeof n === "string");
  if (d.kind === "existing-zone") return typeof d.zoneId === "string";
  return d.kind === "private-zone";
}

/**
 * The lines for a stack's outputs (a plan's `outputs`, or `pulumi stack output --json`): what the
 * plan prints and the install runbook repeats. Outputs from before the dnsDelegation output say so.
 */
export function delegationRecord(outputs: Record<string, unknown>): string[] {
  if (!isDelegation(outputs.dnsDelegation)) {
    return ["The stack outputs have no dnsDelegation (a deployment from before it existed): run `pulumi up` once, or read the name servers from the output nameServers."];
  }
  return delegationLines(outputs.dnsDelegation);
}
