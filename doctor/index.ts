// `npm run doctor`: checks a running deployment from where it runs and names the likely cause of
// each failure.
//
// Why a top-level doctor/ folder: the checks are neither config, sizing, components nor outputs
// (the program's one-way flow config -> sizing -> components -> outputs ends at a deployment; the
// doctor starts from one). They do network I/O, so they do not belong in the pure folders, and cli/
// stays a thin layer of flags over them, as for the other commands. One small file per kind of check.
import type { StackConfig } from "../config/schema";
import type { Check } from "./check";
import { delegationChecks } from "./delegationCheck";
import { dnsChecks } from "./dnsChecks";
import { emailChecks } from "./emailChecks";
import { httpsChecks } from "./httpsChecks";
import { publicFilesChecks } from "./publicFilesChecks";
import { pushChecks } from "./pushChecks";
import { doctorTargets, DoctorTargets } from "./targets";
import { turnChecks } from "./turnChecks";

export { runChecks } from "./run";
export { formatResults, resultsDocument } from "./report";
export { NotADeployment } from "./targets";
export type { CheckResult, DoctorEnv } from "./check";

export function checksFor(t: DoctorTargets): Check[] {
  return [...delegationChecks(t), ...dnsChecks(t), ...httpsChecks(t), ...publicFilesChecks(t), ...turnChecks(t), ...pushChecks(t), ...emailChecks(t)];
}

export function planChecks(config: StackConfig, outputs: Record<string, unknown>): { targets: DoctorTargets; checks: Check[] } {
  const targets = doctorTargets(config, outputs);
  return { targets, checks: checksFor(targets) };
}
