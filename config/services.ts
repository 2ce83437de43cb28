// One record per data service: everything the firewall, the inventory, the Helm values, the data
// volumes and the placement table need to know about it, in one place. Pure data (no zod, no Pulumi),
// below both components/ and outputs/. A compact data node is the union of the records placed on it.
//
// Sources (wire-server-deploy Release 5.32, commit 682349d, unless named):
// - ports: Cassandra 9042 (+7000/7001/7199 cluster), Elasticsearch 9200 (+9300), MinIO two servers per
//   node on 9000 and 9092 (ansible/minio.yml); PostgreSQL 5432 (templates/postgresql/postgresql.conf.j2,
//   which repmgr also uses: streaming replication and repmgrd's checks run over it; no SSH between the
//   nodes, Wire's playbooks drive each from the admin host); RabbitMQ (roles/rabbitmq-cluster): AMQP 5672,
//   epmd 4369, inter-node 25672, the CLI tools' distribution ports 35672-35682 (RabbitMQ networking
//   guide) and the management plugin's 15672.
// - data directories: the paths Wire's Ansible roles really write to (see DATA_DIRS below).
// - inventory groups: ansible/inventory/offline/99-static and staging.yml.
// - charts: wire-server's *-external charts, which turn the inventory's addresses into Services.

/** The data services, in the order reports and the inventory list them. */
export const DATA_SERVICES = ["cassandra", "minio", "elasticsearch", "postgresql", "rabbitmq"] as const;
export type DataService = (typeof DATA_SERVICES)[number];

/** Who may open a connection to a service port: wire-server in Kubernetes, the admin host, or the service's own nodes. */
export type ServicePeer = "kubernetes" | "adminHost" | "self";

export interface ServicePort {
  protocol: "tcp" | "udp";
  fromPort: number;
  toPort: number;
  peer: ServicePeer;
  description: string;
}

export interface DataServiceRecord {
  service: DataService;
  /** What the service is, for reports. */
  title: string;
  /** Every port the service accepts, and from whom. */
  ports: ServicePort[];
  /** Directories the service keeps its data in, each on the service's own data volume. */
  dataDirs: string[];
  /** The inventory group Wire's playbook for this service targets (hosts.ini). */
  inventoryGroup: string;
  /** The wire-server chart that publishes the service's addresses into the cluster. */
  chart: string;
  /** The release change that brought the service (config/releases.ts), if not every release needs it. */
  releaseChange?: string;
}

const clientAndCluster = (service: DataService, client: number[], cluster: number[]): ServicePort[] => [
  ...client.flatMap((port): ServicePort[] => [
    { protocol: "tcp", fromPort: port, toPort: port, peer: "kubernetes", description: `${service} clients in Kubernetes` },
    { protocol: "tcp", fromPort: port, toPort: port, peer: "adminHost", description: `${service} from the admin host (Ansible, checks)` },
  ]),
  ...cluster.map((port): ServicePort => ({ protocol: "tcp", fromPort: port, toPort: port, peer: "self", description: `${service} cluster traffic` })),
];

