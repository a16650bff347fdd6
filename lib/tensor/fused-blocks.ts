/**
 * A fused expression evaluated block by block with the ops' own loops: each step runs its kernel
 * (kernels.ts) on {@link BLOCK} elements into a small scratch buffer that stays in cache, and
 * only the result's values are written out (or added up). This is the evaluator where code
 * cannot be generated (see fused-loop.ts, which is faster and gives the same values).
 * @module
 */
import { CONSTANT, INPUT, STEP, type Plan } from "./fusion-plan.ts";

/** Elements per block: 16 KB per scratch buffer, so an expression's blocks stay in cache. */
export const BLOCK = 2048;

/**
 * Evaluates `plan` on elements `0 .. n`: into `out`, returning `acc` plus the sum of the plan's
 * `alsoSum` step (`acc` when it has none), or, with `out` null, returns `acc` plus their sum.
 * Sums are added in order.
 */
export function runBlocks(plan: Plan, out: Float64Array | null, n: number, acc: number): number {
  const scratch = plan.steps.map(() => take());
  // Binary kernels read a constant from a buffer with stride 0.
  const constants = plan.constants.map((c) => Float64Array.of(c));
  try {
    for (let start = 0; start < n; start += BLOCK) {
      const count = Math.min(BLOCK, n - start);
      runBlock(plan, scratch, constants, start, count, out);
      if (out === null) acc = addUp(acc, scratch[plan.output]!, count);
      else if (plan.alsoSum >= 0) acc = addUp(acc, scratch[plan.alsoSum]!, count);
    }
  } finally {
    for (const buffer of scratch) give(buffer);
  }
  return acc;
}

/** `acc + values[0] + ... + values[n - 1]`, in that order (a loop of its own, optimized alone). */
function addUp(acc: number, values: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) acc += values[i]!;
  return acc;
}

/**
 * Runs every step on elements `start .. start + n`, the result into `dest` at `start` if given:
 * straight there when it is the last step, else copied from its scratch (later steps read it).
 */
function runBlock(plan: Plan, scratch: Float64Array[], constants: Float64Array[], start: number, n: number, dest: Float64Array | null): void {
  const steps = plan.steps;
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    const [A, ia, sa] = source(plan, scratch, constants, step.aKind, step.aIndex, start);
    const toDest = dest !== null && k === plan.output && k === steps.length - 1;
    const O = toDest ? dest : scratch[k]!;
    const o = toDest ? start : 0;
    if (step.unary !== null) {
      step.unary(ia === 0 ? A : A.subarray(ia, ia + n), o === 0 ? O : O.subarray(o, o + n), n);
    } else {
      const [B, ib, sb] = source(plan, scratch, constants, step.bKind, step.bIndex, start);
      step.binary!(A, ia, sa, B, ib, sb, O, o, n);
    }
  }
  if (dest !== null && plan.output !== steps.length - 1) dest.set(scratch[plan.output]!.subarray(0, n), start);
}

/** Where an operand's block is: buffer, offset and stride (0 for a constant). */
function source(plan: Plan, scratch: Float64Array[], constants: Float64Array[], kind: number, index: number, start: number): [Float64Array, number, number] {
  if (kind === INPUT) return [plan.inputs[index]!, start, 1];
  if (kind === CONSTANT) return [constants[index]!, 0, 0];
  if (kind === STEP) return [scratch[index]!, 0, 1];
  throw new RangeError(`fused-blocks: unknown operand kind ${kind}`);
}

// Scratch buffers are reused across evaluations (they never leave this module).
const pool: Float64Array[] = [];
const POOL_SIZE = 64;

function take(): Float64Array {
  return pool.pop() ?? new Float64Array(BLOCK);
}

function give(buffer: Float64Array): void {
  if (pool.length < POOL_SIZE) pool.push(buffer);
}
