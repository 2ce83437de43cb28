// TURN credentials made from the shared secret, as the deployment's servers expect them.
//
// "zrest" is brig's format, which Wire's coturn image checks (its `zrest` option; the chart we fill,
// outputs/helmValues.ts, turns it on): username `d=<expiry>.v=1.k=0.t=s.r=<16 random a-z>`, password
// base64(HMAC-SHA512(secret, username)) (wire-server: Wire.API.Call.Config.turnUsername and brig's
// `computeCred (env ^. turnSHA512)`; wireapp/coturn userdb.c `zrest_validate_username`).
// "rest" is coturn's standard `use-auth-secret` scheme, for stock coturn (Debian's package, our
// tests): username `<expiry>:<name>`, password base64(HMAC-SHA1(secret, username)).
import { createHmac, randomInt } from "crypto";

export type TurnAuth = "zrest" | "rest";
export const TURN_AUTHS: readonly TurnAuth[] = ["zrest", "rest"];

export interface TurnCredential {
  username: string;
  password: string;
}

/** brig's random part: 16 letters a..z. */
function brigRandom(): string {
  return Array.from({ length: 16 }, () => String.fromCharCode(97 + randomInt(26))).join("");
}

export function turnCredential(auth: TurnAuth, secret: string, opts: { now?: Date; ttlSeconds?: number; random?: string } = {}): TurnCredential {
  const expiry = Math.floor((opts.now ?? new Date()).getTime() / 1000) + (opts.ttlSeconds ?? 600);
  if (auth === "zrest") {
    const username = `d=${expiry}.v=1.k=0.t=s.r=${opts.random ?? brigRandom()}`;
    return { username, password: createHmac("sha512", secret).update(username).digest("base64") };
  }
  const username = `${expiry}:${opts.random ?? "wire-doctor"}`;
  return { username, password: createHmac("sha1", secret).update(username).digest("base64") };
}
