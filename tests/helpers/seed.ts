// Wire's deployment overview (shared/seed/deployment-overview.txt): the table the sizing reproduces at
// about 2,000 users. Per role: count, CPU cores, memory GB, disk GB. Typed here, not read from sizing/,
// so that the tests compare the engine with the seed and not with itself.
import type { Role } from "../../sizing";

export const SEED: Record<Exclude<Role, "sft" | "postgresql" | "rabbitmq" | "datanode">, [number, number, number, number]> = {
  cassandra: [3, 2, 4, 80],
  minio: [3, 1, 2, 400],
  elasticsearch: [3, 1, 2, 60],
  kubernetes: [3, 6, 8, 40],
  restund: [2, 1, 2, 10],
  adminHost: [1, 1, 4, 40],
  assetHost: [1, 1, 4, 100],
};
