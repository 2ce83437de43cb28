// Jest globalSetup/globalTeardown: one directory per `jest` run where tests/helpers/stacks.ts keeps the
// plans it made, so that a plan several test files need (the example stacks) is made once per run, not
// once per file. Per run, so no plan outlives the code that made it. Workers inherit the variable.
const fs = require("fs");
const os = require("os");
const path = require("path");

const VAR = "WIRE_BACKEND_TEST_PLAN_CACHE";

async function setup() {
  process.env[VAR] = fs.mkdtempSync(path.join(os.tmpdir(), "wb-plans-"));
}

async function teardown() {
  const dir = process.env[VAR];
  if (dir && path.basename(dir).startsWith("wb-plans-")) fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = setup;
module.exports.teardown = teardown;
module.exports.VAR = VAR;
