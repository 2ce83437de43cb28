// ARNs are built from the provider's partition (aws, aws-cn, aws-us-gov), never a literal
// `arn:aws:`: the same program then deploys to China and GovCloud regions unchanged.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The partition of the provider's region, looked up once per component. */
export function partitionOf(opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
  return aws.getPartitionOutput({}, opts).partition;
}

/** An AWS-managed IAM policy's ARN: `arn:<partition>:iam::aws:policy/<path>`. */
export function managedPolicyArn(partition: string, policyPath: string): string {
  return `arn:${partition}:iam::aws:policy/${policyPath}`;
}
