// Registration, email, SMS and branding: the stack keys (defaults, refusals), brig's values per choice
// and release, the plan's SES resources and DNS records, and the IAM policy's exact scope.
import { parseStackConfig } from "../config/load";
import type { ConfigMap } from "../config/load";
import { ConfigError, formatProblem } from "../config/errors";
import { withSecretStandIns } from "../config/secretStandIns";
import { BRIG_FEEDBACK_QUEUE_ACTIONS, BRIG_INTERNAL_QUEUE_ACTIONS, BRIG_SES_ACTIONS } from "../components/emailPolicy";
import { sesNames } from "../config/email";
import { fakeAwsServices, usesFakeAws } from "../config/fakeAws";
import { brigMailConfig, brigMailSecrets } from "../outputs/brigMailValues";
import { stackFacts, FAKE_AWS } from "../outputs/stackFacts";
import type { WireSecrets } from "../outputs/types";
import { ofType, OFFLINE, plan, stack, stackFile } from "./helpers/stacks";

const SECRETS: WireSecrets = {
  turnSecret: "t", minioAccessKey: "ma", minioSecretKey: "ms", minioCargoholdAccessKey: "ca", minioCargoholdSecretKey: "cs",
  rabbitmqPassword: "r", postgresqlPassword: "p", smtpPassword: "generated-never-a-relays", nginzBasicAuthPassword: "n", zauthPublicKeys: "zp", zauthPrivateKeys: "zs",
};
const email = (e: object): ConfigMap => ({ "wire-backend:email": e });
const problemsOf = (map: ConfigMap): string[] => {
  try {
    parseStackConfig(map);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map(formatProblem);
  }
};
const factsOf = (map: ConfigMap, name = "acme") => stackFacts({ stack: name, config: parseStackConfig(map).config, loadBalancerDnsName: "lb", secrets: SECRETS, gundeck: FAKE_AWS });

describe("the keys", () => {
  it("default to restricted registration, SES online, no SMS, branding from the domain", () => {
    const f = factsOf(stack(100)).mail;
    expect(f.restrictUserCreation).toBe(true);
    expect(f.email.via).toBe("ses");
    expect(f.sender).toBe("no-reply@wire.example.com");
    expect(f.sms).toEqual({ provider: "none" });
    expect(f.branding).toMatchObject({ brand: "Wire", brandUrl: "https://webapp.wire.example.com", brandLabelUrl: "webapp.wire.example.com", misuse: "misuse@wire.example.com", support: "mailto:support@wire.example.com" });
  });

  it("default offline to a relay, whose host is then required (named, with the fix)", () => {
    const island = stack(100, { ...OFFLINE, "wire-backend:email": {} });
    expect(problemsOf(island).join("\n")).toMatch(/email\.smtp\.host.*required.*offline default.*set email\.smtp\.host/);
    expect(factsOf(stack(100, OFFLINE)).mail.email).toEqual({ via: "smtp", host: "10.20.0.25", port: 25, connType: "plain" });
  });

  it("refuse SES offline, a login without its password or over plain text, a named relay offline without its range", () => {
    expect(problemsOf(stack(100, { ...OFFLINE, ...email({ via: "ses" }) })).join("\n")).toMatch(/email\.via.*offline island cannot reach.*email\.via smtp/);
    expect(problemsOf(stack(100, email({ sender: "wire@other.example" }))).join("\n")).toMatch(/email\.sender.*not at wire\.example\.com.*verified/);
    expect(problemsOf(stack(100, email({ via: "smtp", smtp: { host: "mail.example.net", username: "u" } }))).join("\n")).toMatch(/email\.smtp\.password.*pulumi config set --secret/);
    expect(problemsOf(stack(100, email({ via: "smtp", smtp: { host: "mail.example.net", username: "u", password: "p", tls: "none" } }))).join("\n")).toMatch(/email\.smtp\.tls.*in clear.*starttls/);
    expect(problemsOf(stack(100, { ...OFFLINE, ...email({ smtp: { host: "mail.island" } }) })).join("\n")).toMatch(/email\.smtp\.relayCidrs.*required offline.*mail\.island/);
    expect(problemsOf(stack(100, { ...OFFLINE, ...email({ smtp: { host: "mail.island", relayCidrs: ["10.20.0.1/24"] } }) })).join("\n")).toMatch(/relayCidrs.*host bits/);
  });

  it("refuse SMS from 5.4.0 on, where brig has none, and offline", () => {
    const twilio = { "wire-backend:sms": { provider: "twilio", sender: "+15550100", accountSid: `AC${"0".repeat(32)}`, authToken: "tok" } };
    expect(problemsOf(stack(100, twilio)).join("\n")).toMatch(/sms\.provider.*no SMS provider from wire-server 5\.4\.0/);
    expect(problemsOf(stack(100, { ...twilio, "wire-backend:wireVersion": "5.2.0" }))).toEqual([]);
    expect(problemsOf(stack(100, { ...twilio, ...OFFLINE, "wire-backend:wireVersion": "5.2.0" })).join("\n")).toMatch(/sms\.provider.*offline/);
  });

  it("stand in for the relay's password and twilio's token when the stack file lacks them", () => {
    const { paths } = withSecretStandIns({ ...email({ via: "smtp", smtp: { host: "h", username: "u" } }), "wire-backend:sms": { provider: "twilio" } });
    expect(paths).toEqual(["wire-backend:email.smtp.password", "wire-backend:sms.authToken"]);
    expect(withSecretStandIns(email({ via: "smtp", smtp: { host: "h" } })).paths).toEqual([]);
  });
});

