// The "Calling" section of bench/RESULTS.md: the calling model's figures at the sizes issue 11 names,
// computed by the sizing engine (no timing). `npm run bench` writes it with the rest; after a build,
// `node dist/bench/calling.js` rewrites this section alone.
import * as fs from "fs";
import * as path from "path";
import { formatNumber, formatUsd } from "../sizing/format";
import { size } from "../sizing/size";
import type { ConferenceLoad, Sizing } from "../sizing/types";

/** The seed engine's TURN + SFT for 20,000 users, 300 × 10 with video, eu-central-1 (13 × c6in.large + 12 × c6i.2xlarge). */
export const SEED_ENGINE_CALLING_USD = 4694.45;
const REGION = "eu-central-1";
const USERS = [2_000, 20_000, 50_000, 1_000_000];
const LOAD: ConferenceLoad = { concurrent: 300, participants: 10, video: true };

const n = (x: number) => formatNumber(x, 1);

function row(s: Sizing): string {
  const c = s.calling;
  const t = c.turn;
  const p = c.sft;
  const turn = `${s.roles.restund.count} × ${s.roles.restund.instanceType} (${n(t.usableMbpsPerServer)} usable each); ${n(t.loadPerServerMbps)} per server with one down; ${t.bound}`;
  const sft =
    p.placement === "pool"
      ? `${s.roles.sft.count} × ${s.roles.sft.instanceType} (${p.conferencesPerServer} conferences, ${n(p.usableMbpsPerServer)} usable each); busiest ${n(p.loadPerServerMbps)} with one down; ${p.bound}`
      : p.placement === "cluster"
        ? "in the Kubernetes cluster, through TURN"
        : "none";
  const load = s.conferences.concurrent > 0 ? `${s.conferences.concurrent} × ${s.conferences.participants} video` : "none";
  return `| ${formatNumber(s.users)} | ${load} | ${n(c.oneToOne.turnMbps)} + ${n(c.conferences.turnMbps)} = ${n(t.demandMbps)} | ${turn} | ${s.conferences.concurrent > 0 ? n(c.totalMbps) : "-"} | ${sft} | ${formatUsd(s.roles.restund.monthlyUSD + s.roles.sft.monthlyUSD)} |`;
}

export function callingSection(): string[] {
  const none = USERS.map((users) => size({ users, region: REGION }));
  const loaded = USERS.map((users) => size({ users, region: REGION, conferences: LOAD }));
  const at20k = loaded[1];
  const cost20k = at20k.roles.restund.monthlyUSD + at20k.roles.sft.monthlyUSD;
  const a = at20k.calling.assumptions;
  return [
    "## Calling",
    "",
    `The calling model (sizing/calling.ts) in ${REGION}, default assumptions: ${n(a.oneToOnePeakShare * 100)} % of users in a one-to-one call at peak, ` +
      `${n(a.relayedLegShare * 100)} % of legs relayed (4 × ${n(a.videoLegKbps)} kbps each), ${n(a.conferenceTurnShare * 100)} % of conference participants via TURN, ` +
      `${n(a.headroom * 100)} % of baseline network usable, one spare server per role. Mbps are ingress + egress. Computed, not timed.`,
    "",
    "| Users | Conferences | TURN Mbps (1:1 + conferences) | TURN | SFT Mbps | SFT | TURN + SFT / month |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...none.map(row),
    ...loaded.map(row),
    "",
    `- 20,000 users, 300 × 10 with video: ${formatUsd(cost20k)} per month = ${n((cost20k / SEED_ENGINE_CALLING_USD) * 100)} % of the seed engine's ${formatUsd(SEED_ENGINE_CALLING_USD)} ` +
      `(goal ≤ 70 %: ${cost20k <= 0.7 * SEED_ENGINE_CALLING_USD ? "pass" : "**miss**"}).`,
    `- Without conferences TURN grows from ${none[2].roles.restund.count} servers at 50,000 users to ${none[3].roles.restund.count} at 1,000,000; ` +
      "with one server down every calling server stays within its usable baseline in every row (tests/calling.test.ts, tests/sizing.property.test.ts).",
    "",
  ];
}

/** Replace (or append) the "## Calling" section of RESULTS.md, keeping the rest as it is. */
export function withCallingSection(text: string): string {
  const section = callingSection().join("\n");
  const start = text.indexOf("\n## Calling\n");
  if (start < 0) return text.replace(/\n*$/, "\n\n") + section;
  const next = text.indexOf("\n## ", start + 1);
  return text.slice(0, start + 1) + section + (next < 0 ? "" : text.slice(next + 1));
}

if (require.main === module) {
  const file = path.join(__dirname, "..", "..", "bench", "RESULTS.md");
  fs.writeFileSync(file, withCallingSection(fs.readFileSync(file, "utf8")));
  process.stdout.write("wrote the Calling section of bench/RESULTS.md\n");
}
