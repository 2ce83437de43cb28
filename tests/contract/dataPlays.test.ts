// Our PostgreSQL and RabbitMQ plays judged by the real servers and real ansible-playbook, on loopback.
// PostgreSQL 15 (Debian) starts with Wire's pg_hba.conf.j2 rendered by Ansible's template module for a
// primary at 127.0.1.1 (Wire admits that /24); clients are psql behind a relay that binds the source
// address PostgreSQL sees. RabbitMQ (Debian) runs Wire's create_users.yml, then our play; logins are
// AMQP 0-9-1 handshakes. Both servers are this test's own (temp dirs, free ports) and stopped in afterAll.
import { PUBLIC_FILES_PLAY } from "../../outputs/plays/publicFiles";
import { execFile, spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exportOutputsFromPlan } from "../../cli/export";
import { runPlan } from "../../cli/planRuntime";
import { exportFiles, runbookInput } from "../../outputs/exportFiles";
import { installSteps, playbookArgv, type PlaybookStep } from "../../outputs/installSteps";
import { DATA_PLAYS, POSTGRESQL_ACCESS_PLAY, RABBITMQ_USERS_PLAY, SECRET_VARS } from "../../outputs/plays";
import { postgresqlAccessPlay } from "../../outputs/plays/postgresqlAccess";
import { rabbitmqUsersPlay } from "../../outputs/plays/rabbitmqUsers";
import { RABBITMQ_MEMORY_PLAY } from "../../outputs/plays/rabbitmqMemory";
import { RABBITMQ_WATERMARK_BYTES } from "../../sizing/compact";
import { amqpLogin } from "../helpers/amqpLogin";
import { PG_BIN, Postgres, RabbitNode, startPostgres, startRabbitmq } from "../helpers/dataServers";
import { startRelay } from "../helpers/sourceRelay";
import { stackFile } from "../helpers/stacks";

jest.setTimeout(120_000);

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "wire-data-plays-"));
fs.chmodSync(TMP, 0o755); // the postgres user walks into its directories below
const WSD = path.join(__dirname, "..", "fixtures", "wire-server-deploy", "ansible");
const FILTER_PLUGINS = path.join(__dirname, "ansible", "filter_plugins");

const PRIMARY = "127.0.1.1"; // Wire's template admits 127.0.1.0/24
const KUBENODE = "127.0.2.5";
const STANDBY = "127.0.5.5";
const CALLING_NODE = "127.0.4.5"; // a kube-node with node_taints: coturn only
const ELSEWHERE = "127.0.3.5";
const secret = () => randomBytes(16).toString("hex");

