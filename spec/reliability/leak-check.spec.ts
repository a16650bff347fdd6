// No leaks: scripts/leak-check.ts (npm run leak-check) calls grad, jacobian and hessian 100,000
// times each and fails if the heap grows. The suite runs it with fewer calls, which still catches
// any leak of more than about 170 bytes per call (threshold 1 MiB over 6,000 calls).
import test from "ava";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

test("the leak check passes: the heap after 2,000 calls each of grad, jacobian and hessian is flat", (t) => {
  const run = spawnSync(process.execPath, ["--expose-gc", "--import=tsx", "scripts/leak-check.ts", "2000", "1024"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  t.log(run.stdout.trim());
  t.is(run.status, 0, `leak-check failed:\n${run.stdout}\n${run.stderr}`);
  t.regex(run.stdout, /heap used before: [\d.]+ KiB/);
  t.regex(run.stdout, /grad {5}x 2000: .*\n.*jacobian x 2000: .*\nhessian {2}x 2000: /);
  t.regex(run.stdout, /no leak: the heap stayed flat/);
});
