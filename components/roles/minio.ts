import * as pulumi from "@pulumi/pulumi";
import { RoleArgs, RoleComponent } from "./role";

/** MinIO: S3-compatible asset storage for cargohold, one drive per node in an erasure set. */
export class Minio extends RoleComponent {
  constructor(name: string, args: RoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:data:Minio", name, args, { role: "minio", groups: ["minio"], dataMountPoint: "/var/lib/minio" }, opts);
    this.done();
  }
}
