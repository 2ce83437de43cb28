// Valid choices that still deserve a word before anything is built.
import type { StackConfig } from "./schema";

export const IOS_BACKGROUND_WARNING =
  "push option C (WebSockets only): iOS clients get no notifications while in the background; Android and desktop apps keep a WebSocket open.";

export const NO_GROUP_CALLS_WARNING =
  "conferences.concurrent is 0: no group calls (sftd is not deployed; Wire's group calls all go through SFT). One-to-one calls still work; remove `conferences` for Wire's in-cluster SFT, or declare a load for a sized SFT pool.";

export function stackWarnings(config: { push?: Pick<StackConfig["push"], "option">; conferences?: { concurrent: number } }): string[] {
  const warnings: string[] = [];
  if (config.push?.option === "C") warnings.push(IOS_BACKGROUND_WARNING);
  if (config.conferences?.concurrent === 0) warnings.push(NO_GROUP_CALLS_WARNING);
  return warnings;
}
