// catalog-import on small tables in the shapes of skypilot's vms.csv and karpenter's generated Go
// price maps: which rows count, which sources win, derived sizes, dates, gp3 assumption.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as importCli } from "../cli/catalogImport";
import { PRICES } from "../sizing/catalog";
import type { PricesFile } from "../sizing/catalog";
import { importPrices, parseKarpenterPricing, parseSkypilotCsv } from "../sizing/catalogImport";

const CSV = [
  "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region,AvailabilityZone,Arch",
  "c6i.large,,,2.0,4.0,,0.091,0.031300,eu-north-1,eun1-az1,x86_64",
  "c6i.large,,,2.0,4.0,,0.091,0.031200,eu-north-1,eun1-az2,x86_64",
  "c6i.4xlarge,,,16.0,32.0,,0.728,0.233400,eu-north-1,eun1-az1,x86_64",
  "c6g.large,,,2.0,4.0,,0.0688,0.02,eu-north-1,eun1-az1,arm64", // Graviton and not in the catalog
  'p4d.24xlarge,A100,8,96.0,1152.0,"{\'Gpus\': [{\'Name\': \'A100\', \'Count\': 8}]}",32.77,9.8,eu-north-1,eun1-az1,x86_64',
  "m6i.large,,,2.0,8.0,,0.096,0.05,us-east-1,use1-az1,x86_64",
  "m6i.large,,,2.0,8.0,,0.102,0.05,eu-north-1,eun1-az1,x86_64",
  "m6i.large,,,2.0,8.0,,0.103,0.05,eu-north-1,eun1-az2,x86_64", // two prices: warn, take the highest
].join("\n");
const SKY = { repo: "skypilot-org/skypilot-catalog", path: "catalogs/v8/aws/vms.csv", commit: "abc1234", date: "2026-11-01" };
const GO = `// generated at 2026-07-20T13:44:30Z for us-east-1
var InitialOnDemandPricesAWS = map[string]map[ec2types.InstanceType]float64{
	// us-east-1
	"us-east-1": {
		// c6i family
		"c6i.large": 0.085000, "c6i.xlarge": 0.170000, "c6g.large": 0.068000,
		"m6i.large": 0.096000,
	},
	"cn-north-1": {
		"c6i.large": 0.618000,
	},
}`;
const KARP = { repo: "aws/karpenter-provider-aws", path: "pkg/providers/pricing/zz_generated.pricing_aws.go", commit: "6fc13b5" };
const EMPTY: PricesFile = { regions: {} };

describe("parsing", () => {
  it("skypilot: x86_64 catalog types per region, one price per zone row", () => {
    const t = parseSkypilotCsv(CSV, SKY).table;
    expect(Object.fromEntries(t.get("eu-north-1")!)).toEqual({ "c6i.large": [0.091, 0.091], "c6i.4xlarge": [0.728], "m6i.large": [0.102, 0.103] });
  });
  it("karpenter: the generation date, catalog types; China's CNY prices left out", () => {
    const k = parseKarpenterPricing(GO, KARP);
    expect(k.meta.date).toBe("2026-07-20");
    expect(Object.fromEntries(k.table.get("us-east-1")!)).toEqual({ "c6i.large": [0.085], "c6i.xlarge": [0.17], "m6i.large": [0.096] });
    expect(k.table.has("cn-north-1")).toBe(false);
    expect(k.warnings).toEqual(["cn-north-1: prices in CNY, not USD; left out"]);
  });
});

