// npm run clients -- publish --stack S --outputs OUT.json [--version V] [--dry-run] DIR
// npm run clients -- list    --stack S --outputs OUT.json [--json]
// npm run clients -- remove  --stack S --outputs OUT.json --version V [--platform P] [--dry-run]
// Client builds on the customer's own servers, at https://assets.<domain>/public/clients/ (docs/clients.md).
// Where: the stack output `publicFiles` (MinIO's public bucket with its keys from the same outputs, or
// with `assets: s3` the stack's public-files bucket with your AWS credentials); `--endpoint` reaches the
// S3 API another way (an SSH tunnel to a MinIO node, a test server).
import * as fs from "fs";
import { Command, Option } from "commander";
import Table from "cli-table3";
import { ClientsError, type PublicStore, publish, readIndex, remove, s3ClientFor, scanBuilds } from "./clientStore";
import { PLATFORMS, type Platform, sortEntries } from "../outputs/clientIndex";
import type { PublicFilesOutput } from "../outputs/publicFiles";
import { reportingErrors, runAsProcess } from "./stackCommand";

interface CommonFlags {
  stack: string;
  outputs: string;
  endpoint?: string;
}

/** The store a stack's outputs name; refuses outputs of another stack or without the secrets it needs. */
export function storeFromOutputs(doc: Record<string, unknown>, flags: CommonFlags): PublicStore {
  const install = doc.install as { stack?: string } | undefined;
  if (install?.stack && install.stack !== flags.stack) {
    throw new ClientsError(`${flags.outputs} holds the outputs of stack ${install.stack}, not ${flags.stack}: pass that stack's \`pulumi stack output --json --show-secrets\``);
  }
  const pf = doc.publicFiles as PublicFilesOutput | undefined;
  if (!pf?.bucket) throw new ClientsError(`${flags.outputs} has no publicFiles output: run \`pulumi up\` with this version of wire-backend, then \`pulumi stack output --stack ${flags.stack} --json --show-secrets\``);
  let credentials: PublicStore["credentials"];
  if (pf.kind === "minio") {
    const secrets = doc.ansibleSecrets as Record<string, string> | undefined;
    const accessKeyId = secrets?.minio_access_key;
    const secretAccessKey = secrets?.minio_secret_key;
    if (!accessKeyId || !secretAccessKey || secretAccessKey === "[secret]") {
      throw new ClientsError(`${flags.outputs} lacks MinIO's keys (ansibleSecrets.minio_access_key/minio_secret_key): export with \`pulumi stack output --json --show-secrets\``);
    }
    credentials = { accessKeyId, secretAccessKey };
  }
  return {
    kind: pf.kind,
    bucket: pf.bucket,
    keyPrefix: pf.keyPrefix,
    region: pf.region,
    endpoint: flags.endpoint ?? pf.endpoint,
    url: pf.url,
    credentials,
    title: `Wire clients for ${pf.domain}`,
  };
}

function readOutputs(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new ClientsError(`cannot read --outputs ${file}: ${(e as Error).message}`);
  }
}

const common = (c: Command) =>
  c
    .requiredOption("--stack <name>", "the stack whose public file store to use")
    .requiredOption("--outputs <file>", "that stack's `pulumi stack output --json --show-secrets`")
    .option("--endpoint <url>", "the S3 API to talk to instead of the stack's (e.g. http://127.0.0.1:9000 through an SSH tunnel to a MinIO node)");

function program(out: (s: string) => void, done: (code: number) => void): Command {
  const root = new Command("clients").description("publish, list and remove client builds at https://assets.<domain>/public/clients/").exitOverride();
  const storeOf = (flags: CommonFlags) => {
    const store = storeFromOutputs(readOutputs(flags.outputs), flags);
    return { store, s3: s3ClientFor(store) };
  };

  common(root.command("publish").argument("<dir>", "directory holding the builds (Windows, macOS, Linux, Android)"))
    .option("--version <version>", "the version of every build in <dir> (when their names carry none)")
    .option("--dry-run", "list what would be uploaded, upload nothing")
    .action(async (dir: string, flags: CommonFlags & { version?: string; dryRun?: boolean }) => {
      const builds = await scanBuilds(dir, flags.version);
      const { store, s3 } = storeOf(flags);
      const r = await publish(s3, store, builds, { dryRun: flags.dryRun, log: (l) => out(`${l}\n`) });
      if (!flags.dryRun) out(`${r.uploaded.length} uploaded, ${r.resumed.length} already uploaded by an interrupted run, ${r.alreadyPublished.length} already published; index: ${store.url}/clients/index.html\n`);
      done(0);
    });

  common(root.command("list"))
    .option("--json", "the index as JSON")
    .action(async (flags: CommonFlags & { json?: boolean }) => {
      const { store, s3 } = storeOf(flags);
      const entries = sortEntries(await readIndex(s3, store));
      if (flags.json) out(`${JSON.stringify(entries, null, 2)}\n`);
      else if (entries.length === 0) out(`nothing published at ${store.url}/clients/\n`);
      else {
        const table = new Table({ head: ["platform", "version", "file", "bytes", "sha256", "published"] });
        for (const e of entries) table.push([e.platform, e.version, e.file, e.size, e.sha256, e.published.slice(0, 10)]);
        out(`${table.toString()}\n${store.url}/clients/index.html\n`);
      }
      done(0);
    });

  common(root.command("remove"))
    .requiredOption("--version <version>", "the version to remove")
    .addOption(new Option("--platform <platform>", "only this platform's build of that version").choices([...PLATFORMS]))
    .option("--dry-run", "list what would be removed, remove nothing")
    .action(async (flags: CommonFlags & { version: string; platform?: Platform; dryRun?: boolean }) => {
      const { store, s3 } = storeOf(flags);
      const removed = await remove(s3, store, flags.version, { platform: flags.platform, dryRun: flags.dryRun, log: (l) => out(`${l}\n`) });
      if (!flags.dryRun) out(`${removed.length} files removed; the index no longer lists ${flags.version}\n`);
      done(0);
    });
  return root;
}

export async function main(argv: string[]): Promise<number> {
  let code = 1;
  const out = (s: string) => process.stdout.write(s);
  return reportingErrors(
    async () => {
      try {
        await program(out, (c) => (code = c)).parseAsync(argv, { from: "user" });
      } catch (e) {
        // commander's own errors (a missing option, --help) were printed already.
        if ((e as { code?: string }).code?.startsWith("commander.")) return (e as { exitCode?: number }).exitCode ?? 1;
        throw e;
      }
      return code;
    },
    "The index lists only complete files.",
    [ClientsError],
  );
}

if (require.main === module) runAsProcess(main);
