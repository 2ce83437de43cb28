// Writes what the admin host needs, from the program's stack outputs (or a plan's equivalent):
//   hosts.ini                       -> ansible/inventory/offline/hosts.ini in wire-server-deploy
//   values/<chart>/values.yaml      -> wire-server-deploy's values/<chart>/values.yaml, complete: Wire's
//   values/<chart>/secrets.yaml        documented `helm upgrade --install <chart> ./charts/<chart> --values
//                                      values/<chart>/values.yaml --values values/<chart>/secrets.yaml`
//                                      takes them as they are (secrets: mode 0600, "# SECRET: ..." line)
//   k8s/<kind>-<name>.yaml          -> `kubectl apply -f k8s/` (cert-manager's issuers, coturn's certificate, ...)
//   group_vars/all/secrets.yaml     -> ansible/inventory/offline/group_vars/all/secrets.yaml (MinIO's accounts)
//   cloud-init/<instance>.yaml      -> each instance's first-boot user data, for reference
//   ansible/wire-backend-*.yml      -> wire-server-deploy's ansible/: our plays after Wire's (outputs/plays)
//   public/deeplink.{json,html},    -> https://assets.<domain>/public/...: the custom-backend deeplink and the
//   public/blacklist/{android,ios}.json  client blacklists (config/publicFiles.ts); with MinIO our play puts
//                                      them on its public bucket, with assets: s3 the stack does
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { SECRET_PLACEHOLDER } from "../config/errors";
import type { KubeObject } from "../config/kubeObjects";
import { kubeFileName, renderKubeYaml } from "./kubeObjects";
import { renderRunbook, type RunbookInput } from "./runbook";
import { type DnsDelegation, delegationLines } from "./dnsDelegation";
import type { InventoryHost } from "./types";
import { dataPlayFiles, dataPlaysOf } from "./plays";
import { PUBLIC_FILES_PLAY, publicFilesPlay } from "./plays/publicFiles";
import { RABBITMQ_MEMORY_PLAY, pinsRabbitmqMemory, rabbitmqMemoryPlay } from "./plays/rabbitmqMemory";
import { publicFiles } from "../config/publicFiles";

export interface ExportOutputs {
  inventory: string;
  helmValues: Record<string, { values: object; secrets: object }>;
  kubeObjects: KubeObject[];
  cloudInit: Record<string, string>;
  /** Private key every node accepts for Wire's Ansible (ansible_ssh_private_key_file). */
  ansibleSshPrivateKey?: string;
  /** Ansible variables that are secrets (MinIO's keys, the same cargohold uses; the PostgreSQL and RabbitMQ passwords our plays set). */
  ansibleSecrets?: Record<string, string>;
  /** The planned or deployed nodes (the runbook's -e flags). */
  hosts?: InventoryHost[];
  /** What the install runbook names (stack outputs `install`; absent in stacks deployed before it). */
  install?: { stack: string; domain: string; online: boolean; wireVersion: string };
  /** The parent zone's NS record (outputs/dnsDelegation.ts), for the runbook. */
  dnsDelegation?: DnsDelegation;
}

