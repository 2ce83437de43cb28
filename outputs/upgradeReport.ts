// The upgrade report `plan` prints when `wireVersion` differs from the deployed release: what the
// release table (config/releases.ts) adds, which charts change, and the steps in Wire's order
// (wire-server-deploy offline/upgrades/upgrading.md; shared/reference/wire-deployment.md section 7).
// Pure.
import { POSTGRESQL_ACCESS_PLAY, RABBITMQ_USERS_PLAY } from "./plays";
import { changesCrossed, compareVersions, parseVersion, releaseFeatures } from "../config/releases";

export interface UpgradeInput {
  from: string;
  to: string;
  acknowledged: string[];
  /** The stack installs Wire's fake-aws chart (config/fakeAws.ts usesFakeAws). */
  fakeAws: boolean;
  sft: boolean;
}

export interface UpgradeReport {
  from: string;
  to: string;
  kind: "patch" | "minor" | "major" | "downgrade";
  changes: { id: string; since: string; summary: string; acknowledged: boolean }[];
  rolesAdded: { role: string; group: string; why: string }[];
  chartsAdded: string[];
  chartsChanged: string[];
  steps: string[];
}

function kindOf(from: string, to: string): UpgradeReport["kind"] {
  if (compareVersions(to, from) < 0) return "downgrade";
  const [a, b] = [parseVersion(from)!, parseVersion(to)!];
  return a[0] !== b[0] ? "major" : a[1] !== b[1] ? "minor" : "patch";
}

const helm = (chart: string, extra = "") =>
  `d helm upgrade --install ${chart} ./charts/${chart} --values values/${chart}/values.yaml --values values/${chart}/secrets.yaml${extra}`;

export function upgradeReport(input: UpgradeInput): UpgradeReport {
  const { from, to } = input;
  const before = releaseFeatures(from);
  const after = releaseFeatures(to);
  const rolesAdded: UpgradeReport["rolesAdded"] = [];
  const chartsAdded: string[] = [];
  if (after.rabbitmq && !before.rabbitmq) {
    rolesAdded.push({ role: "rabbitmq", group: "rmq-cluster", why: "cannon and gundeck need RabbitMQ from 5.8.0" });
    chartsAdded.push("rabbitmq-external");
  }
  if (after.postgresql && !before.postgresql) {
    rolesAdded.push({ role: "postgresql", group: "postgresql", why: "galley needs PostgreSQL from 5.20.0" });
    chartsAdded.push("postgresql-external");
  }
  const externals = ["cassandra-external", "elasticsearch-external", "minio-external", ...(after.rabbitmq ? ["rabbitmq-external"] : []), ...(after.postgresql ? ["postgresql-external"] : [])];
  const chartsChanged = [
    ...externals,
    ...(input.fakeAws ? ["fake-aws"] : []),
    "databases-ephemeral",
    "ingress-nginx-controller",
    after.mergedCharts && !before.mergedCharts ? "wire-server (the service charts merged into it: values move, tags.* no longer select services)" : "wire-server",
    "webapp",
    "team-settings",
    "account-pages",
    "nginx-ingress-services",
    "coturn",
    ...(input.sft ? ["sftd"] : []),
  ];

  const steps: string[] = [
    `Get Wire's offline bundle (wire-server-deploy artifact) for ${to} into a new workspace on the admin host; diff your values/*/values.yaml and secrets.yaml against its prod-*-example.yaml files.`,
    "Free disk on the admin host and the Kubernetes nodes (old container images, old bundle).",
    "Copy the new bundle's assets onto the asset host (/opt/assets, served on 8080), then: d ansible-playbook -i ansible/inventory/offline/hosts.ini ansible/setup-offline-sources.yml and ansible/seed-offline-containerd.yml.",
  ];
  if (rolesAdded.length > 0) {
    steps.push(
      `pulumi up adds the ${rolesAdded.map((r) => r.role).join(" and ")} nodes (this plan); npm run export -- --outputs outputs.json and copy hosts.ini and values/ to the admin host.`,
      ...rolesAdded.map((r) =>
        r.role === "rabbitmq"
          ? `d ansible-playbook -i ansible/inventory/offline/hosts.ini ansible/roles/rabbitmq-cluster/tasks/configure_dns.yml, then ansible/rabbitmq.yml ([rmq-cluster]), then our ansible/${RABBITMQ_USERS_PLAY} (the wire-server user; test and guest removed).`
          : `d ansible-playbook -i ansible/inventory/offline/hosts.ini ansible/postgresql-deploy.yml --skip-tags replica,verify,wire-setup,monitoring, our ansible/${POSTGRESQL_ACCESS_PLAY}, ansible/postgresql-deploy.yml --skip-tags backup,cleanup,primary, and ${POSTGRESQL_ACCESS_PLAY} again ([postgresql], [postgresql_rw], [postgresql_ro]; the export's RUNBOOK.md has the exact lines).`,
      ),
      "The new export's values/ already hold the *-external charts' addresses of the new nodes (no helm_external.yml needed).",
    );
  }
  steps.push(
    "d kubectl get nodes: every node Ready.",
    "If the new bundle's PostgreSQL or RabbitMQ playbooks were run again: our plays after them, as in RUNBOOK.md (Wire's templates rewrite pg_hba.conf; its role re-adds RabbitMQ's test user).",
    ...externals.map((c) => helm(c)),
    ...(input.fakeAws ? [helm("fake-aws")] : []),
    `${helm("databases-ephemeral")}; reaper`,
    "ingress-nginx-controller, with its values as installed",
    // Exports before 2026-12 installed these for no reader; nothing is lost by removing them.
    `If installed by an earlier export: d helm uninstall smtp${input.fakeAws ? "" : "; d helm uninstall fake-aws"} (brig sends through SES or your relay${input.fakeAws ? "" : ", and nothing points at fake-aws"})`,
    `${helm("wire-server", " --timeout=15m0s")}  (runs the cassandra-migrations and elasticsearch-index hook jobs)`,
    "webapp, team-settings, account-pages: d helm upgrade --install each with its values",
    "nginx-ingress-services (your certificates, or cert-manager)",
    helm("coturn"),
    ...(input.sft ? [helm("sftd")] : []),
    "npm run doctor -- --stack <stack> --outputs outputs.json: names, certificates, TURN, push.",
  );
  const acknowledged = new Set(input.acknowledged);
  return {
    from,
    to,
    kind: kindOf(from, to),
    changes: changesCrossed(from, to).map((c) => ({ ...c, acknowledged: acknowledged.has(c.id) })),
    rolesAdded,
    chartsAdded,
    chartsChanged,
    steps,
  };
}

