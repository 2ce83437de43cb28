// wire-server's PostgreSQL account and the Secret Wire's postgresql-secrets.yml reads. Below both
// layers: the WireObjects component owns the Secret (components/wireObjects.ts), the program writes it
// to k8s/ (index.ts), and the renderers name the account in wire-server's values
// (outputs/wireServerValues.ts), the inventory (outputs/inventoryDataServices.ts) and our plays
// (outputs/plays/names.ts). Sources: wire-server-deploy Release 5.32, group_vars/postgresql and
// postgresql-secrets.yml.
import { releaseFeatures } from "./releases";
import { hostsOf, type InventoryHost } from "./hosts";
import type { KubeObject } from "./kubeObjects";
import type { WireSecrets } from "./wireSecrets";

/** WSD group_vars/postgresql: wire_dbname (99-static repeats it in [postgresql:vars]). */
export const WIRE_DBNAME = "wire-server";
/** The accounts Wire's prod example names (PostgreSQL user and database: postgresql-deploy.yml's). */
export const POSTGRESQL = { user: "wire-server", dbname: WIRE_DBNAME, port: "5432" };

/** What the data services' renderers read of the stack: its release and (for the Secret) the PostgreSQL password. */
export interface DataServiceFacts {
  wireVersion: string;
  secrets: Partial<Pick<WireSecrets, "postgresqlPassword">>;
}

/** wire-server-deploy group_vars/postgresql: wire_pg_secret_name, in wire_namespace (default). */
export const WIRE_PG_SECRET = { name: "wire-postgresql-external-secret", namespace: "default" };

/**
 * The Secret Wire's postgresql-secrets.yml reads before it creates the wire-server database user: when
 * it exists, the playbook uses its password instead of generating one, so the user it creates has the
 * password our wire-server secrets carry. Apply it (k8s/) before running postgresql-deploy.yml.
 */
export function dataServiceObjects(hosts: InventoryHost[], facts: DataServiceFacts): KubeObject[] {
  if (!releaseFeatures(facts.wireVersion).postgresql || hostsOf(hosts, "postgresql").length === 0 || !facts.secrets.postgresqlPassword) return [];
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: WIRE_PG_SECRET.name, namespace: WIRE_PG_SECRET.namespace, labels: { app: "postgresql", component: "wire-server", "app.kubernetes.io/managed-by": "wire-backend" } },
      type: "Opaque",
      // The account wire-server's values name (outputs/wireServerValues.ts): the user Wire's postgresql-secrets.yml creates.
      stringData: { password: facts.secrets.postgresqlPassword, username: POSTGRESQL.user, database: POSTGRESQL.dbname },
    },
  ];
}
