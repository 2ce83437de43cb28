// Who Let's Encrypt knows the stack's ACME account by. Pure: read by the outputs (issuers, values).
import type { StackConfig } from "./schema";

/**
 * certificates.acmeEmail, or certmaster@<domain>: the default Wire's own tooling uses
 * (wire-server-deploy ansible/wiab-demo/wire_values.yml sets certmasterEmail to 'certmaster@' + domain).
 */
export function acmeEmail(config: Pick<StackConfig, "domain"> & { certificates?: { acmeEmail?: string } }): string {
  return config.certificates?.acmeEmail ?? `certmaster@${config.domain}`;
}
