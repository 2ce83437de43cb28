// The seed's deployment choices: each push option creates exactly its resources and gundeck settings,
// DNS names follow `domain`, and combinations that cannot work are refused before anything exists.
import { ConfigError } from "../config/errors";
import { runPlan } from "../cli/planRuntime";
import { WIRE_HOSTNAMES } from "../config/hostNames";
import { GUNDECK_KMS_ACTIONS, GUNDECK_SNS_APP_ACTIONS, GUNDECK_SNS_ENDPOINT_ACTIONS, GUNDECK_SQS_ACTIONS } from "../components/pushPolicy";
import { OFFLINE, REPO, ofType, plan, stack, stackFile } from "./helpers/stacks";

const PUSH_TYPES = [
  "aws:sqs/queue:Queue",
  "aws:sqs/queuePolicy:QueuePolicy",
  "aws:sns/topic:Topic",
  "aws:sns/topicSubscription:TopicSubscription",
  "aws:sns/platformApplication:PlatformApplication",
  "aws:iam/user:User",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/accessKey:AccessKey",
];

function pushCounts(p: Awaited<ReturnType<typeof plan>>): Record<string, number> {
  // The Push component's own resources (the SES component has queues and a topic of its own).
  return Object.fromEntries(PUSH_TYPES.map((t) => [t, ofType(p, t).filter((r) => r.urn.includes("wire:push:Push")).length]));
}

const none = Object.fromEntries(PUSH_TYPES.map((t) => [t, 0]));

describe("push option A (Wire's SNS proxy)", () => {
  it("creates nothing SNS-related and hands gundeck Wire's account, region, arnEnv and queue", async () => {
    const p = await plan("acme-cloud", stackFile("acme-cloud"));
    expect(pushCounts(p)).toEqual(none);
    expect(p.outputs.gundeck).toEqual({
      account: "210987654321",
      region: "eu-west-1",
      arnEnv: "acme",
      queueName: "acme-gundeck-events",
      sqsEndpoint: "https://sqs.eu-west-1.amazonaws.com",
      snsEndpoint: "https://sns.eu-west-1.amazonaws.com",
    });
  });
});

