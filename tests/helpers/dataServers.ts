// Debian's PostgreSQL 15 and RabbitMQ as test-owned servers on loopback: own directories under a temp
// dir, free ports, stopped by the test. CI runs as root: PostgreSQL refuses to run as root, so it runs
// as the `postgres` user (runuser); RabbitMQ runs as root from /usr/lib/rabbitmq/bin (Debian's
// /usr/sbin wrappers would switch to the `rabbitmq` user and its HOME, i.e. another Erlang cookie).
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

/** Debian's newest installed PostgreSQL (bookworm: 15), as .ci/run installs it. */
export const PG_BIN = ((): string => {
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").filter((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/postgres`)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return `/usr/lib/postgresql/${newest ?? "15"}/bin`;
})();
const RABBITMQ_BIN = "/usr/lib/rabbitmq/bin";

export async function freeTcpPort(host = "127.0.0.1"): Promise<number> {
  const server = net.createServer();
  const port = await new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port)));
  await new Promise((r) => server.close(r));
  return port;
}

async function waitForPort(host: string, port: number, what: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => (s.destroy(), resolve(true)));
      s.on("error", () => resolve(false));
    });
    if (open) return;
    if (!alive()) throw new Error(`${what} exited before listening on ${host}:${port}`);
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => (clearTimeout(timer), resolve()));
    child.kill(signal);
  });
}

export interface Postgres {
  host: string;
  port: number;
  dataDir: string;
  socketDir: string;
  /** argv prefix of psql as the superuser over the Unix socket (peer authentication). */
  psql: string[];
  /** argv that makes the server reread pg_hba.conf. */
  reload: string[];
  stop(): Promise<void>;
}

/** initdb and start a cluster listening on `host` only. `before(dataDir)` runs between the two. */
/** initdb and start a cluster listening on `host` only. `before(dataDir)` runs between the two. */
export async function startPostgres(dir: string, host: string, before: (dataDir: string) => void): Promise<Postgres> {
  const dataDir = path.join(dir, "data");
  const socketDir = path.join(dir, "socket");
  fs.mkdirSync(socketDir, { recursive: true });
  execFileSync("chown", ["postgres:postgres", dir, socketDir]);
  // The server itself is spawned as postgres (not through runuser), so that its pid is the one we signal.
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  const asPostgres = { uid: id("-u"), gid: id("-g"), cwd: dir };
  execFileSync(path.join(PG_BIN, "initdb"), ["-D", dataDir, "--auth-local=peer", "--auth-host=scram-sha-256", "-U", "postgres"], { ...asPostgres, stdio: "pipe" });
  before(dataDir);
  const port = await freeTcpPort(host);
  const settings = { port: String(port), listen_addresses: host, unix_socket_directories: socketDir, password_encryption: "scram-sha-256" };
  const child = spawn(path.join(PG_BIN, "postgres"), ["-D", dataDir, ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])], { ...asPostgres, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (d) => (log += d));
  await waitForPort(host, port, "postgres", 20_000, () => child.exitCode === null).catch((e: Error) => {
    child.kill("SIGKILL");
    throw new Error(`${e.message}\n${log}`);
  });
  const runuser = (bin: string) => ["runuser", "-u", "postgres", "--", path.join(PG_BIN, bin)];
  return {
    host,
    port,
    dataDir,
    socketDir,
    psql: [...runuser("psql"), "-h", socketDir, "-p", String(port)],
    reload: [...runuser("pg_ctl"), "reload", "-D", dataDir],
    // SIGINT: PostgreSQL's fast shutdown.
    stop: () => stopChild(child, "SIGINT"),
  };
}

export interface RabbitNode {
  port: number;
  /** Directory holding a `rabbitmqctl` that talks to this node (put it first in PATH). */
  binDir: string;
  /** The node's rabbitmq-env.conf (/etc/rabbitmq/rabbitmq-env.conf on a real node), read at every start. */
  envFile: string;
  /** argv that stops the node and starts it again from its files, returning once it runs (as `systemctl restart`). */
  restart: string[];
  stop(): Promise<void>;
}

