// The stack file's keys before the schema sees them: Pulumi reads each as `<namespace>:<name>`.
// `wire-backend:` keys are this program's (the schema checks those); `aws:` keys are read by
// Pulumi's aws provider, which refuses a name it does not know at `pulumi up` (pulumi/pulumi-aws
// issues 3360, 5116), so a typo there (aws:regoin) is said now, with the nearest name. Every other
// namespace (kubernetes:, pulumi:, another provider's) belongs to someone else and passes untouched.
import { ConfigProblem } from "./errors";
import { nearestFirst, suggest } from "./issues";
import { PROJECT, stackSchema } from "./schema";

/**
 * The configuration keys of Pulumi's aws provider at the version package.json pins: the getters of
 * `@pulumi/aws/config/vars` (tests/stackMistakes.test.ts holds this list to them). Written out here
 * because loading that module loads all of @pulumi/pulumi, which the stack file's check must not need.
 */
export const AWS_PROVIDER_KEYS: readonly string[] = [
  "accessKey", "allowedAccountIds", "assumeRoleWithWebIdentity", "assumeRoles", "customCaBundle", "defaultTags",
  "ec2MetadataServiceEndpoint", "ec2MetadataServiceEndpointMode", "endpoints", "forbiddenAccountIds", "httpProxy",
  "httpsProxy", "ignoreTags", "insecure", "maxRetries", "noProxy", "profile", "region", "retryMode",
  "s3UsEast1RegionalEndpoint", "s3UsePathStyle", "secretKey", "sharedConfigFiles", "sharedCredentialsFiles",
  "skipCredentialsValidation", "skipMetadataApiCheck", "skipRegionValidation", "skipRequestingAccountId", "stsRegion",
  "tagPolicyCompliance", "token", "tokenBucketRateLimiterCapacity", "useDualstackEndpoint", "useFipsEndpoint", "userAgents",
];

/** This program's keys as written in the stack file (aws:region is read beside them). */
function projectKeys(): string[] {
  return Object.keys(stackSchema.shape).filter((k) => k !== "region");
}

/** Every full key a stack file may hold that this program or the aws provider reads. */
function knownKeys(): string[] {
  return [...projectKeys().map((k) => `${PROJECT}:${k}`), ...AWS_PROVIDER_KEYS.map((k) => `aws:${k}`)];
}

/** `wire-backend:config:users` is Pulumi's older spelling of `wire-backend:users`. */
function nameOf(key: string, namespace: string): string {
  return key.slice(namespace.length + 1).replace(/^config:/, "");
}

function noNamespace(key: string): string {
  const near = suggest(key, projectKeys()) ?? suggest(key, AWS_PROVIDER_KEYS);
  const full = near && (projectKeys().includes(near) ? `${PROJECT}:${near}` : `aws:${near}`);
  const nearest = nearestFirst(key, projectKeys())[0];
  const fix = full
    ? `did you mean ${full}?`
    : `this program's keys are written ${PROJECT}:NAME (the nearest is ${PROJECT}:${nearest}), the aws provider's aws:NAME; remove it or give it its namespace`;
  return `has no namespace, and Pulumi reads only <namespace>:<name> keys; ${fix}`;
}

/** Problems of the keys themselves (not their values), each with the nearest known key. */
export function stackKeyProblems(map: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(map)) {
    const colon = key.indexOf(":");
    if (colon <= 0) {
      problems.push({ key, value, message: noNamespace(key) });
      continue;
    }
    const namespace = key.slice(0, colon);
    if (namespace === "aws") {
      const name = nameOf(key, "aws");
      if (AWS_PROVIDER_KEYS.includes(name)) continue;
      const near = suggest(name, AWS_PROVIDER_KEYS);
      const fix = near ? `did you mean aws:${near}?` : "remove it, or move a key of your own to another namespace";
      problems.push({ key, value, message: `is not a configuration key of Pulumi's aws provider, which refuses it at pulumi up; ${fix}` });
      continue;
    }
    // A namespace a few letters off this program's (wire_backend, wire-backnd): its keys would be ignored.
    // Not for aws: three letters are too few to tell a typo from another provider (tls, k8s-style names).
    if (namespace !== PROJECT && suggest(namespace, [PROJECT]) !== undefined) {
      const near = suggest(`${PROJECT}:${nameOf(key, namespace)}`, knownKeys());
      problems.push({ key, value, message: `is in namespace "${namespace}", which nothing reads; ${near ? `did you mean ${near}?` : `this program's keys are written ${PROJECT}:NAME`}` });
    }
  }
  return problems;
}
