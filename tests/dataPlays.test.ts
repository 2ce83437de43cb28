// The export's own plays for PostgreSQL and RabbitMQ: written for the services a stack has, with the
// passwords wire-server's values carry in the secrets variables file. What the plays do is judged by
// the real servers in tests/contract/dataPlays.test.ts.
import { parse as parseYaml } from "yaml";
import { exportOutputsFromPlan } from "../cli/export";
import { exportFiles } from "../outputs/exportFiles";
import { DATA_PLAYS, dataPlayFiles, SECRET_VARS } from "../outputs/plays";
import { plan as cachedPlan, stack } from "./helpers/stacks";

type Secrets = { brig: { secrets: { pgPassword?: string; rabbitmq?: { username: string; password: string } } } };

describe("the export's PostgreSQL and RabbitMQ plays", () => {
  it.each([
    ["5.7.0", []],
    ["5.8.0", ["rabbitmq.yml"]],
    ["5.23.0", ["postgresql-deploy.yml", "rabbitmq.yml"]],
  ])("wire-server %s: plays after %j, with the values' passwords", async (wireVersion, after) => {
    const plan = await cachedPlan("test", stack(2_000, { "wire-backend:wireVersion": wireVersion }), { showSecrets: true });
    const outputs = exportOutputsFromPlan(plan);
    const files = exportFiles(outputs);
    const plays = DATA_PLAYS.filter((p) => files.has(p.file));
    expect(plays.map((p) => p.runAfter)).toEqual(after);
    for (const p of plays) expect(files.get(p.file)!.secret).toBe(false);

    const vars = parseYaml(files.get("group_vars/all/secrets.yaml")!.text) as Record<string, string>;
    const brig = (outputs.helmValues["wire-server"].secrets as Secrets).brig.secrets;
    expect(vars[SECRET_VARS.rabbitmqPassword]).toBe(brig.rabbitmq?.password);
    expect(vars[SECRET_VARS.postgresqlPassword]).toBe(brig.pgPassword);
    if (brig.rabbitmq) expect(brig.rabbitmq.username).toBe("wire-server");
  }, 180_000);

  it("every play is valid YAML: one play over Wire's inventory group, with no password in it", () => {
    const files = dataPlayFiles({ [SECRET_VARS.postgresqlPassword]: "pg-Secret-1", [SECRET_VARS.rabbitmqPassword]: "mq-Secret-2" });
    expect(files.map((f) => f.file).sort()).toEqual(DATA_PLAYS.map((p) => p.file).sort());
    for (const { file, text } of files) {
      const doc = parseYaml(text) as { hosts: string }[];
      expect({ file, hosts: doc.map((p) => p.hosts) }).toEqual({ file, hosts: [file.includes("postgresql") ? "postgresql" : "rmq-cluster"] });
      expect(text).not.toMatch(/pg-Secret-1|mq-Secret-2/);
    }
    expect(dataPlayFiles(undefined)).toEqual([]);
  });
});
