// jest.config.js maps `@npmcli/arborist` here: @pulumi/pulumi loads npm's Arborist (with pacote,
// sigstore, npm-registry-fetch: about 0.3 s in every jest worker) as it loads, to find the packages a
// serialized closure needs; no test serializes a closure. The real module loads on first use.
import { lazyModule } from "../../cli/lazyTypescript";

// The SDK imports it through TypeScript's `__importStar`, which reads `__esModule` and, if that is
// false, copies every export at once (loading the real module). Answering true hands it this object,
// whose exports (`arborist.Arborist`) load the real module when the SDK first reaches for one.
// By its file: the package name would map back to this stand-in.
export = lazyModule(() => require("@npmcli/arborist/lib/index.js") as object, { __esModule: true });
