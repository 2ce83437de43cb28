// wire-backend: config, then sizing, then components, then outputs.
// Pulumi calls the exported function; `npm run plan` calls it too, on the mock runtime, passing a
// transformation that records every resource's options.
import * as pulumi from "@pulumi/pulumi";
import { ASSET_HOST_PORT, Backend } from "./components/backend";
import { renderHelmValues } from "./outputs/helmValues";
import { renderInventory } from "./outputs/inventory";
import { ansibleSecrets } from "./outputs/helmValues";
import { kubeObjects, kubeObjectsSpec, withHostedZone } from "./config/kubeObjects";
import { callingNodeObjects } from "./outputs/nodeAnnotations";
import { dataServiceObjects } from "./config/postgresql";
import { SECRET_VARS } from "./outputs/plays";
import { stackFacts } from "./outputs/stackFacts";
import { dnsDelegation } from "./outputs/dnsDelegation";
import { upgradeOf } from "./outputs/upgradeReport";
import { usesFakeAws } from "./config/fakeAws";
import { Deployed, deployedFromOutputs } from "./sizing/deployed";
import { resolveStack } from "./sizing/forStack";
import { ROLES, serviceRuns } from "./sizing/types";
import type { Sizing } from "./sizing/types";
import { AccountCheckError, chosenTypes, judgeAccount, quotasToRead } from "./sizing/accountCheck";
import { quotaInputOf, quotaNeeds } from "./sizing/quotas";
import { readAccountFacts } from "./components/accountFacts";
import type { StackConfig } from "./config/schema";
import type { PublicFiles } from "./components/publicFiles";
import { assetsBaseUrl, PUBLIC_PREFIX } from "./config/publicFiles";
import { wireHosts } from "./config/hostNames";

/**
 * MinIO's `public` bucket through https://assets.<domain> (the ingress routes the name to MinIO, which
 * takes S3 requests there, signed with its keys), or the stack's own bucket with `assets: s3`.
 */
function publicFilesOutput(config: StackConfig, s3?: PublicFiles) {
  const common = { url: assetsBaseUrl(config.domain), domain: config.domain };
  if (!s3) return { kind: "minio" as const, bucket: "public", keyPrefix: "", region: "us-east-1", endpoint: `https://${wireHosts(config.domain).assets}`, ...common };
  return { kind: "s3" as const, bucket: s3.bucketName, keyPrefix: `${PUBLIC_PREFIX}/`, region: config.region, cdn: s3.distributionDomainName, ...common };
}

interface ProgramOptions {
  /** Applied to the root component and inherited by every resource (the plan's recorder). */
  transformations?: pulumi.ResourceTransformation[];
  /** The previous deployment; default: read from this stack's own outputs (absent on the first run). */
  deployed?: Deployed;
}

