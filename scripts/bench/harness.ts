/**
 * Small, dependency-free timing harness shared by the hand-written reference
 * benchmarks and (later) the library's own measurements, so that both sides
 * are timed by exactly the same code path.
 *
 * All `*Ms` fields of a {@link Measurement} are per single call of the
 * measured function, even when a run loops the function many times.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface MeasureOptions {
  /** Untimed calls before calibration (default 3). */
  warmup?: number;
  /** Timed runs; the median over runs is reported (default 10). */
  runs?: number;
  /** Each run loops the function until it lasts at least this long (default 50 ms). */
  minTimeMs?: number;
  /**
   * Soft budget for the timed runs of one measurement (default 5000 ms). Slow
   * functions get fewer runs (never fewer than 3) so a whole suite stays short.
   */
  maxTimeMs?: number;
  /** Units of work per call (elements, steps, ...) to report ns per item. */
  items?: number;
}

/**
 * The benchmark's options for every workload: many short runs, so the median shrugs off load
 * spikes from other processes on a shared machine. Shared with its child processes, so their
 * numbers compare with the main run's.
 */
export const BENCH_OPTIONS = { warmup: 3, runs: 15, minTimeMs: 60, maxTimeMs: 3000 } as const satisfies MeasureOptions;

export interface Measurement {
  name: string;
  /** Median over runs of the per-call time. */
  medianMs: number;
  /** Fastest run's per-call time: the least noisy estimate of the floor. */
  minMs: number;
  maxMs: number;
  meanMs: number;
  /** Number of timed runs actually performed. */
  runs: number;
  /** Calls per timed run. */
  itersPerRun: number;
  /** Median per-call time in nanoseconds (convenience for fast functions). */
  perCallNs: number;
  /** Median calls per second. */
  callsPerSec: number;
  /** Median ns per unit of work, when `items` was given. */
  nsPerItem?: number;
  items?: number;
  /** Per-call time of every run, in run order. */
  samplesMs: number[];
  /**
   * Page faults the kernel served (minor faults: memory touched for the first time) per call,
   * over the timed runs. Fresh large buffers cost one per 4 KiB page; see {@link kernelCounters}.
   */
  faultsPerCall: number;
  /** Kernel CPU time per call over the timed runs (all threads of the process), in ms. */
  systemMsPerCall: number;
  /**
   * Garbage-collection pauses of this thread per call over the timed runs, in ms: NaN until
   * {@link settleGcPauses} has attributed them (the engine reports them asynchronously).
   */
  gcMsPerCall: number;
}

/**
 * The process's page-fault count and kernel CPU time so far. Both are process-wide, which is
 * exact here: the measured functions run one at a time on this thread, and the other threads
 * (the engine's garbage collector) work for them.
 */
export function kernelCounters(): { faults: number; systemMs: number } {
  const u = process.resourceUsage();
  return { faults: u.minorPageFault, systemMs: u.systemCPUTime / 1000 };
}

/**
 * Pauses of this thread for garbage collection, as the engine reports them through a
 * PerformanceObserver: start (on the `performance.now()` clock) and duration in ms. Reports come
 * asynchronously, after the synchronous timing loops; {@link settleGcPauses} waits for them and
 * charges each pause to the measurement whose timed loop it started in.
 */
const gcPauses: { start: number; duration: number }[] = [];
let gcObserver: PerformanceObserver | null = null;

function observeGcPauses(): void {
  if (gcObserver !== null) return;
  gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, duration: e.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
}

