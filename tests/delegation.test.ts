// What the plan says about DNS delegation and admin access: the NS record the parent zone must hold
// (the zone's own name servers, as the fake cloud answers them), or why none is needed; and how the
// admin host is really reached (SSM by default; SSH from access.adminCidrs only over a routed link).
import { main as planMain } from "../cli/plan";
import { adminAccess } from "../outputs/adminAccess";
import { delegationRecord, delegationZoneRecords, DnsDelegation } from "../outputs/dnsDelegation";
import { formatPlan } from "../outputs/planReport";
import { OFFLINE, ofType, plan, stack } from "./helpers/stacks";

const ZONE = "aws:route53/zone:Zone";

describe("DNS delegation in the plan", () => {
  it("a new public zone: the NS record for `domain` with the zone's name servers, in text and in the outputs", async () => {
    const p = await plan("test", stack(2_000));
    const [zone] = ofType(p, ZONE);
    expect(zone.inputs.name).toBe("wire.example.com");
    const ns = p.outputs.nameServers as string[];
    // Route 53's shape: four servers, one under each of .com, .net, .org, .co.uk.
    expect(ns.map((n) => n.replace(/^ns-\d+\.awsdns-\d{2}\./, ""))).toEqual(["com", "net", "org", "co.uk"]);
    expect(p.outputs.dnsDelegation).toEqual({ kind: "delegate", name: "wire.example.com", type: "NS", nameServers: ns });
    const text = formatPlan(p).split("\n");
    for (const n of ns) expect(text).toContain(`wire.example.com. IN NS ${n}.`);
    expect(text.join("\n")).toMatch(/parent zone example\.com/);
    expect(text.join("\n")).toMatch(/invented; `pulumi up` prints the zone's real ones/);
  });

  it("dns.zoneId: no zone is created and the plan says no delegation is needed from us", async () => {
    const p = await plan("existing", stack(2000, { "wire-backend:dns": { zoneId: "Z0123456789ABCDEF" } }));
    expect(ofType(p, ZONE)).toEqual([]);
    const text = formatPlan(p);
    expect(text).toContain("dns.zoneId Z0123456789ABCDEF is used as it is");
    expect(text).toContain("no delegation is needed from us");
    expect(text).not.toMatch(/ IN NS /);
  });

  it("offline: the zone is private to the VPC, with no parent delegation", async () => {
    const p = await plan("island", stack(500, OFFLINE));
    expect((p.outputs.dnsDelegation as DnsDelegation).kind).toBe("private-zone");
    expect(formatPlan(p)).toMatch(/private to the island's VPC/);
    expect(formatPlan(p)).not.toMatch(/ IN NS /);
  });

  it("delegationRecord: the runbook's lines from a stack's outputs, and a clear line for outputs without it", async () => {
    const p = await plan("test", stack(2_000));
    const d = p.outputs.dnsDelegation as Extract<DnsDelegation, { kind: "delegate" }>;
    expect(delegationRecord({ dnsDelegation: d })).toEqual(expect.arrayContaining(delegationZoneRecords(d)));
    expect(delegationRecord({ nameServers: ["ns-1.awsdns-01.com"] })).toEqual([expect.stringMatching(/no dnsDelegation .*run `pulumi up` once/)]);
  });
});

describe("admin access in the plan", () => {
  it("adminCidrs: SSH 22 only over a routed link the customer provides; SSM stays the default", async () => {
    const p = await plan("test", stack(2_000));
    const a = adminAccess(p.resources);
    expect(a.sshFrom).toEqual(["198.51.100.0/24"]);
    const text = formatPlan(p);
    expect(text).toMatch(/Admin host access: SSM Session Manager \(the default\), and SSH 22 from access\.adminCidrs 198\.51\.100\.0\/24 over a routed link you provide \(VPN, Direct Connect, VPC peering or Transit Gateway\)/);
    expect(text).toContain("the admin host has no public address");
  });

  it("the admin host really has no public address: no Elastic IP, private subnet, no public IP on launch", async () => {
    const p = await plan("test", stack(2_000));
    const admin = ofType(p, "aws:ec2/instance:Instance").filter((i) => (i.inputs.tags as Record<string, string>)["wire:role"] === "adminHost");
    expect(admin.length).toBe(1);
    expect(admin[0].inputs.associatePublicIpAddress).not.toBe(true);
    const eipTargets = ofType(p, "aws:ec2/eip:Eip").map((e) => e.inputs.instance);
    expect(eipTargets).not.toContain(admin[0].id);
    const subnet = p.resources.find((r) => r.id === admin[0].inputs.subnetId)!;
    expect(subnet.inputs.mapPublicIpOnLaunch).not.toBe(true);
    expect(subnet.name).toMatch(/private/);
  });

  it("without adminCidrs: SSM Session Manager only", async () => {
    const p = await plan("ssm", stack(2000, { "wire-backend:access": { adminCidrs: [] } }));
    expect(adminAccess(p.resources)).toEqual({ ssm: true, sshFrom: [], note: expect.stringMatching(/^SSM Session Manager only/) });
  });

  it("plan --json carries dnsDelegation and adminAccess", async () => {
    let out = "";
    const spy = jest.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
    const err = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await planMain(["--stack", "dev", "--json"])).toBe(0);
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
    const doc = JSON.parse(out);
    expect(doc.dnsDelegation).toEqual(doc.outputs.dnsDelegation);
    expect(doc.dnsDelegation.nameServers).toEqual(doc.outputs.nameServers);
    expect(doc.adminAccess.ssm).toBe(true);
    expect(doc.adminAccess.note).toMatch(/routed link/);
  }, 60_000);
});
