import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";

/** Elasticsearch: brig's user directory (search); an odd number of master-eligible nodes. */
export class Elasticsearch extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:data:Elasticsearch", name, args, { role: "elasticsearch", groups: ["elasticsearch"], dataDirs: ["/var/lib/elasticsearch"] }, opts);
    this.done();
  }
}
