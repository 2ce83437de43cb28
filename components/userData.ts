// Each instance's `#cloud-config` (pure; checked by `cloud-init schema` in the contract tests).
// User data runs once at first boot, and instances ignore later changes to it, so nothing in here
// may be needed after day one: Wire's Ansible does the rest.
import { stringify } from "yaml";

export interface UserDataInput {
  hostname: string;
  /** Data roles: the EBS volume to format (first boot only) and mount. */
  dataVolume?: { volumeId: string; mountPoint: string };
  /** Offline: the asset host's `ip:port` serving Wire's offline bundle (debs, binaries). */
  offlineAssetHost?: string;
}

/** Ubuntu on Nitro names EBS volumes by id under /dev/disk/by-id, not by the attachment's device name. */
export function nitroDevicePath(volumeId: string): string {
  return `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${volumeId.replace("-", "")}`;
}

function mountScript(volumeId: string, mountPoint: string): string {
  const dev = nitroDevicePath(volumeId);
  return [
    "#!/bin/sh",
    "# Waits for the data volume (attached after launch), formats it only if it has no file system,",
    "# and mounts it by UUID so that a replaced instance re-mounts the same data.",
    "set -eu",
    `dev=${dev}`,
    'for i in $(seq 1 300); do [ -e "$dev" ] && break; sleep 2; done',
    'blkid "$dev" >/dev/null 2>&1 || mkfs.ext4 -L data "$dev"',
    `mkdir -p ${mountPoint}`,
    'uuid=$(blkid -s UUID -o value "$dev")',
    `grep -q "$uuid" /etc/fstab || echo "UUID=$uuid ${mountPoint} ext4 defaults,nofail 0 2" >> /etc/fstab`,
    "mount -a",
    "",
  ].join("\n");
}

export function cloudConfig(input: UserDataInput): string {
  const doc: Record<string, unknown> = {
    hostname: input.hostname,
    preserve_hostname: false,
    manage_etc_hosts: true,
  };
  if (input.offlineAssetHost) {
    // The island has no mirror: apt reads Wire's offline bundle from the asset host, as
    // wire-server-deploy's setup-offline-sources.yml configures it.
    doc.package_update = false;
    doc.apt = {
      preserve_sources_list: false,
      sources_list: `deb [trusted=yes] http://${input.offlineAssetHost}/debs-jammy/public jammy main\n`,
    };
  }
  if (input.dataVolume) {
    doc.write_files = [
      { path: "/usr/local/sbin/wire-mount-data", permissions: "0755", content: mountScript(input.dataVolume.volumeId, input.dataVolume.mountPoint) },
    ];
    doc.runcmd = [["/usr/local/sbin/wire-mount-data"]];
  }
  return `#cloud-config\n${stringify(doc, { lineWidth: 0, blockQuote: "literal" })}`;
}
