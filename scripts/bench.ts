/**
 * `npm run bench`: cotangent against hand-written plain-JS references (scripts/bench/references.ts)
 * on the workloads W1..W5 of the performance issue, in one process so ratios are comparable.
 *
 * 1. Checks every cotangent result against its reference before timing anything (a fast wrong
 *    answer is not a result); exits with status 1 if one is off.
 * 2. Times each case (median of several runs after warm-up, harness.ts), with the page faults,
 *    kernel time and garbage-collection pauses per call, which show what fresh memory costs.
 * 3. Measures peak RSS in fresh child processes (scripts/bench/rss-child.ts), as a plain-JS
 *    bundle under node (as users run the library) and under the tsx loader; and, on Linux with
 *    glibc, times W1 n=1e6 in fresh processes under three allocator settings
 *    (scripts/bench/allocator-child.ts), to show how much of it is the allocator's.
 * 4. Prints the timing table, the targets table (measured ratio, limit, pass/fail), and one
 *    `BENCH_JSON` line per measurement and per target.
 *
 *   npm run bench                 # everything (a few minutes)
 *   npm run bench -- --only W2,W4 # a subset while working on one workload
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  grad, hessian, hvp, jacfwd, jacobian, jacrev, jvp, tensor, valueAndGrad, vjp,
  type Tensor,
} from '../lib/index.ts';
import {
  ALLOCATOR_PREFIX, type AllocatorReport, BENCH_OPTIONS, formatCount, formatMs, jsonLine, measureInterleaved, relErr, measurePeakRssInChild, printTable, runChildReport, settleGcPauses,
  type MeasureOptions, type Measurement, type TableRow,
} from './bench/harness.ts';
import {
  chain, chainDual, chainDualObjects, chainGradHandTape, makeW1, makeW2, makeW3, makeW4, makeW5, mlpLoss,
  mlpSgdStep, mlpValueAndGrad, rosenbrock, rosenbrockHessian, rosenbrockHvp, rosenbrockValueAndGrad,
  tanhAx, tanhAxJacobian,
} from './bench/references.ts';
import { chainOps, mlpLossOps, mlpTensors, rosenbrockOps, sgdOps, tanhAxOps, type MlpTensors } from './bench/workloads.ts';

const only = (() => {
  const i = process.argv.indexOf('--only');
  return i >= 0 ? new Set((process.argv[i + 1] ?? '').split(',').map((s) => s.trim().toUpperCase())) : null;
})();
const wanted = (workload: string) => only === null || only.has(workload);

// ---------------------------------------------------------------------------
// Correctness: every cotangent result against its reference, before any timing.

interface Check {
  workload: string;
  check: string;
  error: number;
  tolerance: number;
}
const checks: Check[] = [];


function check(workload: string, what: string, got: number | ArrayLike<number>, ref: number | ArrayLike<number>, tolerance: number): void {
  const a = typeof got === 'number' ? [got] : got;
  const b = typeof ref === 'number' ? [ref] : ref;
  checks.push({ workload, check: what, error: relErr(a, b), tolerance });
}

const dataOf = (v: unknown): Float64Array => (v as Tensor).data;

// ---------------------------------------------------------------------------
// Cases: each workload's cotangent variants and its references.

interface Case {
  workload: string;
  variant: string;
  size: string;
  impl: 'cotangent' | 'reference';
  fn: () => unknown;
  opts?: MeasureOptions;
}
const cases: Case[] = [];
const add = (c: Case) => cases.push(c);

const W1_SIZES = [1e3, 1e5, 1e6];
if (wanted('W1')) {
  for (const n of W1_SIZES) {
    const size = `n=${n.toExponential(0).replace('+', '')}`;
    const raw = makeW1(n);
    const x = tensor(raw);
    const vg = valueAndGrad(rosenbrockOps);
    const g = new Float64Array(n);
    const refValue = rosenbrockValueAndGrad(raw, g);
    const [value, gx] = vg(x) as [number, Tensor];
    check('W1', `f == reference (${size})`, rosenbrockOps(x) as number, rosenbrock(raw), 1e-12);
    check('W1', `valueAndGrad value (${size})`, value, refValue, 1e-12);
    check('W1', `valueAndGrad gradient (${size})`, gx.data, g, 1e-12);
    const refGrad = new Float64Array(n);
    add({ workload: 'W1', variant: 'f', size, impl: 'reference', fn: () => rosenbrock(raw) });
    add({ workload: 'W1', variant: 'valueAndGrad', size, impl: 'reference', fn: () => rosenbrockValueAndGrad(raw, refGrad) });
    add({ workload: 'W1', variant: 'f', size, impl: 'cotangent', fn: () => rosenbrockOps(x) });
    add({ workload: 'W1', variant: 'valueAndGrad', size, impl: 'cotangent', fn: () => vg(x) });
  }
}

if (wanted('W2')) {
  const size = '128x784x256x10';
  const data = makeW2();
  const { params, X, Y } = mlpTensors(data);
  const vg = valueAndGrad(mlpLossOps);
  const ref = mlpValueAndGrad(data.params, data.X, data.y);
  const [loss, g] = vg(params, X, Y) as [number, MlpTensors];
  check('W2', 'f == reference loss', mlpLossOps(params, X, Y) as number, mlpLoss(data.params, data.X, data.y), 1e-12);
  check('W2', 'valueAndGrad loss', loss, ref.loss, 1e-12);
  for (const k of ['W1', 'b1', 'W2', 'b2'] as const) check('W2', `d loss / d ${k}`, g[k].data, ref.grads[k], 1e-10);
  // The steps train copies, so the checked data above stays as it was.
  const refParams = { ...data.params, W1: data.params.W1.slice(), b1: data.params.b1.slice(), W2: data.params.W2.slice(), b2: data.params.b2.slice() };
  let trained = params;
  const LR = 0.01;
  add({ workload: 'W2', variant: 'f', size, impl: 'reference', fn: () => mlpLoss(data.params, data.X, data.y) });
  add({ workload: 'W2', variant: 'valueAndGrad', size, impl: 'reference', fn: () => mlpValueAndGrad(data.params, data.X, data.y) });
  add({ workload: 'W2', variant: 'step', size, impl: 'reference', fn: () => mlpSgdStep(refParams, data.X, data.y, LR) });
  add({ workload: 'W2', variant: 'f', size, impl: 'cotangent', fn: () => mlpLossOps(params, X, Y) });
  add({ workload: 'W2', variant: 'valueAndGrad', size, impl: 'cotangent', fn: () => vg(params, X, Y) });
  add({
    workload: 'W2', variant: 'step', size, impl: 'cotangent',
    fn: () => {
      const [l, grads] = vg(trained, X, Y) as [number, MlpTensors];
      trained = sgdOps(trained, grads, LR);
      return l;
    },
  });
}

const W3_SHAPES = [['tall', 8, 2000], ['wide', 2000, 8]] as const;
if (wanted('W3')) {
  for (const [label, n, m] of W3_SHAPES) {
    const size = `${label} n=${n} m=${m}`;
    const { A, x } = makeW3(n, m);
    const f = tanhAxOps(tensor(A, [m, n]));
    const xt = tensor(x);
    const J = tanhAxJacobian(A, x, m, n);
    const fwd = jacfwd(f);
    const rev = jacrev(f);
    const auto = jacobian(f);
    check('W3', `jacfwd (${label})`, dataOf(fwd(xt)), J, 1e-12);
    check('W3', `jacrev (${label})`, dataOf(rev(xt)), J, 1e-12);
    check('W3', `jacobian (${label})`, dataOf(auto(xt)), J, 1e-12);
    check('W3', `f == reference (${label})`, dataOf(f(xt)), tanhAx(A, x, m, n), 1e-12);
    const e0 = new Float64Array(n);
    e0[0] = 1;
    const t0 = tensor(e0);
    const u0 = new Float64Array(m);
    u0[0] = 1;
    const c0 = tensor(u0);
    const refJ = new Float64Array(m * n);
    add({ workload: 'W3', variant: 'jacobian', size, impl: 'reference', fn: () => tanhAxJacobian(A, x, m, n, refJ) });
    add({ workload: 'W3', variant: 'jacfwd', size, impl: 'cotangent', fn: () => fwd(xt) });
    add({ workload: 'W3', variant: 'jacrev', size, impl: 'cotangent', fn: () => rev(xt) });
    add({ workload: 'W3', variant: 'jacobian (auto)', size, impl: 'cotangent', fn: () => auto(xt) });
    add({ workload: 'W3', variant: 'one JVP pass', size, impl: 'cotangent', fn: () => jvp(f, [xt], [t0]) });
    add({ workload: 'W3', variant: 'one VJP pass', size, impl: 'cotangent', fn: () => vjp(f, xt)[1](c0) });
  }
}

const W4_SIZES = [1e4, 1e5, 1e6];
if (wanted('W4')) {
  const x0 = makeW4();
  {
    // The derivative underflows to 0 past N of about 1000, so check it where it is not 0.
    const f20 = chainOps(20);
    const dual = chainDual(x0, 20);
    check('W4', 'f (N=20) == reference', f20(x0) as number, chain(x0, 20), 1e-15);
    check('W4', 'grad (N=20) vs hand dual numbers', grad(f20)(x0) as number, dual.grad, 1e-12);
    check('W4', 'grad (N=20) vs hand tape', grad(f20)(x0) as number, chainGradHandTape(x0, 20).grad, 1e-12);
    check('W4', 'jvp (N=20) vs hand dual numbers', jvp(f20, [x0], [1])[1] as number, dual.grad, 1e-12);
    check('W4', 'reference dual objects (N=20) vs hand dual numbers', chainDualObjects(x0, 20).grad, dual.grad, 1e-12);
    const fN = chainOps(1e4);
    check('W4', 'f (N=1e4) == reference', fN(x0) as number, chain(x0, 1e4), 1e-12);
    check('W4', 'valueAndGrad value (N=1e4)', valueAndGrad(fN)(x0)[0] as number, chain(x0, 1e4), 1e-12);
  }
  for (const N of W4_SIZES) {
    const size = `N=${N.toExponential(0).replace('+', '')}`;
    const f = chainOps(N);
    const g = grad(f);
    const tape = new Float64Array(N);
    add({ workload: 'W4', variant: 'f', size, impl: 'reference', fn: () => chain(x0, N) });
    add({ workload: 'W4', variant: 'grad (hand tape)', size, impl: 'reference', fn: () => chainGradHandTape(x0, N, tape) });
    add({ workload: 'W4', variant: 'jvp (hand dual)', size, impl: 'reference', fn: () => chainDual(x0, N) });
    add({ workload: 'W4', variant: 'jvp (dual objects)', size, impl: 'reference', fn: () => chainDualObjects(x0, N) });
    add({ workload: 'W4', variant: 'f', size, impl: 'cotangent', fn: () => f(x0) });
    add({ workload: 'W4', variant: 'grad', size, impl: 'cotangent', fn: () => g(x0) });
    add({ workload: 'W4', variant: 'jvp', size, impl: 'cotangent', fn: () => jvp(f, [x0], [1]) });
  }
}

const W5_N = 100;
if (wanted('W5')) {
  const size = `n=${W5_N}`;
  const { x, v } = makeW5(W5_N);
  const xt = tensor(x);
  const vt = tensor(v);
  const vg = valueAndGrad(rosenbrockOps);
  const H = hessian(rosenbrockOps);
  check('W5', 'hessian vs hand Hessian', dataOf(H(xt)), rosenbrockHessian(x), 1e-12);
  check('W5', 'hvp vs hand Hv', dataOf(hvp(rosenbrockOps, [xt], [vt])[0]), rosenbrockHvp(x, v), 1e-12);
  const hOut = new Float64Array(W5_N * W5_N);
  const hvOut = new Float64Array(W5_N);
  const gOut = new Float64Array(W5_N);
  add({ workload: 'W5', variant: 'valueAndGrad', size, impl: 'reference', fn: () => rosenbrockValueAndGrad(x, gOut) });
  add({ workload: 'W5', variant: 'hvp', size, impl: 'reference', fn: () => rosenbrockHvp(x, v, hvOut) });
  add({ workload: 'W5', variant: 'hessian', size, impl: 'reference', fn: () => rosenbrockHessian(x, hOut) });
  add({ workload: 'W5', variant: 'valueAndGrad', size, impl: 'cotangent', fn: () => vg(xt) });
  add({ workload: 'W5', variant: 'hvp', size, impl: 'cotangent', fn: () => hvp(rosenbrockOps, [xt], [vt]) });
  add({ workload: 'W5', variant: 'hessian', size, impl: 'cotangent', fn: () => H(xt) });
}

// ---------------------------------------------------------------------------
// Run

const startedAt = Date.now();
console.log(`cotangent benchmark (${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cpus)\n`);

const failed = checks.filter((c) => !(c.error <= c.tolerance));
console.log('Correctness before timing (max-norm relative error against the reference):\n');
printTable(checks.map((c) => ({
  workload: c.workload,
  check: c.check,
  'rel err': c.error.toExponential(2),
  tolerance: c.tolerance.toExponential(0),
  status: c.error <= c.tolerance ? 'ok' : 'FAIL',
})));
if (failed.length > 0) {
  console.error(`\n${failed.length} correctness check(s) failed; not timing wrong results.`);
  process.exit(1);
}

const OPTS: MeasureOptions = BENCH_OPTIONS;
const results = new Map<string, Measurement>();
const key = (impl: string, workload: string, variant: string, size: string) => `${impl}|${workload}|${variant}|${size}`;
// Cases of one workload and size are divided by each other in the targets, so they are timed
// interleaved: a drift in machine load then affects all of them alike.
const groups = new Map<string, Case[]>();
for (const c of cases) {
  const g = `${c.workload}|${c.size}`;
  groups.set(g, [...(groups.get(g) ?? []), c]);
}
for (const group of groups.values()) {
  const measured = measureInterleaved(
    group.map((c) => ({ name: `${c.workload} ${c.variant} ${c.size} [${c.impl}]`, fn: c.fn, opts: { ...OPTS, ...c.opts } })),
    OPTS.runs,
  );
  await settleGcPauses(measured);
  group.forEach((c, k) => {
    const m = measured[k]!;
    results.set(key(c.impl, c.workload, c.variant, c.size), m);
    process.stderr.write(`  ${m.name}: ${formatMs(m.medianMs)}\n`);
  });
}
const ms = (impl: Case['impl'], workload: string, variant: string, size: string): number => {
  const m = results.get(key(impl, workload, variant, size));
  return m === undefined ? NaN : m.medianMs;
};

console.log('\nTiming (median per call over runs after warm-up; ratio = cotangent / reference of the same variant):\n');
const timingRows: TableRow[] = cases
  .filter((c) => c.impl === 'cotangent')
  .map((c) => {
    const m = results.get(key(c.impl, c.workload, c.variant, c.size))!;
    const refMs = ms('reference', c.workload, c.variant, c.size);
    return {
      workload: c.workload,
      variant: c.variant,
      size: c.size,
      cotangent: formatMs(m.medianMs),
      reference: Number.isNaN(refMs) ? '' : formatMs(refMs),
      ratio: Number.isNaN(refMs) ? '' : (m.medianMs / refMs).toFixed(2),
      spread: `${(((m.maxMs - m.minMs) / m.minMs) * 100).toFixed(0)}%`,
      'faults/call': formatCount(m.faultsPerCall),
      'kernel/call': formatMs(m.systemMsPerCall),
      'gc/call': formatMs(m.gcMsPerCall),
    };
  });
printTable(timingRows);
console.log('(faults: pages the kernel mapped in for the first time, 4 KiB each; kernel: CPU time in the kernel, all threads;');
console.log(' gc: garbage-collection pauses of the main thread, as the engine reports them. All three are included in the time.)');

console.log('\nReferences (hand-written plain JavaScript, the floor):\n');
printTable(cases.filter((c) => c.impl === 'reference').map((c) => {
  const m = results.get(key(c.impl, c.workload, c.variant, c.size))!;
  const plainF = ms('reference', c.workload, 'f', c.size);
  return {
    workload: c.workload,
    variant: c.variant,
    size: c.size,
    median: formatMs(m.medianMs),
    'x plain f': Number.isNaN(plainF) ? '' : (m.medianMs / plainF).toFixed(2),
  };
}));

// Peak memory, each case in a fresh process. Users run the library as plain JavaScript, so the
// cases run from a bundle of rss-child.ts under plain node (as the peers were measured); the same
// cases under the tsx loader, which adds its own ~40 MB, are shown for comparison.
interface RssRow {
  id: string;
  runner: 'node (bundle)' | 'node --import=tsx';
  maxRssMB: number;
}
const rssRows: RssRow[] = [];
const child = join(dirname(fileURLToPath(import.meta.url)), 'bench', 'rss-child.ts');
const rssCases = [
  ...(only === null || wanted('W1') || wanted('MEM') ? ['W1-valueAndGrad-1e6'] : []),
  ...(only === null || wanted('W4') || wanted('MEM') ? ['W4-grad-1e6'] : []),
];
if (rssCases.length > 0) {
  const bundle = bundleForNode(child, 'rss-child.mjs');
  for (const id of ['baseline', ...rssCases]) {
    if (bundle !== null) rssRows.push({ id, runner: 'node (bundle)', maxRssMB: measurePeakRssInChild(bundle, [id], { timeoutMs: 180_000, plainJs: true }).maxRssMB });
    rssRows.push({ id, runner: 'node --import=tsx', maxRssMB: measurePeakRssInChild(child, [id], { timeoutMs: 180_000 }).maxRssMB });
  }
  console.log('\nPeak RSS (a fresh process per case; baseline = loading the library only):\n');
  const base = (runner: RssRow['runner']) => rssRows.find((r) => r.id === 'baseline' && r.runner === runner)?.maxRssMB ?? NaN;
  printTable(rssRows.map((r) => ({
    case: r.id,
    runner: r.runner,
    'peak RSS MB': r.maxRssMB.toFixed(1),
    'over baseline MB': r.id === 'baseline' ? '' : (r.maxRssMB - base(r.runner)).toFixed(1),
  })));
}
// Fresh memory: a large result is a fresh buffer, whose pages the kernel maps in one fault at a
// time when first written. Whether glibc hands back memory it already has or fresh pages depends
// on its settings, which it reads when a process starts; so W1 runs in fresh processes, with the
// default settings (which the library's first large result adapts, lib/tensor/heap-threshold.ts)
// and with two that keep memory mapped, to show how much of its time is the allocator's. Linux
// with glibc only (the settings are glibc's).
interface AllocatorRow {
  setting: string;
  env: Record<string, string>;
  report?: AllocatorReport;
}
const allocatorRows: AllocatorRow[] = [
  { setting: 'glibc defaults', env: {} },
  { setting: 'transparent huge pages', env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } },
  { setting: 'heap kept, up to 32 MiB from heap', env: { GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432' } },
];
if (wanted('W1') && process.platform === 'linux' && (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime !== undefined) {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bench', 'allocator-child.ts');
  const bundle = bundleForNode(script, 'allocator-child.mjs');
  // Without any allocator setting this process was started with, so that the first row is the defaults.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MALLOC_') && k !== 'GLIBC_TUNABLES'));
  for (const row of allocatorRows) {
    row.report = runChildReport<AllocatorReport>(bundle ?? script, [], ALLOCATOR_PREFIX, { env: { ...clean, ...row.env }, plainJs: bundle !== null, timeoutMs: 180_000 }).report;
  }
  console.log('\nFresh memory: W1 n=1e6 in fresh processes under three allocator settings (see docs/08-performance.md):\n');
  printTable(allocatorRows.map(({ setting, env, report: r }) => ({
    setting,
    environment: Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ') || '(none)',
    f: formatMs(r!.fMs),
    valueAndGrad: formatMs(r!.valueAndGradMs),
    'vg / f': (r!.valueAndGradMs / r!.fMs).toFixed(2),
    'vg faults/call': formatCount(r!.valueAndGradFaultsPerCall),
    'vg kernel/call': formatMs(r!.valueAndGradSystemMsPerCall),
  })));
}

/** Peak RSS of a case, from the plain-node bundle when there is one. */
const rss = (id: string) => (rssRows.find((r) => r.id === id && r.runner === 'node (bundle)') ?? rssRows.find((r) => r.id === id))?.maxRssMB ?? NaN;

