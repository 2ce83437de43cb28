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

/** The push option's required secrets (A: Wire's key pair; B: each app's credential, and an APNS app's certificate). */
export function withSecretStandIns(map: ConfigMap): StandIns {
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
