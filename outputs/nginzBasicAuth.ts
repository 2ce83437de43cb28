// nginz's Secret template base64-encodes `nginz.secrets.basicAuth` unconditionally at every 5.x
// release, so the value must be a string even though nginz reads the file only for env=staging
// locations (charts/nginz/values.yaml: the `/i/users/...` test endpoints; we render env=prod).
// We give it an htpasswd line for a generated password in nginx's salted-SHA scheme ({SSHA}, which
// ngx_http_auth_basic reads): a real credential of the stack, never Wire's example placeholder, and
// stable across exports (the salt comes from the password) so `helm upgrade` shows no false change.
import { createHash } from "crypto";

export const NGINZ_BASIC_AUTH_USER = "wire-backend";

/** `user:{SSHA}base64(sha1(password + salt) + salt)`, the format `slappasswd -h {SSHA}` writes. */
export function nginzBasicAuthLine(password: string, user = NGINZ_BASIC_AUTH_USER): string {
  const salt = createHash("sha256").update(`nginz-basic-auth:${password}`).digest().subarray(0, 8);
  const digest = createHash("sha1").update(password).update(salt).digest();
  return `${user}:{SSHA}${Buffer.concat([digest, salt]).toString("base64")}`;
}