/**
 * Bundles a TypeScript entry into one JavaScript file with esbuild (which tsx already brings),
 * so it runs under plain node; null if esbuild cannot be loaded.
 */
function bundleForNode(entry: string, name: string): string | null {
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const outfile = join(mkdtempSync(join(os.tmpdir(), 'cotangent-bench-')), name);
    esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });
    return outfile;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// Targets: each a ratio measured in this run, with its limit.

interface Target {
  workload: string;
  goal: string;
  measured: string;
  ratio: number;
  limit: number;
  stretch?: boolean;
}
const targets: Target[] = [];
const target = (t: Target) => {
  if (!Number.isNaN(t.ratio)) targets.push(t);
};
const f3 = (v: number) => formatMs(v);

{
  const s = 'n=1e6';
  const vg = ms('cotangent', 'W1', 'valueAndGrad', s);
  const f = ms('cotangent', 'W1', 'f', s);
  const ref = ms('reference', 'W1', 'valueAndGrad', s);
  target({ workload: 'W1', goal: 'n=1e6 valueAndGrad within 4x the hand-fused JS gradient', measured: `${f3(vg)} vs ${f3(ref)}`, ratio: vg / ref, limit: 4 });
  target({ workload: 'W1', goal: 'n=1e6 valueAndGrad faster than jax-js f64 eager (25 ms; TF.js-wasm 26, TF.js-cpu 393)', measured: `${f3(vg)} vs 25 ms`, ratio: vg / 25, limit: 1 });
  target({ workload: 'W1', goal: 'n=1e6 valueAndGrad / f at most 3', measured: `${f3(vg)} / ${f3(f)}`, ratio: vg / f, limit: 3 });
  target({ workload: 'W1', goal: 'stretch: n=1e6 valueAndGrad under jax-js jit (8.6 ms)', measured: `${f3(vg)} vs 8.6 ms`, ratio: vg / 8.6, limit: 1, stretch: true });
}
{
  const s = '128x784x256x10';
  const vg = ms('cotangent', 'W2', 'valueAndGrad', s);
  const f = ms('cotangent', 'W2', 'f', s);
  const step = ms('cotangent', 'W2', 'step', s);
  target({ workload: 'W2', goal: 'valueAndGrad / f at most 3', measured: `${f3(vg)} / ${f3(f)}`, ratio: vg / f, limit: 3 });
  target({ workload: 'W2', goal: `step faster than jax-js f64 eager (104 ms) [${(1000 / step).toFixed(1)} steps/s]`, measured: `${f3(step)} vs 104 ms`, ratio: step / 104, limit: 1 });
  target({ workload: 'W2', goal: 'step faster than TF.js-cpu (123 ms)', measured: `${f3(step)} vs 123 ms`, ratio: step / 123, limit: 1 });
  target({ workload: 'W2', goal: 'stretch: step as fast as PyTorch f64, default BLAS (25 ms)', measured: `${f3(step)} vs 25 ms`, ratio: step / 25, limit: 1, stretch: true });
}
for (const [label, n, m] of W3_SHAPES) {
  const s = `${label} n=${n} m=${m}`;
  const fwd = ms('cotangent', 'W3', 'jacfwd', s);
  const rev = ms('cotangent', 'W3', 'jacrev', s);
  const auto = ms('cotangent', 'W3', 'jacobian (auto)', s);
  const k = Math.min(n, m);
  const bestIsFwd = fwd <= rev;
  const best = Math.min(fwd, rev);
  const pass = ms('cotangent', 'W3', bestIsFwd ? 'one JVP pass' : 'one VJP pass', s);
  target({ workload: 'W3', goal: `${label}: jacobian (auto) within 1.2x of the better of jacfwd/jacrev`, measured: `${f3(auto)} vs ${f3(best)} (${bestIsFwd ? 'jacfwd' : 'jacrev'})`, ratio: auto / best, limit: 1.2 });
  target({ workload: 'W3', goal: `${label}: ${bestIsFwd ? 'jacfwd' : 'jacrev'} at most 1.5 x k x one ${bestIsFwd ? 'JVP' : 'VJP'} pass (k=${k})`, measured: `${f3(best)} vs ${k} x ${f3(pass)}`, ratio: best / (k * pass), limit: 1.5 });
}
{
  const s = 'N=1e5';
  const f = ms('reference', 'W4', 'f', s);
  const g = ms('cotangent', 'W4', 'grad', s);
  const t = ms('cotangent', 'W4', 'jvp', s);
  target({ workload: 'W4', goal: 'N=1e5 grad (reverse) within 10x of the plain-JS function', measured: `${f3(g)} vs ${f3(f)}`, ratio: g / f, limit: 10 });
  target({ workload: 'W4', goal: 'N=1e5 jvp (forward) within 5x of the plain-JS function', measured: `${f3(t)} vs ${f3(f)}`, ratio: t / f, limit: 5 });
}
{
  const s = `n=${W5_N}`;
  const vg = ms('cotangent', 'W5', 'valueAndGrad', s);
  const hv = ms('cotangent', 'W5', 'hvp', s);
  const h = ms('cotangent', 'W5', 'hessian', s);
  target({ workload: 'W5', goal: 'hvp within 4x of valueAndGrad', measured: `${f3(hv)} vs ${f3(vg)}`, ratio: hv / vg, limit: 4 });
  target({ workload: 'W5', goal: `hessian at most 1.5 x n x one hvp (n=${W5_N})`, measured: `${f3(h)} vs ${W5_N} x ${f3(hv)}`, ratio: h / (W5_N * hv), limit: 1.5 });
}
{
  const w1 = rss('W1-valueAndGrad-1e6');
  target({ workload: 'MEM', goal: 'W1 n=1e6 valueAndGrad peak RSS under 250 MB (TF.js-wasm 249, jax-js 274)', measured: `${w1.toFixed(1)} MB (plain node)`, ratio: w1 / 250, limit: 1 });
}