describe("importPrices", () => {
  const sources = [parseKarpenterPricing(GO, KARP), parseSkypilotCsv(CSV, SKY)];
  const r = importPrices(EMPTY, sources, { today: "2026-11-30" });

  it("the first source that prices a type wins; each region records its sources and date", () => {
    expect(r.prices.regions["us-east-1"].hourlyUSD["m6i.large"]).toBe(0.096);
    expect(r.prices.regions["us-east-1"].from).toEqual([{ ...KARP, date: "2026-07-20", types: 3 }]);
    expect(r.prices.regions["eu-north-1"]).toMatchObject({ asOf: "2026-11-01", from: [{ ...SKY, types: 3 }] });
    expect(r.prices.regions["eu-north-1"].hourlyUSD).toEqual({ "c6i.large": 0.091, "c6i.4xlarge": 0.728, "m6i.large": 0.103 });
    expect(r.warnings).toContain("eu-north-1 m6i.large: skypilot-org/skypilot-catalog lists 0.102, 0.103; took the highest");
  });
  it("gp3 without a source: the reference's price scaled by the region's median EC2 price ratio, said so", () => {
    // ratios to us-east-1 over shared types: c6i.large 0.091/0.085, m6i.large 0.103/0.096 -> median 1.0727
    expect(r.prices.regions["eu-north-1"].gp3USDPerGiBMonth).toBeCloseTo(0.08 * ((0.091 / 0.085 + 0.103 / 0.096) / 2), 4);
    expect(r.prices.regions["eu-north-1"].gp3Source).toMatch(/^assumed: no source prices gp3 here/);
  });
  it("families covered by a source: absent = not offered; others unknown", () => {
    expect(r.prices.regions["eu-north-1"].families).toEqual(["c6i", "m6i"]);
  });
  it("--derive-sizes fills a family's sizes by memory from a listed size, and counts them", () => {
    const d = importPrices(EMPTY, sources, { today: "2026-11-30", deriveSizes: true }).prices.regions["eu-north-1"];
    expect(d.hourlyUSD["c6i.xlarge"]).toBe(0.182); // 0.091 × 4/2, the listed large first
    expect(d.hourlyUSD["c6i.4xlarge"]).toBe(0.728); // listed, not derived
    expect(d.hourlyUSD["r6i.large"]).toBeUndefined(); // no r6i row: nothing to derive from
    expect(d.from?.find((f) => f.repo === "derived")?.types).toBe(Object.keys(d.hourlyUSD).length - 3);
  });
  it("keeps the previous table's types no source lists, naming it", () => {
    const prev: PricesFile = { regions: { "eu-north-1": { source: "old", asOf: "2026-01-01", gp3USDPerGiBMonth: 0.0836, hourlyUSD: { "t3.medium": 0.0432 } } } };
    const k = importPrices(prev, sources, { today: "2026-11-30" }).prices.regions["eu-north-1"];
    expect(k.hourlyUSD["t3.medium"]).toBe(0.0432);
    expect(k.gp3USDPerGiBMonth).toBe(0.0836);
    expect(k.asOf).toBe("2026-01-01"); // as fresh as its stalest part
  });

  it("a type of a covered family that no source lists here is not offered: an older table's price for it is dropped", () => {
    // c6i.xlarge and m6i.8xlarge were derived from an excerpt; the full source lists c6i and m6i but
    // not these sizes in eu-north-1, so they are not offered there. t3 is no source's family: kept.
    const prev: PricesFile = {
      regions: { "eu-north-1": { source: "excerpt", asOf: "2026-01-01", gp3USDPerGiBMonth: 0.0836, hourlyUSD: { "c6i.xlarge": 0.182, "m6i.8xlarge": 1.632, "t3.medium": 0.0432 } } },
    };
    const out = importPrices(prev, sources, { today: "2026-11-30" });
    const k = out.prices.regions["eu-north-1"];
    expect(k.hourlyUSD).toEqual({ "c6i.large": 0.091, "c6i.4xlarge": 0.728, "m6i.large": 0.103, "t3.medium": 0.0432 });
    expect(k.from?.find((f) => f.repo.includes("previous table"))?.types).toBe(1);
    expect(out.warnings.find((w) => w.startsWith("eu-north-1: dropped"))).toMatch(/c6i\.xlarge, m6i\.8xlarge .*not offered/);
  });

  it("an assumed gp3 price is worked out again from the new EC2 prices; a sourced one is kept", () => {
    const prev: PricesFile = {
      regions: {
        "eu-north-1": { source: "old", asOf: "2026-01-01", gp3USDPerGiBMonth: 0.2, gp3Source: "assumed: no source prices gp3 here; …", hourlyUSD: {} },
        "us-east-1": { source: "old", asOf: "2026-01-01", gp3USDPerGiBMonth: 0.08, gp3Source: "AWS price list", hourlyUSD: {} },
      },
    };
    const g = importPrices(prev, sources, { today: "2026-11-30" }).prices.regions;
    expect(g["eu-north-1"].gp3USDPerGiBMonth).toBeCloseTo(0.08 * ((0.091 / 0.085 + 0.103 / 0.096) / 2), 4);
    expect(g["us-east-1"]).toMatchObject({ gp3USDPerGiBMonth: 0.08, gp3Source: "AWS price list" });
  });

  it("a second import names the kept prices' origin once, not the first import's whole source line", () => {
    const prev: PricesFile = { regions: { "eu-north-1": { source: "old", asOf: "2026-01-01", gp3USDPerGiBMonth: 0.0836, hourlyUSD: { "t3.medium": 0.0432 } } } };
    const once = importPrices(prev, sources, { today: "2026-11-30" }).prices;
    const twice = importPrices(once, sources, { today: "2026-12-01" }).prices.regions["eu-north-1"];
    expect(twice.source).toBe(once.regions["eu-north-1"].source);
    expect(twice.from).toEqual(once.regions["eu-north-1"].from);
    expect(twice.from?.find((f) => f.repo.includes("previous table"))?.path).toBe("old");
  });
});

