// The names our plays share with Wire's playbooks and with the export's secret variables file.
// Wire's names: wire-server-deploy (682349d) ansible/inventory/offline/group_vars/postgresql/postgresql.yml
// (wire_user / wire_dbname "wire-server", repmgr_user / repmgr_database "repmgr", postgresql_version 17)
// and roles/rabbitmq-cluster/tasks/create_users.yml (user `test`).
import { POSTGRESQL, RABBITMQ_USER } from "../wireServerValues";

/** Ansible variables (group_vars/all/secrets.yaml) holding the generated passwords our values carry. */
export const SECRET_VARS = {
  postgresqlPassword: "wire_backend_postgresql_password",
  rabbitmqPassword: "wire_backend_rabbitmq_password",
} as const;

/** The accounts wire-server's values name (wireServerValues.ts). */
export const WIRE_PG_USER = POSTGRESQL.user;
export const WIRE_PG_DBNAME = POSTGRESQL.dbname;
export const WIRE_RABBITMQ_USER = RABBITMQ_USER;

/** Wire's PostgreSQL version and the paths and unit its postgresql-deploy.yml uses on the nodes. */
export const WIRE_POSTGRESQL_VERSION = 17;

/** Users Wire's rabbitmq.yml leaves behind: its own `test`/`test`, and the package's `guest`. */
export const RABBITMQ_USERS_TO_REMOVE = ["test", "guest"];

/** Every task line of a play runs through Jinja: a literal value goes in quoted. */
export const sqlLiteral = (jinjaExpr: string) => `'{{ ${jinjaExpr} | replace("'", "''") }}'`;
export const sqlIdentifier = (jinjaExpr: string) => `"{{ ${jinjaExpr} | replace('"', '""') }}"`;

/** The first task of each play: stop with the fix when the export's secrets file was not copied. */
export function passwordPresentTask(variable: string, extra: Record<string, unknown> = {}) {
  return {
    name: `The generated password is in group_vars/all/secrets.yaml (${variable})`,
    "ansible.builtin.assert": {
      that: [`${variable} is defined`, `${variable} | length > 0`],
      fail_msg:
        `${variable} is not set: copy the export's group_vars/all/secrets.yaml (npm run export) to ` +
        "ansible/inventory/offline/group_vars/all/secrets.yaml beside hosts.ini.",
      quiet: true,
    },
    ...extra,
  };
}
