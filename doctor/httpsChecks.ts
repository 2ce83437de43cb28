// HTTPS on each name behind the load balancer: a certificate valid for the name (and how long it
// still is), and the service answering. nginz answers `GET /status` with 200 on both of its ports
// (wire-server charts/nginz nginx.conf: `location /status { zauth off; return 200; }`); the web
// apps, assets (MinIO) and sftd only have to answer without a gateway error.
import * as https from "https";
import type { SecureContext, TLSSocket } from "tls";
import { Check, fail, lookupVia, Outcome, pass, warn } from "./check";
import type { DoctorTargets } from "./targets";
import { HTTPS_NAMES } from "./targets";
import { trustStore } from "./trustStore";

/** Fewer days left than this is a warning: Let's Encrypt renews at 30, a manual certificate needs time. */
export const EXPIRY_WARNING_DAYS = 14;

const CERT_CAUSES: Record<string, string> = {
  CERT_HAS_EXPIRED: "the certificate has expired: cert-manager did not renew it (kubectl describe certificate), or a manually installed one (tlsWildcardCert) was not replaced",
  CERT_NOT_YET_VALID: "the certificate is not valid yet: a clock is wrong (this machine's or the issuer's)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the certificate does not name this host: the ingress serves another certificate (default self-signed, or one for another domain); give it one for *.{domain} or each name",
  DEPTH_ZERO_SELF_SIGNED_CERT: "a self-signed certificate: the ingress' default (no TLS Secret for this host), or a private CA: pass it with --ca",
  SELF_SIGNED_CERT_IN_CHAIN: "signed by a CA this machine does not trust: pass the island's CA with --ca, or install a publicly trusted certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the chain is incomplete or from an unknown CA: serve the intermediate certificates, or pass the CA with --ca",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "signed by a CA this machine does not trust: pass the CA with --ca",
};

function daysLeft(validTo: string, now: Date): number {
  return Math.floor((new Date(validTo).getTime() - now.getTime()) / 86_400_000);
}

interface Answer {
  status: number;
  validTo: string;
}

function get(host: string, path: string, port: number, ca: string[] | undefined, lookup: ReturnType<typeof lookupVia>, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // https hands `secureContext` on to tls.connect; its request type does not list it.
    const options: https.RequestOptions & { secureContext?: SecureContext } = {
      host,
      port,
      path,
      servername: host,
      secureContext: trustStore(ca),
      lookup: lookup as never,
      agent: false,
      signal,
      headers: { "user-agent": "wire-backend-doctor" },
    };
    const req = https.get(
      options,
      (res) => {
        const cert = (res.socket as TLSSocket).getPeerCertificate();
        res.resume();
        resolve({ status: res.statusCode ?? 0, validTo: cert.valid_to });
      },
    );
    req.on("error", reject);
  });
}

export function connectionFailure(host: string, port: number, e: NodeJS.ErrnoException, domain: string): Outcome {
  const code = e.code ?? "";
  const cert = CERT_CAUSES[code];
  if (cert) return fail(`${host}: ${e.message}`, cert.replace("{domain}", domain));
  if (code === "ECONNREFUSED") return fail(`${host}:${port} refused the connection`, `nothing listens on ${port}: the load balancer has no healthy ingress target (NodePort 31773 on the Kubernetes nodes), or the name points elsewhere (see its dns check)`);
  if (code === "ENOTFOUND" || code === "ENODATA") return fail(`${host} does not resolve`, "see the dns check of this name");
  if (code === "ECONNRESET" || code === "EPROTO") return fail(`${host}: ${code} during the TLS handshake`, "the ingress closed the connection: no TLS configuration for this host, or a proxy in the way");
  return fail(`${host}: ${code || e.message}`, "the connection failed; see the dns check of this name");
}

export function httpsChecks(t: DoctorTargets): Check[] {
  const names = [...HTTPS_NAMES.map((h) => `${h}.${t.domain}`), ...t.lbNames.filter((n) => n.startsWith("sftd."))];
  return names.map((host): Check => {
    const nginz = host.startsWith("nginz-");
    const path = nginz ? "/status" : "/";
    return {
      id: `https:${host}`,
      timeoutCause: (env) => `no answer on TCP ${env.ports.https} in time: a firewall or security group drops it, or the name does not resolve in time (see its dns check)`,
      group: host.startsWith("sftd.") ? "sft" : "https",
      target: `https://${host}${path}`,
      async run(env, signal) {
        let answer: Answer;
        try {
          answer = await get(host, path, env.ports.https, env.ca, lookupVia(env, signal), signal);
        } catch (e) {
          return connectionFailure(host, env.ports.https, e as NodeJS.ErrnoException, t.domain);
        }
        const days = daysLeft(answer.validTo, env.now());
        const detail = `certificate valid ${days} more days; ${path} ${answer.status}`;
        if (nginz && answer.status !== 200) {
          return fail(detail, `nginz did not answer ${path} with 200: ${answer.status === 404 ? "the ingress routes this host elsewhere (nginx-ingress-services values)" : "nginz pods down or not ready (kubectl get pods -l app=nginz)"}`);
        }
        if (answer.status >= 500) return fail(detail, `the ingress answers but the service behind ${host} does not (${answer.status}): its pods are down or not ready`);
        if (days < EXPIRY_WARNING_DAYS) return warn(detail, `the certificate expires in ${days} days: renew it`);
        return pass(detail);
      },
    };
  });
}
