// InventoryHost[] from a plan (or a real stack's outputs of the same shape): instances' private IPs
// are not inputs, so they come from the program's `privateIps` output per role, in node order, and
// the TURN/SFT Elastic IPs from `restundPublicIps` / `sftPublicIps` (also node order).
import type { PlanDocument } from "../cli/planRuntime";
import { hostName } from "../components/naming";
import { ROLES, Role } from "../sizing/types";
import type { InventoryHost } from "./types";

interface AddressOutputs {
  privateIps?: Partial<Record<Role, string[]>>;
  restundPublicIps?: string[];
  sftPublicIps?: string[];
}

export function hostsFromPlan(plan: Pick<PlanDocument, "sizing" | "outputs">): InventoryHost[] {
  const out = plan.outputs as AddressOutputs;
  const publicIps: Partial<Record<Role, string[]>> = { restund: out.restundPublicIps ?? [], sft: out.sftPublicIps ?? [] };
  return ROLES.flatMap((role) => {
    const ips = out.privateIps?.[role] ?? [];
    const count = plan.sizing.roles[role].count;
    if (ips.length !== count) throw new Error(`plan has ${ips.length} private IPs for ${role} but sizes ${count} nodes`);
    return ips.map((privateIp, i) => {
      const publicIp = publicIps[role]?.[i];
      return {
        role,
        hostname: hostName(role, i + 1),
        index: i + 1,
        privateIp,
        ...(publicIp ? { publicIp } : {}),
        instanceType: plan.sizing.roles[role].instanceType,
      };
    });
  });
}
