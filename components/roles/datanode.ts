import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";
import { DATA_DIRS } from "../../config/services";

/**
 * The compact layout's shared data nodes (Wire's staging.yml datanode1..3): each runs every data service
 * placed on it (sizing.shares), each service's data on an encrypted, protected volume of its own, at the
 * paths its Ansible role uses. The host name is the FQDN too: RabbitMQ runs here, and its role compares
 * ansible_fqdn with rabbitmq_cluster_master.
 */
export class Datanode extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    const dataVolumes = (args.sizing.shares ?? []).map((s) => ({ label: s.service, sizeGiB: s.diskGiB, dirs: DATA_DIRS[s.service] }));
    super("wire:data:Datanode", name, args, { role: "datanode", groups: ["datanode"], dataVolumes, shortFqdn: true }, opts);
    this.done();
  }
}