console.log('\nTargets (ratio <= limit passes; stretch goals are for planning):\n');
printTable(targets.map((t) => ({
  workload: t.workload,
  target: t.goal,
  measured: t.measured,
  ratio: t.ratio.toFixed(2),
  limit: t.limit.toFixed(1),
  result: t.ratio <= t.limit ? 'pass' : t.stretch ? 'not yet' : 'FAIL',
})));
for (const { setting, report: r } of allocatorRows) {
  if (r !== undefined && setting !== 'glibc defaults') {
    console.log(`W1 n=1e6 valueAndGrad / f with ${setting} (fresh process): ${(r.valueAndGradMs / r.fMs).toFixed(2)} (reported; see "Fresh memory").`);
  }
}
const w4mem = rss('W4-grad-1e6');
if (!Number.isNaN(w4mem)) console.log(`\nW4 N=1e6 grad peak RSS: ${w4mem.toFixed(1)} MB (reported; the issue sets no limit).`);

// ---------------------------------------------------------------------------
// Machine-readable lines

console.log('');
jsonLine({ kind: 'env', node: process.version, v8: process.versions.v8, cpu: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length, date: new Date().toISOString() });
for (const c of checks) jsonLine({ kind: 'check', ...c, pass: c.error <= c.tolerance });
for (const c of cases) {
  const m = results.get(key(c.impl, c.workload, c.variant, c.size))!;
  const { samplesMs: _samples, ...summary } = m;
  jsonLine({ kind: 'time', impl: c.impl, workload: c.workload, variant: c.variant, size: c.size, ...summary });
}
for (const r of rssRows) jsonLine({ kind: 'rss', id: r.id, runner: r.runner, maxRssMB: r.maxRssMB });
for (const r of allocatorRows) if (r.report !== undefined) jsonLine({ kind: 'allocator', setting: r.setting, env: r.env, ...r.report });
for (const t of targets) jsonLine({ kind: 'target', ...t, pass: t.ratio <= t.limit });
const hard = targets.filter((t) => !t.stretch);
console.log(`\n${hard.filter((t) => t.ratio <= t.limit).length}/${hard.length} targets met; total ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