describe("push option B (the customer's own SNS)", () => {
  const get = () => plan("globex-onprem", stackFile("globex-onprem"));

  it("creates the queue, the feedback topic, one platform app per app and transport, and one IAM user", async () => {
    const p = await get();
    expect(pushCounts(p)).toEqual({ ...none, "aws:sqs/queue:Queue": 1, "aws:sqs/queuePolicy:QueuePolicy": 1, "aws:sns/topic:Topic": 1, "aws:sns/topicSubscription:TopicSubscription": 1, "aws:sns/platformApplication:PlatformApplication": 3, "aws:iam/user:User": 1, "aws:iam/userPolicy:UserPolicy": 1, "aws:iam/accessKey:AccessKey": 1 });
    const queue = ofType(p, "aws:sqs/queue:Queue")[0];
    expect(queue.inputs.name).toBe("globex-gundeck-events");
    expect(String(queue.inputs.kmsMasterKeyId)).toMatch(/^arn:aws:kms:/);
    const apps = ofType(p, "aws:sns/platformApplication:PlatformApplication");
    expect(apps.map((a) => [a.inputs.platform, a.inputs.name]).sort()).toEqual([
      ["APNS", "globex-com.globex.wire"],
      ["APNS_VOIP", "globex-com.globex.wire"],
      ["GCM", "globex-globex-wire-fcm"],
    ]);
    const topic = ofType(p, "aws:sns/topic:Topic")[0];
    for (const a of apps) {
      expect(a.inputs.eventDeliveryFailureTopicArn).toBe(`arn:aws:sns:eu-central-1:123456789012:${topic.name}/${topic.id}`);
      expect(a.inputs.eventEndpointUpdatedTopicArn).toBe(a.inputs.eventDeliveryFailureTopicArn);
      expect(a.inputs.platformCredential).toBe("[secret]");
    }
    const sub = ofType(p, "aws:sns/topicSubscription:TopicSubscription")[0];
    expect(sub.inputs).toMatchObject({ protocol: "sqs", rawMessageDelivery: true, endpoint: expect.stringContaining("globex-gundeck-events") });
  });

  it("lets only the feedback topic write to the queue", async () => {
    const p = await get();
    const policy = JSON.parse(String(ofType(p, "aws:sqs/queuePolicy:QueuePolicy")[0].inputs.policy));
    expect(policy.Statement).toHaveLength(1);
    const [s] = policy.Statement;
    expect(s).toMatchObject({ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage" });
    expect(s.Resource).toContain("globex-gundeck-events");
    expect(s.Condition.ArnEquals["aws:SourceArn"]).toBe(ofType(p, "aws:sns/platformApplication:PlatformApplication")[0].inputs.eventDeliveryFailureTopicArn);
  });

  it("grants gundeck exactly its SQS, SNS and KMS actions on exactly its queue, key, apps and their endpoints", async () => {
    const p = await get();
    const doc = JSON.parse(String(ofType(p, "aws:iam/userPolicy:UserPolicy")[0].inputs.policy));
    const appArns = ofType(p, "aws:sns/platformApplication:PlatformApplication").map((a) => `arn:aws:sns:eu-central-1:123456789012:${a.name}/${a.id}`);
    const byAction = new Map<string, string[]>();
    for (const s of doc.Statement) {
      expect(s.Effect).toBe("Allow");
      for (const a of [s.Action].flat()) byAction.set(a, [...(byAction.get(a) ?? []), ...[s.Resource].flat()]);
    }
    expect([...byAction.keys()].sort()).toEqual([...GUNDECK_SQS_ACTIONS, ...GUNDECK_SNS_APP_ACTIONS, ...GUNDECK_SNS_ENDPOINT_ACTIONS, ...GUNDECK_KMS_ACTIONS].sort());
    for (const [action, resources] of byAction) {
      expect([action, resources.some((r) => r === "*")]).toEqual([action, false]);
      if (action.startsWith("sqs:")) expect(resources).toEqual([expect.stringMatching(/:globex-gundeck-events$/)]);
      if (action.startsWith("kms:")) expect(resources).toEqual([expect.stringMatching(/^arn:aws:kms:/)]);
      if (GUNDECK_SNS_APP_ACTIONS.includes(action)) expect(resources.sort()).toEqual(appArns.sort());
      if (GUNDECK_SNS_ENDPOINT_ACTIONS.includes(action)) expect(resources.sort()).toEqual(appArns.map((a) => `${a.replace(":app/", ":endpoint/")}/*`).sort());
    }
  });

  it("points gundeck at the queue in the customer's account", async () => {
    const p = await get();
    expect(p.outputs.gundeck).toEqual({
      account: "123456789012",
      region: "eu-central-1",
      arnEnv: "globex",
      queueName: "globex-gundeck-events",
      sqsEndpoint: "https://sqs.eu-central-1.amazonaws.com",
      snsEndpoint: "https://sns.eu-central-1.amazonaws.com",
    });
  });
});

describe("push option C (WebSockets only)", () => {
  it("online: an encrypted queue and a gundeck user with SQS and KMS rights only, no SNS", async () => {
    const p = await plan("cstack", stack(1000));
    expect(pushCounts(p)).toEqual({ ...none, "aws:sqs/queue:Queue": 1, "aws:iam/user:User": 1, "aws:iam/userPolicy:UserPolicy": 1, "aws:iam/accessKey:AccessKey": 1 });
    const doc = JSON.parse(String(ofType(p, "aws:iam/userPolicy:UserPolicy")[0].inputs.policy));
    const actions = doc.Statement.flatMap((s: { Action: string[] }) => s.Action).sort();
    expect(actions).toEqual([...GUNDECK_SQS_ACTIONS, ...GUNDECK_KMS_ACTIONS].sort());
    expect((p.outputs.gundeck as { snsEndpoint: string }).snsEndpoint).toBe("http://fake-aws-sns:4575");
    expect((p.outputs.gundeck as { queueName: string }).queueName).toBe("cstack-gundeck-events");
  });

  it("offline: nothing in AWS; gundeck uses Wire's fake-aws", async () => {
    const p = await plan("initech-island", stackFile("initech-island"));
    expect(pushCounts(p)).toEqual(none);
    expect(p.outputs.gundeck).toMatchObject({ sqsEndpoint: "http://fake-aws-sqs:4568", snsEndpoint: "http://fake-aws-sns:4575", queueName: "integration-gundeck-events" });
  });
});

describe("refused combinations register nothing", () => {
  const wire = { account: "123456789012", region: "eu-west-1", arnEnv: "acme", accessKeyId: "AKIAAAAAAAAAAAAAAAAA", secretAccessKey: "s".repeat(40) };
  it.each([
    ["push A offline", { ...OFFLINE, "wire-backend:push": { option: "A", wire } }, /push\.option: "A" needs the internet/],
    ["push B offline", { ...OFFLINE, "wire-backend:push": { option: "B", arnEnv: "x", apps: [{ appId: "a.b", transport: "GCM", credential: "k" }] } }, /push\.option: "B" needs the internet/],
    ["push A without the key pair", { "wire-backend:push": { option: "A", wire: { ...wire, secretAccessKey: undefined } } }, /push\.wire\.secretAccessKey: is required/],
    ["push B without apps", { "wire-backend:push": { option: "B", arnEnv: "x", apps: [] } }, /push\.apps: \[\] has too few entries/],
    ["a bad domain", { "wire-backend:domain": "not a domain" }, /wire-backend:domain: "not a domain" is not a DNS name/],
  ])("%s", async (_name, extra, message) => {
    const error = await runPlan({ stack: "refused", config: stack(500, extra) }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error.message)).toMatch(message);
  });
});

describe("DNS", () => {
  it("online: a public zone with Wire's names on the load balancer and one record per TURN node", async () => {
    const p = await plan("dev", stackFile("dev"));
    const zone = ofType(p, "aws:route53/zone:Zone")[0];
    expect(zone.inputs.name).toBe("wire.example.com");
    expect(zone.inputs.vpcs).toBeUndefined();
    const records = ofType(p, "aws:route53/record:Record");
    for (const host of WIRE_HOSTNAMES) {
      const r = records.find((x) => x.inputs.name === `${host}.wire.example.com`)!;
      expect((r.inputs.aliases as { name: string }[])[0].name).toBe(p.outputs.loadBalancerDnsName);
    }
    const turn = records.filter((r) => String(r.inputs.name).startsWith("turn"));
    expect(turn.map((r) => (r.inputs.records as string[])[0]).sort()).toEqual([...(p.outputs.restundPublicIps as string[])].sort());
  });

  it("offline: a private zone attached to the VPC, TURN records on private addresses", async () => {
    const p = await plan("initech-island", stackFile("initech-island"));
    const zone = ofType(p, "aws:route53/zone:Zone")[0];
    expect(zone.inputs.vpcs).toEqual([{ vpcId: p.outputs.vpcId }]);
    const turn = ofType(p, "aws:route53/record:Record").filter((r) => String(r.inputs.name).startsWith("turn"));
    expect(turn.map((r) => (r.inputs.records as string[])[0]).sort()).toEqual([...(p.outputs.privateIps as Record<string, string[]>).restund].sort());
  });

  it("uses an existing zone instead of creating one", async () => {
    const p = await plan("zoned", stack(500, { "wire-backend:dns": { zoneId: "Z0123456789ABC" } }));
    expect(ofType(p, "aws:route53/zone:Zone")).toHaveLength(0);
    expect(ofType(p, "aws:route53/record:Record").every((r) => r.inputs.zoneId === "Z0123456789ABC")).toBe(true);
  });
});

describe("every example stack in the repository plans cleanly", () => {
  it.each(["dev", "acme-cloud", "globex-onprem", "initech-island"])("%s", async (name) => {
    const p = await plan(name, stackFile(name));
    expect(p.resources.filter((r) => r.type === "aws:ec2/instance:Instance").length).toBeGreaterThan(10);
  });
});

describe("the WebSockets-only warning", () => {
  it("is in the plan of every option C stack and of no other", async () => {
    expect((await plan("initech-island", stackFile("initech-island"))).warnings.join()).toMatch(/iOS clients get no notifications while in the background/);
    expect((await plan("acme-cloud", stackFile("acme-cloud"))).warnings).toEqual([]);
    expect((await plan("globex-onprem", stackFile("globex-onprem"))).warnings).toEqual([]);
  });

  it("is printed by `size --stack` for an option C stack", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require("../cli/size") as typeof import("../cli/size");
    const island = main(["--stack", "initech-island"], { cwd: REPO });
    expect(island.code).toBe(0);
    expect(island.stderr).toMatch(/warning: push option C .*iOS/);
    expect(main(["--stack", "acme-cloud"], { cwd: REPO }).stderr).not.toMatch(/warning/);
  });
});

