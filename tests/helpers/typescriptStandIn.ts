// jest.config.js maps `typescript` here: @pulumi/pulumi loads the compiler as it loads (for closure
// serialization, which no test uses), and under jest every test file would compile its 9 MB anew.
// The real compiler is loaded on first use (cli/lazyTypescript.ts does the same for the CLIs).
import { lazyModule } from "../../cli/lazyTypescript";

export = lazyModule(() => require(require.resolve("typescript/lib/typescript.js")) as object);
