// Properties of the sizing engine over random users and conference loads (fast-check).
import fc from "fast-check";
import { findInstance, instancesIn, size } from "../sizing";
import { ROLES } from "../sizing/types";
import type { ConferenceLoad, Role, Sizing } from "../sizing/types";

/** The calling roles choose count and type together (cheapest pool): their per-node shape may change
 * as load grows, their CAPACITY may not (see "calling capacity" below). */
const NON_CALLING = ROLES.filter((r) => r !== "restund" && r !== "sft");

const REGIONS = ["us-east-1", "eu-central-1"];
// Weighted towards the interesting range around the 2,000-user reference.
const users = fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 2_000_000 }));
const region = fc.constantFrom(...REGIONS);
const load: fc.Arbitrary<ConferenceLoad> = fc.record({
  concurrent: fc.integer({ min: 0, max: 3000 }),
  participants: fc.integer({ min: 2, max: 200 }),
  video: fc.boolean(),
});
// 150 runs per property (fast-check's default is 100): size() prices the whole bill now, and the unit suite has a 60 s budget.
const RUNS = { numRuns: 150 };

/** count, per-node vCPU and memory, and count × vCPU of every role never fall from a to b. One
 * expect per pair of sizings, listing every fall: jest's expect costs about 40 µs a call, and four per
 * role per run were half of this file's time. */
function expectNoRoleFalls(a: Sizing, b: Sizing, roles: readonly Role[] = ROLES) {
  const falls: string[] = [];
  for (const r of roles) {
    const x = a.roles[r];
    const y = b.roles[r];
    const fell = [
      y.count >= x.count ? "" : "count",
      y.vcpu >= x.vcpu ? "" : "vcpu",
      y.memoryGiB >= x.memoryGiB ? "" : "memoryGiB",
      y.count * y.vcpu >= x.count * x.vcpu ? "" : "count × vcpu",
    ].filter(Boolean);
    if (fell.length) falls.push(`${r}: ${JSON.stringify([x.count, x.vcpu, x.memoryGiB])} -> ${JSON.stringify([y.count, y.vcpu, y.memoryGiB])}: ${fell.join(", ")} fell`);
  }
  expect(falls).toEqual([]);
}

/** The smaller and the larger of two conference loads, field by field. */
function ordered(a: ConferenceLoad, b: ConferenceLoad): [ConferenceLoad, ConferenceLoad] {
  return [
    { concurrent: Math.min(a.concurrent, b.concurrent), participants: Math.min(a.participants, b.participants), video: a.video && b.video },
    { concurrent: Math.max(a.concurrent, b.concurrent), participants: Math.max(a.participants, b.participants), video: a.video || b.video },
  ];
}

describe("monotone growth", () => {
  it("as users grow, nothing shrinks", () => {
    fc.assert(
      fc.property(users, users, region, fc.option(load, { nil: undefined }), (u1, u2, reg, conf) => {
        const [lo, hi] = u1 <= u2 ? [u1, u2] : [u2, u1];
        expectNoRoleFalls(size({ users: lo, region: reg, conferences: conf }), size({ users: hi, region: reg, conferences: conf }), NON_CALLING);
      }),
      RUNS,
    );
  });

  it("as conference load grows (concurrent, participants, video), nothing shrinks", () => {
    fc.assert(
      fc.property(users, region, load, load, (u, reg, a, b) => {
        const [lo, hi] = ordered(a, b);
        const x = size({ users: u, region: reg, conferences: lo });
        const y = size({ users: u, region: reg, conferences: hi });
        expect(y.calling.totalMbps).toBeGreaterThanOrEqual(x.calling.totalMbps);
        expectNoRoleFalls(x, y, NON_CALLING);
      }),
      RUNS,
    );
  });
});

// Independent of the engine's own layout code: MinIO's default parity by drive count.
const minioDataDrives = (n: number) => (n <= 16 ? n - (n <= 3 ? 1 : n <= 5 ? 2 : n <= 7 ? 3 : 4) : (n / 16) * 12);
const extraK = (u: number) => Math.max(0, u - 2000) / 1000;

