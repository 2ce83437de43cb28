// gundeck's IAM policy as pure data: exactly the calls gundeck makes (wire-server
// services/gundeck/src/Gundeck/Aws.hs) on exactly the queue, platform applications and their
// endpoints, and the stack key that encrypts the queue. No `*` action, no bare `*` resource.

export const GUNDECK_SQS_ACTIONS = ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"];
/** On the platform applications: create endpoints, read the app's attributes. */
export const GUNDECK_SNS_APP_ACTIONS = ["sns:CreatePlatformEndpoint", "sns:GetPlatformApplicationAttributes"];
/** On the endpoints under those applications. */
export const GUNDECK_SNS_ENDPOINT_ACTIONS = ["sns:DeleteEndpoint", "sns:GetEndpointAttributes", "sns:Publish", "sns:SetEndpointAttributes"];
/** The queue is encrypted with the stack's key: reading it needs Decrypt. */
export const GUNDECK_KMS_ACTIONS = ["kms:Decrypt"];

export interface GundeckPolicyInput {
  queueArn: string;
  kmsKeyArn: string;
  /** arn:<partition>:sns:<region>:<account>:app/<TRANSPORT>/<arnEnv>-<appId> */
  platformApplicationArns: string[];
}

/** `arn:…:app/APNS/acme-com.example` → `arn:…:endpoint/APNS/acme-com.example/*` (gundeck's Arn.hs). */
export function endpointArnPattern(appArn: string): string {
  return `${appArn.replace(":app/", ":endpoint/")}/*`;
}

export function gundeckPolicy(input: GundeckPolicyInput): object {
  const statements: object[] = [
    { Sid: "GundeckEvents", Effect: "Allow", Action: GUNDECK_SQS_ACTIONS, Resource: [input.queueArn] },
    { Sid: "GundeckQueueKey", Effect: "Allow", Action: GUNDECK_KMS_ACTIONS, Resource: [input.kmsKeyArn] },
  ];
  if (input.platformApplicationArns.length > 0) {
    statements.push(
      { Sid: "GundeckPlatformApps", Effect: "Allow", Action: GUNDECK_SNS_APP_ACTIONS, Resource: input.platformApplicationArns },
      { Sid: "GundeckEndpoints", Effect: "Allow", Action: GUNDECK_SNS_ENDPOINT_ACTIONS, Resource: input.platformApplicationArns.map(endpointArnPattern) },
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Only the feedback topic may write to the queue (SNS delivers endpoint events there). */
export function queuePolicy(queueArn: string, topicArn: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "FeedbackTopicOnly",
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
      },
    ],
  };
}
