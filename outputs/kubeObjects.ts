// The Kubernetes objects the stack owns (config/kubeObjects.ts builds them) as the export's k8s/ files.
import { stringify } from "yaml";
import type { KubeObject } from "../config/kubeObjects";

/** One YAML file per object: `<kind>-<name>.yaml`, e.g. clusterissuer-wire-ca.yaml. */
export function kubeFileName(o: KubeObject): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
}

export function renderKubeYaml(objects: KubeObject[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const o of objects) {
    const file = kubeFileName(o);
    if (files[file]) throw new Error(`two Kubernetes objects would share ${file}`);
    files[file] = stringify(o, { lineWidth: 0, aliasDuplicateObjects: false });
  }
  return files;
}