describe("floors, capacity and instance choice", () => {
  it("holds for any users and load", () => {
    fc.assert(
      fc.property(users, region, fc.option(load, { nil: undefined }), (u, reg, conf) => {
        const s = size({ users: u, region: reg, conferences: conf });
        const { cassandra, minio, elasticsearch: es, kubernetes: k8s, restund, sft } = s.roles;

        // quorum / replication / erasure floors
        expect(cassandra.count).toBeGreaterThanOrEqual(3);
        expect(cassandra.count % 3).toBe(0);
        expect(es.count).toBeGreaterThanOrEqual(3);
        expect(es.count % 2).toBe(1);
        expect([3, 4, 6, 8, 12, 16].includes(minio.count) || (minio.count > 16 && minio.count % 16 === 0)).toBe(true);
        expect(k8s.count).toBeGreaterThanOrEqual(3);
        expect(restund.count).toBeGreaterThanOrEqual(2);

        // the stated marginal rates are covered, within the node caps
        const k = extraK(u);
        expect(cassandra.count * cassandra.vcpu).toBeGreaterThanOrEqual(6 + 1.5 * k - 1e-9);
        expect(cassandra.count * cassandra.diskGiB).toBeGreaterThanOrEqual(240 + 120 * k - 1e-9);
        expect(cassandra.vcpu).toBeLessThanOrEqual(8);
        expect(cassandra.diskGiB).toBeLessThanOrEqual(2048);
        expect(minio.diskGiB * minioDataDrives(minio.count)).toBeGreaterThanOrEqual(800 + 400 * k - 1e-9);
        expect(minio.diskGiB).toBeLessThanOrEqual(8192);
        expect(es.count * es.vcpu).toBeGreaterThanOrEqual(3 + 0.25 * k - 1e-9);
        // up to 15 nodes (brig's 5 shards × 3 copies) at most 16 vCPU each; past 15 × 16 the nodes grow,
        // and only past 15 of the largest type (32 vCPU) does the count grow again
        if (3 + 0.25 * k <= 15 * 16) expect(es.vcpu).toBeLessThanOrEqual(16);
        if (3 + 0.25 * k <= 15 * 32) expect(es.count).toBeLessThanOrEqual(15);
        // Kubernetes, PostgreSQL, RabbitMQ: floors that carry their own headroom (a fixed base + the rate
        // from the first user, never below the floor); RabbitMQ stops at 24 vCPU cluster-wide
        expect(k8s.count * k8s.vcpu).toBeGreaterThanOrEqual(Math.max(18, 6 + (2 * u) / 1000) - 1e-9);
        expect(k8s.vcpu).toBeLessThanOrEqual(16);
        const { postgresql: pg, rabbitmq: rmq } = s.roles;
        expect(pg.count).toBe(3);
        expect(pg.vcpu).toBeGreaterThanOrEqual(Math.min(16, Math.max(2, 0.25 + (0.25 * u) / 1000)) - 1e-9);
        expect(rmq.count).toBeGreaterThanOrEqual(3);
        expect(rmq.count * rmq.vcpu).toBeGreaterThanOrEqual(Math.min(24, Math.max(6, 0.25 + (0.75 * u) / 1000)) - 1e-9);
        expect(rmq.diskGiB).toBeGreaterThanOrEqual(Math.min(1024, 20 + 2 * k) - 1e-9);
        expect(pg.diskGiB).toBeGreaterThanOrEqual(Math.min(4096, 50 + 5 * k) - 1e-9);

        // TURN and SFT: see "calling capacity" below; without a declared load no SFT pool
        if (!(conf && conf.concurrent > 0)) expect(sft.count).toBe(0);
        else expect(sft.count).toBeGreaterThanOrEqual(2);

        for (const r of ROLES) {
          const x = s.roles[r];
          const spec = findInstance(x.instanceType)!;
          expect(spec).toBeDefined();
          expect(spec.vcpu).toBeGreaterThanOrEqual(x.vcpu);
          expect(spec.memoryGiB).toBeGreaterThanOrEqual(x.memoryGiB);
          if (r === "restund" || r === "sft") expect(spec.networkGbps).toBeGreaterThanOrEqual(1);
          if (r !== "adminHost" && r !== "assetHost") expect(x.instanceType.startsWith("t")).toBe(false);
          if (r === "restund" || r === "sft") continue; // chosen per pool, checked below
          // nothing cheaper in the region would also fit
          const cheaper = instancesIn(reg).filter(
            (i) =>
              i.hourlyUSD < x.instance.hourlyUSD &&
              i.vcpu >= x.vcpu &&
              i.memoryGiB >= x.memoryGiB &&
              (r === "adminHost" || r === "assetHost" || !i.burstable),
          );
          expect(cheaper.map((i) => i.type)).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it("totals and cost add up", () => {
    fc.assert(
      fc.property(users, region, fc.option(load, { nil: undefined }), (u, reg, conf) => {
        const s = size({ users: u, region: reg, conferences: conf });
        const live = ROLES.filter((r) => s.roles[r].count > 0);
        expect(s.totals.cluster.instances).toBe(live.reduce((n, r) => n + s.roles[r].count, 0));
        expect(s.totals.cluster.vcpu).toBe(live.reduce((n, r) => n + s.roles[r].count * s.roles[r].vcpu, 0));
        const five: Role[] = ["cassandra", "minio", "elasticsearch", "kubernetes", "restund"];
        expect(s.totals.perServer.vcpu).toBe(five.reduce((n, r) => n + s.roles[r].vcpu, 0));
        expect(s.totals.perServerWithHosts.diskGiB).toBe(s.totals.perServer.diskGiB + 40 + 100);
        const sum = ROLES.reduce((n, r) => n + s.roles[r].monthlyUSD, 0);
        expect(Math.abs(s.nodesMonthlyUSD - sum)).toBeLessThan(0.005);
        // The whole bill: the nodes and every line beyond them.
        expect(Math.abs(s.monthlyCostUSD - s.nodesMonthlyUSD - s.costLines.reduce((n, l) => n + l.monthlyUSD, 0))).toBeLessThan(0.01);
        expect(Math.round(s.monthlyCostUSD * 100)).toBeCloseTo(s.monthlyCostUSD * 100, 6); // cents
      }),
      RUNS,
    );
  });
});

// Independent restatement of the calling model's demand (sizing/calling.ts's defaults, the seed's stream rules).
const streamsKbps = (n: number, video: boolean) =>
  n * 50 + n * Math.min(n, 5) * 50 + (video ? n * 350 + n * (n >= 9 ? 9 : n - 1) * 350 : 0);
const turnDemand = (u: number, c?: ConferenceLoad) =>
  u * 0.05 * 0.5 * 4 * 400 / 1000 + (c && c.concurrent > 0 ? 0.1 * 2 * c.concurrent * streamsKbps(c.participants, c.video) / 1000 : 0);
const usable = (s: Sizing, r: "restund" | "sft") => s.roles[r].instance.networkGbps * 1000 * 0.8;
/** With one server down: Mbps TURN carries, conferences SFT holds (whole conferences per server). */
const turnCapacity = (s: Sizing) => (s.roles.restund.count - 1) * usable(s, "restund");
const sftCapacity = (s: Sizing, c: ConferenceLoad) => {
  const per = Math.min(Math.floor((s.roles.sft.instance.vcpu * 50) / c.participants), Math.floor((usable(s, "sft") * c.concurrent) / ((c.concurrent * streamsKbps(c.participants, c.video)) / 1000)));
  return (s.roles.sft.count - 1) * per;
};

describe("calling capacity", () => {
  it("every calling server's modelled load is within its usable baseline, with one server down, on >= 1 GbE", () => {
    fc.assert(
      fc.property(users, region, fc.option(load, { nil: undefined }), (u, reg, conf) => {
        const s = size({ users: u, region: reg, conferences: conf });
        const { restund, sft } = s.roles;
        expect(restund.instance.networkGbps).toBeGreaterThanOrEqual(1);
        expect(restund.count).toBeGreaterThanOrEqual(2);
        expect(s.calling.turn.demandMbps).toBeCloseTo(turnDemand(u, conf), 6);
        expect(turnDemand(u, conf) / (restund.count - 1)).toBeLessThanOrEqual(usable(s, "restund") + 1e-6);
        expect(s.calling.turn.allocations / (restund.count - 1)).toBeLessThanOrEqual(64_000);
        if (conf && conf.concurrent > 0) {
          expect(sft.instance.networkGbps).toBeGreaterThanOrEqual(1);
          // whole conferences on the busiest of the servers left: within CPU (1 vCPU per 50) and usable Mbps
          const busiest = Math.ceil(conf.concurrent / (sft.count - 1));
          expect(busiest * conf.participants).toBeLessThanOrEqual(sft.instance.vcpu * 50);
          expect((busiest * streamsKbps(conf.participants, conf.video)) / 1000).toBeLessThanOrEqual(usable(s, "sft") + 1e-6);
          expect(s.calling.sft.loadPerServerMbps).toBeLessThanOrEqual(s.calling.sft.usableMbpsPerServer + 1e-6);
        }
      }),
      RUNS,
    );
  });

  it("no other catalog type makes a calling pool cheaper for the same demand (spare counted)", () => {
    fc.assert(
      fc.property(users, region, fc.option(load, { nil: undefined }), (u, reg, conf) => {
        const s = size({ users: u, region: reg, conferences: conf });
        const month = (hourly: number, n: number, disk: number) => n * (hourly * 730 + disk * (reg === "us-east-1" ? 0.08 : 0.0952));
        const calling = instancesIn(reg).filter((i) => !i.burstable && i.networkGbps >= 1);
        const turnCosts = calling.map((i) => {
          const n = Math.max(2, Math.ceil(turnDemand(u, conf) / (i.networkGbps * 800) - 1e-9) + 1, Math.ceil(s.calling.turn.allocations / 64_000) + 1);
          return month(i.hourlyUSD, n, 10);
        });
        expect(s.roles.restund.monthlyUSD).toBeLessThanOrEqual(Math.min(...turnCosts) + 0.01);
        if (conf && conf.concurrent > 0) {
          const perConf = streamsKbps(conf.participants, conf.video) / 1000;
          const per = (i: (typeof calling)[number]) => Math.min(Math.floor((i.vcpu * 50) / conf.participants), Math.floor((i.networkGbps * 800) / perConf + 1e-9));
          const sftCosts = calling
            .filter((i) => i.memoryGiB >= 2 * i.vcpu && per(i) >= 1)
            .map((i) => month(i.hourlyUSD, Math.max(2, Math.ceil(conf.concurrent / per(i)) + 1), 40));
          expect(s.roles.sft.monthlyUSD).toBeLessThanOrEqual(Math.min(...sftCosts) + 0.01);
        }
      }),
      RUNS,
    );
  });

  it("never falls as users grow: TURN Mbps with one server down; SFT unchanged", () => {
    fc.assert(
      fc.property(users, users, region, fc.option(load, { nil: undefined }), (u1, u2, reg, conf) => {
        const [lo, hi] = u1 <= u2 ? [u1, u2] : [u2, u1];
        const x = size({ users: lo, region: reg, conferences: conf });
        const y = size({ users: hi, region: reg, conferences: conf });
        expect(turnCapacity(y)).toBeGreaterThanOrEqual(turnCapacity(x) - 1e-6);
        expect(y.roles.sft).toEqual(x.roles.sft);
      }),
      RUNS,
    );
  });

  it("never falls as conference load grows: TURN Mbps; SFT carries the smaller load and, for the same conference size, holds no fewer conferences", () => {
    fc.assert(
      fc.property(users, region, load, load, (u, reg, a, b) => {
        const [lo, hi] = ordered(a, b);
        const x = size({ users: u, region: reg, conferences: lo });
        const y = size({ users: u, region: reg, conferences: hi });
        expect(turnCapacity(y)).toBeGreaterThanOrEqual(turnCapacity(x) - 1e-6);
        if (lo.concurrent > 0) {
          expect(sftCapacity(y, lo)).toBeGreaterThanOrEqual(lo.concurrent);
          const more = { ...lo, concurrent: hi.concurrent };
          expect(sftCapacity(size({ users: u, region: reg, conferences: more }), lo)).toBeGreaterThanOrEqual(sftCapacity(x, lo));
        }
      }),
      RUNS,
    );
  });
});
