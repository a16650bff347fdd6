/**
 * lib/tensor/heap-threshold.ts: the first large result raises glibc's mmap threshold once, by
 * allocating and dropping a block it never writes. Checked in a fresh process, since the module
 * acts once per process. (What it is for, fewer page faults per large result, depends on the
 * machine; `npm run bench` reports faults per call.)
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Observed {
  atImport: boolean;
  afterSmall: boolean;
  afterLarge: boolean;
  peakGrowthMB: number;
  value: number;
}

function observe(...args: string[]): Observed {
  const run = spawnSync(process.execPath, ["--import=tsx", "spec/fixtures/heap-threshold-child.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) throw new Error(`the child failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Observed;
}

test("raised at the first result above the initial threshold, not before, and without taking memory", (t) => {
  const seen = observe();
  t.false(seen.atImport, "importing the library allocates nothing large");
  t.false(seen.afterSmall, "results below the threshold leave it alone");
  t.true(seen.afterLarge, "the first large result raises it");
  // The dropped block is just under 32 MiB; never written, it never becomes resident.
  t.true(seen.peakGrowthMB < 16, `peak resident memory grew by ${seen.peakGrowthMB.toFixed(1)} MiB`);
  t.is(seen.value, 1, "and the large result itself is right");
});

test("where the block cannot be allocated (a tight memory limit), the large result is still made", (t) => {
  const seen = observe("no-address-space");
  t.true(seen.afterLarge, "tried once");
  t.is(seen.value, 1);
});
