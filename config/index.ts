export * from "./errors";
export * from "./schema";
export * from "./load";
export { SCENARIOS } from "./presets";
export type { Scenario } from "./presets";