describe("brig's values", () => {
  it("SES: real SQS for both queues, the regional SES endpoint, no AWS keys, no SMTP password", () => {
    const f = factsOf(stack(100, { "aws:region": "eu-west-3" }), "acme");
    const c = brigMailConfig(f, "https://account.wire.example.com");
    expect(c.useSES).toBe(true);
    expect(c.aws).toMatchObject({ region: "eu-west-3", sqsEndpoint: "https://sqs.eu-west-3.amazonaws.com", sesEndpoint: "https://email.eu-west-3.amazonaws.com", sesQueue: sesNames("acme").feedbackQueue, internalQueue: sesNames("acme").internalQueue });
    expect(c).not.toHaveProperty("smtp");
    expect(brigMailSecrets(f)).toEqual({});
  });

  it("relay: brig's connType for each TLS mode, the default port, the stack's password and never the generated one", () => {
    const relay = (smtp: object) => factsOf(stack(100, email({ via: "smtp", smtp: { host: "mail.example.net", ...smtp } })));
    expect(brigMailConfig(relay({ tls: "starttls" }), "a").smtp).toEqual({ host: "mail.example.net", port: 587, connType: "tls" });
    expect(brigMailConfig(relay({ tls: "implicit", username: "w", password: "pw" }), "a").smtp).toEqual({ host: "mail.example.net", port: 465, connType: "ssl", username: "w" });
    expect(brigMailConfig(relay({ tls: "none", port: 2525 }), "a").smtp).toEqual({ host: "mail.example.net", port: 2525, connType: "plain" });
    expect(brigMailSecrets(relay({ username: "w", password: "pw" })).smtpPassword).toBe("pw");
    expect(brigMailSecrets(relay({})).smtpPassword).toBe("");
  });

  it("registration: setRestrictUserCreation only when restricted (the chart renders it only when true)", () => {
    expect(brigMailConfig(factsOf(stack(100)), "a").optSettings).toEqual({ setRestrictUserCreation: true });
    expect(brigMailConfig(factsOf(stack(100, { "wire-backend:registration": "open" })), "a").optSettings).toEqual({});
  });

  it("SMS: an empty sender from 5.4.0; before, the credentials files brig parses at start-up (empty, or twilio's)", () => {
    expect(brigMailConfig(factsOf(stack(100)), "a").emailSMS.general.smsSender).toBe("");
    expect(brigMailSecrets(factsOf(stack(100, { "wire-backend:wireVersion": "5.29.5" })))).not.toHaveProperty("setTwilio");
    const old = brigMailSecrets(factsOf(stack(100, { "wire-backend:wireVersion": "5.2.0" })));
    expect(old).toMatchObject({ setTwilio: 'sid: ""\ntoken: ""\n', setNexmo: 'key: ""\nsecret: ""\n' });
    const sid = `AC${"1".repeat(32)}`;
    const twilio = factsOf(stack(100, { "wire-backend:wireVersion": "5.2.0", "wire-backend:sms": { provider: "twilio", sender: "Globex", accountSid: sid, authToken: "tok" } }));
    expect(brigMailSecrets(twilio).setTwilio).toBe(`sid: "${sid}"\ntoken: "tok"\n`);
    expect(brigMailConfig(twilio, "a").emailSMS.general.smsSender).toBe("Globex");
  });
});

