import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";
import { DATA_DIRS } from "../../config/services";

/**
 * RabbitMQ (cannon and gundeck from wire-server 5.8): Wire's 3-node rmq-cluster, installed by
 * wire-server-deploy's rabbitmq.yml. Nodes address each other as rabbit@<host name>, so the OS host
 * name is the inventory name (cloud-init) and the FQDN is that name too (the role compares ansible_fqdn
 * with rabbitmq_cluster_master to tell the master from the joiners).
 */
export class Rabbitmq extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:data:Rabbitmq", name, args, { role: "rabbitmq", groups: ["rabbitmq"], dataDirs: DATA_DIRS.rabbitmq, shortFqdn: true }, opts);
    this.done();
  }
}
