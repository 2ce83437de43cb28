// Every name the stack creates (components/dns.ts) resolves to what it should: the HTTPS names to
// the load balancer's addresses, turnN to its TURN node.
import { Check, DoctorEnv, fail, pass, resolve4 } from "./check";
import type { DoctorTargets } from "./targets";

function lookupFailure(name: string, e: NodeJS.ErrnoException, t: DoctorTargets): { detail: string; cause: string } {
  const zone = t.online
    ? `is the zone ${t.domain} delegated to the stack's name servers (output nameServers) at your registrar? (see the check dns:delegation)`
    : `the island's zone is private to the VPC: ask from inside it (the admin host) or point --dns-server at a resolver there`;
  if (e.code === "ENOTFOUND" || e.code === "ENODATA") return { detail: `${name}: no A record (${e.code})`, cause: `the record is missing or the resolver asked does not serve the zone; ${zone}` };
  if (e.code === "ETIMEOUT" || e.code === "ECONNREFUSED") return { detail: `${name}: the DNS server did not answer (${e.code})`, cause: "no DNS server reachable from here; check --dns-server or the network" };
  return { detail: `${name}: ${e.code ?? e.message}`, cause: zone };
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function dnsChecks(t: DoctorTargets): Check[] {
  // The load balancer's own addresses, asked once and shared by every alias check.
  let lbAddresses: Promise<string[]> | undefined;
  const lb = (env: DoctorEnv, signal: AbortSignal) => (lbAddresses ??= resolve4(env, t.loadBalancer, signal));

  const silent = () => "no DNS answer in time: the DNS server asked (--dns-server, or this machine's) is unreachable or does not answer for the zone";
  const lbCheck: Check = {
    id: "dns:load-balancer",
    timeoutCause: silent,
    group: "dns",
    target: t.loadBalancer,
    async run(env, signal) {
      try {
        return pass(`→ ${(await lb(env, signal)).join(", ")}`);
      } catch (e) {
        return fail(`${t.loadBalancer}: ${(e as NodeJS.ErrnoException).code}`, "the load balancer's own name does not resolve: it was deleted or is not provisioned yet (pulumi up), or no DNS is reachable from here");
      }
    },
  };

  const aliasChecks = t.lbNames.map((name): Check => ({
    id: `dns:${name}`,
    timeoutCause: silent,
    group: "dns",
    target: name,
    async run(env, signal) {
      let got: string[];
      try {
        got = await resolve4(env, name, signal);
      } catch (e) {
        const f = lookupFailure(name, e as NodeJS.ErrnoException, t);
        return fail(f.detail, f.cause);
      }
      let want: string[];
      try {
        want = await lb(env, signal);
      } catch {
        return fail(`→ ${got.join(", ")}`, `cannot tell: the load balancer's name ${t.loadBalancer} does not resolve`);
      }
      // An alias record answers with the load balancer's current addresses; they may rotate, so
      // any overlap counts, and a disjoint answer is a record pointing elsewhere.
      if (got.some((ip) => want.includes(ip))) return pass(`→ ${got.join(", ")} (the load balancer)`);
      return fail(`→ ${got.join(", ")}, not the load balancer (${want.join(", ")})`, `${name} points elsewhere: a record edited by hand, a stale record at another DNS provider, or a resolver caching an old answer`);
    },
  }));

  const turnChecks = t.turn.map((node, i): Check => ({
    id: `dns:${node.name}`,
    timeoutCause: silent,
    group: "dns",
    target: node.name,
    async run(env, signal) {
      let got: string[];
      try {
        got = await resolve4(env, node.name, signal);
      } catch (e) {
        const f = lookupFailure(node.name, e as NodeJS.ErrnoException, t);
        return fail(f.detail, f.cause);
      }
      if (same(got, [node.address])) return pass(`→ ${node.address} (TURN node ${i + 1})`);
      return fail(
        `→ ${got.join(", ")}, not TURN node ${i + 1} (${node.address})`,
        `${node.name} points elsewhere: the node's address changed (a replaced node without its Elastic IP?) or the record was edited by hand; clients given turns:${node.name} reach the wrong host`,
      );
    },
  }));
  return [lbCheck, ...aliasChecks, ...turnChecks];
}
