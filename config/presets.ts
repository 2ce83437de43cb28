// The seed's deployment scenarios as presets: each sets defaults, and an explicit key always wins.

export const SCENARIOS = {
  /** The customer's own cloud account, online, with Wire's public apps: they need Wire's push proxy. */
  cloud: { connectivity: "online", push: { option: "A" } },
  /** Own infrastructure with internet access and a custom Wire app built by Wire: own SNS. */
  "on-prem": { connectivity: "online", push: { option: "B" } },
  /** The seed's island: no internet at all, WebSockets only. */
  offline: { connectivity: "offline", push: { option: "C" } },
} as const;

export type Scenario = keyof typeof SCENARIOS;

/** Top-level keys the preset sets are used only where the stack file does not set them. */
export function applyScenario(input: Record<string, unknown>): Record<string, unknown> {
  const name = input.scenario;
  if (typeof name !== "string" || !(name in SCENARIOS)) return input; // the schema reports a bad name
  return { ...SCENARIOS[name as Scenario], ...input };
}
