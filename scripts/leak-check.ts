/**
 * Leak check: calls grad, jacobian and hessian 100,000 times each on small functions and shows
 * that the heap stays flat. Heap used is read after a forced garbage collection, once after a
 * warm-up (so compiled code and caches are already there) and once after all the calls; the
 * script exits with status 1 if it grew by more than the threshold.
 *
 *   npm run leak-check
 *   node --expose-gc --import=tsx scripts/leak-check.ts [iterations] [thresholdKiB]
 *
 * Without --expose-gc it enables the collector itself (v8.setFlagsFromString).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { exp, grad, hessian, jacobian, mul, sin, sum, tensor, type Tensor, type Value } from "../lib/index.ts";

const iterations = Number(process.argv[2] ?? 100_000);
const thresholdKiB = Number(process.argv[3] ?? 1024);
if (!Number.isInteger(iterations) || iterations <= 0 || !(thresholdKiB > 0)) {
  console.error(`usage: leak-check.ts [iterations > 0] [thresholdKiB > 0], got ${process.argv.slice(2).join(" ")}`);
  process.exit(2);
}

function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return exposed;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
const gc = collector();

/** Heap used after collecting until it stops shrinking (weak references and finalizers take a few rounds). */
function settledHeap(): number {
  let last = Infinity;
  for (let round = 0; round < 10; round++) {
    gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= last) return used;
    last = used;
  }
  return last;
}

// Small functions of the three kinds of input: a number, a vector, a vector for second order.
const scalarLoss = (x: Value) => mul(x, sin(x));
const vectorMap = (x: Value) => mul(sin(x), x);
const quadratic = (x: Value) => sum(mul(x, exp(x)));
const point = tensor([0.1, 0.2, 0.3]);
const point2 = tensor([0.3, -0.2]);

const calls: [string, () => number][] = [
  ["grad", () => grad(scalarLoss)(0.7) as number],
  ["jacobian", () => (jacobian(vectorMap)(point) as Tensor).data[4]!],
  ["hessian", () => (hessian(quadratic)(point2) as Tensor).data[0]!],
];

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

// Warm-up: compile, fill caches, register everything that registers lazily.
let checksum = 0;
for (const [, call] of calls) for (let i = 0; i < 2000; i++) checksum += call();

const before = settledHeap();
console.log(`heap used before: ${kib(before)} (after warm-up and forced GC)`);
let ok = true;
let previous = before;
for (const [name, call] of calls) {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) checksum += call();
  const ms = performance.now() - start;
  const now = settledHeap();
  console.log(
    `${name.padEnd(8)} x ${iterations}: ${(ms / 1000).toFixed(1)} s (${((ms * 1000) / iterations).toFixed(1)} µs/call), ` +
      `heap used ${kib(now)} (${now >= previous ? "+" : ""}${kib(now - previous)})`,
  );
  previous = now;
}
const after = settledHeap();
const growth = after - before;
console.log(`heap used after:  ${kib(after)}; growth ${growth >= 0 ? "+" : ""}${kib(growth)} (threshold ${thresholdKiB} KiB)`);
if (!Number.isFinite(checksum)) {
  console.error("the computed derivatives were not finite: the functions are wrong");
  ok = false;
}
if (growth > thresholdKiB * 1024) {
  console.error(`LEAK: the heap grew by ${kib(growth)} over ${3 * iterations} calls, more than ${thresholdKiB} KiB`);
  ok = false;
}
console.log(ok ? "no leak: the heap stayed flat" : "leak check FAILED");
process.exit(ok ? 0 : 1);
