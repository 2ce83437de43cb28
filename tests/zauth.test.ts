// zAuth key pairs in the format brig and nginz read (wire-server's `zauth -m gen-keypair`).
import { zauthKeyPair } from "../components/zauth";

// The first key pair of wire-server's own test resources (libs/wire-subsystems/test/resources/zauth/
// privkeys.txt and pubkeys.txt, commit df05bcaa): a pair that zauth made and brig's tests load.
const WIRE_PRIVATE = "qjIAZtKrpXInwyqgM7JCZ3QeK9B4JGBYAv0_63YjTtgDylLfTTpdwvDYSy32is13biThD03QZAUOhBO042Odrw==";
const WIRE_PUBLIC = "A8pS3006XcLw2Est9orNd24k4Q9N0GQFDoQTtONjna8=";

describe("zauthKeyPair", () => {
  it("reproduces a pair of wire-server's zauth from its seed, byte for byte and in the same encoding", () => {
    const seed = Buffer.from(WIRE_PRIVATE, "base64url").subarray(0, 32);
    expect(zauthKeyPair(seed)).toEqual({ publicKeys: WIRE_PUBLIC, privateKeys: WIRE_PRIVATE });
  });

  it("gives another pair for another seed, and refuses a seed that is not 32 bytes", () => {
    const a = zauthKeyPair(Buffer.alloc(32, 1));
    const b = zauthKeyPair(Buffer.alloc(32, 2));
    expect(a.publicKeys).not.toBe(b.publicKeys);
    expect(() => zauthKeyPair(Buffer.alloc(31))).toThrow(/32 bytes/);
  });
});