/** Per-call page faults and kernel time accumulated over timed loops (see {@link Measurement}). */
class KernelTally {
  private faults = 0;
  private systemMs = 0;
  private calls = 0;
  /** Start and end (performance.now()) of each timed loop, for charging GC pauses. */
  private readonly windows: number[] = [];
  constructor() {
    observeGcPauses();
  }
  /** Runs `iters` calls of `fn` and returns the per-call wall time in ms, counting the kernel's share. */
  time(fn: () => unknown, iters: number): number {
    const before = kernelCounters();
    const start = performance.now();
    const ms = timeLoop(fn, iters);
    this.windows.push(start, performance.now());
    const after = kernelCounters();
    this.faults += after.faults - before.faults;
    this.systemMs += after.systemMs - before.systemMs;
    this.calls += iters;
    return ms / iters;
  }
  get faultsPerCall(): number {
    return this.calls > 0 ? this.faults / this.calls : NaN;
  }
  get systemMsPerCall(): number {
    return this.calls > 0 ? this.systemMs / this.calls : NaN;
  }
  /** GC pause time per call among the pauses reported so far. */
  gcMsPerCall(): number {
    if (this.calls === 0) return NaN;
    let total = 0;
    for (const p of gcPauses) {
      for (let k = 0; k < this.windows.length; k += 2) {
        if (p.start >= this.windows[k]! && p.start < this.windows[k + 1]!) total += p.duration;
      }
    }
    return total / this.calls;
  }
}

/** The tally behind each measurement, for {@link settleGcPauses}. */
const tallies = new WeakMap<Measurement, KernelTally>();

/**
 * Waits until the engine has reported the GC pauses of the timed loops so far, then fills in
 * `gcMsPerCall` of each measurement. Call it after a measurement and before reading that field.
 */
export async function settleGcPauses(measurements: readonly Measurement[]): Promise<void> {
  // The observer's callback runs as a task of its own; two turns of the event loop let it run.
  for (let k = 0; k < 2; k++) await new Promise<void>((resolve) => setImmediate(resolve));
  for (const m of measurements) {
    const tally = tallies.get(m);
    if (tally !== undefined) m.gcMsPerCall = tally.gcMsPerCall();
  }
}

/**
 * Written after every call so V8 cannot prove the result dead and drop the
 * work; exported so the write is observable from outside the module.
 */
export let blackhole: unknown;

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : 0.5 * (sorted[mid - 1]! + sorted[mid]!);
}

function timeLoop(fn: () => unknown, iters: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iters; i++) blackhole = fn();
  const t1 = process.hrtime.bigint();
  return Number(t1 - t0) / 1e6;
}

let gcFn: (() => void) | null | undefined;

/**
 * Collecting before each measurement keeps garbage left by the previous one
 * from being charged to it. `npx tsx` gives no way to pass --expose-gc, so
 * when it is absent the flag is switched on at runtime and `gc` fetched from
 * a fresh context (flags only affect contexts created after they are set).
 */
function maybeGc(): void {
  if (gcFn === undefined) {
    gcFn = (globalThis as { gc?: () => void }).gc ?? null;
    if (gcFn === null) {
      try {
        setFlagsFromString('--expose-gc');
        const fn: unknown = runInNewContext('gc');
        if (typeof fn === 'function') gcFn = fn as () => void;
      } catch {
        gcFn = null;
      }
    }
  }
  if (gcFn) gcFn();
}

