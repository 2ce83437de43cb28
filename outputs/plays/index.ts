// Our own Ansible plays for what Wire's PostgreSQL and RabbitMQ playbooks leave to the operator.
// Written by `npm run export` to ansible/ beside Wire's playbooks; their passwords come from the
// export's group_vars/all/secrets.yaml (SECRET_VARS), never from the play files.
import { POSTGRESQL_ACCESS_PLAY, postgresqlAccessPlay } from "./postgresqlAccess";
import { RABBITMQ_USERS_PLAY, rabbitmqUsersPlay } from "./rabbitmqUsers";
import { SECRET_VARS } from "./names";

export { POSTGRESQL_ACCESS_PLAY, RABBITMQ_USERS_PLAY, SECRET_VARS };

export interface DataPlay {
  /** Path in the export, and where it goes in wire-server-deploy (its ansible/ directory). */
  file: string;
  purpose: string;
  /** The Wire playbook each run of which it must follow (with the same inventory). */
  runAfter: string;
  /** How it fits Wire's run, when more than "right after". */
  note?: string;
  /** The secret variable it reads; the export writes the play only when the stack has that service. */
  secretVar: string;
  render(): string;
}

/** In install order (bin/offline-cluster.sh runs postgresql-deploy.yml before rabbitmq.yml). The install runbook takes its steps from here. */
export const DATA_PLAYS: readonly DataPlay[] = [
  {
    file: `ansible/${POSTGRESQL_ACCESS_PLAY}`,
    purpose: "admits each kubenode (wire-server database) and each PostgreSQL node (repmgr, replication) as a /32 in pg_hba.conf; sets wire-server's password to the generated one",
    runAfter: "postgresql-deploy.yml",
    note:
      "On a first install postgresql-deploy.yml (and so bin/offline-cluster.sh) stops at its replica step: the standbys " +
      "cannot reach the primary yet. Run this play, then postgresql-deploy.yml --skip-tags backup,cleanup,primary, then this " +
      "play again (Wire's templates rewrite pg_hba.conf on every run).",
    secretVar: SECRET_VARS.postgresqlPassword,
    render: postgresqlAccessPlay,
  },
  {
    file: `ansible/${RABBITMQ_USERS_PLAY}`,
    purpose: "creates RabbitMQ's wire-server user with the generated password and permissions on / only; deletes test and guest",
    runAfter: "rabbitmq.yml",
    secretVar: SECRET_VARS.rabbitmqPassword,
    render: rabbitmqUsersPlay,
  },
];

/** The plays a stack needs: those whose service it has (its password is among the Ansible secrets). */
export function dataPlaysOf(ansibleSecrets: Record<string, string> | undefined): DataPlay[] {
  return DATA_PLAYS.filter((p) => ansibleSecrets?.[p.secretVar] !== undefined);
}

export function dataPlayFiles(ansibleSecrets: Record<string, string> | undefined): { file: string; text: string }[] {
  return dataPlaysOf(ansibleSecrets).map((p) => ({ file: p.file, text: p.render() }));
}
