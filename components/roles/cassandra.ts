import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";

/** Cassandra: Wire's primary store. Each node keeps its data on its own protected volume. */
export class Cassandra extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:data:Cassandra", name, args, { role: "cassandra", groups: ["cassandra"], dataDirs: ["/var/lib/cassandra"] }, opts);
    this.done();
  }
}
