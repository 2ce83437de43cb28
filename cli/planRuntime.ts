// Runs the real program (index.ts) in-process on Pulumi's mock runtime and records what `pulumi up`
// would create: every resource with its inputs, its options, its parent and a fake id.
// Needs no Pulumi CLI, no account and no credentials.
import type * as pulumiTypes from "@pulumi/pulumi";
import { SECRET_PLACEHOLDER } from "../config/errors";
import { ConfigMap, replaceSecure } from "../config/load";
import { PROJECT } from "../config/schema";
import { stackWarnings } from "../config/warnings";
import { Deployed, FIRST_DEPLOYMENT } from "../sizing/deployed";
import { resolveStack } from "../sizing/forStack";
import { quotaInputOf, quotaNeeds } from "../sizing/quotas";
import type { Sizing } from "../sizing/types";
import type { PlanDocument, PlanResource } from "../outputs/types";
import { FakeCloud } from "./fakeCloud";
import type { FakeAccount } from "./fakeCloud";

export type { PlanDocument, PlanResource } from "../outputs/types";

export interface PlanRequest {
  stack: string;
  /** The stack's config as in `Pulumi.<stack>.yaml` (typed values; `secure:` values allowed). */
  config: ConfigMap;
  /** The previous deployment (e.g. from a saved `plan --json`); default: a first deployment. */
  deployed?: Deployed;
  /** Print secret outputs (the plan's are mock values) instead of "[secret]"; for `export`. */
  showSecrets?: boolean;
  /** What the fake cloud answers the account check with (default: ample quotas, an empty account). */
  account?: FakeAccount;
  /** Handed the fake cloud before the program runs (tests read what was registered, even after a refusal). */
  onCloud?: (cloud: FakeCloud) => void;
}

/** Input fields whose values are secrets: the plan prints a placeholder, never the value. */
const SECRET_INPUTS: Record<string, string[]> = {
  "kubernetes:core/v1:Secret": ["data", "stringData"],
  "aws:sns/platformApplication:PlatformApplication": ["platformCredential", "platformPrincipal"],
  "pulumi:providers:kubernetes": ["kubeconfig"],
};

function redact(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const fields = SECRET_INPUTS[type];
  if (!fields) return inputs;
  const out = { ...inputs };
  for (const f of fields) if (out[f] !== undefined) out[f] = SECRET_PLACEHOLDER;
  return out;
}

/** Pulumi keeps config values as strings; `secure:` values cannot be decrypted here. */
function toPulumiConfig(map: ConfigMap): { values: Record<string, string>; secretKeys: string[] } {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(map)) {
    const found = { secret: false };
    const plain = replaceSecure(value, found);
    if (found.secret) secretKeys.push(key);
    values[key] = typeof plain === "string" ? plain : JSON.stringify(plain);
  }
  return { values, secretKeys };
}

/**
 * The SDK captures a stack trace for every resource (its source position, for the engine) and for
 * every internal promise (for leak reports). The mock runtime has no engine to tell, and measured
 * on this machine those captures were about half a plan's time in node and 80% under jest, whose
 * source-map support rewrites every stack. The plan skips them while the program runs.
 */
function skipSourcePositions(pulumi: typeof pulumiTypes): () => void {
  const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
  const callsites = resource.callsites;
  const limit = Error.stackTraceLimit;
  resource.callsites = () => [];
  Error.stackTraceLimit = 0;
  return () => {
    resource.callsites = callsites;
    Error.stackTraceLimit = limit;
  };
}

/**
 * The SDK wraps every internal promise (several per resource) in `debuggablePromise`, which stamps
 * three properties and an Error on it and chains two handlers, all for a leak report when a real
 * engine's program exits. A plan on the mock runtime has no engine and no such exit; measured under
 * jest the wrapping was about a third of a plan's time. The plan passes promises through unwrapped
 * while the program runs (the SDK calls it through its module's exports, so the swap takes effect).
 */
function skipPromiseLeakTracking(): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>, ctx?: unknown) => Promise<T> };
  const wrap = debuggable.debuggablePromise;
  debuggable.debuggablePromise = (p) => p;
  return () => {
    debuggable.debuggablePromise = wrap;
  };
}

/** Stack outputs with every secret one replaced by a placeholder, as `pulumi stack output` shows them. */
async function settleOutputs(pulumi: typeof pulumiTypes, outputs: Record<string, unknown>, showSecrets: boolean): Promise<Record<string, unknown>> {
  const settled: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(outputs)) {
    const output = pulumi.output(value);
    const isSecret = await (output as unknown as { isSecret: Promise<boolean> }).isSecret;
    settled[key] = isSecret && !showSecrets ? SECRET_PLACEHOLDER : await settle(output);
  }
  return settled;
}

function settle<T>(output: pulumiTypes.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}

interface MonitorRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
}
interface MockMonitorLike {
  registerResource(req: MonitorRequest, callback: unknown): unknown;
  newUrn(parent: string, type: string, name: string): string;
}

/**
 * The dependencies the SDK computes for each registration (explicit dependsOn plus every resource
 * whose outputs flow into the inputs, components expanded to their children) reach the engine only
 * in the RegisterResource request; the mock monitor drops them. Wrapping its registerResource keeps
 * them, by `type::name` (unique in a plan), with the monitor's URNs mapped back to that key.
 */
