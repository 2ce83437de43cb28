// brig's zAuth key pair in the format of wire-server's `zauth -m gen-keypair` (libs/zauth): the secret
// is libsodium's 64-byte Ed25519 secret key (seed followed by public key), the public key its 32 bytes,
// both base64url with padding, as Show of libs/sodium-crypto-sign prints them. Derived from a 32-byte
// seed so the Pulumi program can keep the pair stable with a random.RandomBytes resource
// (components/wireObjects.ts, its only user, hence this file sits beside it).
import { createPrivateKey, createPublicKey } from "crypto";

// PKCS#8 DER prefix of an Ed25519 private key (RFC 8410), followed by the 32-byte seed.
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface ZAuthKeyPair {
  publicKeys: string;
  privateKeys: string;
}

export function zauthKeyPair(seed: Buffer): ZAuthKeyPair {
  if (seed.length !== 32) throw new RangeError(`a zAuth seed is 32 bytes, not ${seed.length}`);
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  const pub = Buffer.from(createPublicKey(key).export({ format: "jwk" }).x!, "base64url");
  const b64url = (b: Buffer) => b.toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
  return { publicKeys: b64url(pub), privateKeys: b64url(Buffer.concat([seed, pub])) };
}
