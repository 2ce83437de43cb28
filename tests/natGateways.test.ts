// A NAT gateway per zone (network.natGateways: perZone, the default): each private subnet routes through
// its own zone's gateway; the first zone's gateway, address and routes keep the names the single one had.
import { ofType, plan, stack } from "./helpers/stacks";
import type { PlanDocument, PlanResource } from "../outputs/types";

const NAT = "aws:ec2/natGateway:NatGateway";
const perZone = () => plan("test", stack(2_000));
const single = () => plan("test", stack(2_000, { "wire-backend:network": { natGateways: "single" } }));

function byId(p: PlanDocument): Map<string, PlanResource> {
  return new Map(p.resources.filter((r) => r.id).map((r) => [r.id as string, r]));
}

/** Zone of each private subnet -> the zone of the NAT gateway its default route goes through. */
function egressZones(p: PlanDocument): Map<string, string> {
  const ids = byId(p);
  const routes = ofType(p, "aws:ec2/route:Route").filter((r) => r.inputs.natGatewayId);
  const out = new Map<string, string>();
  for (const a of ofType(p, "aws:ec2/routeTableAssociation:RouteTableAssociation")) {
    const subnet = ids.get(String(a.inputs.subnetId))!;
    if ((subnet.inputs.tags as Record<string, string>)["wire:tier"] !== "private") continue;
    const route = routes.find((r) => r.inputs.routeTableId === a.inputs.routeTableId)!;
    const nat = ids.get(String(route.inputs.natGatewayId))!;
    out.set(String(subnet.inputs.availabilityZone), String(ids.get(String(nat.inputs.subnetId))!.inputs.availabilityZone));
  }
  return out;
}

describe("NAT gateways", () => {
  it("perZone: one gateway with its own Elastic IP in each zone, and each private subnet goes out through its own zone's", async () => {
    const p = await perZone();
    const nats = ofType(p, NAT);
    expect(nats).toHaveLength(3);
    expect(new Set(nats.map((n) => n.inputs.allocationId)).size).toBe(3);
    const egress = egressZones(p);
    expect(egress.size).toBe(3);
    for (const [subnetZone, natZone] of egress) expect(natZone).toBe(subnetZone);
  });

  it("perZone: the S3 gateway endpoint serves every private route table", async () => {
    const p = await perZone();
    const tables = ofType(p, "aws:ec2/routeTable:RouteTable").filter((t) => ofType(p, "aws:ec2/route:Route").some((r) => r.inputs.routeTableId === t.id && r.inputs.natGatewayId));
    const s3 = ofType(p, "aws:ec2/vpcEndpoint:VpcEndpoint").find((e) => String(e.inputs.serviceName).endsWith(".s3"))!;
    expect([...(s3.inputs.routeTableIds as string[])].sort()).toEqual(tables.map((t) => t.id).sort());
  });

  it("the first zone's gateway, address, route table and route keep their logical names (a deployed stack keeps them)", async () => {
    // The names a stack deployed before per-zone gateways has: renaming them would replace the gateway.
    const before = ["network-nat", "network-nat-eip", "network-private-routes", "network-private-default"];
    for (const p of [await perZone(), await single()]) {
      const names = new Set(p.resources.map((r) => r.name));
      for (const name of before) expect([name, names.has(name)]).toEqual([name, true]);
      const first = ofType(p, NAT).find((n) => n.name === "network-nat")!;
      const firstSubnet = byId(p).get(String(first.inputs.subnetId))!;
      expect((firstSubnet.inputs.tags as Record<string, string>).Name).toMatch(/public-1$/);
    }
    // Per zone only adds: the single-gateway plan's URNs are all still there.
    const perZoneUrns = new Set((await perZone()).resources.map((r) => r.urn));
    expect((await single()).resources.map((r) => r.urn).filter((u) => !perZoneUrns.has(u))).toEqual([]);
  });

  it("single: one gateway in the first zone that every private subnet goes out through", async () => {
    const p = await single();
    expect(ofType(p, NAT)).toHaveLength(1);
    const zones = [...egressZones(p).values()];
    expect(zones).toHaveLength(3);
    expect(new Set(zones).size).toBe(1);
  });
});
