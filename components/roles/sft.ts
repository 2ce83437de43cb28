import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";

/**
 * The calling node pool: Kubernetes workers labelled wire.com/role=sftd, one SFT pod each (host
 * networking). Sized from the peak conference load; absent when there is none. The calling DMZ: only
 * the sft group and nftables peer restrictions, like the TURN nodes.
 */
export class Sft extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:calling:Sft", name, args, { role: "sft", groups: ["sft"], kubeNode: true, public: true }, opts);
    this.done();
  }
}
