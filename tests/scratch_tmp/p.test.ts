import { runPlan } from "../../cli/planRuntime";
import { readStackFile } from "../../config/load";
test("p", async () => {
  const { map } = readStackFile({ stack: "dev", cwd: "/work/main" });
  const plan = await runPlan({ stack: "dev", config: map });
  console.log(JSON.stringify(plan.outputs, null, 1));
  console.log(JSON.stringify(Object.fromEntries(Object.entries(plan.sizing.roles).map(([k,v]:any)=>[k,v.count]))));
  const types = new Map<string, number>(); for (const r of plan.resources) types.set(r.type, (types.get(r.type)??0)+1);
  console.log(types);
  const inst = plan.resources.filter(r => r.type === "aws:ec2/instance:Instance").map(r=>r.name);
  console.log(inst);
  console.log(JSON.stringify(plan.resources.find(r => r.name === "cassandra-1" && r.type==="aws:ec2/instance:Instance"), null, 1));
});
