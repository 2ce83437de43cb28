import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";

/** The admin host: runs Wire's deploy container (Ansible, Helm, kubectl); reached by SSM, or SSH from access.adminCidrs. */
export class AdminHost extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:ops:AdminHost", name, args, { role: "adminHost", groups: ["adminHost"] }, opts);
    this.done();
  }
}