export function formatUpgradeReport(r: UpgradeReport): string {
  const lines = [`Upgrade of wire-server ${r.from} -> ${r.to} (${r.kind} release)`];
  if (r.changes.length > 0) {
    lines.push("Breaking changes crossed:");
    for (const c of r.changes) lines.push(`  - ${c.id} (${c.since}): ${c.summary} [${c.acknowledged ? "acknowledged" : "NOT acknowledged"}]`);
  } else {
    lines.push("Breaking changes crossed: none");
  }
  lines.push(`Roles added: ${r.rolesAdded.length > 0 ? r.rolesAdded.map((x) => `${x.role} ([${x.group}]; ${x.why})`).join(", ") : "none"}`);
  lines.push(`Charts added: ${r.chartsAdded.length > 0 ? r.chartsAdded.join(", ") : "none"}`);
  lines.push(`Charts upgraded: ${r.chartsChanged.join(", ")}`);
  lines.push("Steps, in Wire's order:");
  r.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${s}`));
  return `${lines.join("\n")}\n`;
}

/** The report when the release to deploy differs from the deployed one; undefined otherwise. */
export function upgradeOf(deployedVersion: string | undefined, to: string, opts: { fakeAws: boolean; sft: boolean }): { report: UpgradeReport; text: string } | undefined {
  if (!deployedVersion || deployedVersion === to) return undefined;
  const report = upgradeReport({
    from: deployedVersion,
    to,
    // A plan exists only when every crossed change was acknowledged (sizing/upgrade.ts refuses otherwise).
    acknowledged: changesCrossed(deployedVersion, to).map((c) => c.id),
    ...opts,
  });
  return { report, text: formatUpgradeReport(report) };
}
