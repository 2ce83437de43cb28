// The CAs a check's TLS connection trusts with --ca: the system's roots plus the given certificates.
// A `ca` option makes Node build a new secure context for every connection, parsing all ~140 roots
// again (about 15 ms each time); a doctor run opens a dozen such connections, its tests hundreds.
// One context per distinct --ca list serves them all.
import { createSecureContext, rootCertificates, SecureContext } from "tls";

const contexts = new Map<string, SecureContext>();

/** A secure context trusting the system's roots and `ca`; undefined (Node's default) without `ca`. */
export function trustStore(ca: string[] | undefined): SecureContext | undefined {
  if (!ca) return undefined;
  const key = ca.join("\n");
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext({ ca: [...rootCertificates, ...ca] });
    contexts.set(key, context);
  }
  return context;
}
