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
  // Appended, so reports keep the seed's rows first. Built only when the stack's wireVersion needs
  // them (config/releases.ts): RabbitMQ from 5.8.0, PostgreSQL from 5.20.0.
  "postgresql",
  "rabbitmq",
  // The compact layout's shared data nodes (config/placement.ts): 0 nodes in the reference layout.
  "datanode",
] as const;
export type Role = (typeof ROLES)[number];
