// MailFacts for tests that build StackFacts by hand: through the schema, as a stack file would.
import { parseStackConfig } from "../../config/load";
import type { ConfigMap } from "../../config/load";
import { mailFacts } from "../../outputs/mailFacts";
import type { MailFacts } from "../../outputs/types";

/** A relay for offline stacks (the island's default email.via is smtp, whose host has no default). */
export const RELAY: ConfigMap = { "wire-backend:email": { smtp: { host: "10.20.0.25" } } };

export function mailFor(domain: string, online = true, extra: ConfigMap = {}): MailFacts {
  const { config } = parseStackConfig({
    "aws:region": "eu-central-1",
    "wire-backend:users": 100,
    "wire-backend:domain": domain,
    ...(online ? {} : { "wire-backend:connectivity": "offline", "wire-backend:network": { clientCidrs: ["192.168.0.0/16"] }, ...RELAY }),
    ...extra,
  });
  return mailFacts("t", config);
}
