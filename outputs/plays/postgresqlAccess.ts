// ansible/wire-backend-postgresql-access.yml: what Wire's PostgreSQL playbooks leave undone for a
// cluster spread over three zones.
// - Wire's templates/postgresql/pg_hba.conf.j2 (wire-server-deploy 682349d) admits repmgr, replication
//   and every client only from `primary_node | ipaddr('network') + '/24'`, a value set inside the
//   template: standbys and kubenodes in the other zones' subnets are refused. The play adds, below
//   Wire's lines, one /32 per address that must reach PostgreSQL and nothing wider: each kubenode for
//   the wire-server database (pods reach services outside the cluster SNATed to their node's address),
//   each PostgreSQL node for repmgr and replication (repmgr's conninfo names a node's own address too).
// - postgresql-wire-setup.yml sets wire-server's password from `wire_pass`, which
//   postgresql-secrets.yml reads from the Kubernetes Secret wire-postgresql-external-secret or, when
//   that is absent, generates. The play makes the password the one our values carry, whatever ran first.
// ansible-core only (ansible.builtin): no community collection is needed on the admin host.
import { SECRET_VARS, sqlIdentifier, sqlLiteral, WIRE_PG_DBNAME, WIRE_PG_USER, WIRE_POSTGRESQL_VERSION, passwordPresentTask, playFile } from "./names";

export const POSTGRESQL_ACCESS_PLAY = "wire-backend-postgresql-access.yml";
const PASSWORD = SECRET_VARS.postgresqlPassword;

/**
 * Play variables: defaults are what Wire's postgresql-deploy.yml uses on the nodes, overridable with
 * `-e` (the contract test points them at its own server).
 */
const vars = {
  wire_backend_postgresql_version: `{{ postgresql_version | default(${WIRE_POSTGRESQL_VERSION}) }}`,
  wire_backend_pg_hba_file: "/etc/postgresql/{{ wire_backend_postgresql_version }}/main/pg_hba.conf",
  // try-reload-or-restart: a reload (pg_ctlcluster reload) when the unit runs, nothing when it does
  // not (a standby before its clone): the file is read when it starts.
  wire_backend_postgresql_reload: ["systemctl", "try-reload-or-restart", "postgresql@{{ wire_backend_postgresql_version }}-main.service"],
  // Wire's playbooks run `sudo -u postgres psql`; as root (become) runuser needs no sudoers entry.
  wire_backend_psql: ["runuser", "-u", "postgres", "--", "psql"],
  wire_backend_python: "python3",
  // PostgreSQL 17 stores passwords as SCRAM (password_encryption's default; Wire's postgresql.conf.j2
  // keeps it), so scram-sha-256 admits every password Wire's and this play set, and never falls back
  // to MD5 the way Wire's `md5` lines may.
  wire_backend_pg_auth_method: "scram-sha-256",
  wire_backend_wire_user: `{{ wire_user | default('${WIRE_PG_USER}') }}`,
  wire_backend_wire_dbname: `{{ wire_dbname | default('${WIRE_PG_DBNAME}') }}`,
  wire_backend_repmgr_user: "{{ repmgr_user | default('repmgr') }}",
  wire_backend_repmgr_database: "{{ repmgr_database | default('repmgr') }}",
  // The calling nodes (coturn, SFT) are kube-nodes too but carry node_taints: only coturn and sftd run
  // there, and the security groups keep them from PostgreSQL as well.
  wire_backend_pg_client_hosts:
    "{{ groups['kube-node'] | default([]) | map('extract', hostvars) | selectattr('node_taints', 'undefined') | map(attribute='inventory_hostname') | list }}",
  wire_backend_pg_peer_hosts: "{{ groups['postgresql'] | default([]) }}",
};

/** The address each host is reached at, as Wire's inventory gives it: `ip`, else `ansible_host`. */
const addresses = (hostsVar: string) =>
  `{% set found = [] %}{% for h in ${hostsVar} %}{% set _ = found.append(hostvars[h].ip | default(hostvars[h].ansible_host) | default(h)) %}{% endfor %}{{ found }}`;

const hbaBlock = [
  "# wire-server's pods: each kubenode, one /32 each (pods leave the cluster SNATed to their node's address)",
  "{% for address in wire_backend_pg_client_addresses %}",
  `host    ${sqlIdentifier("wire_backend_wire_dbname")}    ${sqlIdentifier("wire_backend_wire_user")}    {{ address }}/32    {{ wire_backend_pg_auth_method }}`,
  "{% endfor %}",
  "# repmgr and streaming replication: each PostgreSQL node, itself included (repmgr's conninfo names it)",
  "{% for address in wire_backend_pg_peer_addresses %}",
  `host    ${sqlIdentifier("wire_backend_repmgr_database")}    ${sqlIdentifier("wire_backend_repmgr_user")}    {{ address }}/32    {{ wire_backend_pg_auth_method }}`,
  `host    replication    ${sqlIdentifier("wire_backend_repmgr_user")}    {{ address }}/32    {{ wire_backend_pg_auth_method }}`,
  "{% endfor %}",
].join("\n");

