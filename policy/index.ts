// The policy pack the Pulumi CLI runs: `pulumi preview --policy-pack policy` (see policy/README.md, docs/security.md).
// Only this file constructs the PolicyPack (which starts the analyzer's gRPC server and reads
// ./package.json's version); tests import ./policies instead.
import { PolicyPack } from "@pulumi/policy";
import { policies, stackPolicies } from "./policies";

new PolicyPack("wire-backend", {
  description: "wire-backend guard rails: IMDSv2, encrypted EBS and SQS, only calling/HTTPS ports open to the world, protected data, tight IAM, tagging, a calling DMZ, load balancer deletion protection.",
  policies: [...policies, ...stackPolicies],
});
