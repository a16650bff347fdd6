/**
 * Times the hand-written references (the floor) for W1..W5.
 *
 *   npx tsx scripts/bench/references-timing.ts
 *
 * Prints an aligned table, a peak-RSS table (one fresh child process per
 * workload) and one `BENCH_JSON` line per measurement for tooling.
 *
 * Internally the same file doubles as the RSS child:
 *   node --expose-gc --import=tsx scripts/bench/references-timing.ts --rss-child <case>
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  jsonLine,
  measure,
  measurePeakRssInChild,
  printTable,
  reportRssFromChild,
  type MeasureOptions,
  type Measurement,
  type TableRow,
} from './harness.ts';
import {
  chain,
  chainDual,
  chainGradHandTape,
  makeW1,
  makeW2,
  makeW3,
  makeW4,
  makeW5,
  mlpLoss,
  mlpValueAndGrad,
  rosenbrock,
  rosenbrockHessian,
  rosenbrockHessianTridiag,
  rosenbrockHvp,
  rosenbrockValueAndGrad,
  tanhAx,
  tanhAxJacobian,
} from './references.ts';

const IMPL = 'reference';

interface Case {
  workload: string;
  variant: string;
  size: string;
  /** Builds data outside the timed region and returns the thing to time. */
  setup: () => () => unknown;
  items?: number;
  opts?: MeasureOptions;
}

const cases: Case[] = [];

for (const n of [1e3, 1e5, 1e6]) {
  const size = `n=${n.toExponential(0).replace('+', '')}`;
  cases.push({
    workload: 'W1',
    variant: 'f',
    size,
    items: n,
    setup: () => {
      const x = makeW1(n);
      return () => rosenbrock(x);
    },
  });
  cases.push({
    workload: 'W1',
    variant: 'value+grad',
    size,
    items: n,
    setup: () => {
      const x = makeW1(n);
      const g = new Float64Array(n);
      return () => rosenbrockValueAndGrad(x, g);
    },
  });
}

{
  const size = '128x784x256x10';
  cases.push({
    workload: 'W2',
    variant: 'f (loss)',
    size,
    setup: () => {
      const { params, X, y } = makeW2();
      return () => mlpLoss(params, X, y);
    },
  });
  cases.push({
    workload: 'W2',
    variant: 'step (value+grad)',
    size,
    setup: () => {
      const { params, X, y } = makeW2();
      return () => mlpValueAndGrad(params, X, y);
    },
  });
}

for (const [label, n, m] of [
  ['tall', 8, 2000],
  ['wide', 2000, 8],
] as const) {
  const size = `${label} n=${n} m=${m}`;
  cases.push({
    workload: 'W3',
    variant: 'f',
    size,
    items: m * n,
    setup: () => {
      const { A, x } = makeW3(n, m);
      const out = new Float64Array(m);
      return () => tanhAx(A, x, m, n, out);
    },
  });
  cases.push({
    workload: 'W3',
    variant: 'jacobian',
    size,
    items: m * n,
    setup: () => {
      const { A, x } = makeW3(n, m);
      const out = new Float64Array(m * n);
      return () => tanhAxJacobian(A, x, m, n, out);
    },
  });
}

for (const N of [1e4, 1e5, 1e6]) {
  const size = `N=${N.toExponential(0).replace('+', '')}`;
  const x0 = makeW4();
  cases.push({ workload: 'W4', variant: 'f', size, items: N, setup: () => () => chain(x0, N) });
  // Allocates its tape per call, as a hand-written tape would.
  cases.push({ workload: 'W4', variant: 'grad hand tape', size, items: N, setup: () => () => chainGradHandTape(x0, N) });
  cases.push({ workload: 'W4', variant: 'grad dual', size, items: N, setup: () => () => chainDual(x0, N) });
}

{
  const n = 100;
  const size = `n=${n}`;
  cases.push({
    workload: 'W5',
    variant: 'hessian (dense)',
    size,
    setup: () => {
      const { x } = makeW5(n);
      const out = new Float64Array(n * n);
      return () => rosenbrockHessian(x, out);
    },
  });
  cases.push({
    workload: 'W5',
    variant: 'hessian (tridiagonal)',
    size,
    setup: () => {
      const { x } = makeW5(n);
      const diag = new Float64Array(n);
      const off = new Float64Array(n - 1);
      return () => rosenbrockHessianTridiag(x, diag, off);
    },
  });
  cases.push({
    workload: 'W5',
    variant: 'hvp',
    size,
    setup: () => {
      const { x, v } = makeW5(n);
      const out = new Float64Array(n);
      return () => rosenbrockHvp(x, v, out);
    },
  });
}

