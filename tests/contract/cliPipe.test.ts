// `npm run plan -- --json | jq .`: the JSON plan, several times the 64 KiB a pipe holds, arrives whole at
// the far end of a real shell pipe (a CLI that exits before stdout drains cuts it). A real process and a
// real pipe: here rather than in the unit suite, whose budget is 60 s.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { builtCli } from "../helpers/builtCli";
import { REPO } from "../helpers/stacks";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "wb-pipe-"));
const STACK_TEXT = "config:\n  aws:region: eu-central-1\n  wire-backend:users: 2000\n  wire-backend:domain: wire.example.com\n";

describe("plan --json through a pipe", () => {
  it("arrives whole: a 2,000-user plan (several times the 64 KiB a pipe holds) parses at the far end of `| cat`", () => {
    const dir = tmp();
    const file = path.join(dir, "big.yaml");
    fs.writeFileSync(file, STACK_TEXT);
    // A shell pipe into another process, as `npm run plan -- --json | jq .` does.
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${builtCli("plan")}" --json --config "${file}" | cat`], { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 28 });
    expect(r.stdout.length).toBeGreaterThan(4 << 16);
    const doc = JSON.parse(r.stdout) as { stack: string; resources: unknown[] };
    expect(doc.stack).toBe("big");
    expect(doc.resources.length).toBeGreaterThan(250);
  }, 120_000);
});