describe("online and offline plans of the same stack", () => {
  it("differ only in the island's respects", async () => {
    const net = { cidr: "172.16.0.0/16", clientCidrs: ["192.168.0.0/16"] };
    const online = await plan("same", stack(2_000, { "wire-backend:network": net }));
    const offline = await plan("same", stack(2_000, { "wire-backend:network": net, "wire-backend:connectivity": "offline", "wire-backend:email": { smtp: { host: "10.20.0.25" } } }));
    const byUrn = (p: typeof online) => new Map(p.resources.map((r) => [r.urn.replace(/::[^:]*$/, "") + "::" + r.name, r]));
    const on = byUrn(online);
    const off = byUrn(offline);
    // What only the online plan has, and what only the island has, by type.
    const only = (a: Map<string, unknown>, b: Map<string, unknown>) =>
      [...new Set([...a.keys()].filter((k) => !b.has(k)).map((k) => k.split("::")[2].split("$").pop()))].sort();
    expect(only(on, off)).toEqual(
      [
        "aws:ec2/eip:Eip",
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/natGateway:NatGateway",
        "aws:ec2/route:Route",
        "aws:ec2/routeTable:RouteTable",
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        "aws:ec2/subnet:Subnet",
        "aws:iam/accessKey:AccessKey",
        "aws:iam/user:User",
        "aws:iam/userPolicy:UserPolicy",
        "aws:sqs/queue:Queue",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        // Let's Encrypt's issuers, and cert-manager's Route 53 rights for DNS-01.
        "kubernetes:cert-manager.io/v1:ClusterIssuer",
        "wire:dns:CertManagerDns",
        "aws:iam/rolePolicy:RolePolicy",
        // brig's mail through Amazon SES (email.via ses, the online default; offline a relay).
        "wire:email:Ses",
        "aws:sesv2/configurationSet:ConfigurationSet",
        "aws:sesv2/emailIdentity:EmailIdentity",
        "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes",
        "aws:ses/identityNotificationTopic:IdentityNotificationTopic",
        "aws:sns/topic:Topic",
        "aws:sns/topicPolicy:TopicPolicy",
        "aws:sns/topicSubscription:TopicSubscription",
        "aws:sqs/queuePolicy:QueuePolicy",
        "aws:route53/record:Record",
      ].sort(),
    );
    // The endpoints' security group and rule, the SSM endpoints, the S3 egress of the admin and asset
    // hosts, and cert-manager's wire-ca issuer (no ACME on the island).
    expect(only(off, on)).toEqual(
      ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "kubernetes:cert-manager.io/v1:ClusterIssuer"].sort(),
    );
    // Every instance and data volume exists in both, with the same type, size and zone.
    for (const [key, r] of on) {
      if (r.type !== "aws:ec2/instance:Instance" && r.type !== "aws:ebs/volume:Volume") continue;
      const twin = off.get(key)!;
      expect([r.name, twin.inputs.instanceType, twin.inputs.size, twin.inputs.availabilityZone]).toEqual([r.name, r.inputs.instanceType, r.inputs.size, r.inputs.availabilityZone]);
    }
  });
});

