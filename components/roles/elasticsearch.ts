import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";
import { DATA_DIRS } from "../../config/services";

/** Elasticsearch: brig's user directory (search); an odd number of master-eligible nodes. */
export class Elasticsearch extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:data:Elasticsearch", name, args, { role: "elasticsearch", groups: ["elasticsearch"], dataDirs: DATA_DIRS.elasticsearch }, opts);
    this.done();
  }
}
