// Calling CrossGuard policies as the policy SDK's analyzer does, without the Pulumi CLI: the arguments a
// resource policy gets (the SDK's own unknown-checking proxy around the inputs), and its outcome.
import type { PlanResource } from "../../cli/planRuntime";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "../../policy/policies";

// The SDK's own proxy for resource inputs (internal, no typings): reading an unknown value throws.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const sdkProxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy: <T>(props: T) => T;
  UnknownValueError: new (...args: unknown[]) => Error;
  unknownStringValue: string;
};
export const UNKNOWN_STRING = sdkProxy.unknownStringValue;

// ---------------------------------------------------------------------------------------------------
// Calling policies as the analyzer does

export class NotApplicable extends Error {}

export interface TestResource {
  type: string;
  name?: string;
  urn?: string;
  props: Record<string, unknown>;
  opts?: Partial<{ protect: boolean; ignoreChanges: string[]; deleteBeforeReplace: boolean; parent: string }>;
}

export const TEST_STACK = "policytest";
export const urnOf = (type: string, name: string, stackName = TEST_STACK) => `urn:pulumi:${stackName}::wire-backend::${type}::${name}`;

export function resourceArgs(r: TestResource, config: object = {}): ResourceValidationArgs {
  const name = r.name ?? "res";
  const props = sdkProxy.unknownCheckingProxy(r.props);
  const isType = (cls: unknown) => (cls as { __pulumiType?: string }).__pulumiType === r.type;
  return {
    type: r.type,
    props,
    urn: r.urn ?? urnOf(r.type, name),
    name,
    opts: {
      protect: r.opts?.protect ?? false,
      ignoreChanges: r.opts?.ignoreChanges ?? [],
      deleteBeforeReplace: r.opts?.deleteBeforeReplace ?? false,
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      parent: r.opts?.parent,
    },
    stackTags: new Map(),
    isType,
    asType: ((cls: unknown) => (isType(cls) ? props : undefined)) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

export function planArgs(r: PlanResource, config: object): ResourceValidationArgs {
  return resourceArgs(
    { type: r.type, name: r.name, urn: r.urn, props: r.inputs, opts: { ...r.options, parent: r.parent ?? undefined } },
    config,
  );
}

export interface Outcome {
  violations: string[];
  /** Validations that could not run because a value is unknown (the analyzer reports these as advisory). */
  unknown: string[];
}

export async function runResource(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<Outcome> {
  const out: Outcome = { violations: [], unknown: [] };
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
  for (const validate of validations) {
    try {
      await validate(args, (message) => out.violations.push(message));
    } catch (e) {
      if (e instanceof NotApplicable) continue;
      if (e instanceof sdkProxy.UnknownValueError) out.unknown.push((e as Error).message);
      else throw e;
    }
  }
  return out;
}

