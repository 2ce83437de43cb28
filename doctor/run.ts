// Runs every check at once, each under its own time limit, and reports each as it ends.
import type { Check, CheckResult, DoctorEnv } from "./check";

export interface RunOptions {
  timeoutMs: number;
  /** Called once per check as it finishes (the progress lines). */
  onResult?: (r: CheckResult) => void;
}

export async function runChecks(checks: Check[], env: DoctorEnv, opts: RunOptions): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check) => {
      const started = Date.now();
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError()), opts.timeoutMs);
      });
      let result: CheckResult;
      try {
        const outcome = await Promise.race([check.run(env, controller.signal), limit]);
        result = { id: check.id, group: check.group, target: check.target, ...outcome, ms: Date.now() - started };
      } catch (e) {
        const timedOut = e instanceof TimeoutError;
        result = {
          id: check.id,
          group: check.group,
          target: check.target,
          status: "fail",
          detail: timedOut ? `no answer within ${opts.timeoutMs} ms` : (e as Error).message,
          cause: timedOut ? (check.timeoutCause?.(env) ?? "nothing answered: a firewall drops the traffic, or the service is down") : "unexpected error in the check",
          ms: Date.now() - started,
        };
      } finally {
        clearTimeout(timer);
        // Stops what the check left running (retransmissions, sockets, DNS queries).
        controller.abort();
      }
      opts.onResult?.(result);
      return result;
    }),
  );
}

class TimeoutError extends Error {}
