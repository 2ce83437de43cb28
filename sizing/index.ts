// The sizing engine: users (+ conference load) -> nodes, EC2 types and cost. No Pulumi, no I/O.
export * from "./types";
export * from "./catalog";
export * from "./bandwidth";
export * from "./rules";
export * from "./pricing";
export * from "./size";
export * from "./overrides";
export * from "./calling";
export * from "./regions";
export * from "./bill";
export * from "./servicePrices";
