import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";

/**
 * MinIO: S3-compatible asset storage for cargohold. Wire's ansible/minio.yml runs two MinIO servers
 * per node, on /var/lib/minio-server1 and -server2 (ports 9000 and 9092): both live on the data volume.
 */
export class Minio extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:data:Minio", name, args, { role: "minio", groups: ["minio"], dataDirs: ["/var/lib/minio-server1", "/var/lib/minio-server2"] }, opts);
    this.done();
  }
}