export function measure(name: string, fn: () => unknown, opts: MeasureOptions = {}): Measurement {
  const warmup = opts.warmup ?? 3;
  const wantedRuns = Math.max(1, opts.runs ?? 10);
  const minTimeMs = opts.minTimeMs ?? 50;
  const maxTimeMs = opts.maxTimeMs ?? 5000;

  maybeGc();
  for (let i = 0; i < warmup; i++) blackhole = fn();

  // Grow the loop count until one run clears minTimeMs; these calibration
  // runs double as extra warm-up so the timed code is already optimised.
  let iters = 1;
  let elapsed = timeLoop(fn, iters);
  while (elapsed < minTimeMs) {
    const scale = elapsed > 0 ? (minTimeMs / elapsed) * 1.2 : 10;
    iters = Math.max(iters + 1, Math.ceil(iters * Math.min(scale, 10)));
    elapsed = timeLoop(fn, iters);
  }

  const budgetRuns = Math.floor(maxTimeMs / Math.max(elapsed, 1e-9));
  const runs = Math.max(Math.min(wantedRuns, 3), Math.min(wantedRuns, budgetRuns));

  const samplesMs: number[] = [];
  const kernel = new KernelTally();
  for (let r = 0; r < runs; r++) samplesMs.push(kernel.time(fn, iters));

  const sorted = [...samplesMs].sort((a, b) => a - b);
  const medianMs = median(sorted);
  const m: Measurement = {
    name,
    medianMs,
    minMs: sorted[0]!,
    maxMs: sorted[sorted.length - 1]!,
    meanMs: samplesMs.reduce((s, v) => s + v, 0) / samplesMs.length,
    runs,
    itersPerRun: iters,
    perCallNs: medianMs * 1e6,
    callsPerSec: 1000 / medianMs,
    samplesMs,
    faultsPerCall: kernel.faultsPerCall,
    systemMsPerCall: kernel.systemMsPerCall,
    gcMsPerCall: NaN,
  };
  tallies.set(m, kernel);
  if (opts.items !== undefined && opts.items > 0) {
    m.items = opts.items;
    m.nsPerItem = (medianMs * 1e6) / opts.items;
  }
  return m;
}

/**
 * Measures several functions in alternation: after each is calibrated by {@link measure}, every
 * round times each of them once (a, b, c, a, b, c, ...). Slow drifts in machine load then hit all
 * of them alike, which is what matters when their times are divided by each other. Returns the
 * measurements in input order, with medians over the interleaved rounds.
 */
export function measureInterleaved(
  entries: readonly { name: string; fn: () => unknown; opts?: MeasureOptions }[],
  rounds = 15,
): Measurement[] {
  const calibrated = entries.map((e) => measure(e.name, e.fn, e.opts));
  const samples: number[][] = entries.map(() => []);
  const kernel = entries.map(() => new KernelTally());
  for (let r = 0; r < rounds; r++) {
    entries.forEach((e, k) => {
      samples[k]!.push(kernel[k]!.time(e.fn, calibrated[k]!.itersPerRun));
    });
  }
  return calibrated.map((m, k) => {
    const sorted = [...samples[k]!].sort((a, b) => a - b);
    const medianMs = median(sorted);
    const out: Measurement = {
      ...m,
      medianMs,
      minMs: sorted[0]!,
      maxMs: sorted[sorted.length - 1]!,
      meanMs: sorted.reduce((s, v) => s + v, 0) / sorted.length,
      runs: rounds,
      perCallNs: medianMs * 1e6,
      callsPerSec: 1000 / medianMs,
      samplesMs: samples[k]!,
      faultsPerCall: kernel[k]!.faultsPerCall,
      systemMsPerCall: kernel[k]!.systemMsPerCall,
      gcMsPerCall: NaN,
    };
    tallies.set(out, kernel[k]!);
    if (m.items !== undefined) out.nsPerItem = (medianMs * 1e6) / m.items;
    return out;
  });
}

// ---------------------------------------------------------------------------
// Memory

const MB = 1024 * 1024;

export interface RssReport<T> {
  result: T;
  rssBeforeMB: number;
  rssAfterMB: number;
  deltaMB: number;
  /**
   * Lifetime high-water mark of the whole process, so inside a long-running
   * benchmark it reflects the worst workload so far, not this call; use
   * {@link measurePeakRssInChild} for a per-workload peak.
   */
  maxRssMB: number;
}

