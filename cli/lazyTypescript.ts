// @pulumi/pulumi loads the TypeScript compiler (9 MB, about 0.3 s) and npm's Arborist as it loads, for turning
// JavaScript closures into Lambda code; this program never serializes a closure. `deferTypescript`
// puts a stand-in in the module cache that loads the real compiler on first use, so a plan pays for
// it only if the SDK ever needs it. The jest configuration maps `typescript` to the same stand-in.
import Module = require("module");
import * as path from "path";

/** A module object that loads `file` on first use and forwards everything to it; reads of the keys
 * of `known` are answered from it without loading. */
export function lazyModule(load: () => object, known: Record<string, unknown> = {}): object {
  let real: object | undefined;
  const target = () => (real ??= load());
  return new Proxy(
    {},
    {
      get: (_, key) => (typeof key === "string" && Object.hasOwn(known, key) ? known[key] : Reflect.get(target(), key)),
      has: (_, key) => Reflect.has(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(target(), key);
        // A proxy may only report a property its (empty) target lacks as configurable.
        return d && { ...d, configurable: true };
      },
    },
  );
}

/** Before @pulumi/pulumi is loaded: the compiler, and npm's Arborist (with pacote, sigstore,
 * npm-registry-fetch: about 0.3 s), which it loads to find the packages a serialized closure needs,
 * become lazy stand-ins. */
export function deferTypescript(): void {
  defer("typescript");
  // The SDK imports Arborist through TypeScript's `__importStar`, which reads `__esModule` first and,
  // if false, copies every export (loading the module); true keeps the stand-in as it is.
  defer("@npmcli/arborist", { __esModule: true });
}

function defer(name: string, known: Record<string, unknown> = {}): void {
  let file: string;
  try {
    // Resolved from the SDK's own directory: the copy it would load (a production install without
    // devDependencies has no typescript, and the SDK falls back to the one it vendors: nothing to defer).
    file = require.resolve(name, { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] });
  } catch {
    return;
  }
  if (require.cache[file]) return;
  const stub = new Module(file);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = lazyModule(() => {
    delete require.cache[file];
    return require(file) as object;
  }, known);
  require.cache[file] = stub;
}