// No anchors/aliases for repeated sub-objects: operators read and diff these files.
const yaml = (doc: unknown) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `pulumi stack output --json` without --show-secrets prints "[secret]" for every secret value. */
export function findRedacted(value: unknown, where = "outputs"): string | undefined {
  if (value === SECRET_PLACEHOLDER) return where;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findRedacted(value[i], `${where}[${i}]`);
      if (hit) return hit;
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const hit = findRedacted(v, `${where}.${k}`);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** File path (relative to the export directory) -> content and whether it holds secrets. */
export function exportFiles(outputs: ExportOutputs): Map<string, { text: string; secret: boolean }> {
  const redacted = findRedacted(outputs);
  if (redacted) throw new Error(`${redacted} is "[secret]": read the stack outputs with \`pulumi stack output --json --show-secrets\``);
  const files = new Map<string, { text: string; secret: boolean }>();
  const add = (file: string, text: string, secret = false) => {
    for (const part of file.split("/")) if (!SAFE_NAME.test(part)) throw new Error(`refusing to write ${JSON.stringify(file)}`);
    files.set(file, { text, secret });
  };

  add("hosts.ini", outputs.inventory);
  for (const [chart, { values, secrets }] of Object.entries(outputs.helmValues)) {
    add(
      `values/${chart}/values.yaml`,
      // Complete, not a layer: bin/helm-operations.sh's process_values would copy the example over it.
      `# ${chart}: complete values for this stack (wire-server-deploy values/${chart}/values.yaml); install with\n` +
        `# helm upgrade --install ${chart} ./charts/${chart} --values values/${chart}/values.yaml --values values/${chart}/secrets.yaml\n${yaml(values)}`,
    );
    add(`values/${chart}/secrets.yaml`, `# SECRET: ${chart} secrets (values/${chart}/secrets.yaml); keep out of version control, pass after values.yaml.\n${yaml(secrets)}`, true);
  }
  const kubeFiles = renderKubeYaml(outputs.kubeObjects);
  outputs.kubeObjects.forEach((o) => {
    const file = kubeFileName(o);
    const secret = o.kind === "Secret";
    add(`k8s/${file}`, secret ? `# SECRET: Kubernetes Secret ${o.metadata.name}; keep out of version control.\n${kubeFiles[file]}` : kubeFiles[file], secret);
  });
  for (const [instance, userData] of Object.entries(outputs.cloudInit)) add(`cloud-init/${instance}.yaml`, userData);
  // wire-server-deploy reads secret Ansible variables from inventory/offline/group_vars/all/secrets.yaml.
  if (outputs.ansibleSecrets) add("group_vars/all/secrets.yaml", `# SECRET: Ansible variables; keep out of version control.\n${yaml(outputs.ansibleSecrets)}`, true);
  for (const play of dataPlayFiles(outputs.ansibleSecrets)) add(play.file, play.text);
  if (pinsRabbitmqMemory(outputs.hosts)) add(`ansible/${RABBITMQ_MEMORY_PLAY}`, rabbitmqMemoryPlay());
  if (outputs.ansibleSshPrivateKey) add("ssh/wire-ansible", outputs.ansibleSshPrivateKey, true);
  if (outputs.install) for (const f of publicFiles(outputs.install.domain)) add(`public/${f.path}`, f.text);
  if (servesFromMinio(outputs)) add(`ansible/${PUBLIC_FILES_PLAY}`, publicFilesPlay());
  const runbook = runbookInput(outputs);
  if (runbook) add("RUNBOOK.md", renderRunbook(runbook));
  return files;
}

/** MinIO holds the public files (assets: minio): the stack has MinIO nodes. */
function servesFromMinio(outputs: ExportOutputs): boolean {
  return outputs.install !== undefined && (outputs.hosts ?? []).some((h) => h.role === "minio");
}

/**
 * What the install runbook is printed from (and what the tests run its steps from): the stack's
 * outputs, the charts and plays the export writes. Undefined for outputs of a stack deployed before
 * the outputs carried `install` and `hosts`.
 */
export function runbookInput(outputs: ExportOutputs): RunbookInput | undefined {
  if (!outputs.install || !outputs.hosts) return undefined;
  const { stack, domain, online, wireVersion } = outputs.install;
  return {
    stack,
    domain,
    online,
    wireVersion,
    charts: Object.keys(outputs.helmValues),
    kubeObjects: outputs.kubeObjects,
    hosts: outputs.hosts,
    delegation: outputs.dnsDelegation ? delegationLines(outputs.dnsDelegation) : undefined,
    plays: [
      // Before the users play: the nodes restart (one at a time) with the pinned watermark first.
      ...(pinsRabbitmqMemory(outputs.hosts)
        ? [{ file: RABBITMQ_MEMORY_PLAY, purpose: "pins RabbitMQ's memory high watermark on the shared data nodes (sizing/compact.ts), restarting them one at a time", runAfter: "rabbitmq.yml" }]
        : []),
      ...dataPlaysOf(outputs.ansibleSecrets).map((p) => ({ file: p.file.replace(/^ansible\//, ""), purpose: p.purpose, runAfter: p.runAfter })),
      ...(servesFromMinio(outputs)
        ? [{ file: PUBLIC_FILES_PLAY, purpose: "the export's public/ (deeplink, blacklists) onto MinIO's public bucket, over what Wire's static-files play wrote", runAfter: "minio.yml" }]
        : []),
    ],
  };
}

/** Writes every file under `dir`; returns the relative paths written. */
export function writeExport(outputs: ExportOutputs, dir: string): string[] {
  const files = exportFiles(outputs);
  for (const [file, { text, secret }] of files) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text, { mode: secret ? 0o600 : 0o644 });
    // writeFileSync's mode applies only to new files; an older export may have left 0644.
    if (secret) fs.chmodSync(target, 0o600);
  }
  return [...files.keys()];
}
