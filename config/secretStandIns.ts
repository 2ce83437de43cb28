// A stack's secrets are set with `pulumi config set --secret --path ...`: Pulumi writes them encrypted
// into Pulumi.<stack>.yaml (the committed examples have none). Commands that read a stack file without
// Pulumi (plan, size, export, diagram) cannot decrypt them either, so for every secret the schema
// requires and the file lacks they use a stand-in, and say so. `pulumi preview`/`up` never do: there
// a missing secret is the schema's error naming the key.
import { PROJECT } from "./schema";
import type { ConfigMap } from "./load";

/** What replaceSecure (config/load.ts) turns into the secret placeholder, as for an encrypted value. */
const STAND_IN = { secure: "stand-in" };
const APNS = /^APNS/;

export interface StandIns {
  map: ConfigMap;
  /** Full paths (as `pulumi config set --path` takes them) that got a stand-in. */
  paths: string[];
}

function object(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "string") {
    try {
      return object(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Every required secret: the push option's (A: Wire's key pair; B: each app's credential, and an APNS
 * app's certificate), the relay's password with a username, twilio's auth token.
 */
export function withSecretStandIns(map: ConfigMap): StandIns {
  const push = withPushStandIns(map);
  const email = withLeafStandIn(push.map, "email", (e) => object(e.smtp)?.username !== undefined, ["smtp", "password"]);
  const sms = withLeafStandIn(email.map, "sms", (s) => s.provider === "twilio", ["authToken"]);
  return { map: sms.map, paths: [...push.paths, ...email.paths, ...sms.paths] };
}

/** One secret at `path` under the key `wire-backend:<key>`, when `needed` says the key requires it. */
function withLeafStandIn(map: ConfigMap, key: string, needed: (v: Record<string, unknown>) => boolean, path: string[]): StandIns {
  const full = `${PROJECT}:${key}`;
  const value = object(map[full]);
  if (!value || !needed(value)) return { map, paths: [] };
  const filled = structuredClone(value);
  let target = filled;
  for (const k of path.slice(0, -1)) {
    const next = object(target[k]);
    if (!next) return { map, paths: [] };
    target[k] = next;
    target = next;
  }
  const leaf = path[path.length - 1];
  if (target[leaf] !== undefined) return { map, paths: [] };
  target[leaf] = { ...STAND_IN };
  return { map: { ...map, [full]: filled }, paths: [`${full}.${path.join(".")}`] };
}

function withPushStandIns(map: ConfigMap): StandIns {
  const key = `${PROJECT}:push`;
  const push = object(map[key]);
  const paths: string[] = [];
  if (!push) return { map, paths };
  const filled = structuredClone(push);
  const fill = (target: Record<string, unknown>, field: string, path: string) => {
    if (target[field] !== undefined) return;
    target[field] = { ...STAND_IN };
    paths.push(path);
  };
  const wire = object(filled.wire);
  if (filled.option === "A" && wire) {
    filled.wire = wire;
    for (const f of ["accessKeyId", "secretAccessKey"]) fill(wire, f, `${key}.wire.${f}`);
  }
  if (filled.option === "B" && Array.isArray(filled.apps)) {
    filled.apps.forEach((app: unknown, i: number) => {
      const a = object(app);
      if (!a) return;
      fill(a, "credential", `${key}.apps[${i}].credential`);
      if (typeof a.transport === "string" && APNS.test(a.transport)) fill(a, "principal", `${key}.apps[${i}].principal`);
    });
  }
  return { map: paths.length ? { ...map, [key]: filled } : map, paths };
}

export function standInWarning(path: string): string {
  return `secret ${path} is not set in the stack file; this command uses a stand-in (pulumi needs it: pulumi config set --secret --path '${path}' VALUE)`;
}
