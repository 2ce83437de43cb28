// Upgrades on Wire's release cycle: what a change of `wireVersion` against the deployed release may
// do. A downgrade is refused (wire-server's schema migrations run forward only); an upgrade across a
// release with a breaking change (config/releases.ts) is refused until the stack acknowledges each
// change by name, as matrix-docker-ansible-deploy does; a patch release crosses none. Pure; raised
// with the other config problems, before any resource is registered.
import type { ConfigProblem } from "../config/errors";
import { changesCrossed, compareVersions } from "../config/releases";
import type { StackConfig } from "../config/schema";
import type { Deployed } from "./deployed";

export function upgradeProblems(deployed: Deployed, config: Pick<StackConfig, "wireVersion" | "upgrade">): ConfigProblem[] {
  const from = deployed.wireVersion;
  const to = config.wireVersion;
  if (!from || from === to) return [];
  if (compareVersions(to, from) < 0) {
    return [
      {
        key: "wire-backend:wireVersion",
        value: to,
        message: `would downgrade the deployed ${from}: wire-server's database migrations run forward only; keep ${from} or a newer release, or restore a backup taken before the upgrade into a new stack`,
      },
    ];
  }
  const acknowledged = new Set(config.upgrade.acknowledge);
  const missing = changesCrossed(from, to).filter((c) => !acknowledged.has(c.id));
  if (missing.length === 0) return [];
  const all = [...new Set([...config.upgrade.acknowledge, ...missing.map((c) => c.id)])];
  return [
    {
      key: "wire-backend:upgrade.acknowledge",
      value: config.upgrade.acknowledge,
      message:
        `the upgrade from ${from} to ${to} crosses ${missing.length === 1 ? "a breaking change" : "breaking changes"}: ` +
        missing.map((c) => `${c.id} (${c.since}: ${c.summary})`).join("; ") +
        `; read the upgrade report (npm run plan), then set wire-backend:upgrade.acknowledge: ${JSON.stringify(all)}`,
    },
  ];
}