function recordDependencies(pulumi: typeof pulumiTypes): Map<string, string[]> & { keyOfUrn(urn: string): string | undefined } {
  const monitor = (pulumi.runtime as unknown as { getMonitor(): MockMonitorLike }).getMonitor();
  const byKey = new Map<string, string[]>();
  const keyByUrn = new Map<string, string>();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    const key = `${req.getType()}::${req.getName()}`;
    byKey.set(key, req.getDependenciesList());
    keyByUrn.set(monitor.newUrn(req.getParent(), req.getType(), req.getName()), key);
    return register(req, callback);
  };
  return Object.assign(byKey, { keyOfUrn: (urn: string) => keyByUrn.get(urn) });
}

interface Recorded {
  resource: pulumiTypes.Resource;
  type: string;
  name: string;
  custom: boolean;
  opts: pulumiTypes.CustomResourceOptions;
}

/**
 * Validates the stack (throwing a ConfigError before anything is registered), then runs the program
 * on the mock runtime. Safe to call repeatedly in one process.
 */
export async function runPlan(request: PlanRequest): Promise<PlanDocument> {
  const { values, secretKeys } = toPulumiConfig(request.config);
  const deployed = request.deployed ?? FIRST_DEPLOYMENT;
  const { sizing, config } = resolveStack(request.config, { secretKeys, deployed, source: `stack ${request.stack}` });

  // Loaded only now: a bad stack file is reported without paying for the SDK.
  const pulumi: typeof pulumiTypes = require("@pulumi/pulumi");
  const restoreStackTraces = skipSourcePositions(pulumi);
  const restoreLeakTracking = skipPromiseLeakTracking();
  try {
    return { ...(await planOnMocks(pulumi, request, config.region, values, secretKeys, sizing)), warnings: stackWarnings(config), quotas: quotaNeeds(sizing, quotaInputOf(config)) };
  } finally {
    restoreLeakTracking();
    restoreStackTraces();
  }
}

async function planOnMocks(
  pulumi: typeof pulumiTypes,
  request: PlanRequest,
  region: string,
  values: Record<string, string>,
  secretKeys: string[],
  sizing: Sizing,
): Promise<Omit<PlanDocument, "warnings" | "quotas">> {
  const cloud = new FakeCloud(region, request.account);
  request.onCloud?.(cloud);
  pulumi.runtime.setAllConfig(values, secretKeys);
  await pulumi.runtime.setMocks(cloud, PROJECT, request.stack, false);

  const dependencies = recordDependencies(pulumi);
  const recorded: Recorded[] = [];
  const recorder: pulumiTypes.ResourceTransformation = (args) => {
    recorded.push({ resource: args.resource, type: args.type, name: args.name, custom: args.resource instanceof pulumi.CustomResource, opts: args.opts as pulumiTypes.CustomResourceOptions });
    return undefined;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("../index") as (o: { transformations: pulumiTypes.ResourceTransformation[]; deployed: Deployed }) => Promise<Record<string, unknown>>;
  const outputs = await settleOutputs(pulumi, await program({ transformations: [recorder], deployed: request.deployed ?? FIRST_DEPLOYMENT }), Boolean(request.showSecrets));
  // Let the last registrations (component outputs) reach the mock monitor before the next run resets it.
  await (pulumi.runtime as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs();

  const byKey = new Map(cloud.registered.map((r) => [`${r.type}::${r.name}`, r]));
  if (byKey.size !== cloud.registered.length) throw new Error("two resources share a type and logical name");
  // The mock monitor abbreviates URNs to the immediate parent's type; the engine uses the whole
  // chain of parent types, which is what a real stack's URNs (and their stability) depend on.
  const urns = new Map<pulumiTypes.Resource, string>();
  const urnByKey = new Map<string, string>();
  const resources: PlanResource[] = [];
  for (const r of recorded) {
    const parentResource = r.opts.parent;
    const parentUrn = parentResource ? urns.get(parentResource) : undefined;
    const typeChain = parentUrn ? `${parentUrn.split("::")[2]}$${r.type}` : r.type;
    const urn = `urn:pulumi:${request.stack}::${PROJECT}::${typeChain}::${r.name}`;
    urns.set(r.resource, urn);
    urnByKey.set(`${r.type}::${r.name}`, urn);
    const registered = byKey.get(`${r.type}::${r.name}`);
    resources.push({
      urn,
      id: registered?.id ?? null,
      type: r.type,
      name: r.name,
      parent: parentUrn ?? null,
      custom: r.custom,
      inputs: redact(r.type, registered?.inputs ?? {}),
      options: {
        // Pulumi stores the effective (inherited) protect flag on the resource object.
        protect: Boolean((r.resource as unknown as { __protect?: boolean }).__protect),
        retainOnDelete: Boolean(r.opts.retainOnDelete),
        ignoreChanges: r.opts.ignoreChanges ?? [],
        deleteBeforeReplace: Boolean(r.opts.deleteBeforeReplace),
        // Explicit ordering only (a plain list of resources); the resource's `dependsOn` adds the implicit ones.
        dependsOn: (Array.isArray(r.opts.dependsOn) ? r.opts.dependsOn : []).map((d) => urns.get(d as pulumiTypes.Resource) ?? "?"),
      },
      dependsOn: [],
    });
  }
  // Every dependency the SDK sent with the registration, from the monitor's abbreviated URNs to ours.
  for (const r of resources) {
    const sent = dependencies.get(`${r.type}::${r.name}`) ?? [];
    const all = new Set([...r.options.dependsOn, ...sent.map((d) => urnByKey.get(dependencies.keyOfUrn(d) ?? "") ?? d)]);
    r.dependsOn = [...all].sort();
  }
  return { project: PROJECT, stack: request.stack, sizing, resources, outputs };
}
