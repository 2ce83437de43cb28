// Each TURN node as a client meets it: a STUN binding on UDP, and a relay allocation with a
// time-limited credential made from the shared secret as brig makes it, over UDP and TCP (3478)
// and TLS (5349) when `turn.tls` is on (the default).
import { Check, DoctorEnv, fail, Outcome, pass } from "./check";
import { ProbeError, stunBinding, StunEndpoint, turnAllocate, TurnTransport } from "./stunClient";
import type { DoctorTargets, TurnNode } from "./targets";
import { turnCredential } from "./turnCredential";

function cause(e: ProbeError, ep: StunEndpoint, node: TurnNode, env: DoctorEnv): string {
  const port = `${ep.transport === "udp" ? "UDP" : "TCP"} ${ep.port}`;
  switch (e.kind) {
    case "refused":
      return `nothing listens on ${port} at ${ep.host}: coturn is not running on this node (kubectl get pods -l app=coturn -o wide)${ep.transport === "tls" ? ", or runs without TLS (coturn waits for the Secret coturn-tls: kubectl describe certificate coturn-tls)" : ""}`;
    case "unreachable":
      return `no route to ${ep.host}: wrong address, or the node is stopped`;
    case "timeout":
      return `no answer on ${port}: a firewall drops it (security group, network ACL, nftables on the node) or coturn is down`;
    case "tls":
      return `the TLS certificate is not valid for ${node.name} (${e.message}): cert-manager has not (re)issued the Certificate coturn-tls for ${node.name} (kubectl describe certificate coturn-tls; online it needs the letsencrypt-dns01 issuer and the zone's delegation, offline the wire-ca issuer)${env.ca ? "" : ", or pass a private CA with --ca"}`;
    case "rejected":
      return env.turnAuth === "zrest"
        ? "the credential was rejected: coturn's secret (values/coturn secrets.yaml zrestSecrets) differs from brig's turn secret in the stack outputs, or this coturn lacks Wire's zrest authentication (a stock coturn with use-auth-secret: try --turn-auth rest)"
        : "the credential was rejected: coturn's static-auth-secret differs from the stack's TURN secret, or coturn does not run with use-auth-secret (Wire's image with zrest: use --turn-auth zrest)";
    default:
      return `coturn answered unexpectedly (${e.message})`;
  }
}

function asOutcome(e: unknown, ep: StunEndpoint, node: TurnNode, env: DoctorEnv): Outcome {
  if (e instanceof ProbeError) return fail(e.message, cause(e, ep, node, env));
  throw e;
}

export function turnChecks(t: DoctorTargets): Check[] {
  const transports: TurnTransport[] = t.turnTls ? ["udp", "tcp", "tls"] : ["udp", "tcp"];
  return t.turn.flatMap((node): Check[] => {
    const endpoint = (env: DoctorEnv, transport: TurnTransport): StunEndpoint => ({
      host: node.address,
      port: transport === "tls" ? env.ports.turns : env.ports.turn,
      transport,
      servername: node.name,
      ca: env.ca,
    });
    const credential = (env: DoctorEnv) => turnCredential(env.turnAuth, t.turnSecret, { now: env.now() });
    const silent = (transport: TurnTransport) => (env: DoctorEnv) => cause(new ProbeError("timeout", ""), endpoint(env, transport), node, env);
    const binding: Check = {
      id: `stun:${node.name}:udp`,
      timeoutCause: silent("udp"),
      group: "turn",
      target: `${node.name} STUN/UDP`,
      async run(env, signal) {
        const ep = endpoint(env, "udp");
        try {
          // Wire's chart sets secure-stun: a binding needs the credential too.
          const r = await stunBinding(ep, credential(env), signal);
          return pass(`${ep.host}:${ep.port} answered: this machine is ${r.mapped}${r.authenticated ? " (authenticated, secure-stun)" : ""}`);
        } catch (e) {
          return asOutcome(e, ep, node, env);
        }
      },
    };
    const allocations = transports.map((transport): Check => ({
      id: `turn:${node.name}:${transport}`,
      timeoutCause: silent(transport),
      group: "turn",
      target: `${node.name} TURN/${transport.toUpperCase()}`,
      async run(env, signal) {
        const ep = endpoint(env, transport);
        try {
          const r = await turnAllocate(ep, credential(env), signal);
          return pass(`${ep.host}:${ep.port} allocated relay ${r.relayed}${r.lifetime ? ` for ${r.lifetime} s` : ""}, then released`);
        } catch (e) {
          return asOutcome(e, ep, node, env);
        }
      },
    }));
    return [binding, ...allocations];
  });
}
