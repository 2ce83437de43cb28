import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";

/**
 * The TURN role. It runs coturn (Wire replaced restund with coturn in 2025): the nodes join the
 * Kubernetes cluster labelled and tainted wire.com/role=coturn and run Wire's coturn chart with host
 * networking. They are the calling DMZ: only the restund group (not kubernetes, which the data stores
 * accept), nftables peer restrictions at boot. Public subnet and an Elastic IP each when online.
 */
export class Restund extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:calling:Restund", name, args, { role: "restund", groups: ["restund"], kubeNode: true, public: true }, opts);
    this.done();
  }
}
