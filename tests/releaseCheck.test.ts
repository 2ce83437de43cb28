// wireVersion against the releases our Helm values are rendered at (config/releases.ts
// CHECKED_RELEASES): a newer one is refused unless the stack accepts it unchecked, which turns the
// error into a warning; a short release (5.23, which YAML reads as a number) gets the full form.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackFile, parseStackConfig } from "../config";
import { CHECKED_RELEASES, compareVersions, NEWEST_CHECKED_RELEASE } from "../config/releases";
import { stackWarnings, uncheckedReleaseWarning } from "../config/warnings";
import { runPlan } from "../cli/planRuntime";
import { stack } from "./helpers/stacks";
import { problemsOf } from "./helpers/configProblems";


const withVersion = (wireVersion: unknown, extra: Record<string, unknown> = {}) => stack(2000, { "wire-backend:wireVersion": wireVersion, ...extra });

describe("the checked releases", () => {
  it("are oldest first, and the newest is NEWEST_CHECKED_RELEASE", () => {
    const sorted = [...CHECKED_RELEASES].sort(compareVersions);
    expect(CHECKED_RELEASES).toEqual(sorted);
    expect(sorted[sorted.length - 1]).toBe(NEWEST_CHECKED_RELEASE);
  });

  it.each(CHECKED_RELEASES.map((r) => [r]))("%s is planned without a release warning", (release) => {
    const { config } = parseStackConfig(withVersion(release));
    expect(stackWarnings(config).join("\n")).not.toContain("newest release our Helm values");
  });
});

describe("a release newer than the checked ones", () => {
  it.each([["9.0.0"], ["5.30.0"], ["5.29.6"]])("%s is refused naming the newest checked release and the key that accepts it", (release) => {
    expect(problemsOf(() => parseStackConfig(withVersion(release)))).toEqual([
      {
        key: "wire-backend:wireVersion",
        value: release,
        message: expect.stringMatching(/is newer than 5\.29\.5, the newest release our Helm values are rendered against .*set wire-backend:upgrade\.acceptUncheckedRelease: true/),
      },
    ]);
  });

  it("is refused with the stack's other problems", () => {
    const problems = problemsOf(() => parseStackConfig({ ...withVersion("9.0.0"), "wire-backend:users": 0 }));
    expect(problems.map((p) => p.key).sort()).toEqual(["wire-backend:users", "wire-backend:wireVersion"]);
  });

  it("upgrade.acceptUncheckedRelease: true plans it, with a warning that the values were not rendered against it", async () => {
    const config = withVersion("9.0.0", { "wire-backend:upgrade": { acceptUncheckedRelease: true } });
    expect(parseStackConfig(config).config.wireVersion).toBe("9.0.0");
    const p = await runPlan({ stack: "unchecked", config });
    expect(p.outputs.wireVersion).toBe("9.0.0");
    expect(p.warnings).toContain(uncheckedReleaseWarning("9.0.0"));
    expect(uncheckedReleaseWarning("9.0.0")).toMatch(/values were not rendered against 9\.0\.0/);
  });
});

describe("a release that is not x.y.z", () => {
  const hint = (full: string) => `write the full release, e.g. ${full} (quote it so YAML reads a string)`;
  it.each([
    [5.23, hint('"5.23.0"')],
    ["5.23", hint('"5.23.0"')],
    ["5", hint('"5.0.0"')],
    // YAML reads 5.20 as 5.2: both readings are offered.
    [5.2, 'write the full release, e.g. "5.2.0" or "5.20.0" (quote it so YAML reads a string)'],
    ["latest", 'is not a wire-server release; expected a chart release in quotes, e.g. "5.29.5"'],
  ])("wireVersion: %j gets the full form", (value, text) => {
    const [p] = problemsOf(() => parseStackConfig(withVersion(value)));
    expect(p.key).toBe("wire-backend:wireVersion");
    // Pulumi hands every value over as a string, so "5.23" is read as the number like 5.23.
    expect(p.value).toBe(typeof value === "string" && /^[\d.]+$/.test(value) ? Number(value) : value);
    expect(p.message).toContain(text);
  });

  it("as YAML writes it unquoted in a stack file, and as Pulumi hands it over (the string \"5.23\")", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wb-release-")), "Pulumi.v.yaml");
    fs.writeFileSync(file, "config:\n  aws:region: eu-central-1\n  wire-backend:users: 2000\n  wire-backend:domain: wire.example.com\n  wire-backend:wireVersion: 5.23\n");
    expect(() => loadStackFile({ file })).toThrow(`wire-backend:wireVersion: 5.23 is not a full wire-server release; ${hint('"5.23.0"')}`);
    // Pulumi keeps top-level config as strings; the program reads "5.23" as the number.
    expect(problemsOf(() => parseStackConfig(withVersion("5.23"))).map((p) => p.message)).toEqual([`is not a full wire-server release; ${hint('"5.23.0"')}`]);
  });

  it("other wrong types keep the generic words", () => {
    expect(problemsOf(() => parseStackConfig(withVersion(true)))[0].message).toBe("is not allowed; expected a string");
  });
});
