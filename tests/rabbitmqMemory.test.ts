// Where the export's RabbitMQ memory play goes: only stacks whose RabbitMQ runs on the shared data nodes get
// it, and the runbook runs it right after Wire's rabbitmq.yml, before the users play. What the play does to a
// real RabbitMQ is judged in tests/contract/dataPlays.test.ts.
import { parse as parseYaml } from "yaml";
import { exportFiles, type ExportOutputs, runbookInput } from "../outputs/exportFiles";
import { installSteps } from "../outputs/installSteps";
import { RABBITMQ_USERS_PLAY, SECRET_VARS } from "../outputs/plays";
import { RABBITMQ_MEMORY_PLAY } from "../outputs/plays/rabbitmqMemory";
import type { InventoryHost } from "../outputs/types";
import { RABBITMQ_WATERMARK_BYTES, RABBITMQ_WATERMARK_GIB, SHARE_RULES } from "../sizing/compact";

const host = (role: InventoryHost["role"], index: number, runs?: InventoryHost["runs"]): InventoryHost => ({
  role,
  hostname: `${role}${index}`,
  index,
  privateIp: `10.0.${index}.10`,
  instanceType: "m7i.large",
  ...(runs ? { runs } : {}),
});
const three = (role: InventoryHost["role"], runs?: InventoryHost["runs"]) => [1, 2, 3].map((i) => host(role, i, runs));

const outputsWith = (hosts: InventoryHost[]): ExportOutputs => ({
  inventory: "",
  helmValues: {},
  kubeObjects: [],
  cloudInit: {},
  ansibleSecrets: { [SECRET_VARS.rabbitmqPassword]: "mq-Secret" },
  hosts: [...three("kubernetes"), ...hosts],
  install: { stack: "s", domain: "example.com", online: true, wireVersion: "5.23.0" },
});

const COMPACT = three("datanode", ["cassandra", "elasticsearch", "minio", "postgresql", "rabbitmq"]);
const REFERENCE = three("rabbitmq");

const playbooks = (o: ExportOutputs) => installSteps(runbookInput(o)!).flatMap((s) => (s.kind === "playbook" ? [s.playbook] : []));

describe("wire-backend-rabbitmq-memory.yml", () => {
  it("compact: exported, and run right after rabbitmq.yml, before the users play", () => {
    const o = outputsWith(COMPACT);
    expect(exportFiles(o).has(`ansible/${RABBITMQ_MEMORY_PLAY}`)).toBe(true);
    const steps = playbooks(o);
    const at = steps.indexOf("ansible/rabbitmq.yml");
    expect(at).toBeGreaterThan(0);
    expect(steps.slice(at, at + 3)).toEqual(["ansible/rabbitmq.yml", `ansible/${RABBITMQ_MEMORY_PLAY}`, `ansible/${RABBITMQ_USERS_PLAY}`]);
  });

  it("reference layout: neither exported nor in the runbook (RabbitMQ keeps its default relative watermark)", () => {
    const o = outputsWith(REFERENCE);
    expect(exportFiles(o).has(`ansible/${RABBITMQ_MEMORY_PLAY}`)).toBe(false);
    expect(playbooks(o)).not.toContain(`ansible/${RABBITMQ_MEMORY_PLAY}`);
    expect(playbooks(o)).toContain(`ansible/${RABBITMQ_USERS_PLAY}`);
  });

  it("pins the watermark the compact sizing budgets for RabbitMQ, on data nodes only", () => {
    const [play] = parseYaml(exportFiles(outputsWith(COMPACT)).get(`ansible/${RABBITMQ_MEMORY_PLAY}`)!.text) as { hosts: string; vars: Record<string, unknown> }[];
    expect(play.hosts).toBe("rmq-cluster:&datanodes");
    expect(SHARE_RULES.rabbitmq.memoryGiB).toBe(RABBITMQ_WATERMARK_GIB);
    expect(play.vars.wire_backend_rabbitmq_watermark_bytes).toBe(SHARE_RULES.rabbitmq.memoryGiB * 1024 ** 3);
    expect(RABBITMQ_WATERMARK_BYTES).toBe(play.vars.wire_backend_rabbitmq_watermark_bytes);
  });
});
