// Each instance's `#cloud-config` (pure; checked by `cloud-init schema` in the contract tests).
// User data runs once at first boot, and instances ignore later changes to it, so nothing in here
// may be needed after day one: Wire's Ansible does the rest.
import { stringify } from "yaml";
import { NFT_RULES_PATH, nftablesRules, nftablesUnit, PeerPolicy } from "./callingDmz";

const DMZ_UNIT = "wire-calling-dmz.service";
import { securityUpdateFiles } from "./securityUpdates";

export interface UserDataInput {
  hostname: string;
  /** The FQDN; default: cloud-init derives it from the cloud (EC2: ip-….<region>.compute.internal). */
  fqdn?: string;
  /** Data roles: the EBS volume to format (first boot only), and the service's data directories on it. */
  dataVolume?: { volumeId: string; dirs: string[] };
  /**
   * Shared data nodes (layout: compact): one volume per service, each mounted at DATA_MOUNT/<label>
   * with that service's directories bind-mounted from it. Used instead of dataVolume.
   */
  dataVolumes?: { label: string; volumeId: string; dirs: string[] }[];
  /** Public keys that may log in as the default user (`ubuntu`): Wire's Ansible from the admin host. */
  sshAuthorizedKeys?: string[];
  /** Offline: the asset host's `ip:port` serving Wire's offline bundle (debs, binaries). */
  offlineAssetHost?: string;
  /** Calling nodes: nftables peer restrictions loaded at every boot (callingDmz.ts). */
  callingPeerPolicy?: PeerPolicy;
  /** On the island (no internet), also for the asset host itself, which has no offlineAssetHost. */
  island?: boolean;
}

/** Ubuntu on Nitro names EBS volumes by id under /dev/disk/by-id, not by the attachment's device name. */
export function nitroDevicePath(volumeId: string): string {
  return `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${volumeId.replace("-", "")}`;
}

/** Where the data volume is mounted; each data directory is a bind mount of a folder on it. */
export const DATA_MOUNT = "/srv/wire-data";

interface MountedVolume {
  volumeId: string;
  dirs: string[];
  /** Where the volume is mounted, and its file-system label. */
  mount: string;
  fsLabel: string;
}

function mountScript(volumes: MountedVolume[]): string {
  const mounts = volumes.flatMap((v) => [
    `dev=${nitroDevicePath(v.volumeId)}`,
    'for i in $(seq 1 300); do [ -e "$dev" ] && break; sleep 2; done',
    `blkid "$dev" >/dev/null 2>&1 || mkfs.ext4 -L ${v.fsLabel} "$dev"`,
    `mkdir -p ${v.mount}`,
    'uuid=$(blkid -s UUID -o value "$dev")',
    `grep -q "$uuid" /etc/fstab || echo "UUID=$uuid ${v.mount} ext4 defaults,nofail 0 2" >> /etc/fstab`,
    `mount ${v.mount} 2>/dev/null || true`,
  ]);
  const binds = volumes.flatMap((v) =>
    v.dirs.flatMap((dir) => {
      const source = `${v.mount}/${dir.split("/").pop()}`;
      return [
        `mkdir -p ${source} ${dir}`,
        `grep -q " ${dir} " /etc/fstab || echo "${source} ${dir} none bind,nofail 0 0" >> /etc/fstab`,
      ];
    }),
  );
  return [
    "#!/bin/sh",
    `# Waits for the data volume${volumes.length > 1 ? "s" : ""} (attached after launch), formats ${volumes.length > 1 ? "each" : "it"} only if it has no file system,`,
    `# mounts ${volumes.length > 1 ? "each" : "it"} by UUID (so a replaced instance re-mounts the same data) and bind-mounts the service's`,
    "# data directories from it, at the paths Wire's Ansible roles use.",
    "set -eu",
    ...mounts,
    ...binds,
    "mount -a",
    "",
  ].join("\n");
}

/** The volumes of a node: one at DATA_MOUNT (a role's own nodes), or one per service under it (shared data nodes). */
function mountedVolumes(input: UserDataInput): MountedVolume[] {
  if (input.dataVolumes && input.dataVolumes.length > 0) {
    return input.dataVolumes.map((v) => ({ volumeId: v.volumeId, dirs: v.dirs, mount: `${DATA_MOUNT}/${v.label}`, fsLabel: v.label.slice(0, 16) }));
  }
  return input.dataVolume ? [{ volumeId: input.dataVolume.volumeId, dirs: input.dataVolume.dirs, mount: DATA_MOUNT, fsLabel: "data" }] : [];
}

export function cloudConfig(input: UserDataInput): string {
  const doc: Record<string, unknown> = {
    hostname: input.hostname,
    ...(input.fqdn ? { fqdn: input.fqdn } : {}),
    preserve_hostname: false,
    manage_etc_hosts: true,
  };
  if (input.sshAuthorizedKeys && input.sshAuthorizedKeys.length > 0) doc.ssh_authorized_keys = input.sshAuthorizedKeys;
  if (input.offlineAssetHost) {
    // The island has no mirror: apt reads Wire's offline bundle from the asset host, as
    // wire-server-deploy's setup-offline-sources.yml configures it.
    doc.package_update = false;
    doc.apt = {
      preserve_sources_list: false,
      sources_list: `deb [trusted=yes] http://${input.offlineAssetHost}/debs-jammy/public jammy main\n`,
    };
  }
  // Security fixes between Wire releases, on every node (components/securityUpdates.ts); Ubuntu's
  // images ship unattended-upgrades, and online cloud-init makes sure of it.
  if (!input.offlineAssetHost && !input.island) doc.packages = ["unattended-upgrades"];
  doc.write_files = [...securityUpdateFiles(Boolean(input.offlineAssetHost))];
  const volumes = mountedVolumes(input);
  if (volumes.length > 0) {
    (doc.write_files as object[]).push(
      { path: "/usr/local/sbin/wire-mount-data", permissions: "0755", content: mountScript(volumes) },
    );
    doc.runcmd = [["/usr/local/sbin/wire-mount-data"]];
  }
  if (input.callingPeerPolicy) {
    // The calling DMZ on the node itself: Wire's coturn chart cannot be told to deny RFC 1918 or the
    // VPC, so the kernel drops what coturn and sftd send there, from first boot on (before kubelet).
    doc.packages = [...((doc.packages as string[] | undefined) ?? []), "nftables"];
    doc.write_files = [
      ...((doc.write_files as object[] | undefined) ?? []),
      { path: NFT_RULES_PATH, permissions: "0644", content: nftablesRules(input.callingPeerPolicy) },
      { path: `/etc/systemd/system/${DMZ_UNIT}`, permissions: "0644", content: nftablesUnit() },
    ];
    doc.runcmd = [...((doc.runcmd as string[][] | undefined) ?? []), ["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", DMZ_UNIT]];
  }
  return `#cloud-config\n${stringify(doc, { lineWidth: 0, blockQuote: "literal" })}`;
}
