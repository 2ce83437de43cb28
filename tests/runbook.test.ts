// The export's RUNBOOK.md: every chart the export has values for is installed once, in Wire's order,
// with the export's own values files; Wire's playbooks run in offline-cluster.sh's order with our -e
// flags; cert-manager's objects are applied only once cert-manager exists. The contract test
// (tests/contract/helmRender.test.ts) renders the same helm steps with real helm.
import * as fs from "fs";
import * as path from "path";
import { exportOutputsFromPlan } from "../cli/export";
import { exportFiles, runbookInput } from "../outputs/exportFiles";
import { HELM_ORDER, type HelmStep, installSteps, type InstallStep } from "../outputs/installSteps";
import { commandLine } from "../outputs/runbook";
import { runPlan } from "../cli/planRuntime";
import { OFFLINE, REPO, stack } from "./helpers/stacks";

async function exported(name: string, users: number, extra = {}) {
  const outputs = exportOutputsFromPlan(await runPlan({ stack: name, config: stack(users, extra), showSecrets: true }));
  const files = exportFiles(outputs);
  const steps = installSteps(runbookInput(outputs)!);
  return { outputs, files, steps, runbook: files.get("RUNBOOK.md")?.text ?? "" };
}

const helmSteps = (steps: InstallStep[]) => steps.filter((s): s is HelmStep => s.kind === "helm");
const indexOf = (steps: InstallStep[], match: (s: InstallStep) => boolean) => steps.findIndex(match);

describe("install runbook", () => {
  // Two plans (a few seconds each) serve every test: online at 50,000 users (nodes big enough for the
  // Elasticsearch -e flag) and the offline island.
  let online: Awaited<ReturnType<typeof exported>>;
  let offline: Awaited<ReturnType<typeof exported>>;
  beforeAll(async () => {
    online = await exported("runbook-online", 50_000);
    offline = await exported("runbook-offline", 500, OFFLINE);
  });

  it("installs every chart the export has values for, once, in Wire's order, with the exported files", async () => {
    const { outputs, files, steps, runbook } = online;
    const charts = helmSteps(steps).map((s) => s.chart);
    expect([...charts].sort()).toEqual(Object.keys(outputs.helmValues).sort());
    expect(charts).toEqual(HELM_ORDER.filter((c) => charts.includes(c)));
    for (const s of helmSteps(steps)) {
      for (const f of s.valuesFiles) expect(files.has(f)).toBe(true);
      expect(runbook).toContain(commandLine(s));
    }
    // wire-server after its data services and fake-aws; the web apps after wire-server.
    const at = (c: string) => charts.indexOf(c);
    expect(at("wire-server")).toBeGreaterThan(at("postgresql-external"));
    expect(at("wire-server")).toBeGreaterThan(at("fake-aws"));
    expect(at("webapp")).toBeGreaterThan(at("wire-server"));
  });

  it("runs Wire's playbooks before the charts, with the -e Elasticsearch needs on bigger nodes", async () => {
    const { steps, runbook } = online;
    const es = steps.find((s) => s.kind === "playbook" && s.playbook.endsWith("/elasticsearch.yml"));
    expect(es && es.kind === "playbook" && es.extraArgs.join(" ")).toMatch(/^-e es_heap_size=\d+g$/);
    const lastPlaybook = Math.max(...steps.map((s, i) => (s.kind === "playbook" ? i : -1)));
    expect(indexOf(steps, (s) => s.kind === "helm")).toBeGreaterThan(lastPlaybook);
    expect(runbook).toMatch(/^d ansible-playbook -i ansible\/inventory\/offline\/hosts\.ini ansible\/elasticsearch\.yml -e es_heap_size=\d+g$/m);
  });

  it("applies the PostgreSQL Secret before postgresql-deploy.yml and cert-manager's objects after cert-manager", async () => {
    const { steps } = offline;
    const secretApply = indexOf(steps, (s) => s.kind === "command" && s.argv.some((a) => a.includes("secret-wire-postgresql")));
    const pgDeploy = indexOf(steps, (s) => s.kind === "playbook" && s.playbook.endsWith("postgresql-deploy.yml"));
    expect(secretApply).toBeGreaterThan(-1);
    expect(secretApply).toBeLessThan(pgDeploy);
    const certManager = indexOf(steps, (s) => s.kind === "helm" && s.chart === "cert-manager");
    const issuers = indexOf(steps, (s) => s.kind === "command" && s.argv.some((a) => a.includes("clusterissuer-")));
    expect(certManager).toBeGreaterThan(-1);
    expect(issuers).toBeGreaterThan(certManager);
  });

  it("prints the parent zone's NS record right after the export (online), none offline", () => {
    const ns = online.outputs.dnsDelegation;
    expect(ns?.kind).toBe("delegate");
    for (const server of ns && ns.kind === "delegate" ? ns.nameServers : []) expect(online.runbook).toContain(`wire.example.com. IN NS ${server}.`);
    expect(online.runbook.indexOf("IN NS")).toBeGreaterThan(online.runbook.indexOf("npm run export"));
    expect(online.runbook.indexOf("IN NS")).toBeLessThan(online.runbook.indexOf("d ansible-playbook"));
    expect(offline.runbook).not.toContain("IN NS");
  });

  it("starts with the account check, then pulumi up, and ends with the doctor", async () => {
    const { steps, runbook } = offline;
    expect(commandLine(steps[0])).toBe("npm run preflight -- --stack runbook-offline");
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).scripts)).toContain("preflight");
    expect(commandLine(steps[1])).toBe("pulumi up --stack runbook-offline");
    expect(commandLine(steps[steps.length - 1])).toBe("npm run doctor -- --stack runbook-offline --outputs runbook-offline-outputs.json");
    expect(runbook).toContain("pulumi stack output --stack runbook-offline --json --show-secrets > runbook-offline-outputs.json");
  });
});

