/** Unit and mock-runtime tests. Type-checking is done once by `tsc --noEmit` (see package.json),
 * so ts-jest only transpiles each file (tsconfig `isolatedModules`): about 4x faster per test file. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/tests/contract/"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  // The SDK's eager `require("typescript")` gets a stand-in that loads the compiler on first use.
  moduleNameMapper: { "^typescript$": "<rootDir>/tests/helpers/typescriptStandIn.ts" },
  reporters: ["default", "<rootDir>/tests/helpers/summaryReporter.js"],
  // Jest's default is one worker fewer than the cores: on CI's 2 cores that is 1. Two are ~35% faster.
  maxWorkers: 2,
  testTimeout: 60000,
};
