// The public files clients read at https://assets.<domain>/public/ (config/publicFiles.ts): each is
// served (200), the JSON ones parse, the deeplink names this backend's URLs (not Wire's example.com,
// not another stack's), and the blacklists have the fields the apps read. On the island the doctor
// must run from a client range (network.clientCidrs): the load balancer admits no one else.
import * as https from "https";
import type { SecureContext } from "tls";
import { type Check, fail, lookupVia, type Outcome, pass } from "./check";
import { connectionFailure } from "./httpsChecks";
import type { DoctorTargets } from "./targets";
import { trustStore } from "./trustStore";
import { deeplinkEndpoints, deeplinkTitle, deeplinkUri, publicFiles, publicFileUrl } from "../config/publicFiles";

/** Larger than any public file (the iOS blacklist is about 1 KB): a bigger answer is not ours. */
const MAX_BODY = 256 * 1024;

function getBody(url: URL, port: number, ca: string[] | undefined, lookup: ReturnType<typeof lookupVia>, signal: AbortSignal): Promise<{ status: number; body: string; contentType?: string }> {
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions & { secureContext?: SecureContext } = {
      host: url.hostname,
      port,
      path: url.pathname,
      servername: url.hostname,
      secureContext: trustStore(ca),
      lookup: lookup as never,
      agent: false,
      signal,
      headers: { "user-agent": "wire-backend-doctor" },
    };
    const req = https.get(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (d: Buffer) => {
        size += d.length;
        if (size > MAX_BODY) req.destroy(new Error(`more than ${MAX_BODY} bytes`));
        else chunks.push(d);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), contentType: res.headers["content-type"] }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

type Judge = (body: string, t: DoctorTargets) => Outcome;

const FIX = "put the export's public/ files in place: with MinIO, run ansible/wire-backend-public-files.yml after minio.yml (RUNBOOK.md); with assets: s3, `pulumi up`";

function parse(body: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(body) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const judges: Record<string, Judge> = {
  "deeplink.json": (body, t) => {
    const { value, error } = parse(body);
    if (error) return fail(`not JSON: ${error}`, FIX);
    const doc = value as { endpoints?: Record<string, unknown>; title?: unknown };
    const want = deeplinkEndpoints(t.domain);
    const wrong = (Object.keys(want) as (keyof typeof want)[]).filter((k) => doc.endpoints?.[k] !== want[k]);
    if (wrong.length > 0) {
      return fail(`names ${wrong.map((k) => `${k} ${JSON.stringify(doc.endpoints?.[k])}`).join(", ")}`, `clients opening the deeplink would go to another backend; it must name ${wrong.map((k) => want[k]).join(", ")}: ${FIX}`);
    }
    if (doc.title !== deeplinkTitle(t.domain)) return fail(`title ${JSON.stringify(doc.title)}`, `the title should be ${t.domain}: ${FIX}`);
    return pass(`names this backend (${want.backendURL}, ${want.backendWSURL}, …)`);
  },
  "deeplink.html": (body, t) =>
    body.includes(`href="${deeplinkUri(t.domain)}"`) ? pass(`links ${deeplinkUri(t.domain)}`) : fail("does not link this backend's deeplink.json", `it must link ${deeplinkUri(t.domain)}: ${FIX}`),
  "blacklist/android.json": (body) => {
    const { value, error } = parse(body);
    if (error) return fail(`not JSON: ${error}`, FIX);
    const doc = value as { oldestAccepted?: unknown; blacklisted?: unknown };
    if (typeof doc.oldestAccepted !== "number" || !Array.isArray(doc.blacklisted)) return fail("lacks oldestAccepted (a number) or blacklisted (a list)", `the Android app reads both: ${FIX}`);
    return pass(`oldestAccepted ${doc.oldestAccepted}, ${doc.blacklisted.length} blacklisted`);
  },
  "blacklist/ios.json": (body) => {
    const { value, error } = parse(body);
    if (error) return fail(`not JSON: ${error}`, FIX);
    const doc = value as { min_version?: unknown; exclude?: unknown };
    if (typeof doc.min_version !== "string" || !Array.isArray(doc.exclude)) return fail("lacks min_version (a string) or exclude (a list)", `the iOS app reads both: ${FIX}`);
    return pass(`min_version ${doc.min_version}, ${doc.exclude.length} excluded`);
  },
};

export function publicFilesChecks(t: DoctorTargets): Check[] {
  return publicFiles(t.domain).map((f): Check => {
    const url = new URL(publicFileUrl(t.domain, f.path));
    return {
      id: `public:${f.path}`,
      group: "https",
      target: url.href,
      timeoutCause: (env) => `no answer on TCP ${env.ports.https} in time: ${t.online ? "a firewall drops it" : "run the doctor from a client range (network.clientCidrs): the island's load balancer admits no one else"}`,
      async run(env, signal) {
        let answer: Awaited<ReturnType<typeof getBody>>;
        try {
          answer = await getBody(url, env.ports.https, env.ca, lookupVia(env, signal), signal);
        } catch (e) {
          return connectionFailure(url.hostname, env.ports.https, e as NodeJS.ErrnoException, t.domain);
        }
        if (answer.status !== 200) {
          const why = answer.status === 403 || answer.status === 404 ? `the file is not there (MinIO and S3 answer ${answer.status} for a missing key without list rights): ${FIX}` : `the store behind ${url.hostname} answered ${answer.status}`;
          return fail(`${url.pathname} ${answer.status}`, why);
        }
        return judges[f.path](answer.body, t);
      },
    };
  });
}
