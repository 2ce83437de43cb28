import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";
import { DATA_DIRS } from "../../config/services";

/**
 * PostgreSQL (galley, brig and background-worker from wire-server 5.20): Wire's repmgr cluster of one
 * primary and two standbys, installed by wire-server-deploy's postgresql-deploy.yml.
 */
export class Postgresql extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:data:Postgresql", name, args, { role: "postgresql", groups: ["postgresql"], dataDirs: DATA_DIRS.postgresql }, opts);
    this.done();
  }
}
