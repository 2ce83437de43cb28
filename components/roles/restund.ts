import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";

/**
 * The TURN role. It runs coturn (Wire replaced restund with coturn in 2025): the nodes join the
 * Kubernetes cluster labelled wire.com/role=coturn and run Wire's coturn chart with host networking,
 * so they carry the Kubernetes group too. Public subnet and an Elastic IP each when online.
 */
export class Restund extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:calling:Restund", name, args, { role: "restund", groups: ["restund", "kubernetes"], public: true }, opts);
    this.done();
  }
}
