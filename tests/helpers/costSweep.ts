// The cost-cliff sweep (issue 20, "No cost cliffs"): user counts 5 % apart from 1,000 to 1,200,000
// (start at 1,000, multiply by 1.05, round up), and the steps between neighbours whose cost grows
// most. Takes any `(users) => monthly USD`, so each layout (reference, compact ...) can be swept the
// same way: `worstSteps((users) => size({ users, region }).monthlyCostUSD)`.

export interface CostStep {
  from: number;
  to: number;
  fromUSD: number;
  toUSD: number;
  /** toUSD / fromUSD. */
  ratio: number;
}

export interface SweepOptions {
  /** First user count (default 1,000). */
  start?: number;
  /** Last user count, inclusive (default 1,200,000). */
  end?: number;
  /** Growth between neighbours (default 1.05). */
  factor?: number;
}

/** start, ceil(start × factor), ceil(that × factor) ... up to end. */
export function sweepUsers({ start = 1000, end = 1_200_000, factor = 1.05 }: SweepOptions = {}): number[] {
  if (!(factor > 1) || !(start >= 1) || end < start) throw new RangeError(`sweepUsers: need factor > 1 and 1 <= start <= end (got ${factor}, ${start}, ${end})`);
  const users: number[] = [];
  for (let u = start; u <= end; u = Math.ceil(u * factor)) users.push(u);
  return users;
}

/** Every step of the sweep, steepest first (ties: the smaller user count first). A cost that is not a
 * finite number > 0 throws: a sweep over an unpriced region measures nothing. */
export function worstSteps(cost: (users: number) => number, options: SweepOptions = {}): CostStep[] {
  const users = sweepUsers(options);
  const usd = users.map((u) => {
    const c = cost(u);
    if (!Number.isFinite(c) || c <= 0) throw new RangeError(`worstSteps: the cost at ${u} users is ${c}, not a price`);
    return c;
  });
  const steps: CostStep[] = [];
  for (let i = 1; i < users.length; i++) {
    steps.push({ from: users[i - 1], to: users[i], fromUSD: usd[i - 1], toUSD: usd[i], ratio: usd[i] / usd[i - 1] });
  }
  return steps.sort((a, b) => b.ratio - a.ratio || a.from - b.from);
}

/** One line per step, for a failing expectation's message. */
export function describeSteps(steps: readonly CostStep[]): string[] {
  const usd = (n: number) => `$${n.toFixed(2)}`;
  return steps.map((s) => `${s.from} -> ${s.to} users: ${usd(s.fromUSD)} -> ${usd(s.toUSD)} (×${s.ratio.toFixed(3)})`);
}
