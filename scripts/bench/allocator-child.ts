/**
 * Child process for the benchmark's allocator rows: times W1 (n = 1e6) f and valueAndGrad in a
 * fresh process whose environment the parent sets, and reports the times with the page faults
 * and kernel time per call (see bench.ts, "Fresh memory").
 *
 *   MALLOC_TOP_PAD_=268435456 node --import=tsx scripts/bench/allocator-child.ts
 *
 * Why a child: glibc reads its allocator settings when a process starts, so a setting can only be
 * compared with the default in processes of their own.
 */
import { tensor, valueAndGrad } from '../../lib/index.ts';
import { ALLOCATOR_PREFIX, BENCH_OPTIONS, measureInterleaved, type AllocatorReport } from './harness.ts';
import { makeW1 } from './references.ts';
import { rosenbrockOps } from './workloads.ts';

const x = tensor(makeW1(1e6));
const vg = valueAndGrad(rosenbrockOps);
const opts = BENCH_OPTIONS;
const [f, g] = measureInterleaved([
  { name: 'f', fn: () => rosenbrockOps(x), opts },
  { name: 'valueAndGrad', fn: () => vg(x), opts },
], opts.runs);
const report: AllocatorReport = {
  fMs: f!.medianMs,
  valueAndGradMs: g!.medianMs,
  fFaultsPerCall: f!.faultsPerCall,
  valueAndGradFaultsPerCall: g!.faultsPerCall,
  valueAndGradSystemMsPerCall: g!.systemMsPerCall,
};
process.stdout.write(ALLOCATOR_PREFIX + JSON.stringify(report) + '\n');
