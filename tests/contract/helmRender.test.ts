import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { helmPath } from "../helpers/helm";
import { chartFixture, renderChart, renderChartAsync } from "../helpers/helmRender";

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "helm-render-"));
const write = (name: string, text: string) => {
  const f = path.join(TMP, name);
  fs.writeFileSync(f, text);
  return f;
};

describe("the judge itself", () => {
  it("helm runs", () => {
    const r = spawnSync(helmPath(), ["version", "--template", "{{.Version}}"], { encoding: "utf8" });
    expect(r.stdout).toMatch(/^v4\./);
  });
  it("throws helm's message for values the chart rejects", () => {
    const bad = write("bad.yaml", "allowOrigin: https://webapp.example.com\n"); // no `host`
    expect(() => renderChart({ chart: "sftd", release: "5.23.0", valuesFiles: [bad] })).toThrow(/must specify host[\s\S]*chart sftd at release 5.23.0/);
  });
  it("renders", async () => {
    const ok = write("ok.yaml", "IPs: [10.0.0.1, 10.0.0.2]\n");
    const objs = await renderChartAsync({ chart: "cassandra-external", release: "5.23.0", valuesFiles: [ok] });
    expect(objs.map((o) => o.kind).sort()).toEqual(["Endpoints", "Service"]);
    expect(chartFixture("nope", "5.23.0")).toBeUndefined();
  });
});