function ansiblePlaybook(args: string[], env: Record<string, string> = {}, cwd?: string) {
  const r = spawnSync("ansible-playbook", args, {
    encoding: "utf8",
    cwd,
    env: { ...process.env, ANSIBLE_NOCOLOR: "1", ANSIBLE_HOST_KEY_CHECKING: "False", ANSIBLE_LOCAL_TEMP: path.join(TMP, ".ansible"), ANSIBLE_FILTER_PLUGINS: FILTER_PLUGINS, ...env },
  });
  if (r.error) throw new Error(`ansible-playbook is not installed (.ci/run installs ansible-core from Debian): ${r.error.message}`);
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** The recap's `changed=` count of `host`. */
const changed = (out: string, host: string) => Number(new RegExp(`^${host}\\s*:.*changed=(\\d+)`, "m").exec(out)?.[1]);

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** An inventory directory as the export lays it out: hosts.ini with group_vars/all/secrets.yaml beside it. */
function inventoryDir(name: string, ini: string, secrets: Record<string, string>): string {
  const dir = path.join(TMP, name);
  write(path.join(dir, "group_vars", "all", "secrets.yaml"), Object.entries(secrets).map(([k, v]) => `${k}: "${v}"\n`).join(""));
  return write(path.join(dir, "hosts.ini"), `${ini}\n[all:vars]\nansible_become=false\nansible_python_interpreter={{ ansible_playbook_python }}\n`);
}

// ---- PostgreSQL ----------------------------------------------------------------------------------
let pg: Postgres | undefined;
let rabbit: RabbitNode | undefined;
// RabbitMQ's Erlang VM boots (seconds) while the PostgreSQL tests run.
let rabbitStarting: Promise<RabbitNode> | undefined;
beforeAll(() => {
  rabbitStarting = startRabbitmq(path.join(TMP, "rabbitmq"), { configFile: renderWireRabbitmqConfig() });
  rabbitStarting.catch(() => undefined); // reported by the RabbitMQ tests' beforeAll
});

/**
 * The classic /etc/rabbitmq/rabbitmq.config Wire's roles/rabbitmq-cluster/tasks/config.yml writes on every
 * run of rabbitmq.yml, rendered by Ansible's template module with the role's defaults: the node runs on it.
 */
function renderWireRabbitmqConfig(): string {
  const role = path.join(WSD, "roles", "rabbitmq-cluster");
  const dest = path.join(TMP, "rabbitmq-etc", "rabbitmq.config");
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  renderWireTemplate("rabbitmq-config", { vars_files: [path.join(role, "defaults", "main.yml")] }, { src: path.join(role, "templates", "etc", "rabbitmq", "rabbitmq.config.j2"), dest, mode: "0644" });
  return dest;
}

/** One of Wire's templates rendered by Ansible's own template module on localhost, as Wire's play renders it. */
function renderWireTemplate(name: string, play: object, template: { src: string; dest: string } & Record<string, string>): void {
  const render = write(
    path.join(TMP, `render-${name}.yml`),
    JSON.stringify([{ hosts: "localhost", connection: "local", gather_facts: false, ...play, tasks: [{ "ansible.builtin.template": template }] }]),
  );
  const r = ansiblePlaybook(["-i", "localhost,", render]);
  if (r.code !== 0) throw new Error(`rendering Wire's ${path.basename(template.src)} failed:\n${r.out}`);
}
const pgPassword = secret();
const wirePass = secret(); // what Wire's postgresql-secrets.yml generated when no Secret was applied first
const repmgrPassword = secret();

function superuserSql(sql: string): string {
  const [cmd, ...args] = pg!.psql;
  const r = spawnSync(cmd, [...args, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", "postgres"], { input: sql, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

/** psql from `source`: what PostgreSQL answers a client at that address. */
async function pgLogin(source: string, user: string, password: string, db: string, opts: { replication?: boolean } = {}) {
  const relay = await startRelay(source, { host: PRIMARY, port: pg!.port });
  try {
    const conninfo = `host=127.0.0.1 port=${relay.port} user=${user} dbname=${db} sslmode=disable connect_timeout=5${opts.replication ? " replication=true" : ""}`;
    const sql = opts.replication ? "IDENTIFY_SYSTEM" : "SELECT current_user";
    return await new Promise<{ ok: boolean; out: string }>((resolve) =>
      execFile(path.join(PG_BIN, "psql"), ["-X", "-A", "-t", "-w", "-c", sql, conninfo], { env: { ...process.env, PGPASSWORD: password } }, (err, stdout, stderr) =>
        resolve({ ok: !err, out: `${stdout}${stderr}` }),
      ),
    );
  } finally {
    await relay.close();
  }
}

const PG_INVENTORY = [
  "[postgresql]",
  `postgresql1 ansible_connection=local ansible_host=${PRIMARY} ip=${PRIMARY}`,
  `postgresql2 ansible_connection=local ansible_host=${STANDBY} ip=${STANDBY}`,
  "[postgresql_rw]",
  "postgresql1",
  "[postgresql_ro]",
  "postgresql2",
  "[kube-node]",
  `kubenode1 ansible_host=${KUBENODE} ip=${KUBENODE}`,
  `coturn1 ansible_host=${CALLING_NODE} ip=${CALLING_NODE} node_taints="['wire.com/role=coturn:NoSchedule']"`,
].join("\n");

function runPostgresqlPlay() {
  const play = write(path.join(TMP, "pg-play", POSTGRESQL_ACCESS_PLAY), postgresqlAccessPlay());
  const inventory = inventoryDir("pg-inventory", PG_INVENTORY, { [SECRET_VARS.postgresqlPassword]: pgPassword });
  // The play's path, reload and psql variables pointed at this test's server; everything else as shipped.
  const vars = write(
    path.join(TMP, "pg-vars.json"),
    JSON.stringify({ wire_backend_pg_hba_file: path.join(pg!.dataDir, "pg_hba.conf"), wire_backend_postgresql_reload: pg!.reload, wire_backend_psql: pg!.psql, wire_backend_python: "python3" }),
  );
  // Only the primary is a server here; postgresql2 stays in the inventory as the standby to admit.
  return ansiblePlaybook(["-i", inventory, play, "--limit", "postgresql1", "-e", `@${vars}`]);
}

describe("wire-backend-postgresql-access.yml on a real PostgreSQL with Wire's pg_hba.conf", () => {
  beforeAll(async () => {
    pg = await startPostgres(path.join(TMP, "pg"), PRIMARY, (dataDir) => {
      // As postgresql-deploy-primary.yml renders it (primary_node: the primary's address).
      renderWireTemplate(
        "pg-hba",
        { vars: { primary_node: PRIMARY, repmgr_user: "repmgr", repmgr_database: "repmgr" } },
        { src: path.join(WSD, "templates", "postgresql", "pg_hba.conf.j2"), dest: path.join(dataDir, "pg_hba.conf"), owner: "postgres", mode: "0640" },
      );
    });
    // What Wire's primary and wire-setup steps leave: repmgr, the wire-server database and user.
    superuserSql(
      [
        `CREATE ROLE repmgr WITH SUPERUSER REPLICATION LOGIN PASSWORD '${repmgrPassword}';`,
        "CREATE DATABASE repmgr OWNER repmgr;",
        'CREATE DATABASE "wire-server";',
        `CREATE USER "wire-server" WITH PASSWORD '${wirePass}';`,
        'GRANT ALL PRIVILEGES ON DATABASE "wire-server" TO "wire-server";',
      ].join("\n"),
    );
  });

  it("Wire's file admits the primary's /24 and refuses a kubenode in another subnet", async () => {
    expect(fs.readFileSync(path.join(pg!.dataDir, "pg_hba.conf"), "utf8")).toContain(`${PRIMARY}/24`);
    expect(await pgLogin("127.0.1.9", "wire-server", wirePass, "wire-server")).toMatchObject({ ok: true });
    const refused = await pgLogin(KUBENODE, "wire-server", wirePass, "wire-server");
    expect(refused.ok).toBe(false);
    expect(refused.out).toMatch(/no pg_hba\.conf entry for host "127\.0\.2\.5"/);
  });

  describe("after our play", () => {
    let first: ReturnType<typeof runPostgresqlPlay>;
    beforeAll(() => {
      first = runPostgresqlPlay();
    });

    it("runs", () => {
      expect(first.out).toMatch(/postgresql1\s*:\s*ok=\d+\s+changed=[1-9]/);
      expect(first.code).toBe(0);
    });

    it("admits the kubenode with the generated password, and only with it", async () => {
      const admitted = await pgLogin(KUBENODE, "wire-server", pgPassword, "wire-server");
      expect(admitted).toMatchObject({ ok: true });
      expect(admitted.out.trim()).toBe("wire-server");
      const wrong = await pgLogin(KUBENODE, "wire-server", wirePass, "wire-server");
      expect(wrong.ok).toBe(false);
      expect(wrong.out).toMatch(/password authentication failed for user "wire-server"/);
    });

    it("admits nothing wider: another address, the calling node, a standby to wire-server, the kubenode to another database", async () => {
      for (const source of [ELSEWHERE, CALLING_NODE, STANDBY]) {
        const r = await pgLogin(source, "wire-server", pgPassword, "wire-server");
        expect(r.ok).toBe(false);
        expect(r.out).toMatch(/no pg_hba\.conf entry/);
      }
      expect((await pgLogin(KUBENODE, "wire-server", pgPassword, "postgres")).out).toMatch(/no pg_hba\.conf entry/);
    });

    it("admits the standby for repmgr and replication, with repmgr's password", async () => {
      expect(await pgLogin(STANDBY, "repmgr", repmgrPassword, "repmgr")).toMatchObject({ ok: true });
      const replication = await pgLogin(STANDBY, "repmgr", repmgrPassword, "replication", { replication: true });
      expect(replication).toMatchObject({ ok: true });
      expect((await pgLogin(ELSEWHERE, "repmgr", repmgrPassword, "repmgr", { replication: true })).out).toMatch(/no pg_hba\.conf entry for replication/);
    });

    it("changes nothing when run again", () => {
      const before = fs.readFileSync(path.join(pg!.dataDir, "pg_hba.conf"), "utf8");
      const again = runPostgresqlPlay();
      expect(again.code).toBe(0);
      expect(changed(again.out, "postgresql1")).toBe(0);
      expect(fs.readFileSync(path.join(pg!.dataDir, "pg_hba.conf"), "utf8")).toBe(before);
      expect(superuserSql("SELECT count(*) FROM pg_roles WHERE rolname = 'wire-server'")).toBe("1");
    });
  });
});

// ---- RabbitMQ ------------------------------------------------------------------------------------
const rmqPassword = secret();
const RMQ_INVENTORY = ["[rmq-cluster]", "rabbitmq1 ansible_connection=local", "rabbitmq2 ansible_connection=local", "[rmq-cluster:vars]", "rabbitmq_cluster_master=rabbitmq1"].join("\n");

/** ansible-playbook with `rabbitmqctl` on PATH bound to the test's node (as Wire's role calls it). */
function runWithNode(play: string) {
  const inventory = inventoryDir("rmq-inventory", RMQ_INVENTORY, { [SECRET_VARS.rabbitmqPassword]: rmqPassword });
  return ansiblePlaybook(["-i", inventory, play], { PATH: `${rabbit!.binDir}:${process.env.PATH}` });
}

function rabbitmqctlJson(...args: string[]): unknown {
  const r = spawnSync(path.join(rabbit!.binDir, "rabbitmqctl"), [...args, "--silent", "--formatter", "json"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe("wire-backend-rabbitmq-users.yml on a real RabbitMQ after Wire's create_users.yml", () => {
  const playFile = () => write(path.join(TMP, "rmq-play", RABBITMQ_USERS_PLAY), rabbitmqUsersPlay());

  beforeAll(async () => {
    rabbit = await rabbitStarting!;
    const wire = write(
      path.join(TMP, "wire-create-users.yml"),
      JSON.stringify([{ hosts: "rmq-cluster", gather_facts: false, tasks: [{ "ansible.builtin.include_tasks": path.join(WSD, "roles", "rabbitmq-cluster", "tasks", "create_users.yml") }] }]),
    );
    const r = runWithNode(wire);
    if (r.code !== 0) throw new Error(`Wire's create_users.yml failed:\n${r.out}`);
  });

  it("Wire's role leaves test/test and guest/guest able to log in over AMQP", async () => {
    expect(await amqpLogin(rabbit!.port, "test", "test")).toEqual({ admitted: true });
    expect(await amqpLogin(rabbit!.port, "guest", "guest")).toEqual({ admitted: true });
    expect(await amqpLogin(rabbit!.port, "wire-server", rmqPassword)).toMatchObject({ admitted: false, replyCode: 403 });
  });

  describe("after our play", () => {
    let first: ReturnType<typeof runWithNode>;
    beforeAll(() => {
      first = runWithNode(playFile());
    });

    it("runs", () => {
      expect(first.out).toMatch(/changed=[1-9]/);
      expect(first.code).toBe(0);
    });

    it("admits wire-server with the generated password only, and neither test nor guest", async () => {
      expect(await amqpLogin(rabbit!.port, "wire-server", rmqPassword)).toEqual({ admitted: true });
      expect(await amqpLogin(rabbit!.port, "wire-server", "test")).toMatchObject({ admitted: false, replyCode: 403 });
      expect(await amqpLogin(rabbit!.port, "test", "test")).toMatchObject({ admitted: false, replyCode: 403 });
      expect(await amqpLogin(rabbit!.port, "guest", "guest")).toMatchObject({ admitted: false, replyCode: 403 });
    });

    it("gives wire-server the default vhost only and no tags", () => {
      expect(rabbitmqctlJson("list_users")).toEqual([{ user: "wire-server", tags: [] }]);
      expect(rabbitmqctlJson("list_user_permissions", "wire-server")).toEqual([{ vhost: "/", configure: ".*", write: ".*", read: ".*" }]);
    });

    it("changes nothing when run again", () => {
      const again = runWithNode(playFile());
      expect(again.code).toBe(0);
      expect(again.out).not.toMatch(/changed=[1-9]/);
    });
  });
});

describe("wire-backend-rabbitmq-memory.yml on a real RabbitMQ running Wire's rabbitmq.config, from a compact stack's export", () => {
  let ansibleDir: string;
  let datanode: string;
  const limit = () => rabbitmqctlEval("vm_memory_monitor:get_memory_limit().");
  const rabbitmqctlEval = (expr: string) => {
    const r = spawnSync(path.join(rabbit!.binDir, "rabbitmqctl"), ["eval", expr], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout.trim();
  };
  /** The exported play over the exported inventory, on one data node, with the node bound to the test's RabbitMQ. */
  const runMemoryPlay = () => {
    const vars = write(
      path.join(TMP, "rmq-memory-vars.json"),
      JSON.stringify({
        ansible_connection: "local",
        ansible_become: false,
        ansible_python_interpreter: "{{ ansible_playbook_python }}",
        wire_backend_rabbitmqctl: [path.join(rabbit!.binDir, "rabbitmqctl")],
        wire_backend_rabbitmq_restart: rabbit!.restart,
        wire_backend_rabbitmq_env_file: rabbit!.envFile,
      }),
    );
    return ansiblePlaybook(["-i", "inventory/offline/hosts.ini", RABBITMQ_MEMORY_PLAY, "--limit", datanode, "-e", `@${vars}`], {}, ansibleDir);
  };

  beforeAll(async () => {
    rabbit = await rabbitStarting!;
    const plan = await runPlan({ stack: "smallco", config: stackFile("smallco"), showSecrets: true });
    const outputs = exportOutputsFromPlan(plan);
    const files = exportFiles(outputs);
    ansibleDir = path.join(TMP, "compact-wsd", "ansible");
    write(path.join(ansibleDir, "inventory", "offline", "hosts.ini"), files.get("hosts.ini")!.text);
    write(path.join(ansibleDir, RABBITMQ_MEMORY_PLAY), files.get(`ansible/${RABBITMQ_MEMORY_PLAY}`)!.text);
    datanode = outputs.hosts!.find((h) => h.role === "datanode")!.hostname;
  });

  it("matches the three data nodes of the compact inventory, and no host of a reference-layout inventory", async () => {
    const listed = ansiblePlaybook(["-i", "inventory/offline/hosts.ini", RABBITMQ_MEMORY_PLAY, "--list-hosts"], {}, ansibleDir);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/hosts \(3\):/);
    const ref = exportFiles(exportOutputsFromPlan(await runPlan({ stack: "dev", config: stackFile("dev"), showSecrets: true })));
    expect(ref.has(`ansible/${RABBITMQ_MEMORY_PLAY}`)).toBe(false);
    const refInventory = write(path.join(TMP, "reference-inventory", "hosts.ini"), ref.get("hosts.ini")!.text);
    const none = ansiblePlaybook(["-i", refInventory, RABBITMQ_MEMORY_PLAY, "--list-hosts"], {}, ansibleDir);
    expect(none.code).toBe(0);
    expect(none.out).toMatch(/hosts \(0\):/);
  });

  it("before: the node runs on RabbitMQ's default relative watermark", () => {
    expect(rabbitmqctlEval("vm_memory_monitor:get_vm_memory_high_watermark().")).toBe("0.4");
    expect(Number(limit())).not.toBe(RABBITMQ_WATERMARK_BYTES);
  });

  describe("after the play", () => {
    let first: ReturnType<typeof runMemoryPlay>;
    beforeAll(() => {
      first = runMemoryPlay();
    });

    it("runs, restarting the node", () => {
      expect({ code: first.code, out: first.code === 0 ? "" : first.out }).toEqual({ code: 0, out: "" });
      expect(changed(first.out, datanode)).toBeGreaterThanOrEqual(1);
      expect(first.out).toMatch(/RUNNING HANDLER/);
    });

    it("the node applies the pinned absolute limit, and still Wire's rabbitmq.config", () => {
      expect(Number(limit())).toBe(RABBITMQ_WATERMARK_BYTES);
      expect(rabbitmqctlEval("vm_memory_monitor:get_vm_memory_high_watermark().")).toBe(`{absolute,${RABBITMQ_WATERMARK_BYTES}}`);
      // Wire's file sets loopback_users to []: the node still reads it beside our line.
      expect(rabbitmqctlEval("application:get_env(rabbit, loopback_users).")).toBe("{ok,[]}");
    });

    it("keeps it across another restart of rabbitmq-server", () => {
      const r = spawnSync(rabbit!.restart[0], rabbit!.restart.slice(1), { encoding: "utf8" });
      expect({ code: r.status, err: r.stderr }).toEqual({ code: 0, err: "" });
      expect(Number(limit())).toBe(RABBITMQ_WATERMARK_BYTES);
    });

    it("changes nothing when run again", () => {
      const again = runMemoryPlay();
      expect(again.code).toBe(0);
      expect(changed(again.out, datanode)).toBe(0);
      expect(again.out).not.toMatch(/RUNNING HANDLER/);
    });
  });
});

afterAll(async () => {
  await Promise.allSettled([pg?.stop(), rabbitStarting?.then((r) => r.stop())]);
  fs.rmSync(TMP, { recursive: true, force: true });
});

// ---- The export ----------------------------------------------------------------------------------
describe("the export's plays", () => {
  it("pass ansible-playbook --syntax-check against an exported example stack's inventory, passwords in its secrets file", async () => {
    const plan = await runPlan({ stack: "dev", config: stackFile("dev"), showSecrets: true });
    const files = exportFiles(exportOutputsFromPlan(plan));
    const dir = path.join(TMP, "export");
    for (const [file, { text }] of files) write(path.join(dir, file), text);
    const secrets = files.get("group_vars/all/secrets.yaml")!;
    expect(secrets.secret).toBe(true);
    for (const play of DATA_PLAYS) {
      expect(secrets.text).toMatch(new RegExp(`^${play.secretVar}: \\S+`, "m"));
      const text = files.get(play.file)?.text;
      expect(text).toBeDefined();
      // The password is read from the secrets file, never written into the play.
      expect(text).not.toContain(secrets.text.match(new RegExp(`^${play.secretVar}: (\\S+)`, "m"))![1]);
      const r = ansiblePlaybook(["-i", path.join(dir, "hosts.ini"), "--syntax-check", path.join(dir, play.file)]);
      expect(r.out).not.toMatch(/ERROR/);
      expect(r.code).toBe(0);
    }
  });

  it("pass --syntax-check as the runbook runs them: its own copy commands, then its own command lines", async () => {
    const plan = await runPlan({ stack: "dev", config: stackFile("dev"), showSecrets: true });
    const outputs = exportOutputsFromPlan(plan);
    const files = exportFiles(outputs);
    // A wire-server-deploy checkout as far as our steps touch it, with the export beside it.
    const wsd = path.join(TMP, "runbook-wsd");
    const home = path.join(TMP, "runbook-home");
    fs.mkdirSync(path.join(wsd, "ansible", "inventory", "offline"), { recursive: true });
    fs.mkdirSync(path.join(home, ".ssh"), { recursive: true });
    for (const [file, { text }] of files) write(path.join(wsd, "dev-export", file), text);
    const steps = installSteps(runbookInput(outputs)!);
    for (const step of steps) {
      if (step.kind !== "command" || step.where !== "admin host") continue;
      const [cmd, ...args] = step.argv.map((a) => a.replace(/^~/, home));
      const r = spawnSync(cmd, args, { cwd: wsd, encoding: "utf8" });
      expect({ step: step.argv.join(" "), code: r.status, err: r.stderr }).toEqual({ step: step.argv.join(" "), code: 0, err: "" });
    }
    const ours = steps.filter((st): st is PlaybookStep => st.kind === "playbook" && st.owner === "wire-backend");
    // The data plays, and the public files' play after minio.yml (outputs/plays/publicFiles.ts).
    expect(new Set(ours.map((st) => st.playbook))).toEqual(new Set([...DATA_PLAYS.map((p) => p.file), `ansible/${PUBLIC_FILES_PLAY}`]));
    for (const step of ours) {
      const [, ...args] = playbookArgv(step);
      const r = ansiblePlaybook([...args, "--syntax-check"], {}, wsd);
      expect({ step: step.playbook, code: r.code, error: /ERROR/.test(r.out) ? r.out : "" }).toEqual({ step: step.playbook, code: 0, error: "" });
    }
  });
});