describe("secrets in the plan", () => {
  it("never prints the generated TURN secret or the MinIO keys", async () => {
    const shown = await plan("dev", stackFile("dev"), { showSecrets: true });
    const secrets = (shown.outputs.helmValues as Record<string, { secrets: unknown }>)["wire-server"].secrets;
    const turn = (secrets as { brig: { secrets: { turn: { secret: string } } } }).brig.secrets.turn.secret;
    expect(turn.length).toBeGreaterThanOrEqual(32);
    const printed = JSON.stringify(await plan("dev", stackFile("dev")));
    expect(printed).not.toContain(turn);
    expect(printed).toContain('"helmValues":"[secret]"');
  });
});

describe("`plan --compare`", () => {
  it("adds the stack sized at other user counts", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require("../cli/plan") as typeof import("../cli/plan");
    const out = jest.spyOn(process.stdout, "write").mockImplementation((() => true) as never);
    const err = jest.spyOn(process.stderr, "write").mockImplementation((() => true) as never);
    const code = await main(["--config", `${REPO}/Pulumi.dev.yaml`, "--json", "--compare", "500,20000"]);
    const doc = JSON.parse(out.mock.calls.map((c) => String(c[0])).join(""));
    out.mockRestore();
    err.mockRestore();
    expect(code).toBe(0);
    expect(doc.compare.columns.map((c: { users: number }) => c.users)).toEqual([500, 20000]);
    expect(doc.compare.columns[1].monthlyCostUSD).toBeGreaterThan(doc.sizing.monthlyCostUSD);
    expect(doc.compare.columns[0].monthlyCostUSD).toBeLessThanOrEqual(doc.sizing.monthlyCostUSD);
  });
});

describe("TURN over TLS", () => {
  it("advertises turns: by each TURN node's DNS name when turn.tls is on (the default), and not otherwise", async () => {
    const v2 = (p: Awaited<ReturnType<typeof plan>>) =>
      ((p.outputs.helmValues as Record<string, { values: { brig: { turnStatic: { v2: string[] } } } }>)["wire-server"].values.brig.turnStatic.v2);
    const tls = await plan("test", stack(2_000), { showSecrets: true });
    const names = ofType(tls, "aws:route53/record:Record").map((r) => String(r.inputs.name)).filter((n) => n.startsWith("turn"));
    const turns = v2(tls).filter((u) => u.startsWith("turns:"));
    expect(turns).toHaveLength(tls.sizing.roles.restund.count);
    expect(turns.map((u) => u.slice("turns:".length).split(":")[0]).sort()).toEqual(names.sort());
    const plain = await plan("test", stack(2_000, { "wire-backend:turn": { tls: false } }), { showSecrets: true });
    expect(v2(plain).some((u) => u.startsWith("turns:"))).toBe(false);
    expect(v2(plain)).toHaveLength(2 * plain.sizing.roles.restund.count);
  });
});