/** `configFile`: the node's main config file (RABBITMQ_CONFIG_FILE); an empty rabbitmq.conf unless given. */
export async function startRabbitmq(dir: string, opts: { configFile?: string } = {}): Promise<RabbitNode> {
  const [port, distPort, epmdPort] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort()];
  for (const d of ["mnesia", "log", "home", "bin"]) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.writeFileSync(path.join(dir, "rabbitmq.conf"), "");
  fs.writeFileSync(path.join(dir, "enabled_plugins"), "[].\n");
  const node = `wire-backend-test-${process.pid}@localhost`;
  const env: Record<string, string> = {
    HOME: path.join(dir, "home"),
    RABBITMQ_NODENAME: node,
    RABBITMQ_MNESIA_BASE: path.join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: path.join(dir, "log"),
    RABBITMQ_CONFIG_FILE: opts.configFile ?? path.join(dir, "rabbitmq.conf"),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, "enabled_plugins"),
    RABBITMQ_CONF_ENV_FILE: path.join(dir, "rabbitmq-env.conf"),
    RABBITMQ_PID_FILE: path.join(dir, "rabbitmq.pid"),
    RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    ERL_EPMD_ADDRESS: "127.0.0.1",
    ERL_EPMD_PORT: String(epmdPort),
  };
  // What Wire's role and our play call as `rabbitmqctl`, bound to this node.
  const binDir = path.join(dir, "bin");
  const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v}'`).join("\n");
  fs.writeFileSync(path.join(binDir, "rabbitmqctl"), `#!/bin/sh\n${exports}\nexec ${RABBITMQ_BIN}/rabbitmqctl -n '${node}' "$@"\n`, { mode: 0o755 });
  // A restart as the service manager does it: the VM stops, then starts again reading its env and config
  // files (detached: the new VM outlives the script; stop() ends it by name with `rabbitmqctl shutdown`).
  const pidFile = env.RABBITMQ_PID_FILE;
  fs.writeFileSync(
    path.join(binDir, "rabbitmq-restart"),
    `#!/bin/sh\nset -e\n${exports}\n${RABBITMQ_BIN}/rabbitmqctl -n '${node}' stop '${pidFile}' >/dev/null\n` +
      `${RABBITMQ_BIN}/rabbitmq-server -detached\n${RABBITMQ_BIN}/rabbitmqctl -n '${node}' wait --timeout 60 '${pidFile}' >/dev/null\n`,
    { mode: 0o755 },
  );
  const child = spawn(path.join(RABBITMQ_BIN, "rabbitmq-server"), [], { env: { ...process.env, ...env }, stdio: "ignore", detached: true });
  await waitForPort("127.0.0.1", port, "rabbitmq-server", 45_000, () => child.exitCode === null);
  execFileSync(path.join(binDir, "rabbitmqctl"), ["await_startup", "--timeout", "30"], { stdio: "pipe" });
  return {
    port,
    binDir,
    envFile: env.RABBITMQ_CONF_ENV_FILE,
    restart: [path.join(binDir, "rabbitmq-restart")],
    stop: async () => {
      try {
        execFileSync(path.join(binDir, "rabbitmqctl"), ["shutdown"], { stdio: "pipe", timeout: 30_000 });
      } catch {
        // Already gone or unreachable: the signals below end it.
      }
      // The server script and its Erlang VM run in the child's process group.
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // No such group: everything exited.
      }
      await stopChild(child, "SIGTERM");
      // epmd daemonizes out of that group; this node's own epmd (its own port) is ended by name of port.
      try {
        execFileSync("epmd", ["-kill"], { env: { ...process.env, ERL_EPMD_PORT: String(epmdPort) }, stdio: "pipe" });
      } catch {
        // Not running.
      }
    },
  };
}
