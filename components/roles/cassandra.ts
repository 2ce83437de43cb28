import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";
import { DATA_DIRS } from "../../config/services";

/** Cassandra: Wire's primary store. Each node keeps its data on its own protected volume. */
export class Cassandra extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:data:Cassandra", name, args, { role: "cassandra", groups: ["cassandra"], dataDirs: DATA_DIRS.cassandra }, opts);
    this.done();
  }
}
