import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";

/**
 * The asset host: serves Wire's offline bundle (debs, binaries, images) over HTTP 8080. Its private
 * address is fixed so every other node's user data can point apt at it before it exists.
 */
export class AssetHost extends RoleComponent {
  constructor(name: string, args: RoleArgs & { privateIp: string }, opts?: pulumi.ComponentResourceOptions) {
    super("wire:ops:AssetHost", name, args, { role: "assetHost", groups: ["assetHost"], privateIps: (i) => (i === 1 ? args.privateIp : undefined) }, opts);
    this.done();
  }
}
