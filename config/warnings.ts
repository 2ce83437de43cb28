// Valid choices that still deserve a word before anything is built.
import type { StackConfig } from "./schema";

export const IOS_BACKGROUND_WARNING =
  "push option C (WebSockets only): iOS clients get no notifications while in the background; Android and desktop apps keep a WebSocket open.";

export function stackWarnings(config: { push?: Pick<StackConfig["push"], "option"> }): string[] {
  const warnings: string[] = [];
  if (config.push?.option === "C") warnings.push(IOS_BACKGROUND_WARNING);
  return warnings;
}