// Whether a stored verifier (pg_authid.rolpassword) is the one of `password`: SCRAM-SHA-256 as
// PostgreSQL computes it (RFC 5802/7677: StoredKey = H(HMAC(PBKDF2(password, salt, i), "Client Key"))),
// or the legacy md5(password || user). Lets the play change nothing when the password is right.
const VERIFY_PASSWORD = `import base64, hashlib, hmac, json, sys
d = json.load(sys.stdin)
v, pw = d["verifier"] or "", d["password"].encode()
same = False
if v.startswith("SCRAM-SHA-256$"):
    iterations_salt, keys = v[len("SCRAM-SHA-256$"):].split("$")
    iterations, salt = iterations_salt.split(":")
    stored_key = keys.split(":")[0]
    salted = hashlib.pbkdf2_hmac("sha256", pw, base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    same = hmac.compare_digest(base64.b64encode(hashlib.sha256(client_key).digest()).decode(), stored_key)
elif v.startswith("md5"):
    same = hmac.compare_digest(v, "md5" + hashlib.md5(pw + d["user"].encode()).hexdigest())
print("same" if same else "differs")
`;

// SQL goes in on stdin: a task's argv cannot nest the Jinja that quotes a value, and the process list
// shows argv to every user of the node.
const PSQL = "{{ wire_backend_psql + ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', 'postgres'] }}";

const tasks = [
  passwordPresentTask(PASSWORD, { run_once: true }),
  {
    name: "Addresses that must reach PostgreSQL, from the inventory",
    "ansible.builtin.set_fact": {
      wire_backend_pg_client_addresses: addresses("wire_backend_pg_client_hosts"),
      wire_backend_pg_peer_addresses: addresses("wire_backend_pg_peer_hosts"),
    },
  },
  {
    name: "Every address is an IPv4 address (a host name in pg_hba.conf would be resolved at each connection)",
    "ansible.builtin.assert": {
      that: ["wire_backend_pg_client_addresses | length > 0", "(wire_backend_pg_client_addresses + wire_backend_pg_peer_addresses) | reject('match', '^([0-9]{1,3}\\.){3}[0-9]{1,3}$') | list | length == 0"],
      fail_msg:
        "hosts.ini must give every kube-node and postgresql host an IPv4 `ip=` (or ansible_host=): found " +
        "{{ wire_backend_pg_client_addresses + wire_backend_pg_peer_addresses }}; use the hosts.ini of npm run export.",
      quiet: true,
    },
  },
  {
    name: "pg_hba.conf admits the kubenodes and the PostgreSQL nodes, one /32 each",
    "ansible.builtin.blockinfile": {
      path: "{{ wire_backend_pg_hba_file }}",
      marker: "# {mark} wire-backend-postgresql-access.yml (written by ansible; rerun after postgresql-deploy.yml)",
      block: hbaBlock,
    },
    register: "wire_backend_pg_hba",
  },
  {
    name: "PostgreSQL rereads pg_hba.conf",
    "ansible.builtin.command": { argv: "{{ wire_backend_postgresql_reload }}" },
    when: "wire_backend_pg_hba.changed",
  },
  {
    name: "wire-server's password is the generated one (on the primary, where Wire's wire-setup sets it)",
    when: "inventory_hostname in groups['postgresql_rw'] | default([])",
    block: [
      {
        name: "Read whether this node is a standby and wire-server's stored password",
        "ansible.builtin.command": {
          argv: PSQL,
          stdin: `SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END || ' ' || coalesce((SELECT rolpassword FROM pg_authid WHERE rolname = ${sqlLiteral("wire_backend_wire_user")}), 'absent');`,
        },
        register: "wire_backend_pg_role",
        changed_when: false,
        no_log: true,
      },
      {
        name: "Compare the stored password with the generated one",
        "ansible.builtin.command": {
          argv: ["{{ wire_backend_python }}", "-c", VERIFY_PASSWORD],
          stdin: `{{ {'verifier': wire_backend_pg_role.stdout.split(' ', 1)[1], 'password': ${PASSWORD}, 'user': wire_backend_wire_user} | to_json }}`,
        },
        register: "wire_backend_pg_password_check",
        changed_when: false,
        no_log: true,
        when: "wire_backend_pg_role.stdout.split(' ', 1)[1] != 'absent'",
      },
      {
        name: "wire-server does not exist yet: Wire's postgresql-wire-setup.yml creates it; rerun this play after it",
        "ansible.builtin.debug": { msg: "{{ wire_backend_wire_user }} is absent on {{ inventory_hostname }}" },
        when: "wire_backend_pg_role.stdout.split(' ', 1)[1] == 'absent'",
      },
      {
        name: "Set wire-server's password to the generated one",
        "ansible.builtin.command": {
          argv: PSQL,
          stdin: `ALTER ROLE ${sqlIdentifier("wire_backend_wire_user")} WITH LOGIN PASSWORD ${sqlLiteral(PASSWORD)};`,
        },
        no_log: true,
        when: [
          "wire_backend_pg_role.stdout.split(' ', 1)[0] == 'primary'",
          "wire_backend_pg_role.stdout.split(' ', 1)[1] != 'absent'",
          "wire_backend_pg_password_check.stdout != 'same'",
        ],
      },
    ],
  },
];

export function postgresqlAccessPlay(): string {
  const play = [{ name: "wire-backend: PostgreSQL admits exactly the kubenodes and its peers; wire-server's password", hosts: "postgresql", become: true, gather_facts: false, vars, tasks }];
  return playFile(POSTGRESQL_ACCESS_PLAY, "postgresql-deploy.yml (its templates rewrite pg_hba.conf)", PASSWORD, play);
}
