// The delegation record the plan prints (and `pulumi up` exports as dnsDelegation), judged by BIND's
// zone-file checker: pasted into a parent zone example.com, named-checkzone loads it and reads back
// an NS record for the domain per name server of the stack's zone. A malformed line is rejected, to
// prove the checker can reject one. named-checkzone: Debian's bind9-utils (.ci/run installs it).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPlan } from "../../cli/planRuntime";
import { delegationLines, delegationZoneRecords, DnsDelegation } from "../../outputs/dnsDelegation";

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "wire-delegation-"));
const PARENT = ["$TTL 3600", "@ IN SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300", "@ IN NS ns1.example.com.", "ns1 IN A 192.0.2.1"];

function checkZone(records: string[]): { status: number | null; dump: string; err: string } {
  const file = path.join(TMP, `example.com.${Math.random().toString(36).slice(2)}.zone`);
  fs.writeFileSync(file, [...PARENT, ...records, ""].join("\n"));
  const r = spawnSync("named-checkzone", ["-D", "-o", "-", "example.com", file], { encoding: "utf8" });
  if (r.error) throw new Error(`named-checkzone is not installed (Debian package bind9-utils; .ci/run installs it): ${r.error.message}`);
  return { status: r.status, dump: r.stdout, err: `${r.stdout}${r.stderr}` };
}

describe("the plan's DNS delegation in a parent zone, read by named-checkzone", () => {
  let delegation: Extract<DnsDelegation, { kind: "delegate" }>;
  let zoneNameServers: string[];

  beforeAll(async () => {
    const plan = await runPlan({ stack: "deleg", config: { "aws:region": "eu-central-1", "wire-backend:users": 2000, "wire-backend:domain": "wire.example.com" } });
    delegation = plan.outputs.dnsDelegation as typeof delegation;
    zoneNameServers = plan.outputs.nameServers as string[];
  }, 120_000);

  it("loads, and holds one NS record for wire.example.com per name server of the stack's zone", () => {
    expect(delegation.kind).toBe("delegate");
    const records = delegationZoneRecords(delegation);
    const { status, dump, err } = checkZone(records);
    expect({ status, err: status === 0 ? "" : err }).toEqual({ status: 0, err: "" });
    const ns = dump
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f[0] === "wire.example.com." && f[3] === "NS")
      .map((f) => f[4].replace(/\.$/, ""));
    expect(ns.sort()).toEqual([...zoneNameServers].sort());
    // The plan's text prints exactly these lines.
    expect(delegationLines(delegation)).toEqual(expect.arrayContaining(records));
  });

  it("rejects a malformed record (an indented line takes the previous owner)", () => {
    const [first] = delegationZoneRecords(delegation);
    expect(checkZone([`  ${first}`]).status).not.toBe(0);
  });
});