function caseId(c: Case): string {
  return `${c.workload}/${c.variant}/${c.size}`.replace(/\s+/g, '_');
}

/** Cases whose memory footprint is worth a dedicated child process. */
const RSS_CASES = [
  'W1/value+grad/n=1e6',
  'W2/step_(value+grad)/128x784x256x10',
  'W3/jacobian/tall_n=8_m=2000',
  'W4/grad_hand_tape/N=1e6',
  'W4/grad_dual/N=1e6',
  'W5/hessian_(dense)/n=100',
];

// ---------------------------------------------------------------------------
// Child mode: run one case a few times, then report this process's peak RSS.

const childIdx = process.argv.indexOf('--rss-child');
if (childIdx >= 0) {
  const id = process.argv[childIdx + 1] ?? '';
  if (id !== 'baseline') {
    const c = cases.find((k) => caseId(k) === id);
    if (!c) {
      console.error(`unknown case ${id}; known: ${cases.map(caseId).join(', ')}`);
      process.exit(2);
    }
    const fn = c.setup();
    // A few calls so any per-call garbage actually accumulates before a GC
    // gets a chance to run, as it would inside a real measurement.
    for (let i = 0; i < 5; i++) fn();
  }
  reportRssFromChild({ case: id });
  process.exit(0);
}

// ---------------------------------------------------------------------------
// Parent mode

const t0 = Date.now();
const env = {
  kind: 'env',
  impl: IMPL,
  node: process.version,
  v8: process.versions.v8,
  platform: `${process.platform}-${process.arch}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cpus: os.cpus().length,
  totalMemMB: Math.round(os.totalmem() / 2 ** 20),
  date: new Date().toISOString(),
};
console.log(`cotangent benchmark floor: hand-written references (${env.node}, ${env.cpu}, ${env.cpus} cpus)\n`);

const measured: Array<{ c: Case; m: Measurement }> = [];
for (const c of cases) {
  const fn = c.setup();
  const opts: MeasureOptions = { ...c.opts };
  if (c.items !== undefined) opts.items = c.items;
  const m = measure(`${c.workload} ${c.variant} ${c.size}`, fn, opts);
  measured.push({ c, m });
  process.stderr.write(`  measured ${m.name}\n`);
}

console.log('Timing (per call; median and min over runs; spread = (max - min) / min):\n');
printTable(measured.map(({ m }) => m));

const script = fileURLToPath(import.meta.url);
const baseline = measurePeakRssInChild(script, ['--rss-child', 'baseline']);
const rss = RSS_CASES.map((id) => ({ id, r: measurePeakRssInChild(script, ['--rss-child', id]) }));

console.log('\nPeak RSS (fresh `node --import=tsx` child per case; baseline = same child doing nothing):\n');
const rssRows: TableRow[] = [
  { case: 'baseline', 'max RSS MB': baseline.maxRssMB.toFixed(1), 'over baseline MB': '' },
  ...rss.map(({ id, r }) => ({
    case: id,
    'max RSS MB': r.maxRssMB.toFixed(1),
    'over baseline MB': (r.maxRssMB - baseline.maxRssMB).toFixed(1),
  })),
];
printTable(rssRows);

console.log('');
jsonLine(env);
for (const { c, m } of measured) {
  jsonLine({ kind: 'time', impl: IMPL, id: caseId(c), workload: c.workload, variant: c.variant, size: c.size, ...m });
}
jsonLine({ kind: 'rss', impl: IMPL, id: 'baseline', maxRssMB: baseline.maxRssMB });
for (const { id, r } of rss) {
  jsonLine({
    kind: 'rss',
    impl: IMPL,
    id,
    maxRssMB: r.maxRssMB,
    overBaselineMB: r.maxRssMB - baseline.maxRssMB,
    heapUsedMB: r.heapUsedMB,
    arrayBuffersMB: r.arrayBuffersMB,
  });
}
console.log(`\ntotal ${((Date.now() - t0) / 1000).toFixed(1)} s`);
