/**
 * Measures jacfwd, jacrev and jacobian on a tall Jacobian (8 inputs -> 2000 outputs) and a wide
 * one (2000 inputs -> 8 outputs), for the table in docs/02-forward-and-reverse-mode.md.
 *
 *   npx tsx scripts/docs/measure-jacobian-modes.ts
 *
 * The function is one dense layer, f(x) = tanh(W x), with W of shape [m, n]. Each timing is the
 * median of several runs after a warm-up of at least 300 ms. Prints a markdown table and the machine it ran on.
 */
import { cpus, platform, arch } from "node:os";
import { seededRandom as seeded } from "../common/random.ts";
import { jacfwd, jacrev, jacobian, matmul, tanh, tensor, chooseJacobianMode, type Tensor } from "../../lib/index.ts";


function randomTensor(shape: number[], random: () => number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(Float64Array.from({ length: size }, () => (2 * random() - 1) / Math.sqrt(shape[shape.length - 1]!)), shape);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median wall time of `run` in ms. The warm-up lasts at least 300 ms (and 3 calls), so that the
 * fast cases are measured optimized: after a single warm-up call jacfwd on the tall shape still
 * ran partly unoptimized and measured 5.7 ms instead of about 1.
 */
function time(run: () => unknown, repeats: number): number {
  const start = performance.now();
  for (let i = 0; i < 3 || performance.now() - start < 300; i++) run();
  const ms: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const random = seeded(7);
const rows: string[] = [];
for (const [label, n, m] of [["tall", 8, 2000], ["wide", 2000, 8]] as const) {
  const W = randomTensor([m, n], random);
  const x = randomTensor([n], random);
  const f = (v: Tensor) => tanh(matmul(W, v));
  const repeats = 7;
  const fwd = time(() => jacfwd(f)(x), repeats);
  const rev = time(() => jacrev(f)(x), repeats);
  const auto = time(() => jacobian(f)(x), repeats);
  const chosen = chooseJacobianMode(n, m).mode;
  rows.push(`| ${label}: ${n} -> ${m} | ${fwd.toFixed(1)} ms (${n} passes) | ${rev.toFixed(1)} ms (${m} passes) | ${auto.toFixed(1)} ms (${chosen}) |`);
}
console.log("| Jacobian | jacfwd | jacrev | jacobian (auto) |");
console.log("| --- | --- | --- | --- |");
for (const r of rows) console.log(r);
console.log(`\nmeasured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores), ${platform()} ${arch()}, Node ${process.version}`);
