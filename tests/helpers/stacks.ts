// Example stacks for tests, as config maps the way a Pulumi.<stack>.yaml holds them, and a plan cache
// so that several assertions share one (seconds-long) mock run.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as v8 from "v8";
import { readStackFile } from "../../config/load";
import type { ConfigMap } from "../../config/load";
import { PlanDocument, PlanResource, runPlan } from "../../cli/planRuntime";

export const REPO = path.join(__dirname, "..", "..");

/** The example stacks shipped at the repository's root (Pulumi.<name>.yaml), by name. */
export function exampleStacks(): string[] {
  return fs
    .readdirSync(REPO)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export function stackFile(name: string): ConfigMap {
  return readStackFile({ stack: name, cwd: REPO }).map;
}

export function stack(users: number, extra: ConfigMap = {}): ConfigMap {
  return {
    "aws:region": "eu-central-1",
    "wire-backend:users": users,
    "wire-backend:domain": "wire.example.com",
    "wire-backend:access": { adminCidrs: ["198.51.100.0/24"] },
    ...extra,
  };
}

export const OFFLINE: ConfigMap = {
  "wire-backend:connectivity": "offline",
  "wire-backend:network": { clientCidrs: ["192.168.0.0/16"] },
  // The island has no AWS API: brig sends through a relay (email.via smtp), whose host has no default.
  "wire-backend:email": { smtp: { host: "10.20.0.25", port: 25, tls: "none" } },
};

export const HEAVY_CONFERENCES: ConfigMap = {
  "wire-backend:conferences": { concurrent: 40, participants: 12, video: true },
};

const cache = new Map<string, Promise<PlanDocument>>();

/**
 * The plan of `config`, made once per test file and, under `jest` (planCacheSetup.js), once per run:
 * the first file to need it writes it (v8 serialization keeps NaN and undefined as they are) into the
 * run's directory, the others read it.
 */
export function plan(name: string, config: ConfigMap, opts: { showSecrets?: boolean } = {}): Promise<PlanDocument> {
  const showSecrets = opts.showSecrets === true;
  const key = `${name}:${showSecrets ? "secrets:" : ""}${JSON.stringify(config)}`;
  if (!cache.has(key)) cache.set(key, sharedPlan(key, () => runPlan({ stack: name, config, showSecrets })));
  return cache.get(key)!;
}

async function sharedPlan(key: string, make: () => Promise<PlanDocument>): Promise<PlanDocument> {
  const dir = process.env.WIRE_BACKEND_TEST_PLAN_CACHE;
  if (!dir || !fs.existsSync(dir)) return make();
  const file = path.join(dir, `${crypto.createHash("sha256").update(key).digest("hex")}.bin`);
  if (fs.existsSync(file)) return v8.deserialize(fs.readFileSync(file)) as PlanDocument;
  const made = await make();
  // Written whole, then renamed: a file another worker reads is always complete.
  const partial = `${file}.${process.pid}`;
  fs.writeFileSync(partial, v8.serialize(made));
  fs.renameSync(partial, file);
  return made;
}

export function ofType(p: PlanDocument, type: string): PlanResource[] {
  return p.resources.filter((r) => r.type === type);
}

export const INSTANCE = "aws:ec2/instance:Instance";
export const VOLUME = "aws:ebs/volume:Volume";
export const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

export function roleOf(r: PlanResource): string {
  return String((r.inputs.tags as Record<string, string>)["wire:role"]);
}
