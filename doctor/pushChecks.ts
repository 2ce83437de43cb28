// Push option B lives in the customer's account: gundeck's queue and keys must be in the outputs,
// pointing at real AWS (not fake-aws). What the outputs can show; the doctor calls no AWS API.
import { Check, fail, pass } from "./check";
import type { DoctorTargets } from "./targets";

export function pushChecks(t: DoctorTargets): Check[] {
  if (t.push.option !== "B") return [];
  return [
    {
      id: "push:option-b",
      group: "push",
      target: "gundeck's SQS queue and SNS (option B)",
      async run() {
        const g = t.push.gundeck;
        if (!g) return fail("the outputs have no gundeck settings", "the stack was deployed without push option B, or by an older version: run pulumi up");
        const problems: string[] = [];
        if (!/^\d{12}$/.test(g.account)) problems.push(`account "${g.account}" is not an AWS account id`);
        if (g.queueName !== `${g.arnEnv}-gundeck-events`) problems.push(`queue "${g.queueName}" is not ${g.arnEnv}-gundeck-events`);
        for (const [k, v] of [["sqsEndpoint", g.sqsEndpoint], ["snsEndpoint", g.snsEndpoint]] as const) {
          if (!v.startsWith("https://") || v.includes("fake-aws")) problems.push(`${k} ${v} is not AWS`);
        }
        if (problems.length > 0) return fail(problems.join("; "), "gundeck would not reach your SNS/SQS: the push component's outputs are incomplete; run pulumi up and re-export the values");
        return pass(`queue ${g.queueName} in ${g.account}/${g.region}, SNS at ${g.snsEndpoint}`);
      },
    },
  ];
}
