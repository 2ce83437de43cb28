/** Unit and mock-runtime tests. Type-checking is done once by `tsc --noEmit` (see package.json),
 * so ts-jest only transpiles each file (tsconfig `isolatedModules`): about 4x faster per test file. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/tests/contract/"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  reporters: ["default", "<rootDir>/tests/helpers/summaryReporter.js"],
  testTimeout: 60000,
};
