// Valid choices that still deserve a word before anything is built.
import type { StackConfig } from "./schema";
import { isNewerThanChecked, NEWEST_CHECKED_RELEASE } from "./releases";

export const IOS_BACKGROUND_WARNING =
  "push option C (WebSockets only): iOS clients get no notifications while in the background; Android and desktop apps keep a WebSocket open.";

export const NO_GROUP_CALLS_WARNING =
  "conferences.concurrent is 0: no group calls (sftd is not deployed; Wire's group calls all go through SFT). One-to-one calls still work; remove `conferences` for Wire's in-cluster SFT, or declare a load for a sized SFT pool.";

/** Said when `upgrade.acceptUncheckedRelease` lets a release newer than the checked ones through. */
export function uncheckedReleaseWarning(version: string): string {
  return (
    `wireVersion ${version} is newer than ${NEWEST_CHECKED_RELEASE}, the newest release our Helm values were rendered against ` +
    `(upgrade.acceptUncheckedRelease: true): the values were not rendered against ${version}'s charts; diff them against its prod-values.example.yaml files before helm upgrade.`
  );
}

export function stackWarnings(config: {
  push?: Pick<StackConfig["push"], "option">;
  conferences?: { concurrent: number };
  wireVersion?: string;
}): string[] {
  const warnings: string[] = [];
  if (config.wireVersion !== undefined && isNewerThanChecked(config.wireVersion)) warnings.push(uncheckedReleaseWarning(config.wireVersion));
  if (config.push?.option === "C") warnings.push(IOS_BACKGROUND_WARNING);
  if (config.conferences?.concurrent === 0) warnings.push(NO_GROUP_CALLS_WARNING);
  return warnings;
}
