// The TypeScript compiler @pulumi/pulumi loads eagerly is loaded only on first use, in the CLIs
// (cli/lazyTypescript.ts) and under jest (jest.config.js moduleNameMapper).
import { spawnSync } from "child_process";
import { types } from "util";
import { lazyModule } from "../cli/lazyTypescript";
import { builtCli } from "./helpers/builtCli";
import { REPO } from "./helpers/stacks";

describe("lazyModule", () => {
  it("loads nothing until first use, then forwards reads, `in`, keys and descriptors to the module", () => {
    const load = jest.fn(() => ({ version: "9.9", fn: () => 42 }));
    const m = lazyModule(load) as { version: string; fn: () => number };
    expect(load).not.toHaveBeenCalled();
    expect(m.version).toBe("9.9");
    expect(m.fn()).toBe(42);
    expect("fn" in m).toBe(true);
    expect(Object.keys(m)).toEqual(["version", "fn"]);
    expect({ ...m }.version).toBe("9.9");
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe("the compiler the SDK requires", () => {
  it("is a stand-in under jest that still works as the compiler", () => {
    const ts = require("typescript") as { version: string; SyntaxKind: Record<string, number> };
    expect(types.isProxy(ts)).toBe(true);
    expect(ts.version).toMatch(/^5\./);
    expect(typeof ts.SyntaxKind.FunctionDeclaration).toBe("number");
  });

  it("is not loaded by a CLI process that loads @pulumi/pulumi, and loads on first use", () => {
    const script = [
      `require(${JSON.stringify(builtCli("lazyTypescript"))}).deferTypescript();`,
      'require("@pulumi/pulumi");',
      'const file = require.resolve("typescript");',
      'const ts = require.cache[file].exports;',
      '// still the stand-in after the SDK loaded; reading a property loads and caches the real compiler',
      'const deferred = require("util").types.isProxy(ts);',
      'console.log(JSON.stringify({ deferred, version: ts.version, realCached: !require("util").types.isProxy(require.cache[file].exports) }));',
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ deferred: true, version: expect.stringMatching(/^5\./), realCached: true });
  });
});

describe("npm's Arborist the SDK requires (closure serialization)", () => {
  it("is not loaded by a CLI process that loads @pulumi/pulumi, and works as Arborist on first use", () => {
    const script = [
      `require(${JSON.stringify(builtCli("lazyTypescript"))}).deferTypescript();`,
      'require("@pulumi/pulumi");',
      'const file = require.resolve("@npmcli/arborist");',
      'const arborist = require.cache[file].exports;',
      "// Arborist's own modules, beside the stand-in in its index's place",
      'const others = () => Object.keys(require.cache).filter((f) => f !== file && f.includes("/node_modules/@npmcli/arborist/")).length;',
      'const before = { deferred: require("util").types.isProxy(arborist), others: others() };',
      'const built = new arborist.Arborist({ path: process.cwd() });',
      'console.log(JSON.stringify({ before, path: built.path, after: others() > 0 }));',
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ before: { deferred: true, others: 0 }, path: REPO, after: true });
  });

  it("is a stand-in under jest: loading the SDK leaves it unloaded, and it works as Arborist on first use", () => {
    const loaded = (part: string) => Object.keys(require.cache).some((f) => f.includes(part));
    require("@pulumi/pulumi");
    // The SDK's module that requires it has run, yet nothing of Arborist is in the module registry.
    expect(loaded("/node_modules/@pulumi/pulumi/runtime/closure/codePaths.js")).toBe(true);
    expect(loaded("/node_modules/@npmcli/arborist/")).toBe(false);
    const arborist = require("@npmcli/arborist") as { __esModule: boolean; Arborist: new (o: { path: string }) => { path: string } };
    expect(types.isProxy(arborist)).toBe(true);
    // What TypeScript's __importStar reads first: true means it keeps the module as it is, no copy.
    expect(arborist.__esModule).toBe(true);
    expect(loaded("/node_modules/@npmcli/arborist/")).toBe(false);
    expect(new arborist.Arborist({ path: REPO }).path).toBe(REPO);
    expect(loaded("/node_modules/@npmcli/arborist/")).toBe(true);
  });
});