describe("catalog-import CLI", () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-import-"));
    out = path.join(dir, "prices.json");
    fs.writeFileSync(out, JSON.stringify(PRICES));
    fs.writeFileSync(path.join(dir, "vms.csv"), CSV);
    fs.writeFileSync(path.join(dir, "k.go"), GO);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("rewrites the regions the sources cover and keeps the rest", async () => {
    const r = await importCli(["--skypilot", "vms.csv", "--skypilot-commit", "abc1234", "--skypilot-date", "2026-11-01", "--out", out], dir);
    expect(r.code).toBe(0);
    const written = JSON.parse(fs.readFileSync(out, "utf8")) as PricesFile;
    expect(written.regions["eu-north-1"].from?.[0]).toMatchObject(SKY);
    expect(written.regions["eu-central-2"]).toEqual(PRICES.regions["eu-central-2"]);
    expect(written.regions["ap-south-1"]).toEqual(PRICES.regions["ap-south-1"]);
  });
  it("--skypilot-path records which catalog version the rows came from (v9 lists ap-southeast-4, v8 does not)", async () => {
    const v9 = ["InstanceType,Price,Region,Arch", "c7i.large,0.11655,ap-southeast-4,x86_64", "t3.small,0.0264,ap-southeast-4,x86_64"].join("\n");
    fs.writeFileSync(path.join(dir, "v9.csv"), v9);
    const args = ["--skypilot", "v9.csv", "--skypilot-commit", "3e9a175", "--skypilot-date", "2026-11-30", "--out", out];
    const r = await importCli([...args, "--skypilot-path", "catalogs/v9/aws/vms.csv"], dir);
    expect(r.code).toBe(0);
    const region = (JSON.parse(fs.readFileSync(out, "utf8")) as PricesFile).regions["ap-southeast-4"];
    expect(region.from?.[0]).toMatchObject({ path: "catalogs/v9/aws/vms.csv", commit: "3e9a175", types: 2 });
    expect(region.source).toContain("catalogs/v9/aws/vms.csv@3e9a175");
    expect(region.hourlyUSD).toMatchObject({ "c7i.large": 0.11655, "t3.small": 0.0264 });
    // Without the option the path stays the v8 default; a path that is not an AWS vms.csv is refused.
    fs.writeFileSync(out, JSON.stringify(PRICES));
    await importCli(args, dir);
    expect((JSON.parse(fs.readFileSync(out, "utf8")) as PricesFile).regions["ap-southeast-4"].from?.[0].path).toBe("catalogs/v8/aws/vms.csv");
    const bad = await importCli([...args, "--skypilot-path", "catalogs/v9/gcp/vms.csv"], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--skypilot-path");
  });
  it("--table imports another dated CSV under its own repository and path, after the other sources", async () => {
    const table = ["InstanceType,Price,Region,Arch", "t3.medium,0.0528,eu-central-2,x86_64", "c6i.large,0.5,eu-north-1,x86_64"].join("\n");
    fs.writeFileSync(path.join(dir, "t.csv"), table);
    const tableArgs = ["--table", "t.csv", "--table-repo", "someone/pricing", "--table-path", "data/p.parquet", "--table-commit", "cbe0a51", "--table-date", "2026-07-05"];
    const r = await importCli([...tableArgs, "--skypilot", "vms.csv", "--skypilot-commit", "abc1234", "--skypilot-date", "2026-11-01", "--out", out], dir);
    expect(r.code).toBe(0);
    const written = (JSON.parse(fs.readFileSync(out, "utf8")) as PricesFile).regions;
    expect(written["eu-central-2"].from?.[0]).toMatchObject({ repo: "someone/pricing", path: "data/p.parquet", commit: "cbe0a51", date: "2026-07-05" });
    expect(written["eu-central-2"].hourlyUSD["t3.medium"]).toBe(0.0528);
    // skypilot lists c6i.large in eu-north-1 at 0.091: it wins over the table's 0.5.
    expect(written["eu-north-1"].hourlyUSD["c6i.large"]).toBe(0.091);
    const undated = await importCli([...tableArgs.slice(0, -2), "--out", out], dir);
    expect(undated.code).toBe(1);
    expect(undated.stderr).toContain("--table needs");
  });
  it.each([
    [["--skypilot", "vms.csv", "--skypilot-commit", "abc1234"], "a price without its date is not a fact"],
    [["--karpenter", "k.go"], "--karpenter-commit"],
    [[], "give at least one of"],
  ])("%j exits 1 naming the problem", async (argv, msg) => {
    const r = await importCli([...argv, "--out", out], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(msg);
  });
});
