// The public files (deeplink, blacklists) judged by Wire's own role: minio.yml's static-files play
// (wire-server-deploy 682349d, a committed copy in tests/fixtures) run by real ansible-playbook on each
// example stack's exported hosts.ini, and our wire-backend-public-files.yml after it, each with `mc`
// replaced by a script that copies into a directory standing for MinIO's `public` bucket. Wire's role must
// write our deeplink files byte for byte (and blacklists with the same content), and our play the
// export's public/ exactly.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPlan } from "../../cli/planRuntime";
import { exportFiles, type ExportOutputs } from "../../outputs/exportFiles";
import { PUBLIC_FILES_DIR, PUBLIC_FILES_PLAY } from "../../outputs/plays/publicFiles";
import { exampleStacks, stackFile } from "../helpers/stacks";

const FIXTURE = path.join(__dirname, "..", "fixtures", "wire-server-deploy", "ansible");
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "wire-public-files-"));

/** `mc cp SRC local/public/KEY` -> $WIRE_TEST_BUCKETS/public/KEY; anything else fails the play. */
const FAKE_MC = `#!/bin/sh
set -eu
[ "$1" = cp ] || { echo "unexpected mc call: $*" >&2; exit 2; }
case "$3" in local/*) ;; *) echo "not the local alias: $3" >&2; exit 2;; esac
dest="$WIRE_TEST_BUCKETS/\${3#local/}"
mkdir -p "$(dirname "$dest")"
cp "$2" "$dest"
`;

function write(file: string, text: string, mode = 0o644): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
  return file;
}

/** wire-server-deploy's ansible/ as far as minio.yml needs it: ansible-minio (tagged minio, skipped) stays an empty role. */
function scratchAnsible(dir: string): string {
  const ansible = path.join(dir, "ansible");
  fs.cpSync(path.join(FIXTURE, "minio.yml"), path.join(ansible, "minio.yml"));
  fs.cpSync(path.join(FIXTURE, "roles", "minio-static-files"), path.join(ansible, "roles", "minio-static-files"), { recursive: true });
  write(path.join(ansible, "roles", "ansible-minio", "tasks", "main.yml"), "[]\n");
  write(path.join(dir, "bin", "mc"), FAKE_MC, 0o755);
  return ansible;
}

function playbook(ansible: string, bin: string, buckets: string, args: string[]) {
  const r = spawnSync("ansible-playbook", [...args, "-e", "ansible_connection=local", "-e", "ansible_become=false", "-e", "ansible_python_interpreter={{ ansible_playbook_python }}"], {
    cwd: ansible,
    encoding: "utf8",
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, WIRE_TEST_BUCKETS: buckets, ANSIBLE_NOCOLOR: "1", ANSIBLE_LOCAL_TEMP: path.join(TMP, ".ansible"), ANSIBLE_HOST_KEY_CHECKING: "False" },
  });
  if (r.error) throw new Error(`ansible-playbook is not installed (.ci/run installs ansible-core from Debian): ${r.error.message}`);
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** Every file under `dir`, relative path -> bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (f.isFile()) out[path.relative(dir, path.join(f.parentPath, f.name))] = fs.readFileSync(path.join(f.parentPath, f.name), "utf8");
  }
  return out;
}

// One online and one offline example on MinIO (each Ansible run takes seconds; acme-cloud keeps its files
// in S3, served by CloudFront); tests/publicFiles.test.ts checks every example stack's export.
const STACKS = exampleStacks().filter((s) => ["dev", "initech-island"].includes(s));

describe.each(STACKS)("stack %s: the public files on MinIO's public bucket", (name) => {
  let files: Map<string, { text: string }>;
  let dir: string;
  let ansible: string;
  let domain: string;

  beforeAll(async () => {
    const plan = await runPlan({ stack: name, config: stackFile(name), showSecrets: true });
    const outputs = plan.outputs as unknown as ExportOutputs;
    domain = outputs.install!.domain;
    files = exportFiles(outputs);
    dir = path.join(TMP, name);
    ansible = scratchAnsible(dir);
    write(path.join(ansible, "inventory", "hosts.ini"), files.get("hosts.ini")!.text);
  }, 120_000);

  const exported = () => Object.fromEntries([...files].filter(([f]) => f.startsWith("public/")).map(([f, v]) => [f.slice("public/".length), v.text]));

  it("the export has the deeplink for the stack's names and both blacklists", () => {
    expect(Object.keys(exported()).sort()).toEqual(["blacklist/android.json", "blacklist/ios.json", "deeplink.html", "deeplink.json"]);
    const link = JSON.parse(exported()["deeplink.json"]);
    expect(link.endpoints.backendURL).toBe(`https://nginz-https.${domain}`);
    expect(link.title).toBe(domain);
  });

  it("Wire's static-files play, on our inventory, writes our deeplink files byte for byte and the same blacklists", () => {
    const buckets = path.join(dir, "wire-buckets");
    const r = playbook(ansible, path.join(dir, "bin"), buckets, ["-i", "inventory/hosts.ini", "minio.yml", "--tags", "static-files"]);
    expect({ code: r.code, out: r.code === 0 ? "" : r.out }).toEqual({ code: 0, out: "" });
    const written = tree(path.join(buckets, "public"));
    const ours = exported();
    expect(Object.keys(written).sort()).toEqual(Object.keys(ours).sort());
    expect(written["deeplink.json"]).toBe(ours["deeplink.json"]);
    expect(written["deeplink.html"]).toBe(ours["deeplink.html"]);
    for (const f of ["blacklist/android.json", "blacklist/ios.json"]) expect(JSON.parse(written[f])).toEqual(JSON.parse(ours[f]));
  }, 120_000);

  it(`our ${PUBLIC_FILES_PLAY}, as the runbook runs it, puts the export's public/ on the bucket`, () => {
    const buckets = path.join(dir, "our-buckets");
    fs.writeFileSync(path.join(ansible, PUBLIC_FILES_PLAY), files.get(`ansible/${PUBLIC_FILES_PLAY}`)!.text);
    for (const [f, text] of Object.entries(exported())) write(path.join(ansible, PUBLIC_FILES_DIR, f), text);
    const r = playbook(ansible, path.join(dir, "bin"), buckets, ["-i", "inventory/hosts.ini", PUBLIC_FILES_PLAY, "-e", `wire_backend_public_tmp=${path.join(dir, "node-tmp")}`]);
    expect({ code: r.code, out: r.code === 0 ? "" : r.out }).toEqual({ code: 0, out: "" });
    expect(tree(path.join(buckets, "public"))).toEqual(exported());
  }, 120_000);
});
