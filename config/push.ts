// gundeck's AWS settings and the names derived from a stack name: the Push component decides them
// (components/push.ts), the Ses component names brig's queues after them (components/email.ts), and the
// Helm values and the doctor read them (outputs/, doctor/), so they live below both.

/** gundeck's AWS settings (wire-server values `gundeck.config.aws`), decided by the push option. */
export interface GundeckAws {
  account: string;
  region: string;
  arnEnv: string;
  queueName: string;
  sqsEndpoint: string;
  snsEndpoint: string;
}

/** A stack name as an arnEnv gundeck (amazonka) can parse. */
export function arnEnvOf(stack: string): string {
  return stack.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 32);
}
