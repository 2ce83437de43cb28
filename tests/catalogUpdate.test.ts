// catalog-update on a hand-made offer file in the shape of AWS's bulk EC2 price list.
// The fixture holds one matching Linux/Shared/NA/Used c6i.large (0.0851) among decoys that must
// be ignored (Windows 0.177, capacity reservation, Dedicated, SQL Std, a Local Zone, a Reserved
// term), plus t3.medium 0.0417, m6i.large 0.0961, gp3 0.0801 (and gp2 / gp3-IOPS decoys).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as updateCli } from "../cli/catalogUpdate";
import { PRICES } from "../sizing/catalog";
import { mergePrices, OfferScanner, parseOfferText } from "../sizing/catalogUpdate";

const FIXTURE = path.join(__dirname, "fixtures", "ec2-offer-mini.json");
const text = fs.readFileSync(FIXTURE, "utf8");

describe("parsing the offer file", () => {
  const offer = parseOfferText(text, "us-east-1");

  it("keeps only Linux, shared, no pre-installed software, used capacity, in the region", () => {
    expect(offer.hourlyUSD).toEqual({ "c6i.large": 0.0851, "t3.medium": 0.0417, "m6i.large": 0.0961 });
    expect(offer.gp3USDPerGiBMonth).toBe(0.0801);
    expect(offer.publicationDate).toBe("2026-11-20T00:00:00Z");
    expect(offer.missing).toContain("c6i.xlarge");
    expect(offer.missing).not.toContain("c6i.large");
    expect(offer.warnings).toEqual([]);
  });

  it("gives the same result however the text is chunked (streaming)", () => {
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const seen: Record<string, Record<string, unknown>> = { product: {}, onDemand: {}, meta: {} };
      const scanner = new OfferScanner((kind, key, value) => {
        seen[kind][key] = value;
      });
      for (let i = 0; i < text.length; i += size) scanner.feed(text.slice(i, i + size));
      scanner.end();
      const whole = JSON.parse(text);
      expect(seen.product).toEqual(whole.products);
      expect(seen.onDemand).toEqual(whole.terms.OnDemand); // terms.Reserved is skipped
      expect(seen.meta).toEqual({
        formatVersion: "v1.0",
        disclaimer: whole.disclaimer, // has escaped quotes
        offerCode: "AmazonEC2",
        version: "20261120000000",
        publicationDate: "2026-11-20T00:00:00Z",
      });
    }
  });

  it("a truncated file is an error, not a short price list", () => {
    expect(() => parseOfferText(text.slice(0, text.length / 2), "us-east-1")).toThrow(/ended early/);
  });

  it("products of another region do not count", () => {
    const other = parseOfferText(text, "eu-central-1");
    expect(other.hourlyUSD).toEqual({});
    expect(other.gp3USDPerGiBMonth).toBeUndefined();
  });
});

describe("mergePrices", () => {
  const offer = parseOfferText(text, "us-east-1");
  it("replaces one region, keeps the others, records source and date", () => {
    const next = mergePrices(PRICES, offer, "2026-11-28");
    expect(next.regions["eu-central-1"]).toEqual(PRICES.regions["eu-central-1"]);
    expect(next.regions["us-east-1"]).toEqual({
      source: expect.stringMatching(/AWS Price List bulk offer file.*published 2026-11-20T00:00:00Z.*2026-11-28/),
      asOf: "2026-11-20",
      gp3USDPerGiBMonth: 0.0801,
      hourlyUSD: { "c6i.large": 0.0851, "t3.medium": 0.0417, "m6i.large": 0.0961 },
    });
  });
  it("refuses an offer without gp3 or without any catalog type", () => {
    expect(() => mergePrices(PRICES, parseOfferText(text, "eu-central-1"), "2026-11-28")).toThrow(/gp3/);
  });
});

describe("catalog-update CLI", () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-update-"));
    out = path.join(dir, "prices.json");
    fs.writeFileSync(out, JSON.stringify(PRICES));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("rewrites the prices file and prints the region's table", async () => {
    const r = await updateCli(["--offer", FIXTURE, "--region", "us-east-1", "--out", out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)["us-east-1"].hourlyUSD["c6i.large"]).toBe(0.0851);
    const written = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(written.regions["us-east-1"].gp3USDPerGiBMonth).toBe(0.0801);
    expect(written.regions["eu-central-1"]).toEqual(PRICES.regions["eu-central-1"]);
    expect(r.stderr).toMatch(/c6i\.large: 0\.085 -> 0\.0851/);
    expect(r.stderr).toMatch(/not in the offer.*c6i\.xlarge/);
  });

  it("--dry-run writes nothing", async () => {
    const r = await updateCli(["--offer", FIXTURE, "--region", "us-east-1", "--out", out, "--dry-run"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, "utf8"))).toEqual(PRICES);
  });

  it.each([
    [["--region", "us-east-1"], "--offer"],
    [["--offer", FIXTURE], "--region"],
    [["--offer", FIXTURE, "--region", "Frankfurt"], "--region"],
    [["--offer", "/nonexistent.json", "--region", "us-east-1"], "nonexistent"],
  ])("%j exits 1 naming the problem", async (argv, msg) => {
    const r = await updateCli([...argv, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(msg);
  });

  it.each([["eu-central-2"], ["us-gov-west-1"], ["ap-southeast-5"]])("works for %s: a region without a table gets one, with source and date", async (region) => {
    const offer = path.join(dir, `${region}.json`);
    fs.writeFileSync(offer, text.split("us-east-1").join(region));
    const r = await updateCli(["--offer", offer, "--region", region, "--out", out]);
    expect(r.code).toBe(0);
    const written = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(written.regions[region]).toMatchObject({ asOf: "2026-11-20", gp3USDPerGiBMonth: 0.0801, hourlyUSD: { "c6i.large": 0.0851 } });
    expect(written.regions[region].source).toContain(`AmazonEC2, ${region}, published 2026-11-20`);
    expect(written.regions["eu-central-1"]).toEqual(PRICES.regions["eu-central-1"]);
  });
});
