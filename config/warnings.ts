// Valid choices that still deserve a word before anything is built.
import type { StackConfig } from "./schema";
import { isNewerThanChecked, NEWEST_CHECKED_RELEASE } from "./releases";
import { REFERENCE_USERS } from "../sizing/rules";

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

/** The example load the unsized-group-calls warning suggests (a shape to fill in, not a guess at the peak). */
export const EXAMPLE_CONFERENCES = "{concurrent: 10, participants: 8}";

/**
 * Without `conferences`, sftd runs in the cluster (Wire's reference layout): no capacity is sized for it,
 * and TURN, which carries that sftd's media (turnDiscoveryEnabled), counts none of it. Up to the seed's
 * 2,000 users Wire's reference table covers that; above it nothing does.
 */
export function unsizedGroupCallsWarning(users: number): string {
  return (
    `group calls are unsized: ${users.toLocaleString("en-US")} users is above the ${REFERENCE_USERS.toLocaleString("en-US")} Wire's reference layout is sized for, and without wire-backend:conferences ` +
    `sftd runs in the Kubernetes cluster with no capacity sized and TURN counts no conference traffic, although that sftd's media goes through TURN (turnDiscoveryEnabled). ` +
    `Declare the peak, e.g. wire-backend:conferences: ${EXAMPLE_CONFERENCES}, for a sized SFT pool and TURN that carries the relayed conference media.`
  );
}

export function stackWarnings(config: {
  users?: number;
  push?: Pick<StackConfig["push"], "option">;
  conferences?: { concurrent: number };
  wireVersion?: string;
}): string[] {
  const warnings: string[] = [];
  if (config.users !== undefined && config.users > REFERENCE_USERS && config.conferences === undefined) warnings.push(unsizedGroupCallsWarning(config.users));
  if (config.wireVersion !== undefined && isNewerThanChecked(config.wireVersion)) warnings.push(uncheckedReleaseWarning(config.wireVersion));
  if (config.push?.option === "C") warnings.push(IOS_BACKGROUND_WARNING);
  if (config.conferences?.concurrent === 0) warnings.push(NO_GROUP_CALLS_WARNING);
  return warnings;
}
