// Where each data service runs: one table, read by sizing, components, the inventory, the values, the
// diagram, the cost report and the guards, as config/releases.ts decides what each release needs.
// Pure data. A later choice (RDS PostgreSQL, OpenSearch, Amazon MQ) is a new Placement value and a new
// column in PLACEMENTS; what reads the table asks `placementOf` and `servicesOn`, never the layout name.
import { DATA_SERVICES, type DataService } from "./services";

/** The stack key `wire-backend:layout`. */
export const LAYOUTS = ["reference", "compact"] as const;
export type Layout = (typeof LAYOUTS)[number];
/** The stack key `wire-backend:assets`: where cargohold keeps users' files. */
export const ASSET_STORES = ["minio", "s3"] as const;
export type AssetStore = (typeof ASSET_STORES)[number];

/**
 * - `nodes`: a node group of its own (role = service; Wire's reference layout, 99-static).
 * - `datanodes`: the three shared data nodes of the compact layout (Wire's staging.yml).
 * - `s3`: an S3 bucket of the stack instead of a server (MinIO only: cargohold speaks S3).
 */
export type Placement = "nodes" | "datanodes" | "s3";

export interface PlacementChoice {
  layout: Layout;
  assets: AssetStore;
}

export const DEFAULT_PLACEMENT: PlacementChoice = { layout: "reference", assets: "minio" };

/** The layout's placement of every service; `assets: s3` then moves MinIO's job to S3. */
const PLACEMENTS: Record<Layout, Record<DataService, Placement>> = {
  reference: { cassandra: "nodes", minio: "nodes", elasticsearch: "nodes", postgresql: "nodes", rabbitmq: "nodes" },
  compact: { cassandra: "datanodes", minio: "datanodes", elasticsearch: "datanodes", postgresql: "datanodes", rabbitmq: "datanodes" },
};

export type PlacementMap = Record<DataService, Placement>;

export function placementOf(choice: PlacementChoice = DEFAULT_PLACEMENT): PlacementMap {
  const map = { ...PLACEMENTS[choice.layout] };
  if (choice.assets === "s3") map.minio = "s3";
  return map;
}

/** The services placed `where`, in DATA_SERVICES order. */
export function servicesOn(map: PlacementMap, where: Placement): DataService[] {
  return DATA_SERVICES.filter((s) => map[s] === where);
}

/** Words for reports: where a service runs. */
export function describePlacement(p: Placement): string {
  if (p === "nodes") return "nodes of its own (reference layout)";
  if (p === "datanodes") return "the shared data nodes (layout: compact)";
  return "an S3 bucket of the stack (assets: s3)";
}