export function peakRss<T>(fn: () => T): RssReport<T> {
  maybeGc();
  const before = process.memoryUsage().rss;
  const result = fn();
  const after = process.memoryUsage().rss;
  return {
    result,
    rssBeforeMB: before / MB,
    rssAfterMB: after / MB,
    deltaMB: (after - before) / MB,
    // resourceUsage().maxRSS is in kilobytes on every supported platform.
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

/** Line prefix the child uses so the parent can find its report in any stdout noise. */
export const RSS_PREFIX = 'BENCH_RSS ';

export interface ChildRssPayload {
  maxRssMB: number;
  rssMB: number;
  heapUsedMB: number;
  externalMB: number;
  arrayBuffersMB: number;
  [key: string]: unknown;
}

/**
 * This process's own peak RSS in MB. On Linux, getrusage's maxRSS survives fork + exec, so a
 * child spawned by a large parent would report at least the parent's size; the kernel's VmHWM
 * (high-water mark of this address space) does not, so it is preferred when available.
 */
export function ownPeakRssMB(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // Not Linux: fall through to getrusage.
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Call at the end of a child script started by {@link measurePeakRssInChild}. */
export function reportRssFromChild(extra: Record<string, unknown> = {}): ChildRssPayload {
  const mem = process.memoryUsage();
  const payload: ChildRssPayload = {
    ...extra,
    maxRssMB: ownPeakRssMB(),
    rssMB: mem.rss / MB,
    heapUsedMB: mem.heapUsed / MB,
    externalMB: mem.external / MB,
    arrayBuffersMB: mem.arrayBuffers / MB,
  };
  process.stdout.write(RSS_PREFIX + JSON.stringify(payload) + '\n');
  return payload;
}

/** Line prefix of the report of scripts/bench/allocator-child.ts. */
export const ALLOCATOR_PREFIX = 'BENCH_ALLOCATOR ';

/** What scripts/bench/allocator-child.ts reports: W1 n=1e6 timed in a process of its own. */
export interface AllocatorReport {
  fMs: number;
  valueAndGradMs: number;
  fFaultsPerCall: number;
  valueAndGradFaultsPerCall: number;
  valueAndGradSystemMsPerCall: number;
}

export interface ChildRssResult extends ChildRssPayload {
  exitCode: number | null;
  wallMs: number;
  stdout: string;
  stderr: string;
}

/** Repository root, so `--import=tsx` resolves from the project's node_modules. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ChildOptions {
  cwd?: string;
  timeoutMs?: number;
  /** The script is already JavaScript (e.g. a bundle): run it without the TypeScript loader. */
  plainJs?: boolean;
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `node --expose-gc [--import=tsx] scriptPath ...args` in a fresh process and returns the
 * JSON of the last stdout line that starts with `prefix` (the child's report), with what the
 * child printed. Throws with the child's output when it fails or reports nothing.
 */
export function runChildReport<T>(
  scriptPath: string,
  args: readonly string[],
  prefix: string,
  opts: ChildOptions = {},
): { report: T; exitCode: number | null; wallMs: number; stdout: string; stderr: string } {
  const t0 = process.hrtime.bigint();
  const loader = opts.plainJs === true ? [] : ['--import=tsx'];
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', ...loader, resolve(scriptPath), ...args],
    {
      cwd: opts.cwd ?? REPO_ROOT,
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 120_000,
      maxBuffer: 64 * MB,
      env: opts.env ?? process.env,
    },
  );
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const stdout = child.stdout ?? '';
  const stderr = child.stderr ?? '';
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(prefix));
  if (child.error !== undefined || child.status !== 0 || line === undefined) {
    throw new Error(
      `bench child ${scriptPath} ${args.join(' ')} failed (status ${child.status}` +
        `${child.error ? `, ${child.error.message}` : ''}):\n${stderr || stdout}`,
    );
  }
  return { report: JSON.parse(line.slice(prefix.length)) as T, exitCode: child.status, wallMs, stdout, stderr };
}

/**
 * Runs a script in a fresh process (see {@link runChildReport}), whose lifetime max RSS then
 * belongs to that one workload (plus the fixed node + tsx start-up cost, which a baseline child
 * can measure). The child must call {@link reportRssFromChild} before exiting.
 */
export function measurePeakRssInChild(scriptPath: string, args: readonly string[] = [], opts: ChildOptions = {}): ChildRssResult {
  const { report, ...run } = runChildReport<ChildRssPayload>(scriptPath, args, RSS_PREFIX, opts);
  return { ...report, ...run };
}

// ---------------------------------------------------------------------------
// Output

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 1000) return `${(ms / 1000).toFixed(3)} s`;
  if (ms >= 1) return `${ms.toFixed(3)} ms`;
  if (ms >= 1e-3) return `${(ms * 1e3).toFixed(3)} us`;
  return `${(ms * 1e6).toFixed(1)} ns`;
}

