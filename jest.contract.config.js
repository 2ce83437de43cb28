/** Contract tests: our outputs judged by their real consumers (ansible-inventory, cloud-init schema,
 * the Kubernetes schema). `.ci/run` installs the Debian tools first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests/contract"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  // As in jest.config.js: the SDK's eager `require("typescript")` and `require("@npmcli/arborist")` get lazy stand-ins.
  moduleNameMapper: {
    "^typescript$": "<rootDir>/tests/helpers/typescriptStandIn.ts",
    "^@npmcli/arborist$": "<rootDir>/tests/helpers/arboristStandIn.ts",
  },
  reporters: ["default", "<rootDir>/tests/helpers/summaryReporter.js"],
  testTimeout: 120000,
};
