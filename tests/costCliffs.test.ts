// No cost cliffs (issue 20): over user counts 5 % apart from 1,000 to 1,200,000, no step costs more
// than 10 % more, in the reference region and two other priced regions, without and with the example
// stacks' conference loads. The rules that make it so: sizing/rules.ts, docs/sizing-growth.md.
import { size } from "../sizing";
import type { ConferenceLoad } from "../sizing";
import { describeSteps, sweepUsers, worstSteps } from "./helpers/costSweep";

const MAX_STEP = 1.1;

describe("the sweep helper (tests/helpers/costSweep.ts)", () => {
  it("walks from 1,000 by × 1.05, rounded up, to 1,200,000", () => {
    const users = sweepUsers();
    expect(users.slice(0, 4)).toEqual([1000, 1050, 1103, 1159]);
    for (let i = 1; i < users.length; i++) expect(users[i]).toBe(Math.ceil(users[i - 1] * 1.05));
    expect(users[users.length - 1]).toBeLessThanOrEqual(1_200_000);
    expect(Math.ceil(users[users.length - 1] * 1.05)).toBeGreaterThan(1_200_000);
  });

  it("finds a cliff and orders the steps steepest first", () => {
    // $100 below 5,000 users, $150 from there, +1 % per step elsewhere
    const steps = worstSteps((u) => (u < 5000 ? 100 : 150) * (1 + u / 1e7), { end: 20_000 });
    expect(steps[0]).toMatchObject({ from: 4799, to: 5039 });
    expect(steps[0].ratio).toBeCloseTo((150 * (1 + 5039 / 1e7)) / (100 * (1 + 4799 / 1e7)), 9);
    expect(steps[1].ratio).toBeLessThan(1.01);
    expect(() => worstSteps(() => NaN, { end: 2000 })).toThrow(/not a price/);
  });
});

// The example stacks' conference loads (Pulumi.acme-cloud.yaml, Pulumi.globex-onprem.yaml), held fixed
// while users grow, and none (sftd in the cluster).
const LOADS: [string, ConferenceLoad | undefined][] = [
  ["no conference load", undefined],
  ["acme-cloud's 5 × 6", { concurrent: 5, participants: 6, video: true }],
  ["globex-onprem's 60 × 10", { concurrent: 60, participants: 10, video: true }],
];

describe("no 5 % growth in users costs more than 10 % more (reference layout)", () => {
  for (const region of ["eu-central-1", "us-east-1", "eu-west-1"]) {
    it.each(LOADS)(`${region}, %s`, (_name, conferences) => {
      const steps = worstSteps((users) => size({ users, region, conferences }).monthlyCostUSD);
      expect(describeSteps(steps.filter((s) => s.ratio > MAX_STEP))).toEqual([]);
      // the sweep really grows: the nodes at 1,200,000 users cost many times the floor's
      expect(size({ users: 1_200_000, region, conferences }).nodesMonthlyUSD).toBeGreaterThan(50 * size({ users: 1000, region, conferences }).nodesMonthlyUSD);
    });
  }
});
