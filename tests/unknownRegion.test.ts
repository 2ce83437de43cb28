// A region AWS does not have (eu-central-9, eu-west1) is refused by the stack file, `size` and `plan`
// alike, with the nearest real names, together with the stack's other problems and before any
// resource is registered. China and GovCloud stay real regions (China without prices).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseStackConfig } from "../config";
import { runPlan } from "../cli/planRuntime";
import { main as sizeCli } from "../cli/size";
import { KNOWN_ZONE_REGIONS, nearestRegions, size } from "../sizing";
import { builtCli } from "./helpers/builtCli";
import { REPO, stack } from "./helpers/stacks";
import { problemsOf } from "./helpers/configProblems";


describe("a region AWS does not have", () => {
  it.each([
    ["eu-central-9", "did you mean eu-central-1 or eu-central-2?"],
    ["eu-west1", "did you mean eu-west-1?"],
    ["us-east-3", "did you mean us-east-1 or us-east-2?"],
    ["us-gov-west-2", "did you mean us-gov-west-1?"],
    ["cn-north-2", "did you mean cn-north-1?"],
  ])("the stack file: aws:region %s names the nearest regions", (region, hint) => {
    const problems = problemsOf(() => parseStackConfig(stack(2000, { "aws:region": region })));
    expect(problems).toEqual([{ key: "aws:region", value: region, message: `is not an AWS region; ${hint}` }]);
  });

  it("a name nowhere near one lists the real ones instead of guessing", () => {
    const [p] = problemsOf(() => parseStackConfig(stack(2000, { "aws:region": "frankfurt" })));
    expect(p.message).not.toContain("did you mean");
    for (const r of KNOWN_ZONE_REGIONS) expect(p.message).toContain(r);
  });

  it("Wire's SNS region under push option A is checked the same way", () => {
    const wire = { account: "123456789012", region: "eu-west-7", arnEnv: "acme", accessKeyId: "A".repeat(20), secretAccessKey: "s".repeat(40) };
    const problems = problemsOf(() => parseStackConfig(stack(2000, { "wire-backend:push": { option: "A", wire } })));
    expect(problems).toContainEqual({ key: "wire-backend:push.wire.region", value: "eu-west-7", message: "is not an AWS region; did you mean eu-west-1, eu-west-2 or eu-west-3?" });
  });

  it("is reported together with the stack file's other problems", () => {
    const problems = problemsOf(() => parseStackConfig(stack(0, { "aws:region": "eu-central-9", "wire-backend:wireVersion": "4.0.0" })));
    expect(problems.map((p) => p.key).sort()).toEqual(["aws:region", "wire-backend:users", "wire-backend:wireVersion"]);
  });

  it("every real region is accepted, China and GovCloud included, and suggests itself when mis-cased", () => {
    for (const r of [...KNOWN_ZONE_REGIONS, "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1"]) {
      expect(parseStackConfig(stack(2000, { "aws:region": r })).config.region).toBe(r);
      expect(nearestRegions(r.toUpperCase())).toEqual([r]);
    }
  });

  it("size() refuses it, and `size --region` names the flag and the nearest regions", () => {
    expect(() => size({ users: 2000, region: "eu-central-9" })).toThrow('region: "eu-central-9" is not an AWS region; did you mean eu-central-1 or eu-central-2?');
    const r = sizeCli(["--users", "2000", "--region", "eu-west1", "--conferences", "2"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    // Both flag problems at once.
    expect(r.stderr).toContain('size: --region: "eu-west1" is not an AWS region; did you mean eu-west-1?');
    expect(r.stderr).toContain("--conferences: needs --participants");
  });

  it("`size --config` with such a stack file names the key, with the file's other problems", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-region-"));
    const file = path.join(dir, "Pulumi.r.yaml");
    fs.writeFileSync(file, "config:\n  aws:region: eu-central-9\n  wire-backend:users: 0\n  wire-backend:domain: wire.example.com\n");
    const r = sizeCli(["--config", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('aws:region: "eu-central-9" is not an AWS region; did you mean eu-central-1 or eu-central-2?');
    expect(r.stderr).toContain("wire-backend:users: 0");
  });

  it("the plan refuses it before the program runs", async () => {
    await expect(runPlan({ stack: "mars", config: stack(2000, { "aws:region": "eu-central-9" }) })).rejects.toThrow(/aws:region: "eu-central-9" is not an AWS region/);
  });

  it("`plan` exits 1 listing it with the other problems, and plans nothing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-region-"));
    const file = path.join(dir, "Pulumi.r.yaml");
    fs.writeFileSync(file, "config:\n  aws:region: eu-west1\n  wire-backend:users: 2000\n  wire-backend:domain: Wire Example\n");
    const r = spawnSync(process.execPath, [builtCli("plan"), "--config", file], { cwd: REPO, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("2 problems");
    expect(r.stderr).toContain('aws:region: "eu-west1" is not an AWS region; did you mean eu-west-1?');
    expect(r.stderr).toContain('wire-backend:domain: "Wire Example" is not a DNS name');
    expect(r.stderr).toContain("Nothing was planned.");
    expect(r.stdout).toBe("");
  });
});
