// bare <plan.json>: the floor the plan is measured against. Registers the plan's resources (same
// types, names, inputs and parents) directly on Pulumi's mock runtime with the same fake cloud, then
// waits for every URN: what any program creating these resources must pay, without ours (config
// validation, sizing, components, recording).
import * as fs from "fs";
import type * as pulumiTypes from "@pulumi/pulumi";
import { FakeCloud } from "../cli/fakeCloud";
import type { PlanDocument } from "../cli/planRuntime";

async function main(file: string): Promise<void> {
  const plan = JSON.parse(fs.readFileSync(file, "utf8")) as PlanDocument;
  // As the plan command does: V8's code cache for the SDK's modules.
  require("v8-compile-cache");
  const pulumi: typeof pulumiTypes = require("@pulumi/pulumi");
  // As cli/planRuntime.ts does during a plan (skipSourcePositions): no stack-trace capture per
  // resource and promise. Without this the floor would be ~2x slower and the ratio flattering.
  (pulumi.Resource as unknown as { callsites: () => unknown[] }).callsites = () => [];
  Error.stackTraceLimit = 0;

  // CustomResource is abstract in the SDK's typings only; the plan's resources are its direct kin.
  class Bare extends pulumi.CustomResource {}
  await pulumi.runtime.setMocks(new FakeCloud(plan.sizing.region), plan.project, plan.stack, false);
  const byUrn = new Map<string, pulumiTypes.Resource>();
  const urns: Promise<string>[] = [];
  for (const r of plan.resources) {
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    const resource = r.custom
      ? new Bare(r.type, r.name, r.inputs, { parent })
      : new pulumi.ComponentResource(r.type, r.name, {}, { parent });
    // Components register their outputs, as ours do: the same number of RPCs.
    if (!r.custom) (resource as pulumiTypes.ComponentResource)["registerOutputs"]({});
    byUrn.set(r.urn, resource);
    urns.push(new Promise((resolve) => resource.urn.apply((u: string) => { resolve(u); return u; })));
  }
  const settled = await Promise.all(urns);
  await (pulumi.runtime as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs();
  process.stdout.write(`${settled.length} resources registered\n`);
}

main(process.argv[2]).catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(2);
});
