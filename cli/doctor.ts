// doctor --stack S [--outputs outputs.json] [--json] [--dns-server IP:PORT] [--ca FILE] [--timeout MS]
//        [--turn-auth zrest|rest] [--ports https=443,turn=3478,turns=5349]
// Checks a running deployment: DNS, HTTPS certificates and status, TURN (STUN binding, allocations
// with brig's credential), SFT, push. Probes only a real deployment: addresses come from a real
// stack's outputs (--outputs, or the pulumi CLI for the live stack), never from a plan.
import { spawnSync } from "child_process";
import { Command, Option } from "commander";
import * as fs from "fs";
import { ConfigError } from "../config/errors";
import { formatResults, planChecks, resultsDocument, runChecks } from "../doctor";
import type { DoctorEnv } from "../doctor/check";
import { progressLine } from "../doctor/report";
import { NotADeployment } from "../doctor/targets";
import { TURN_AUTHS, TurnAuth } from "../doctor/turnCredential";
import { reportingErrors, runAsProcess, stackConfigOf } from "./stackCommand";

interface DoctorFlags {
  stack: string;
  config?: string;
  outputs?: string;
  json?: boolean;
  dnsServer?: string;
  ca?: string[];
  timeout: string;
  turnAuth: TurnAuth;
  ports?: string;
  skip?: string[];
}

export function doctorCommand(): Command {
  return new Command("doctor")
    .description("check a running deployment (DNS, HTTPS, TURN, SFT, push) and name the likely cause of each failure")
    .option("--stack <name>", "stack name: reads Pulumi.<name>.yaml (domain, turn.tls, push option)", "dev")
    .option("--config <file>", "stack file to read instead of Pulumi.<stack>.yaml")
    .option("--outputs <file>", "the deployed stack's `pulumi stack output --json --show-secrets`; default: ask the pulumi CLI")
    .option("--json", "print one JSON document instead of the table")
    .option("--dns-server <ip:port>", "ask this DNS server instead of the system's (e.g. a resolver inside the island's VPC)")
    .option("--ca <file...>", "extra CA certificates (PEM) to trust, e.g. the island's private CA")
    .option("--timeout <ms>", "time limit of each check", "8000")
    .addOption(new Option("--turn-auth <scheme>", "TURN credential: zrest (brig's, Wire's coturn) or rest (stock coturn use-auth-secret)").choices([...TURN_AUTHS]).default("zrest"))
    .option("--ports <list>", "other ports, e.g. https=8443,turn=3478,turns=5349 (port forwards, tests)")
    // e.g. email where the doctor has no AWS credentials for SES's API, or no route to the relay.
    .addOption(new Option("--skip <group...>", "groups of checks to leave out").choices(["dns", "https", "sft", "turn", "push", "email"]));
}

function usage(key: string, value: unknown, message: string): ConfigError {
  return new ConfigError([{ key, value, message }], "the command line");
}

export function parsePorts(list: string | undefined): DoctorEnv["ports"] {
  const ports = { https: 443, turn: 3478, turns: 5349 };
  for (const item of (list ?? "").split(",").filter(Boolean)) {
    const [k, v] = item.split("=");
    const n = Number(v);
    if (!(k in ports) || !Number.isInteger(n) || n < 1 || n > 65535) throw usage("--ports", list, `has "${item}"; expected https=, turn= or turns= with a port 1..65535`);
    ports[k as keyof typeof ports] = n;
  }
  return ports;
}

/** The live stack's outputs through the pulumi CLI; without it (or a stack) the doctor refuses. */
function liveOutputs(stack: string): Record<string, unknown> {
  const r = spawnSync("pulumi", ["stack", "output", "--json", "--show-secrets", "--stack", stack], { encoding: "utf8" });
  if (r.error) {
    throw new NotADeployment(
      "no deployment to check: pass --outputs FILE (a deployed stack's `pulumi stack output --json --show-secrets`), or install the pulumi CLI to read the live stack. A plan's addresses are invented and may belong to someone else, so the doctor never probes them",
    );
  }
  if (r.status !== 0) throw new NotADeployment(`pulumi stack output for stack ${stack} failed: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
}

function readOutputs(file: string): Record<string, unknown> {
  try {
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not a JSON object");
    return doc;
  } catch (e) {
    throw usage("--outputs", file, `is not a readable JSON document: ${(e as Error).message}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const flags = doctorCommand().parse(argv, { from: "user" }).opts<DoctorFlags>();
  return reportingErrors(
    async () => {
      const { config, file } = stackConfigOf({ stack: flags.stack, config: flags.config });
      const timeoutMs = Number(flags.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 100) throw usage("--timeout", flags.timeout, "expected milliseconds, at least 100");
      if (flags.dnsServer && !/^[\d.]+(:\d+)?$|^\[[\da-f:]+\](:\d+)?$/i.test(flags.dnsServer)) throw usage("--dns-server", flags.dnsServer, "expected IP or IP:PORT, e.g. 127.0.0.1:5353");
      const env: DoctorEnv = {
        dnsServer: flags.dnsServer,
        ports: parsePorts(flags.ports),
        ca: flags.ca?.map((f) => fs.readFileSync(f, "utf8")),
        turnAuth: flags.turnAuth,
        now: () => new Date(),
      };
      // With --config the file's name gives the stack's name, as for plan.
      const stack = flags.config ? (file.match(/Pulumi\.(.+)\.ya?ml$/)?.[1] ?? flags.stack) : flags.stack;
      const outputs = flags.outputs ? readOutputs(flags.outputs) : liveOutputs(stack);
      const checks = planChecks(config, outputs).checks.filter((c) => !flags.skip?.includes(c.group));
      process.stderr.write(`Checking stack ${stack}: ${checks.length} checks, at most ${timeoutMs} ms each\n`);
      const results = await runChecks(checks, env, { timeoutMs, onResult: (r) => process.stderr.write(`${progressLine(r)}\n`) });
      process.stdout.write(flags.json ? `${JSON.stringify(resultsDocument(stack, results), null, 2)}\n` : formatResults(stack, results));
      return results.some((r) => r.status === "fail") ? 1 : 0;
    },
    "Nothing was checked.",
    [NotADeployment],
  );
}

if (require.main === module) runAsProcess(main);
