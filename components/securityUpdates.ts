// OS security fixes between Wire releases: every node applies them on its own with Ubuntu's
// unattended-upgrades (cloud-init files; pure). Online it takes Ubuntu's own security origins (the
// distribution's default list). On the island the only apt source is the asset host (cloud-init
// writes it alone), whose Wire-built repository is one merged snapshot of jammy, jammy-security and
// jammy-updates without an Origin: there every origin is allowed, which means "what the operator
// last published on the asset host" (docs/operate.md: refreshing the island's repository).
// Never upgraded unattended, online or not: what kubespray and Wire's playbooks pin and roll out
// node by node (container runtime, data services); and never an automatic reboot, which could take
// a quorum down: the operator reboots one node at a time.

/**
 * Packages only Wire's playbooks and kubespray upgrade (they pin the versions). unattended-upgrades
 * matches each entry as a regular expression at the start of a package name: "containerd" also
 * holds containerd.io, "postgresql" every postgresql-* package.
 */
export const HELD_BACK = ["containerd", "docker-ce", "kubelet", "kubeadm", "kubectl", "elasticsearch-oss", "cassandra", "minio", "rabbitmq-server", "erlang", "postgresql", "repmgr"];

export const AUTO_UPGRADES_FILE = "/etc/apt/apt.conf.d/20auto-upgrades";
export const WIRE_UPGRADES_FILE = "/etc/apt/apt.conf.d/52wire-unattended-upgrades";

const quoted = (xs: string[]) => xs.map((x) => `    "${x}";`).join("\n");

export interface SecurityUpdateFile {
  path: string;
  permissions: string;
  content: string;
}

export function securityUpdateFiles(offline: boolean): SecurityUpdateFile[] {
  const periodic = [
    "// wire-backend: refresh package lists and apply security updates daily (unattended-upgrades).",
    'APT::Periodic::Update-Package-Lists "1";',
    'APT::Periodic::Unattended-Upgrade "1";',
    'APT::Periodic::AutocleanInterval "7";',
    "",
  ].join("\n");
  const policy = [
    "// wire-backend: what unattended-upgrades may do on a Wire node.",
    ...(offline ? ["// The island's only apt source is the asset host: take whatever it publishes.", "Unattended-Upgrade::Origins-Pattern {", quoted(["origin=*"]), "};"] : []),
    "// Upgraded by Wire's playbooks and kubespray only, node by node.",
    "Unattended-Upgrade::Package-Blacklist {",
    quoted(HELD_BACK),
    "};",
    "// Reboots are the operator's, one node at a time (a kernel update leaves /var/run/reboot-required).",
    'Unattended-Upgrade::Automatic-Reboot "false";',
    "",
  ].join("\n");
  return [
    { path: AUTO_UPGRADES_FILE, permissions: "0644", content: periodic },
    { path: WIRE_UPGRADES_FILE, permissions: "0644", content: policy },
  ];
}