describe("the plan", () => {
  const globex = () => plan("globex-onprem", stackFile("globex-onprem"));

  it("globex-onprem: the SES identity with Easy DKIM, its configuration set, MAIL FROM, feedback to SNS and SQS", async () => {
    const p = await globex();
    const [identity] = ofType(p, "aws:sesv2/emailIdentity:EmailIdentity");
    expect(identity.inputs).toMatchObject({ emailIdentity: "chat.globex.example", dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" } });
    expect(ofType(p, "aws:sesv2/configurationSet:ConfigurationSet")).toHaveLength(1);
    expect(ofType(p, "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes")[0].inputs.mailFromDomain).toBe("mail.chat.globex.example");
    expect(ofType(p, "aws:ses/identityNotificationTopic:IdentityNotificationTopic").map((r) => r.inputs.notificationType).sort()).toEqual(["Bounce", "Complaint"]);
    const sub = ofType(p, "aws:sns/topicSubscription:TopicSubscription").find((r) => String(r.inputs.endpoint).endsWith(":globex-onprem-brig-ses-feedback"));
    expect(sub?.inputs.rawMessageDelivery).toBe(true);
    const queues = ofType(p, "aws:sqs/queue:Queue").map((q) => q.inputs.name);
    expect(queues).toEqual(expect.arrayContaining(["globex-onprem-brig-ses-feedback", "globex-onprem-brig-events-internal"]));
  });

  it("globex-onprem: three DKIM CNAMEs, MAIL FROM's MX and SPF, and DMARC in the stack's zone", async () => {
    const p = await globex();
    const records = ofType(p, "aws:route53/record:Record").filter((r) => /_domainkey|^mail\.|_dmarc/.test(String(r.inputs.name)));
    const zone = ofType(p, "aws:route53/zone:Zone")[0];
    expect(records.every((r) => r.inputs.zoneId === zone.id || r.dependsOn.includes(zone.urn))).toBe(true);
    const byType = (t: string) => records.filter((r) => r.inputs.type === t);
    expect(byType("CNAME")).toHaveLength(3);
    for (const r of byType("CNAME")) {
      const token = String(r.inputs.name).split("._domainkey.")[0];
      expect(r.inputs.name).toBe(`${token}._domainkey.chat.globex.example`);
      expect(r.inputs.records).toEqual([`${token}.dkim.amazonses.com`]);
    }
    expect(byType("MX").map((r) => [r.inputs.name, r.inputs.records])).toEqual([["mail.chat.globex.example", ["10 feedback-smtp.eu-central-1.amazonses.com"]]]);
    expect(byType("TXT").map((r) => [r.inputs.name, r.inputs.records]).sort()).toEqual([
      ["_dmarc.chat.globex.example", ["v=DMARC1; p=quarantine; adkim=r; aspf=r"]],
      ["mail.chat.globex.example", ["v=spf1 include:amazonses.com ~all"]],
    ]);
  });

  it("globex-onprem: the Kubernetes nodes' role may send as brig's sender on that identity, and use those two queues, nothing more", async () => {
    const p = await globex();
    const policies = ofType(p, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.name === "email-brig");
    expect(policies).toHaveLength(1);
    const doc = JSON.parse(String(policies[0].inputs.policy)) as { Statement: Array<{ Action: string[]; Resource: string[]; Condition?: object }> };
    const actions = doc.Statement.flatMap((s) => s.Action);
    expect(actions.sort()).toEqual([...BRIG_SES_ACTIONS, ...BRIG_FEEDBACK_QUEUE_ACTIONS, ...BRIG_INTERNAL_QUEUE_ACTIONS].sort());
    expect(JSON.stringify(doc)).not.toMatch(/"\*"|:\*"/);
    const ses = doc.Statement.find((s) => s.Action.includes("ses:SendRawEmail"))!;
    expect(ses.Resource).toEqual([expect.stringMatching(/:identity\/chat\.globex\.example$/), expect.stringMatching(/:configuration-set\/globex-onprem-brig$/)]);
    expect(ses.Condition).toEqual({ StringEquals: { "ses:FromAddress": "no-reply@chat.globex.example" } });
    for (const [action, queue] of [["sqs:SendMessage", "brig-events-internal"], ["sqs:ReceiveMessage", "brig-ses-feedback"]]) {
      const s = doc.Statement.filter((x) => x.Action.includes(action));
      expect(s.flatMap((x) => x.Resource).some((r) => r.endsWith(queue))).toBe(true);
    }
    expect(doc.Statement.find((s) => s.Action.includes("sqs:SendMessage"))!.Resource).toEqual([expect.stringMatching(/brig-events-internal$/)]);
    // The role is the Kubernetes nodes' own, not every node's.
    expect(policies[0].dependsOn.some((u) => u.includes("security-kube-node-role"))).toBe(true);
  });

  it("initech-island: no SES; the Kubernetes nodes may reach the relay's port in its range, nothing else new", async () => {
    const p = await plan("initech-island", stackFile("initech-island"));
    expect(ofType(p, "aws:sesv2/emailIdentity:EmailIdentity")).toEqual([]);
    const egress = ofType(p, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => /smtp/.test(r.name));
    expect(egress.map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort, r.inputs.ipProtocol, (r.inputs.tags as Record<string, string>)["wire:group"]])).toEqual([["10.20.0.25/32", 587, 587, "tcp", "kubernetes"]]);
  });
});

// Which fake-aws services a stack runs: the export's fake-aws values and the upgrade report read this.
// That brig and gundeck really point there is judged on the rendered charts (tests/contract/helmRender.test.ts).
describe("fake-aws follows what points at it (config/fakeAws.ts)", () => {
  const choices = (option: string, connectivity: "online" | "offline", via: "ses" | "smtp") => ({ push: { option }, connectivity, email: { via } });
  it.each([
    ["online, push A, SES: nothing", choices("A", "online", "ses"), { sqs: false, sns: false }],
    ["online, push B, SES: nothing", choices("B", "online", "ses"), { sqs: false, sns: false }],
    ["online, push C, SES: gundeck's SNS only (its queue is real SQS)", choices("C", "online", "ses"), { sqs: false, sns: true }],
    ["online, push A, a relay: brig's internal queue only", choices("A", "online", "smtp"), { sqs: true, sns: false }],
    ["offline, push C, a relay: both", choices("C", "offline", "smtp"), { sqs: true, sns: true }],
  ])("%s", (_name, c, expected) => {
    expect(fakeAwsServices(c)).toEqual(expected);
    expect(usesFakeAws(c)).toBe(expected.sqs || expected.sns);
  });

});
