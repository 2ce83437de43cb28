// The default release is the newest one our Helm values are checked against. A deployed stack that
// relied on the former default (5.23.0) and now plans the new one crosses 5.29-merged-charts: the
// upgrade gate refuses it, before any resource is registered, until the stack acknowledges the change
// or pins the release it runs.
import { ConfigError, parseStackConfig } from "../config";
import { DEFAULT_RELEASE, FORMER_DEFAULT_RELEASE, NEWEST_CHECKED_RELEASE } from "../config/releases";
import { FakeCloud } from "../cli/fakeCloud";
import { runPlan } from "../cli/planRuntime";
import { deployedFromOutputs } from "../sizing/deployed";
import type { Deployed } from "../sizing/deployed";
import { plan, stack } from "./helpers/stacks";

describe("the default release", () => {
  it("is the newest checked release, and a stack without wireVersion gets it", () => {
    expect(DEFAULT_RELEASE).toBe(NEWEST_CHECKED_RELEASE);
    expect(parseStackConfig(stack(2_000)).config.wireVersion).toBe(NEWEST_CHECKED_RELEASE);
  });
});

describe(`a stack deployed on the former default (${FORMER_DEFAULT_RELEASE})`, () => {
  let deployed: Deployed;
  beforeAll(async () => {
    // What such a stack recorded: its outputs say the release it ran.
    const before = await plan("former-default", stack(2_000, { "wire-backend:wireVersion": FORMER_DEFAULT_RELEASE }));
    deployed = deployedFromOutputs(before.outputs);
  }, 120_000);

  it("records the release it runs", () => {
    expect(deployed.wireVersion).toBe(FORMER_DEFAULT_RELEASE);
  });

  it("is refused when it now names no release, until 5.29-merged-charts is acknowledged, and registers nothing", async () => {
    const registered = jest.spyOn(FakeCloud.prototype, "newResource");
    const error = await runPlan({ stack: "former-default", config: stack(2_000), deployed }).catch((e) => e);
    expect(registered).not.toHaveBeenCalled();
    registered.mockRestore();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        key: "wire-backend:upgrade.acknowledge",
        value: [],
        message: expect.stringMatching(/^the upgrade from 5\.23\.0 to 5\.29\.5 crosses a breaking change: 5\.29-merged-charts .*set wire-backend:upgrade\.acknowledge: \["5\.29-merged-charts"\]$/),
      },
    ]);
  });

  it("plans the new default once it acknowledges the change", async () => {
    const p = await runPlan({ stack: "former-default", config: stack(2_000, { "wire-backend:upgrade": { acknowledge: ["5.29-merged-charts"] } }), deployed });
    expect(p.outputs.wireVersion).toBe(NEWEST_CHECKED_RELEASE);
  }, 120_000);

  it("keeps its release when it pins wireVersion, with nothing to acknowledge", async () => {
    const p = await runPlan({ stack: "former-default", config: stack(2_000, { "wire-backend:wireVersion": FORMER_DEFAULT_RELEASE }), deployed });
    expect(p.outputs.wireVersion).toBe(FORMER_DEFAULT_RELEASE);
  }, 120_000);
});
