// The roles a stack file may override and the sizing engine sizes, in the order reports print them.
// Its own file without dependencies, so that the `size` command can import it without zod.
export const ROLES = [
  "cassandra",
  "minio",
  "elasticsearch",
  "kubernetes",
  "restund",
  "sft",
  "adminHost",
  "assetHost",
] as const;
export type Role = (typeof ROLES)[number];
