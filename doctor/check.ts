// The doctor's unit of work: a named check with a time limit, and what it found. A failure always
// names its likely cause, in the operator's terms (which record, which port, which Secret).
import * as dns from "dns";
import type { TurnAuth } from "./turnCredential";

export type Status = "pass" | "warn" | "fail";

export interface Outcome {
  status: Status;
  /** What was seen, e.g. "→ 127.0.0.1" or "certificate valid 89 more days; /status 200". */
  detail: string;
  /** For warn and fail: the likely cause and where to look. */
  cause?: string;
}

export interface CheckResult extends Outcome {
  id: string;
  group: string;
  target: string;
  ms: number;
}

export interface DoctorEnv {
  /** `host:port` of the DNS server to ask instead of the system's (tests, split-horizon DNS). */
  dnsServer?: string;
  ports: { https: number; turn: number; turns: number };
  /** Extra CA certificates (PEM) to trust, e.g. an island's private CA. */
  ca?: string[];
  turnAuth: TurnAuth;
  now: () => Date;
}

export interface Check {
  id: string;
  group: "dns" | "https" | "turn" | "sft" | "push" | "email";
  target: string;
  run(env: DoctorEnv, signal: AbortSignal): Promise<Outcome>;
  /** The likely cause when nothing answers within the time limit. */
  timeoutCause?: (env: DoctorEnv) => string;
}

export const pass = (detail: string): Outcome => ({ status: "pass", detail });
export const warn = (detail: string, cause: string): Outcome => ({ status: "warn", detail, cause });
export const fail = (detail: string, cause: string): Outcome => ({ status: "fail", detail, cause });

/** A resolver that asks `env.dnsServer` when given (dns.promises.Resolver takes `ip:port`). */
export function resolverFor(env: DoctorEnv, signal: AbortSignal): dns.promises.Resolver {
  const resolver = new dns.promises.Resolver({ timeout: 2000, tries: 2 });
  if (env.dnsServer) resolver.setServers([env.dnsServer]);
  signal.addEventListener("abort", () => resolver.cancel());
  return resolver;
}

/** IPv4 addresses of a name, through the doctor's resolver. */
export async function resolve4(env: DoctorEnv, name: string, signal: AbortSignal): Promise<string[]> {
  return (await resolverFor(env, signal).resolve4(name)).sort();
}

/** A `lookup` for net/tls/https that uses the doctor's resolver instead of the system's. */
export function lookupVia(env: DoctorEnv, signal: AbortSignal) {
  return (hostname: string, options: { all?: boolean }, cb: (...args: any[]) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    resolve4(env, hostname, signal).then(
      (ips) => (options.all ? cb(null, ips.map((address) => ({ address, family: 4 }))) : cb(null, ips[0], 4)),
      (e) => cb(e),
    );
  };
}
