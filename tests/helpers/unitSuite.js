// `npm test`: the type check (tsc -b, one core) and jest (two workers) side by side rather than one
// after the other, so that the check does not leave the second core idle on a cold clone. Fails when
// either fails; the type checker's output is printed after jest's.
const { spawn } = require("child_process");

function run(command, args, capture) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit", shell: false });
    let output = "";
    if (capture) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

async function main() {
  const bin = (name) => require.resolve(`${name === "tsc" ? "typescript/bin/tsc" : "jest/bin/jest"}`);
  const [typecheck, jest] = await Promise.all([
    run(process.execPath, [bin("tsc"), "-b", "tsconfig.json"], true),
    run(process.execPath, [bin("jest"), ...process.argv.slice(2)], false),
  ]);
  if (typecheck.output) process.stdout.write(typecheck.output);
  process.stdout.write(typecheck.code === 0 ? "typecheck: tsc -b tsconfig.json passed\n" : `typecheck: tsc -b tsconfig.json failed (exit ${typecheck.code})\n`);
  process.exit(typecheck.code !== 0 ? typecheck.code : jest.code);
}

main();
