/**
 * Child process for the benchmark's peak-memory rows: runs one workload a few times in a fresh
 * process and reports that process's peak RSS (see harness.ts measurePeakRssInChild).
 *
 *   node --expose-gc --import=tsx scripts/bench/rss-child.ts <case>
 *
 * Cases: `baseline` (load the library, do nothing), `W1-valueAndGrad-1e6`, `W4-grad-1e6`.
 */
import { grad, tensor, valueAndGrad } from '../../lib/index.ts';
import { reportRssFromChild } from './harness.ts';
import { makeW1, makeW4 } from './references.ts';
import { chainOps, rosenbrockOps } from './workloads.ts';

const CASES: Record<string, () => void> = {
  baseline: () => {},
  'W1-valueAndGrad-1e6': () => {
    const x = tensor(makeW1(1e6));
    const vg = valueAndGrad(rosenbrockOps);
    // Several calls, so garbage from one call can pile up before a collection, as in a loop.
    for (let i = 0; i < 5; i++) vg(x);
  },
  'W4-grad-1e6': () => {
    const g = grad(chainOps(1e6));
    const x0 = makeW4();
    for (let i = 0; i < 3; i++) g(x0);
  },
};

const name = process.argv[2] ?? '';
const run = CASES[name];
if (run === undefined) {
  console.error(`rss-child: unknown case ${JSON.stringify(name)}; known: ${Object.keys(CASES).join(', ')}`);
  process.exit(2);
}
run();
reportRssFromChild({ case: name });
