// ansible/wire-backend-rabbitmq-users.yml: the RabbitMQ account our wire-server values name, and no
// other. Wire's roles/rabbitmq-cluster/tasks/create_users.yml (wire-server-deploy 682349d) creates
// `test`/`test` with ".*" ".*" ".*" on `/` on every run of rabbitmq.yml, and the package leaves `guest`
// (an administrator, refused only for connections from outside the node): known credentials. Our
// values give brig, cannon, galley, gundeck and background-worker the user `wire-server` with a
// generated password, which nothing else creates.
// rabbitmqctl through ansible.builtin.command, as Wire's role does (no community.rabbitmq needed).
// Users, permissions and tags are cluster-wide: one node does it, the cluster master.
import { RABBITMQ_USERS_TO_REMOVE, SECRET_VARS, WIRE_RABBITMQ_USER, passwordPresentTask, playFile } from "./names";

export const RABBITMQ_USERS_PLAY = "wire-backend-rabbitmq-users.yml";
const PASSWORD = SECRET_VARS.rabbitmqPassword;

const vars = {
  // As root (become), Debian's /usr/sbin/rabbitmqctl runs the CLI as the rabbitmq user with its cookie.
  wire_backend_rabbitmqctl: ["rabbitmqctl"],
  wire_backend_rabbitmq_user: WIRE_RABBITMQ_USER,
  // Wire's services use the default vhost. They declare their own exchanges and queues, whose names
  // carry user and client ids (cannon's and gundeck's per-client queues, background-worker's per-domain
  // ones), so configure/write/read cannot be narrowed by name without breaking a release; what is
  // withheld is every other vhost and every tag (no management or administrator access).
  wire_backend_rabbitmq_vhost: "/",
  wire_backend_rabbitmq_permissions: { configure: ".*", write: ".*", read: ".*" },
  wire_backend_rabbitmq_remove_users: RABBITMQ_USERS_TO_REMOVE,
};

const ctl = (args: string) => `{{ wire_backend_rabbitmqctl + ${args} }}`;
const USER = "wire_backend_rabbitmq_user";
const PERMS = "wire_backend_rabbitmq_permissions";

const tasks = [
  passwordPresentTask(PASSWORD),
  {
    name: "Users now",
    "ansible.builtin.command": { argv: ctl("['list_users', '--silent', '--formatter', 'json']") },
    register: "wire_backend_rmq_users",
    changed_when: false,
  },
  {
    name: "Tags of the users now",
    "ansible.builtin.set_fact": {
      wire_backend_rmq_tags: "{{ wire_backend_rmq_users.stdout | from_json | items2dict(key_name='user', value_name='tags') }}",
    },
  },
  {
    name: "Whether wire-server's password is the generated one",
    "ansible.builtin.command": { argv: ctl(`['authenticate_user', ${USER}]`), stdin: `{{ ${PASSWORD} }}` },
    register: "wire_backend_rmq_auth",
    // 0: the password is right; anything else: it is not (or the user is absent).
    failed_when: false,
    changed_when: false,
    no_log: true,
    when: `${USER} in wire_backend_rmq_tags`,
  },
  {
    // The password on stdin, not in argv: the process list shows argv to every user of the node.
    name: "Add wire-server with the generated password",
    "ansible.builtin.command": { argv: ctl(`['add_user', ${USER}]`), stdin: `{{ ${PASSWORD} }}` },
    no_log: true,
    when: `${USER} not in wire_backend_rmq_tags`,
  },
  {
    name: "Set wire-server's password to the generated one",
    "ansible.builtin.command": { argv: ctl(`['change_password', ${USER}]`), stdin: `{{ ${PASSWORD} }}` },
    no_log: true,
    when: [`${USER} in wire_backend_rmq_tags`, "wire_backend_rmq_auth.rc != 0"],
  },
  {
    name: "wire-server has no tags (no management or administrator access)",
    "ansible.builtin.command": { argv: ctl(`['set_user_tags', ${USER}]`) },
    when: `wire_backend_rmq_tags[${USER}] | default([]) | length > 0`,
  },
  {
    name: "wire-server's permissions now",
    "ansible.builtin.command": { argv: ctl(`['list_user_permissions', ${USER}, '--silent', '--formatter', 'json']`) },
    register: "wire_backend_rmq_perms",
    changed_when: false,
  },
  {
    name: "wire-server's permissions on Wire's vhost",
    "ansible.builtin.command": {
      argv: ctl(`['set_permissions', '-p', wire_backend_rabbitmq_vhost, ${USER}, ${PERMS}.configure, ${PERMS}.write, ${PERMS}.read]`),
    },
    when:
      `(wire_backend_rmq_perms.stdout | from_json | selectattr('vhost', 'equalto', wire_backend_rabbitmq_vhost) | list) != ` +
      `[{'vhost': wire_backend_rabbitmq_vhost, 'configure': ${PERMS}.configure, 'write': ${PERMS}.write, 'read': ${PERMS}.read}]`,
  },
  {
    name: "No permissions on any other vhost",
    "ansible.builtin.command": { argv: ctl(`['clear_permissions', '-p', item, ${USER}]`) },
    loop: "{{ wire_backend_rmq_perms.stdout | from_json | map(attribute='vhost') | reject('equalto', wire_backend_rabbitmq_vhost) | list }}",
  },
  {
    name: "Remove Wire's test user and the package's guest",
    "ansible.builtin.command": { argv: ctl("['delete_user', item]") },
    loop: "{{ wire_backend_rabbitmq_remove_users | select('in', wire_backend_rmq_tags) | list }}",
  },
];

export function rabbitmqUsersPlay(): string {
  const play = [
    {
      name: "wire-backend: RabbitMQ's only account is Wire's services' own",
      hosts: "rmq-cluster",
      become: true,
      gather_facts: false,
      vars,
      // One node for the whole cluster: the master Wire's role joins the others to.
      tasks: [{ name: "On the cluster master", block: tasks, run_once: true, delegate_to: "{{ rabbitmq_cluster_master | default(ansible_play_hosts | first) }}" }],
    },
  ];
  return playFile(RABBITMQ_USERS_PLAY, "rabbitmq.yml (its create_users.yml adds test/test again)", PASSWORD, play);
}
