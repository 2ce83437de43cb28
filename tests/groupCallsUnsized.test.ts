// Above the seed's 2,000 users a stack without `conferences` gets in-cluster sftd with no capacity
// sized and TURN that counts no conference traffic: `size` and `plan` say so, naming the key and an
// example value. At or below 2,000, and with a declared load or `concurrent: 0`, they do not.
import { parseStackConfig } from "../config";
import { EXAMPLE_CONFERENCES, stackWarnings, unsizedGroupCallsWarning } from "../config/warnings";
import { runPlan } from "../cli/planRuntime";
import { main as sizeCli } from "../cli/size";
import { REFERENCE_USERS } from "../sizing/rules";
import { stack } from "./helpers/stacks";

const UNSIZED = /warning: group calls are unsized/;

describe("group calls unsized above the seed's size", () => {
  it("the warning names the key, an example value that parses, and why", () => {
    const w = unsizedGroupCallsWarning(20_000);
    expect(w).toContain(`wire-backend:conferences: ${EXAMPLE_CONFERENCES}`);
    expect(w).toMatch(/20,000 users is above the 2,000/);
    expect(w).toMatch(/TURN counts no conference traffic.*turnDiscoveryEnabled/);
    // The example is a valid value of the key it names.
    const example = Object.fromEntries(EXAMPLE_CONFERENCES.slice(1, -1).split(",").map((kv) => kv.split(":").map((x) => x.trim())).map(([k, v]) => [k, Number(v)]));
    expect(parseStackConfig(stack(20_000, { "wire-backend:conferences": example })).config.conferences).toMatchObject(example);
  });

  it.each([
    [["--users", String(REFERENCE_USERS + 1)], true],
    [["--users", "20000"], true],
    [["--users", String(REFERENCE_USERS)], false],
    [["--users", "500"], false],
    [["--users", "20000", "--conferences", "30", "--participants", "8"], false],
    [["--users", "20000", "--conferences", "0"], false],
  ])("size %j warns: %s", (argv, warns) => {
    const r = sizeCli(argv);
    expect(r.code).toBe(0);
    if (warns) expect(r.stderr).toMatch(UNSIZED);
    else expect(r.stderr).not.toMatch(UNSIZED);
  });

  it("size --config reads users and conferences from the stack file", () => {
    const file = { users: 20_000, region: "eu-central-1" };
    expect(sizeCli(["--config", "x.yaml"], { loadStackConfig: () => file }).stderr).toContain(`warning: ${unsizedGroupCallsWarning(20_000)}`);
    const declared = { ...file, conferences: { concurrent: 10, participants: 8, video: true } };
    expect(sizeCli(["--config", "x.yaml"], { loadStackConfig: () => declared }).stderr).not.toMatch(UNSIZED);
  });

  it("the stack's warnings: above 2,000 without conferences only", () => {
    const warnings = (extra: Record<string, unknown>, users: number) => stackWarnings(parseStackConfig(stack(users, extra)).config).join("\n");
    expect(warnings({}, 20_000)).toContain(unsizedGroupCallsWarning(20_000));
    expect(warnings({}, 2_000)).not.toMatch(/group calls are unsized/);
    expect(warnings({ "wire-backend:conferences": { concurrent: 10, participants: 8 } }, 20_000)).not.toMatch(/group calls are unsized/);
    expect(warnings({ "wire-backend:conferences": { concurrent: 0 } }, 20_000)).not.toMatch(/group calls are unsized/);
  });

  it("plan warns for a 20,000-user stack without conferences, whose sftd runs in the cluster", async () => {
    const p = await runPlan({ stack: "unsized", config: stack(20_000) });
    expect(p.sizing.calling.sft.placement).toBe("cluster");
    expect(p.sizing.calling.conferences.turnMbps).toBe(0);
    expect(p.warnings).toContain(unsizedGroupCallsWarning(20_000));
  });
});
