// `size --json` states what one calling server carries only where the calling model computes it
// (calling.turn / calling.sft: baseline network × headroom), never the 1 GbE floor as a capacity.
import { main as sizeCli } from "../cli/size";
import type { Sizing } from "../sizing";

/** Every key path under `node` whose name speaks of a per-server figure. */
function perServerKeys(node: unknown, path: string[] = []): string[] {
  if (!node || typeof node !== "object") return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => [...(/perServer/i.test(k) ? [[...path, k].join(".")] : []), ...perServerKeys(v, [...path, k])]);
}

describe("size --json: per-server calling figures", () => {
  it.each([
    [["--users", "2000"]],
    [["--users", "20000", "--conferences", "300", "--participants", "10"]],
    [["--users", "500", "--conferences", "0"]],
  ])("%j: only the model's own, each = baseline × headroom", (argv) => {
    const r = sizeCli([...argv, "--json"]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Sizing;
    expect(s.calling).not.toHaveProperty("perServerMbps");
    expect(perServerKeys(s.calling).every((k) => /^(turn|sft)\./.test(k))).toBe(true);
    const headroom = s.calling.assumptions.headroom;
    expect(s.calling.turn.usableMbpsPerServer).toBeCloseTo(s.calling.turn.baselineGbps * 1000 * headroom, 9);
    if (s.calling.sft.placement === "pool") expect(s.calling.sft.usableMbpsPerServer).toBeCloseTo(s.calling.sft.baselineGbps * 1000 * headroom, 9);
  });
});