export const DATA_SERVICE_RECORDS: Record<DataService, DataServiceRecord> = {
  cassandra: {
    service: "cassandra",
    title: "Cassandra",
    ports: clientAndCluster("cassandra", [9042], [7000, 7001, 7199]),
    // ansible-cassandra defaults/main.yml: cassandra_data_dir "/mnt/cassandra" (data, commitlog, hints,
    // saved_caches under it). The inventory sets cassandra_data_dir to this mount instead: nodes built
    // before this fix keep /var/lib/cassandra (user data runs once, instances ignore later changes).
    dataDirs: ["/var/lib/cassandra"],
    inventoryGroup: "cassandra",
    chart: "cassandra-external",
  },
  minio: {
    service: "minio",
    title: "MinIO",
    // Wire's minio.yml runs two servers per node: 9000 and 9092.
    ports: clientAndCluster("minio", [9000, 9092], [9000, 9092]),
    // ansible-minio tasks/install-server.yml: server_datadir default '/var/lib/minio-' + layout, and
    // WSD's minio.yml applies the role twice, layouts server1 and server2.
    dataDirs: ["/var/lib/minio-server1", "/var/lib/minio-server2"],
    inventoryGroup: "minio",
    chart: "minio-external",
  },
  elasticsearch: {
    service: "elasticsearch",
    title: "Elasticsearch",
    ports: clientAndCluster("elasticsearch", [9200], [9300]),
    // elastic/ansible-elasticsearch (wire-elasticsearch-fork) defaults/main.yml: es_data_dirs
    // "/var/lib/elasticsearch" (6.x role: /var/lib/elasticsearch/<host>-<instance>, under it).
    dataDirs: ["/var/lib/elasticsearch"],
    inventoryGroup: "elasticsearch",
    chart: "elasticsearch-external",
  },
  postgresql: {
    service: "postgresql",
    title: "PostgreSQL",
    ports: [
      { protocol: "tcp", fromPort: 5432, toPort: 5432, peer: "kubernetes", description: "PostgreSQL clients in Kubernetes (brig, galley, background-worker)" },
      { protocol: "tcp", fromPort: 5432, toPort: 5432, peer: "self", description: "PostgreSQL replication and repmgr between the nodes" },
    ],
    // WSD templates/postgresql/postgresql.conf.j2: data_directory '/var/lib/postgresql/{{ postgresql_version }}/main'
    // (fixed in the template; group_vars/postgresql postgresql_data_dir says the same); .pgpass lives there too.
    dataDirs: ["/var/lib/postgresql"],
    inventoryGroup: "postgresql",
    chart: "postgresql-external",
    releaseChange: "5.20-postgresql",
  },
  rabbitmq: {
    service: "rabbitmq",
    title: "RabbitMQ",
    ports: [
      { protocol: "tcp", fromPort: 5672, toPort: 5672, peer: "kubernetes", description: "AMQP clients in Kubernetes (cannon, gundeck, brig, galley, background-worker)" },
      { protocol: "tcp", fromPort: 4369, toPort: 4369, peer: "self", description: "epmd: RabbitMQ peer discovery" },
      { protocol: "tcp", fromPort: 25672, toPort: 25672, peer: "self", description: "RabbitMQ inter-node (Erlang distribution)" },
      { protocol: "tcp", fromPort: 35672, toPort: 35682, peer: "self", description: "RabbitMQ CLI tools (rabbitmqctl) between the nodes" },
      { protocol: "tcp", fromPort: 15672, toPort: 15672, peer: "adminHost", description: "RabbitMQ management API from the admin host only" },
    ],
    // WSD roles/rabbitmq-cluster installs Debian's rabbitmq-server and sets no RABBITMQ_MNESIA_BASE:
    // the package's /var/lib/rabbitmq (mnesia, the Erlang cookie).
    dataDirs: ["/var/lib/rabbitmq"],
    inventoryGroup: "rmq-cluster",
    chart: "rabbitmq-external",
    releaseChange: "5.8-rabbitmq",
  },
};

export function isDataService(name: string): name is DataService {
  return (DATA_SERVICES as readonly string[]).includes(name);
}

// Where each data service keeps its data: the paths Wire's Ansible roles (as pinned by
// wire-server-deploy Release 5.32, commit 682349d) really write to, from the records above. Every one
// must lie on a data volume: cloud-init bind-mounts each of these from the volume (components/userData.ts,
// through the role components), and where a role lets the inventory choose the path we pin it to ours
// (outputs/inventory.ts), so the table lives below both. tests/dataServices.test.ts checks both, with the
// source of each default.
export const DATA_DIRS = Object.fromEntries(DATA_SERVICES.map((s) => [s, DATA_SERVICE_RECORDS[s].dataDirs])) as Record<DataService, string[]>;
