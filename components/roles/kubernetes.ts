import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";

/** Kubernetes nodes (control plane, etcd and workers, installed by kubespray) running wire-server. */
export class Kubernetes extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:compute:Kubernetes", name, args, { role: "kubernetes", groups: ["kubernetes"] }, opts);
    this.done({ instanceIds: this.nodes.instanceIds });
  }
}
