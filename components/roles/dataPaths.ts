// Where each data role's service keeps its data: the paths Wire's Ansible roles (as pinned by
// wire-server-deploy Release 5.32, commit 682349d) really write to. Every one must lie on the node's
// data volume: cloud-init bind-mounts each of these from the volume (components/userData.ts), and
// where a role lets the inventory choose the path we pin it to ours (outputs/inventory.ts).
// tests/dataPaths.test.ts checks both, with the source of each default.
import type { DataRole } from "../../sizing/types";

export const DATA_DIRS: Record<DataRole, string[]> = {
  // ansible-cassandra defaults/main.yml: cassandra_data_dir "/mnt/cassandra" (data, commitlog, hints,
  // saved_caches under it). The inventory sets cassandra_data_dir to this mount instead: nodes built
  // before this fix keep /var/lib/cassandra (user data runs once, instances ignore later changes).
  cassandra: ["/var/lib/cassandra"],
  // elastic/ansible-elasticsearch (wire-elasticsearch-fork) defaults/main.yml: es_data_dirs
  // "/var/lib/elasticsearch" (6.x role: /var/lib/elasticsearch/<host>-<instance>, under it).
  elasticsearch: ["/var/lib/elasticsearch"],
  // ansible-minio tasks/install-server.yml: server_datadir default '/var/lib/minio-' + layout, and
  // WSD's minio.yml applies the role twice, layouts server1 and server2.
  minio: ["/var/lib/minio-server1", "/var/lib/minio-server2"],
  // WSD templates/postgresql/postgresql.conf.j2: data_directory '/var/lib/postgresql/{{ postgresql_version }}/main'
  // (fixed in the template; group_vars/postgresql postgresql_data_dir says the same); .pgpass lives there too.
  postgresql: ["/var/lib/postgresql"],
  // WSD roles/rabbitmq-cluster installs Debian's rabbitmq-server and sets no RABBITMQ_MNESIA_BASE:
  // the package's /var/lib/rabbitmq (mnesia, the Erlang cookie).
  rabbitmq: ["/var/lib/rabbitmq"],
};
