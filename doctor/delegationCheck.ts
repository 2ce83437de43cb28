// The parent zone delegates `domain` to the stack's Route 53 zone: its NS record names exactly the
// zone's name servers (stack output nameServers). Asked of the parent zone's own servers (found
// through this machine's resolver, then queried without recursion, so no cache hides a stale
// record), or of the resolver given with --dns-server, which follows the delegation as clients do.
// Node's resolver (c-ares) reads only a reply's answer section; a parent's referral carries the NS
// records in its authority section, so the queries go through dns2's client, which returns both.
import * as dns from "dns";
import dns2 from "dns2";
import { bare, parentZoneOf } from "../outputs/dnsDelegation";
import { Check, fail, Outcome, pass, resolverFor } from "./check";
import type { DoctorTargets } from "./targets";

const RCODE_NAMES: Record<number, string> = { 0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED" };
const NXDOMAIN = 3;

/** What one DNS server said about `domain NS`. */
export interface Asked {
  /** Who was asked, for the report: "the resolver 127.0.0.1:53" or "a.iana-servers.net (199.43.135.53), a server of example.com". */
  where: string;
  rcode: number;
  /** NS targets for `domain` from the answer (a resolver, the zone itself) or the authority section (a referral). */
  nameServers: string[];
}

interface Server {
  address: string;
  port: number;
}

/** `ip`, `ip:port` or `[ipv6]:port`, as --dns-server takes it. */
export function parseServer(text: string): Server {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) return { address: v6[1], port: Number(v6[2] ?? 53) };
  const [address, port] = text.split(":");
  return { address, port: Number(port ?? 53) };
}

/** One `name NS` query; `recursive: false` for a zone's own servers (a referral, not a cached answer). */
export async function queryNs(server: Server, name: string, recursive: boolean, timeoutMs = 2000): Promise<{ rcode: number; nameServers: string[] }> {
  const ask = dns2.UDPClient({ dns: server.address, port: server.port, timeout: timeoutMs, socketType: server.address.includes(":") ? "udp6" : "udp4" });
  const reply = await ask(name, "NS", dns2.Packet.CLASS.IN, { recursive });
  const want = bare(name);
  const nameServers = [...reply.answers, ...reply.authorities]
    .filter((r) => r.type === dns2.Packet.TYPE.NS && bare(r.name) === want)
    .map((r) => bare(String((r as unknown as { ns: string }).ns)));
  return { rcode: reply.header.rcode, nameServers: [...new Set(nameServers)].sort() };
}

/** The resolver given with --dns-server, asked as a client would: recursively. */
export async function askResolver(server: string, domain: string): Promise<Asked> {
  const answer = await queryNs(parseServer(server), domain, true);
  return { where: `the resolver ${server}`, ...answer };
}

/**
 * The closest enclosing zone above `domain` and its servers' addresses, through `resolver`: the
 * parent of wire.example.com is example.com unless example.com has no NS of its own (then com).
 */
export async function parentServers(domain: string, resolver: dns.promises.Resolver): Promise<{ zone: string; servers: { name: string; address: string }[] }> {
  for (let zone = parentZoneOf(domain); zone; zone = parentZoneOf(zone)) {
    let names: string[];
    try {
      names = await resolver.resolveNs(zone);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENODATA" || code === "ENOTFOUND") continue; // not a zone apex: go one label up
      throw new Error(`cannot find the servers of the parent zone ${zone}: ${code ?? (e as Error).message}`);
    }
    const servers: { name: string; address: string }[] = [];
    for (const name of names.map(bare).sort()) {
      const addresses = await resolver.resolve4(name).catch(() => [] as string[]);
      servers.push(...addresses.map((address) => ({ name, address })));
    }
    if (servers.length === 0) throw new Error(`the parent zone ${zone}'s name servers (${names.join(", ")}) have no IPv4 address`);
    return { zone, servers };
  }
  throw new Error(`${domain} has no parent zone to ask`);
}

/** The parent zone's own servers, asked one after another until one answers (port: tests). */
export async function askParent(domain: string, resolver: dns.promises.Resolver, port = 53): Promise<Asked> {
  const { zone, servers } = await parentServers(domain, resolver);
  const errors: string[] = [];
  for (const s of servers.slice(0, 3)) {
    try {
      const answer = await queryNs({ address: s.address, port }, domain, false);
      return { where: `${s.name} (${s.address}), a server of the parent zone ${zone}`, ...answer };
    } catch (e) {
      errors.push(`${s.name} (${s.address}): ${(e as Error).message}`);
    }
  }
  throw new Error(`no server of the parent zone ${zone} answered: ${errors.join("; ")}`);
}

const listed = (names: string[]) => names.join(", ");

/** Pass when the delegation names exactly the zone's name servers; otherwise the record to fix. */
export function judgeDelegation(domain: string, expected: string[], asked: Asked): Outcome {
  const want = [...new Set(expected.map(bare))].sort();
  const record = `${domain}. NS ${listed(want.map((n) => `${n}.`))}`;
  const parent = parentZoneOf(domain);
  const where = `in the parent zone ${parent} (its DNS provider, or your registrar when ${domain} is the domain you registered)`;
  const got = asked.nameServers;
  if (got.length === 0) {
    const rcode = RCODE_NAMES[asked.rcode] ?? `rcode ${asked.rcode}`;
    if (asked.rcode !== 0 && asked.rcode !== NXDOMAIN) {
      return fail(`${domain} NS: ${rcode} from ${asked.where}`, `the delegation does not work: the parent names servers that do not serve the zone (a lame delegation), or the zone is gone; the record ${where} must be ${record}`);
    }
    return fail(
      `${domain} NS: no delegation (${rcode}) at ${asked.where}`,
      `${parent} does not delegate ${domain}, so none of Wire's names resolve: create the record ${record} ${where} (the stack output nameServers)`,
    );
  }
  if (got.length === want.length && got.every((n, i) => n === want[i])) return pass(`→ NS ${listed(got)} (the stack's zone; ${asked.where})`);
  const missing = want.filter((n) => !got.includes(n));
  const foreign = got.filter((n) => !want.includes(n));
  const diff = [missing.length ? `missing: ${listed(missing)}` : "", foreign.length ? `not the zone's: ${listed(foreign)}` : ""].filter(Boolean).join("; ");
  return fail(
    `→ NS ${listed(got)} (${asked.where}); the stack's zone has ${listed(want)}`,
    `the delegation names other servers than the stack's zone (${diff}): a zone deleted and created again gets new name servers, or the record still points at another DNS provider; replace the NS record ${where} with ${record}`,
  );
}

export function delegationChecks(t: DoctorTargets): Check[] {
  const d = t.delegation;
  if (!d) return [];
  return [
    {
      id: "dns:delegation",
      group: "dns",
      target: `${d.name} NS`,
      timeoutCause: (env) =>
        env.dnsServer
          ? `the resolver ${env.dnsServer} did not answer ${d.name} NS in time`
          : `no answer from the parent zone ${parentZoneOf(d.name)}'s servers in time: outbound DNS (UDP 53) may be blocked from here; ask a resolver with --dns-server`,
      async run(env, signal) {
        try {
          const asked = env.dnsServer ? await askResolver(env.dnsServer, d.name) : await askParent(d.name, resolverFor(env, signal));
          return judgeDelegation(d.name, d.nameServers, asked);
        } catch (e) {
          return fail(`${d.name} NS: ${(e as Error).message}`, "no DNS server answered from here; check the network, or ask a resolver with --dns-server");
        }
      },
    },
  ];
}
