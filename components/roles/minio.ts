import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";
import { DATA_DIRS } from "../../config/services";

/**
 * MinIO: S3-compatible asset storage for cargohold. Wire's ansible/minio.yml runs two MinIO servers
 * per node, on /var/lib/minio-server1 and -server2 (ports 9000 and 9092): both live on the data volume.
 */
export class Minio extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:data:Minio", name, args, { role: "minio", groups: ["minio"], dataDirs: DATA_DIRS.minio }, opts);
    this.done();
  }
}