/** A count per call: whole numbers above 10, two decimals below (faults per call, say). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 10 ? n.toFixed(0) : n.toFixed(2);
}

function isMeasurement(row: object): row is Measurement {
  return 'medianMs' in row && 'minMs' in row && 'itersPerRun' in row;
}

export type TableCell = string | number | boolean | null | undefined;
export type TableRow = Record<string, TableCell>;

function measurementToRow(m: Measurement): TableRow {
  const spread = m.minMs > 0 ? `${(((m.maxMs - m.minMs) / m.minMs) * 100).toFixed(1)}%` : '-';
  return {
    name: m.name,
    median: formatMs(m.medianMs),
    min: formatMs(m.minMs),
    spread,
    'runs x iters': `${m.runs} x ${m.itersPerRun}`,
    'ns/item': m.nsPerItem === undefined ? '' : m.nsPerItem.toPrecision(4),
  };
}

function cellText(v: TableCell): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? v.toFixed(4) : v.toExponential(3);
  }
  return String(v);
}

/**
 * Aligned plain-text table. Accepts measurements (formatted with time units)
 * or arbitrary flat rows; columns default to the union of keys in row order.
 * Text columns are left-aligned and numeric ones right-aligned.
 */
export function formatTable(rows: ReadonlyArray<Measurement | TableRow>, columns?: readonly string[]): string {
  if (rows.length === 0) return '(no rows)';
  const flat: TableRow[] = rows.map((r) => (isMeasurement(r) ? measurementToRow(r) : (r as TableRow)));
  const cols: string[] = columns ? [...columns] : [];
  if (!columns) {
    for (const r of flat) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  }
  const text = flat.map((r) => cols.map((c) => cellText(r[c])));
  // Cells that start like a number (with or without a unit) are quantities;
  // right-aligning them keeps magnitudes comparable down a column.
  const numeric = cols.map((_, j) => text.every((row) => row[j] === '' || /^[-+]?\.?\d/.test(row[j]!)));
  const widths = cols.map((c, j) => Math.max(c.length, ...text.map((row) => row[j]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((s, j) => (numeric[j] ? s.padStart(widths[j]!) : s.padEnd(widths[j]!)))
      .join('  ')
      .trimEnd();
  const lines = [fmt(cols), fmt(widths.map((w) => '-'.repeat(w))), ...text.map(fmt)];
  return lines.join('\n');
}

export function printTable(rows: ReadonlyArray<Measurement | TableRow>, columns?: readonly string[]): void {
  process.stdout.write(formatTable(rows, columns) + '\n');
}

/** Prefix marking machine-readable lines inside otherwise human-oriented output. */
export const JSON_PREFIX = 'BENCH_JSON ';

export function jsonLine(obj: object): string {
  const line = JSON_PREFIX + JSON.stringify(obj);
  process.stdout.write(line + '\n');
  return line;
}

/** Parses every `BENCH_JSON` line out of a captured output, e.g. to merge reports. */
export function parseJsonLines(output: string): unknown[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith(JSON_PREFIX))
    .map((l) => JSON.parse(l.slice(JSON_PREFIX.length)) as unknown);
}

/**
 * Max-norm relative error of `a` against `ref` (absolute when the reference is all zeros). NaN
 * counts as infinitely wrong: Math.max would keep it only sometimes.
 */
export function relErr(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (a.length !== ref.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - ref[i]!);
    if (Number.isNaN(d)) return Infinity;
    diff = Math.max(diff, d);
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  return scale > 0 ? diff / scale : diff;
}