/** The stack's own last outputs, through a StackReference to itself. */
async function previousDeployment(): Promise<Deployed> {
  const self = new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`);
  const [nodes, zones, wireVersion, placement] = await Promise.all(["nodes", "zones", "wireVersion", "placement"].map((k) => self.getOutputDetails(k)));
  return deployedFromOutputs({ nodes: nodes.value ?? nodes.secretValue, zones: zones.value ?? zones.secretValue, wireVersion: wireVersion.value, placement: placement.value });
}

/** The stack's config as Pulumi hands it over (every value a string), with its secret keys. */
function pulumiConfig(): { map: Record<string, string>; secretKeys: string[] } {
  const map = pulumi.runtime.allConfig();
  // isConfigSecret exists at runtime but is not in the SDK's typings.
  const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
  return { map, secretKeys: Object.keys(map).filter((k) => isSecret?.(k)) };
}

/** Reads the account's quotas, usage and zone offerings (data sources only) and throws an
 * AccountCheckError naming every shortfall; nothing is registered before it returns. */
async function checkAccount(stack: string, config: StackConfig, sizing: Sizing, deployed: Deployed): Promise<void> {
  const needs = quotaNeeds(sizing, quotaInputOf(config));
  const types = chosenTypes(sizing);
  const facts = await readAccountFacts({
    stack,
    region: config.region,
    quotas: quotasToRead(needs),
    usage: needs.flatMap((n) => (n.usage ? [n.usage] : [])),
    instanceTypes: [...types.keys()],
    zones: config.network.zoneNames?.slice(0, config.network.zones) ?? deployed.zones,
    zoneCount: config.network.zones,
  });
  const verdict = judgeAccount(needs, facts, types);
  if (!verdict.ok) throw new AccountCheckError(verdict.problems, stack, config.region);
}

async function program(options: ProgramOptions = {}) {
  const { map, secretKeys } = pulumiConfig();
  const deployed = options.deployed ?? (await previousDeployment());
  // Throws a ConfigError listing every problem (bad keys, overrides, scale-down of data nodes)
  // before a single resource is registered.
  const { config, sizing } = resolveStack(map, { secretKeys, deployed, source: `stack ${pulumi.getStack()}` });
  const stack = pulumi.getStack();
  // Under `pulumi up`/`preview` (the deployment read from the stack's outputs) the engine shows the
  // upgrade report; `npm run plan` passes `deployed` and prints it itself.
  const upgrade = options.deployed ? undefined : upgradeOf(deployed.wireVersion, config.wireVersion, { fakeAws: usesFakeAws(config), sft: sizing.roles.sft.count > 0 });
  if (upgrade) pulumi.log.info(upgrade.text);

  // The account must be able to take the plan before anything is created: a new account's quotas
  // (5 Elastic IPs, few vCPUs) would otherwise fail `pulumi up` halfway (docs/quotas.md).
  if (!config.preflight.skip) await checkAccount(stack, config, sizing, deployed);

  const backend = new Backend("wire", { stack, config, sizing, deployed }, { transformations: options.transformations });

  const online = config.connectivity === "online";
  const k8s = backend.kubernetesObjects;
  const secrets = k8s.secrets;
  const awsKeys = pulumi.all([backend.push.awsKeyId, backend.push.awsSecretKey]).apply(([awsKeyId, awsSecretKey]) => ({ awsKeyId, awsSecretKey }));
  // What Wire's own tooling reads (`npm run export` writes it to files): Ansible inventory, Helm
  // values with their secrets documents, Kubernetes objects, each node's cloud-init.
  const helmValues = pulumi
    .all([backend.hosts, backend.loadBalancer.dnsName, secrets, backend.push.gundeck, awsKeys, backend.assetsBucket?.bucketName])
    .apply(([hosts, loadBalancerDnsName, s, gundeck, keys, assetsBucket]) =>
      renderHelmValues(hosts, stackFacts({ stack, config, loadBalancerDnsName, secrets: s, gundeck, awsKeys: keys, turnTls: config.turn.tls, assetsBucket })),
    );

  const privateIps = Object.fromEntries(
    ROLES.filter((r) => backend.roles[r]).map((r) => [r, backend.roles[r]!.privateIps]),
  );
  return {
    monthlyCostUSD: sizing.monthlyCostUSD,
    // Read back by the next run: the scale-down guard, never-shrinking disks, each node's image, the zones.
    nodes: Object.fromEntries(
      ROLES.map((r) => {
        const shares = sizing.roles[r].shares;
        // Shared data nodes: each service's volume, so that none shrinks on a later run.
        const volumes = shares ? { volumes: Object.fromEntries(shares.map((s) => [s.service, s.diskGiB])) } : {};
        return [r, backend.amiByRole[r].apply((amis) => ({ count: sizing.roles[r].count, instanceType: sizing.roles[r].instanceType, diskGiB: sizing.roles[r].diskGiB, amis, ...volumes }))];
      }),
    ),
    zones: backend.zones,
    // Read back by the next run: the upgrade guard and report (sizing/upgrade.ts).
    wireVersion: config.wireVersion,
    // Read back by the next run: the placement guard (sizing/deployed.ts), and what the export names.
    placement: { layout: config.layout, assets: config.assets },
    // assets: s3: where users' files are (the migration steps and the doctor name it).
    ...(backend.assetsBucket ? { assetsBucket: { name: backend.assetsBucket.bucketName, region: config.region } } : {}),
    ...(backend.accessLogs ? { accessLogBucket: backend.accessLogs.bucketName } : {}),
    ansibleSshPrivateKey: backend.ansibleSshPrivateKey,
    privateIps,
    restundPublicIps: backend.roles.restund!.publicIps,
    sftPublicIps: backend.roles.sft?.publicIps ?? [],
    loadBalancerDnsName: backend.loadBalancer.dnsName,
    vpcId: backend.network.vpcId,
    dnsZoneId: backend.dns.zoneId,
    nameServers: backend.dns.nameServers,
    // The NS record the parent zone must hold (or why none is needed): plan, doctor and runbook print it.
    dnsDelegation: backend.dns.nameServers.apply((ns) => dnsDelegation({ domain: config.domain, online, existingZoneId: config.dns.zoneId }, ns)),
    gundeck: backend.push.gundeck,
    hosts: backend.hosts,
    // Where the public files and published clients are (npm run clients, the doctor, the plan).
    publicFiles: publicFilesOutput(config, backend.publicFiles),
    // What the export's install runbook names (outputs/runbook.ts).
    install: { stack, domain: config.domain, online, wireVersion: config.wireVersion },
    inventory: backend.hosts.apply((hosts) => renderInventory(hosts, { online, assetHostPort: ASSET_HOST_PORT, domain: config.domain })),
    helmValues: pulumi.secret(helmValues),
    kubeObjects: pulumi.secret(
      pulumi.all([backend.hosts, secrets, backend.dns.zoneId]).apply(([hosts, s, zoneId]) => [
        ...kubeObjects(withHostedZone(kubeObjectsSpec(config, sizing.roles.restund.count), zoneId)),
        ...callingNodeObjects(hosts),
        ...dataServiceObjects(hosts, { wireVersion: config.wireVersion, secrets: s }),
      ]),
    ),
    cloudInit: backend.cloudInit,
    ansibleSecrets: pulumi.secret(
      pulumi.all([secrets, k8s.rabbitmqErlangCookie]).apply(([s, cookie]) => ({
        ...ansibleSecrets(s),
        // Wire's rabbitmq-cluster role defaults to one published cookie; group_vars outrank role defaults.
        ...(serviceRuns(sizing, "rabbitmq") ? { rabbitmq_erlang_cookie: cookie } : {}),
        // Read by our plays (outputs/plays), which give Wire's services' accounts these passwords.
        ...(serviceRuns(sizing, "rabbitmq") ? { [SECRET_VARS.rabbitmqPassword]: s.rabbitmqPassword } : {}),
        ...(serviceRuns(sizing, "postgresql") ? { [SECRET_VARS.postgresqlPassword]: s.postgresqlPassword } : {}),
      })),
    ),
  };
}

// Pulumi calls a CommonJS module's exported function and awaits its result as the stack outputs.
export = program;
