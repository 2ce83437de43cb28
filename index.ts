// wire-backend: config, then sizing, then components, then outputs.
// Pulumi calls the exported function; `npm run plan` calls it too, on the mock runtime, passing a
// transformation that records every resource's options.
import * as pulumi from "@pulumi/pulumi";
import { Backend } from "./components/backend";
import { resolveStack } from "./sizing/forStack";
import { ROLES } from "./sizing/types";

interface ProgramOptions {
  /** Applied to the root component and inherited by every resource (the plan's recorder). */
  transformations?: pulumi.ResourceTransformation[];
}

/** The stack's config as Pulumi hands it over (every value a string), with its secret keys. */
function pulumiConfig(): { map: Record<string, string>; secretKeys: string[] } {
  const map = pulumi.runtime.allConfig();
  // isConfigSecret exists at runtime but is not in the SDK's typings.
  const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
  return { map, secretKeys: Object.keys(map).filter((k) => isSecret?.(k)) };
}

function program(options: ProgramOptions = {}) {
  const { map, secretKeys } = pulumiConfig();
  // Throws a ConfigError listing every problem before a single resource is registered.
  const { config, sizing } = resolveStack(map, { secretKeys, source: `stack ${pulumi.getStack()}` });
  const stack = pulumi.getStack();

  const backend = new Backend("wire", { stack, config, sizing }, { transformations: options.transformations });

  const privateIps = Object.fromEntries(
    ROLES.filter((r) => backend.roles[r]).map((r) => [r, backend.roles[r]!.privateIps]),
  );
  return {
    monthlyCostUSD: sizing.monthlyCostUSD,
    nodes: Object.fromEntries(ROLES.map((r) => [r, { count: sizing.roles[r].count, instanceType: sizing.roles[r].instanceType }])),
    privateIps,
    restundPublicIps: backend.roles.restund!.publicIps,
    sftPublicIps: backend.roles.sft?.publicIps ?? [],
    loadBalancerDnsName: backend.loadBalancer.dnsName,
    vpcId: backend.network.vpcId,
    dnsZoneId: backend.dns.zoneId,
    nameServers: backend.dns.nameServers,
    gundeck: backend.push.gundeck,
    hosts: backend.hosts,
  };
}

// Pulumi calls a CommonJS module's exported function and awaits its result as the stack outputs.
export = program;
