/**
 * Deferred, fused evaluation of elementwise results larger than a slab (more than 128 elements).
 *
 * Eagerly, every elementwise op on a large tensor is one pass over memory and one fresh buffer:
 * `sum(100 (x[1:] - x[:-1]^2)^2 + (1 - x[:-1])^2)` on a million elements makes seven 8 MB
 * buffers, and each pass costs far more in memory traffic and page faults than in arithmetic.
 * Here such a result is instead *deferred*: a tensor whose values are an expression over its
 * inputs. When the values are needed (`data` is read), the whole expression is evaluated in one
 * loop that keeps every intermediate value in a register (fused-loop.ts; block by block through
 * small scratch buffers where code cannot be generated, fused-blocks.ts), and only the final
 * values are written out. A full sum of a deferred tensor adds the values as they are made and
 * stores nothing; it is itself deferred until read, so that a loss can be added up in the loop
 * of its gradient, which recomputes the same intermediate values ({@link computeTogether}).
 *
 * The arithmetic is the same functions on the same numbers in the same order, so results are
 * bit-for-bit those of eager evaluation. What keeps it safe and bounded:
 * - Only results of at least {@link fusionMinSize} elements are deferred; small tensors (most
 *   code) run eagerly exactly as before.
 * - Only the library's own loops (kernels.ts, {@link isFusible}) are deferred: they are pure, so
 *   running them later gives the same values. A user-defined op's function runs when called.
 * - A deferred tensor is inlined into one consumer; a second use computes and stores it first,
 *   unless it is a short expression of cheap ops ({@link RECOMPUTE_OPS}, {@link isCheap}), which
 *   is recomputed instead: storing a value costs a buffer and a pass over memory, recomputing a
 *   few additions and multiplications in registers costs less. An expression holds at most
 *   {@link MAX_OPS} ops counted with every recomputation, so the work per element of any
 *   evaluation is bounded and sharing can never blow up (no exponential work on DAGs).
 * - Tensors never change after construction (their buffers are read-only by contract), so
 *   reading the inputs later sees the same values.
 * @module
 */
import { fusedLoopOf } from "./fused-loop.ts";
import { runBlocks } from "./fused-blocks.ts";
import { CONSTANT, INPUT, NONE, STEP, type Plan } from "./fusion-plan.ts";
import { isCheap, isFusible, mulNoNanRun, mulRun, type BinaryRun, type UnaryRun } from "./kernels.ts";
import { sameShape, type Shape } from "./shape.ts";
import { SLAB_MAX_ELEMENTS } from "./result-buffer.ts";
import { uninitializedFloat64 } from "./uninitialized.ts";
import { deferTensor, pendingOf, provideValues, type PendingValues, Tensor } from "./tensor.ts";

/** Most ops fused into one expression (counting a recomputed value each time it is used). */
export const MAX_OPS = 32;
/** Largest expression of cheap ops that a second consumer recomputes rather than storing it. */
export const RECOMPUTE_OPS = 4;

/**
 * Results that fit a slab (result-buffer.ts) cost almost nothing to allocate and stay eager.
 * Every larger result is a buffer of its own from the allocator, at 1 to 6 µs each, plus the
 * op's own pass; deferring costs about 1 µs of bookkeeping per evaluated expression and saves
 * every intermediate buffer. Measured with Node 20 (CPU time, minimum of runs): the vectorised
 * Rosenbrock function on 150 to 1,000 elements went from 24-38 µs to 3.3-3.7 µs (its gradient
 * from 100-130 µs to 26 µs); a lone addition of two 256-element tensors, which has nothing to
 * fuse, from 0.7 to 1.9 µs.
 */
let minSize = SLAB_MAX_ELEMENTS + 1;

/** The smallest result (in elements) that is deferred; smaller results are computed at once. */
export function fusionMinSize(): number {
  return minSize;
}

/**
 * Sets the smallest deferred result size and returns the previous one. For tests, which use it
 * to run the fused path on small tensors; `Infinity` turns deferral off.
 */
export function setFusionMinSize(n: number): number {
  const previous = minSize;
  minSize = n;
  return previous;
}

/** An operand of a fused op: a tensor of the result's shape, or a number broadcast over it. */
type Operand = Tensor | number;

/**
 * One deferred op. Its operands are tensors, some of them deferred themselves: the expression
 * tree, walked when the values are needed. Besides elementwise ops there are two nodes without
 * arithmetic: a constant *fill* (value `a`), and a *placement*, operand `a` (of `placed`
 * elements) laid into zeros at element `offset`, which is what padding a tensor does when the
 * block is one contiguous stretch of the result (e.g. the cotangent of a slice).
 */
class FusedOp implements PendingValues {
  /** Set when a consumer has taken this op into its own expression. */
  inlined = false;
  constructor(
    readonly unary: UnaryRun | null,
    readonly binary: BinaryRun | null,
    /** The op on numbers: the same function as its loop (a unary op ignores `y`). */
    readonly scalar: (x: number, y: number) => number,
    readonly a: Operand,
    readonly b: Operand,
    /** Ops in this expression, this one included (a recomputed value counts each time). */
    readonly ops: number,
    /** Whether every op in the expression is cheap to recompute ({@link isCheap}). */
    readonly cheap: boolean,
    /** For a placement: where `a` starts in the result, and its number of elements; else -1. */
    readonly offset = -1,
    readonly placed = 0,
  ) {}

  get isFill(): boolean {
    return this.unary === null && this.binary === null && this.offset < 0;
  }

  compute(size: number): Float64Array {
    // Every element is written below (a fill, or each segment in full), so no zeros are needed.
    const out = uninitializedFloat64(size);
    if (this.isFill) return out.fill(this.a as number);
    evaluate(this, size, out);
    return out;
  }
}

/** The deferred op behind `t`, if its values are still to be computed by this engine. */
function fusedOf(t: Tensor): FusedOp | null {
  const p = pendingOf(t);
  return p instanceof FusedOp ? p : null;
}

/** `t` as an operand: a constant fill becomes its number (free to use any number of times). */
function operandOf(t: Operand): Operand {
  if (typeof t === "number") return t;
  const f = fusedOf(t);
  return f !== null && f.isFill ? (f.a as number) : t;
}

/** What an operand brings into a new expression: its ops, and whether they are all cheap. */
interface Taken {
  ops: number;
  cheap: boolean;
}
const NOTHING: Taken = { ops: 0, cheap: true };

/**
 * Takes `t` into a new expression. A deferred tensor already inlined elsewhere (unless it is
 * cheap to recompute), or one that would make the expression too long, is computed now instead.
 */
function take(t: Operand, budget: number): Taken {
  if (typeof t === "number") return NOTHING;
  const f = fusedOf(t);
  if (f === null) return NOTHING;
  const recompute = f.cheap && f.ops <= RECOMPUTE_OPS;
  if ((f.inlined && !recompute) || f.ops > budget) {
    void t.data; // computed and stored; from now on t is a plain input
    return NOTHING;
  }
  f.inlined = true;
  return f;
}

/**
 * `run` applied to every element of `x`, deferred; null when the op should run at once (small,
 * or not one of the library's own loops). `scalar` is the same op on one number (evaluated
 * loops call it; it must compute exactly what `run` does).
 */
export function deferUnary(x: Tensor, run: UnaryRun, scalar: (v: number) => number): Tensor | null {
  if (x.size < minSize || !isFusible(run)) return null;
  const a = operandOf(x);
  if (typeof a === "number") return deferFill(scalar(a), x.shape, x.size);
  const taken = take(a, MAX_OPS - 1);
  const op = new FusedOp(run, null, scalar, a, 0, 1 + taken.ops, taken.cheap && isCheap(run));
  return deferTensor(x.shape, x.size, op);
}

/**
 * `run` applied elementwise to `a` and `b`, deferred, for a result of `shape` (`size` elements);
 * each operand is a tensor of that shape or a number. Null when the op should run at once.
 * `scalar` must compute exactly what `run` does.
 */
export function deferBinary(a: Operand, b: Operand, run: BinaryRun, scalar: (x: number, y: number) => number, shape: Shape, size: number): Tensor | null {
  if (size < minSize || !isFusible(run)) return null;
  const x = operandOf(a);
  const y = operandOf(b);
  if (typeof x === "number" && typeof y === "number") return deferFill(scalar(x, y), shape, size);
  if (run === mulNoNanRun && typeof y === "number" && y !== 0) {
    // mulNoNan(x, y) is x * y wherever y is not 0: by a non-zero constant (e.g. a cotangent that is a
    // broadcast number) it is a plain product, without the test per element.
    return deferBinary(x, y, mulRun, product, shape, size);
  }
  if (run === mulRun && (x === 1 || y === 1)) {
    // x * 1 is exactly x (every double, infinities and -0 included): the product by a cotangent
    // of ones (the VJP of a sum) is the other factor itself. Tensors are immutable, so sharing is safe.
    const other = x === 1 ? b : a;
    if (typeof other !== "number" && sameShape(other.shape, shape)) return other;
  }
  const tx = take(x, MAX_OPS - 1);
  const ty = take(y, MAX_OPS - 1 - tx.ops);
  const op = new FusedOp(null, run, scalar, x, y, 1 + tx.ops + ty.ops, tx.cheap && ty.cheap && isCheap(run));
  return deferTensor(shape, size, op);
}

/** The product on numbers, as mulRun computes it. */
const product = (x: number, y: number): number => x * y;

/** A tensor of `shape` filled with `value`, deferred when large (e.g. a broadcast cotangent). */
export function deferFill(value: number, shape: Shape, size: number): Tensor | null {
  if (size < minSize) return null;
  return deferTensor(shape, size, new FusedOp(null, null, NO_SCALAR, value, 0, 0, true));
}

/**
 * `x`'s elements laid into zeros of `shape` (`size` elements) starting at element `offset`,
 * deferred; null when small. Padding is this when the block is one contiguous stretch of the
 * result. Deferred, the zeros are never stored: a consumer reads 0 outside the block, and the
 * values of a deferred `x` are computed straight into place.
 */
export function deferPlacement(x: Tensor, offset: number, shape: Shape, size: number): Tensor | null {
  if (size < minSize) return null;
  const a = operandOf(x);
  const taken = take(a, MAX_OPS - 1);
  return deferTensor(shape, size, new FusedOp(null, null, NO_SCALAR, a, 0, 1 + taken.ops, taken.cheap, offset, x.size));
}

/** The scalar of a node without arithmetic (a fill or a placement); never called. */
const NO_SCALAR = (x: number): number => x;

/**
 * The sum of all elements of a deferred `x` (times `scale` unless 1: a mean), itself deferred: a
 * one-element tensor of `shape` whose value is computed when read, or by {@link computeTogether}
 * in the loop of another result that shares its ops (a loss computed in its gradient's loop).
 * Null when `x` is not deferred (or a fill); then sum it at once.
 */
export function deferSum(x: Tensor, shape: Shape, scale = 1): Tensor | null {
  const f = fusedOf(x);
  // A fill is summed at once, which keeps its order of additions.
  if (f === null || f.isFill) return null;
  // Like any consumer, the sum takes x's expression: a second consumer stores x instead.
  f.inlined = true;
  return deferTensor(shape, 1, new FusedSum(x, scale), shape.length === 0 ? DeferredSum : Tensor);
}

/**
 * A 0-d {@link deferSum}, computed since or not. A class of its own (rather than a set of them,
 * which costs 0.2 µs per sum in Node 20) so that reverse mode can recognise it for as long as
 * it records: it must become a number wherever it is read (core/value.ts, settledSum).
 */
class DeferredSum extends Tensor {}

/** Whether `t` is a 0-d sum made by {@link deferSum} (its value computed since or not). */
export function isDeferredSum(v: unknown): boolean {
  return v instanceof DeferredSum;
}

/**
 * A deferred full sum, times `scale` unless 1: of `x`'s expression while that is deferred, else
 * of its stored values.
 */
class FusedSum implements PendingValues {
  constructor(
    readonly x: Tensor,
    readonly scale: number,
  ) {}

  compute(): Float64Array {
    const f = fusedOf(this.x);
    if (f !== null) return this.resultOf(evaluate(f, this.x.size, null));
    const values = this.x.data;
    let acc = 0;
    for (let i = 0; i < values.length; i++) acc += values[i]!;
    return this.resultOf(acc);
  }

  /** The result for a sum of `total`. */
  resultOf(total: number): Float64Array {
    return Float64Array.of(this.scale === 1 ? total : total * this.scale);
  }
}

/**
 * Computes the values of all `tensors` that are still deferred. A deferred sum whose expression
 * shares ops with a deferred result (a loss and its gradient: the gradient recomputes the loss's
 * intermediate values) is added up in that result's loop, so the shared ops are computed once
 * per element. Values are the same bits as computing each alone.
 */
export function computeTogether(tensors: readonly Tensor[]): void {
  for (const t of tensors) {
    const sum = pendingOf(t);
    if (!(sum instanceof FusedSum)) continue;
    const summed = fusedOf(sum.x);
    if (summed === null) continue;
    for (const g of tensors) {
      const root = fusedOf(g);
      if (root === null || root.isFill) continue;
      const shift = sharedShift(root, g.size, summed, sum.x.size);
      if (shift === null) continue;
      const values = uninitializedFloat64(g.size);
      const total = evaluate(root, g.size, values, { op: summed, shift, count: sum.x.size });
      provideValues(g, values);
      provideValues(t, sum.resultOf(total));
      break;
    }
  }
  for (const t of tensors) void t.data;
}

/**
 * Where `summed` (of `count` elements) can be evaluated inside the expression `root` (of `size`
 * elements) so that ops of both are computed once: the shift (summed's element `k` is root's
 * element `k - shift`) at which one of summed's ops, the largest found, is also computed in
 * root, with all of summed's elements inside root's; null if there is none.
 */
function sharedShift(root: FusedOp, size: number, summed: FusedOp, count: number): number | null {
  // Both expressions hold at most MAX_OPS ops: flat lists and linear searches are cheapest.
  const inRoot = opsUnder(root);
  // Breadth first from summed's root: the first op found is the largest shared subexpression.
  const inSummed = opsUnder(summed);
  for (let k = 0; k < inSummed.ops.length; k++) {
    for (let j = 0; j < inRoot.ops.length; j++) {
      if (inRoot.ops[j] !== inSummed.ops[k]) continue;
      const s = inRoot.shifts[j]! - inSummed.shifts[k]!;
      if (s <= 0 && count - s <= size) return s;
    }
  }
  return null;
}

/** `op` and every deferred op under it (fills aside), breadth first, each with its shift (as in addCuts). */
function opsUnder(op: FusedOp): { ops: FusedOp[]; shifts: number[] } {
  const ops = [op];
  const shifts = [0];
  for (let k = 0; k < ops.length; k++) {
    const next = ops[k]!;
    const inner = next.offset >= 0 ? shifts[k]! - next.offset : shifts[k]!;
    pushOperand(next.a, inner, ops, shifts);
    if (next.offset < 0) pushOperand(next.b, inner, ops, shifts);
  }
  return { ops, shifts };
}

/** Appends operand `v` to `ops` (with `shift`) if it is a deferred op other than a fill. */
function pushOperand(v: Operand, shift: number, ops: FusedOp[], shifts: number[]): void {
  if (typeof v === "number") return;
  const f = fusedOf(v);
  if (f === null || f.isFill) return;
  ops.push(f);
  shifts.push(shift);
}

// ---------------------------------------------------------------------------
// Evaluation. The elements are cut into segments at every placement's edges, so that inside a
// segment each placement is either all zeros or all its operand, read at a fixed shift. Each
// segment's expression is flattened into a plan (fusion-plan.ts) whose inputs are views at those
// shifts, and run as one compiled loop (fused-loop.ts) or, where code cannot be generated, block
// by block (fused-blocks.ts). A full sum continues from one segment to the next in order. Where
// one op (or one input) is read at neighbouring shifts, the plan says so (markCarries), and the
// compiled loop keeps the previous element's value instead of computing or loading it again.

/**
 * A sum evaluated in another expression's loop ({@link computeTogether}): of `op`'s `count`
 * elements, its element `k` being the root's element `k - shift`.
 */
interface AlongsideSum {
  readonly op: FusedOp;
  readonly shift: number;
  readonly count: number;
}

/**
 * Computes the values of `root` (`size` of them) into `out`, or their sum when `out` is null.
 * With `alongside` (and `out`), also adds up that sum in the same loop and returns it.
 */
function evaluate(root: FusedOp, size: number, out: Float64Array | null, alongside: AlongsideSum | null = null): number {
  const cuts: number[] = [];
  addCuts(root, 0, size, cuts);
  if (alongside !== null) {
    addCuts(alongside.op, alongside.shift, size, cuts);
    const from = -alongside.shift;
    const to = from + alongside.count;
    if (from > 0) cuts.push(from);
    if (to < size) cuts.push(to);
  }
  // Most expressions have no placement, hence one segment: no set or sorting to pay for.
  if (cuts.length === 0) return evaluateSegment(root, 0, size, out, 0, alongside);
  const edges = [...new Set([0, size, ...cuts])].sort((p, q) => p - q);
  let acc = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    const lo = edges[k]!;
    const hi = edges[k + 1]!;
    // The sum covers whole segments: its range's ends are edges.
    const inside = alongside !== null && lo >= -alongside.shift && hi <= alongside.count - alongside.shift;
    if (hi > lo) acc = evaluateSegment(root, lo, hi, out, acc, inside ? alongside : null);
  }
  return acc;
}

/**
 * Adds the edges of every placement under `op`, in the root's element numbering: `op`'s element
 * `j` is the root's element `j - shift`. Only edges inside `0 .. size` matter.
 */
function addCuts(op: FusedOp, shift: number, size: number, cuts: number[]): void {
  if (op.offset >= 0) {
    const from = op.offset - shift;
    const to = from + op.placed;
    if (from > 0 && from < size) cuts.push(from);
    if (to > 0 && to < size) cuts.push(to);
    if (typeof op.a !== "number") {
      const f = fusedOf(op.a);
      if (f !== null) addCuts(f, shift - op.offset, size, cuts);
    }
    return;
  }
  addOperandCuts(op.a, shift, size, cuts);
  addOperandCuts(op.b, shift, size, cuts);
}

function addOperandCuts(v: Operand, shift: number, size: number, cuts: number[]): void {
  if (typeof v === "number") return;
  const f = fusedOf(v);
  if (f !== null) addCuts(f, shift, size, cuts);
}

/**
 * Evaluates elements `lo .. hi` of `root` into `out` (returning `acc`), or adds them to `acc`
 * when `out` is null. With `alongside` (and `out`), its elements there are added to `acc` in
 * the same loop.
 */
function evaluateSegment(root: FusedOp, lo: number, hi: number, out: Float64Array | null, acc: number, alongside: AlongsideSum | null): number {
  const n = hi - lo;
  const plan: Plan = { steps: [], inputs: [], inputCarry: [], constants: [], output: -1, alsoSum: -1 };
  const segment = new Segment(lo, hi);
  const [kind, index] = source(plan, root, segment, 0);
  // Flattened into the same segment, the sum's ops that root computes too are the same steps.
  const [sumKind, sumIndex] = alongside === null ? [NONE, -1] : source(plan, alongside.op, segment, alongside.shift);
  markCarries(plan, segment);
  const dest = out === null ? null : viewOf(out, lo, hi);
  if (kind === STEP) {
    plan.output = index;
    if (dest !== null && sumKind === STEP) plan.alsoSum = sumIndex;
    acc = run(plan, dest, n, acc);
  } else if (dest === null) {
    acc = addUp(plan, kind, index, n, acc);
  } else if (kind === CONSTANT) {
    // No arithmetic here: the segment is zeros or a placed input.
    dest.fill(plan.constants[index]!); // the buffer is not zeroed (FusedOp.compute)
  } else {
    dest.set(plan.inputs[index]!);
  }
  if (sumKind === NONE || plan.alsoSum >= 0) return acc;
  // The sum could not share the loop (one of the two has no arithmetic here): on its own.
  if (sumKind !== STEP) return addUp(plan, sumKind, sumIndex, n, acc);
  plan.output = sumIndex;
  plan.alsoSum = -1;
  return run(plan, null, n, acc);
}

/** Runs `plan` (see {@link FusedLoop}): compiled where possible, else block by block. */
function run(plan: Plan, dest: Float64Array | null, n: number, acc: number): number {
  const loop = fusedLoopOf(plan, dest === null);
  return loop !== null ? loop(plan.inputs, plan.constants, dest, n, acc) : runBlocks(plan, dest, n, acc);
}

/** `acc` plus `n` values of a constant or an input of `plan`, added in order. */
function addUp(plan: Plan, kind: number, index: number, n: number, acc: number): number {
  if (kind === CONSTANT) {
    const c = plan.constants[index]!;
    for (let i = 0; i < n; i++) acc += c;
    return acc;
  }
  const values = plan.inputs[index]!;
  for (let i = 0; i < n; i++) acc += values[i]!;
  return acc;
}

/** Elements `lo .. hi` of `data`: itself when that is all of it (a view costs an allocation). */
function viewOf(data: Float64Array, lo: number, hi: number): Float64Array {
  return lo === 0 && hi === data.length ? data : data.subarray(lo, hi);
}

/**
 * The segment being flattened, and what has been added to its plan so far. Each table maps a key
 * to its (position, index) pairs, flat: almost every key has one or two, for which an array is
 * far cheaper than a map of its own (measured: the maps were a sixth of a small gradient's time).
 */
class Segment {
  /** Step of each op at each shift (an op reached twice at one shift is one step). */
  readonly steps = new Map<FusedOp, number[]>();
  /** Index of each input by its memory and first element (the same elements read twice are one input). */
  readonly inputs = new Map<ArrayBufferLike, number[]>();
  constructor(readonly lo: number, readonly hi: number) {}
}

function lookup<K>(table: Map<K, number[]>, key: K, at: number): number | undefined {
  const pairs = table.get(key);
  return pairs === undefined ? undefined : indexAt(pairs, at);
}

function indexAt(pairs: readonly number[], at: number): number | undefined {
  for (let k = 0; k < pairs.length; k += 2) if (pairs[k] === at) return pairs[k + 1];
  return undefined;
}

function remember<K>(table: Map<K, number[]>, key: K, at: number, index: number): void {
  const pairs = table.get(key);
  if (pairs === undefined) table.set(key, [at, index]);
  else pairs.push(at, index);
}

/**
 * Where the plan reads operand `v` (whose element `j` is the root's element `j - shift`):
 * a constant, an input view, or a step, appending the steps that compute it.
 */
function source(plan: Plan, v: Operand | FusedOp, segment: Segment, shift: number): [number, number] {
  if (typeof v === "number") return [CONSTANT, plan.constants.push(v) - 1];
  const f = v instanceof FusedOp ? v : fusedOf(v);
  if (f === null) return input(plan, (v as Tensor).data, segment, shift);
  if (f.isFill) return [CONSTANT, plan.constants.push(f.a as number) - 1];
  if (f.offset >= 0) {
    // A placement: in this segment either wholly inside its block or wholly outside (zeros).
    const from = f.offset - shift;
    if (segment.lo >= from && segment.hi <= from + f.placed) return source(plan, f.a, segment, shift - f.offset);
    return [CONSTANT, plan.constants.push(0) - 1];
  }
  const known = lookup(segment.steps, f, shift);
  if (known !== undefined) return [STEP, known];
  const [aKind, aIndex] = source(plan, f.a, segment, shift);
  const [bKind, bIndex] = f.binary === null ? [NONE, -1] : source(plan, f.b, segment, shift);
  plan.steps.push({ unary: f.unary, binary: f.binary, scalar: f.scalar, aKind, aIndex, bKind, bIndex, carry: -1 });
  const index = plan.steps.length - 1;
  remember(segment.steps, f, shift, index);
  return [STEP, index];
}

/**
 * Marks each step that computes an op at the shift one element before another step of the same
 * op: at element `i` it is the other's value at element `i - 1` (both are the op's element
 * `i + shift`). This is how a shifted use looks, e.g. the cotangent of `x[1:] - x[:-1]` reaching
 * `x` through both slices; a compiled loop then computes the op once per element. Likewise each
 * input that is another input's memory one element back.
 */
function markCarries(plan: Plan, segment: Segment): void {
  for (const pairs of segment.steps.values()) {
    if (pairs.length < 4) continue;
    for (let k = 0; k < pairs.length; k += 2) {
      const next = indexAt(pairs, pairs[k]! + 1);
      const index = pairs[k + 1]!;
      if (next !== undefined) plan.steps[index] = { ...plan.steps[index]!, carry: next };
    }
  }
  for (const pairs of segment.inputs.values()) {
    for (let k = 0; k < pairs.length; k += 2) plan.inputCarry[pairs[k + 1]!] = indexAt(pairs, pairs[k]! + 1) ?? -1;
  }
}

/** A stored operand (plain, or deferred but computed meanwhile): a view of the segment's elements. */
function input(plan: Plan, data: Float64Array, segment: Segment, shift: number): [number, number] {
  // Keyed by memory, not by view: x[1:] read at shift -1 and x[:-1] at 0 are the same elements
  // (as in the cotangent of a difference of slices), loaded once.
  const at = data.byteOffset / Float64Array.BYTES_PER_ELEMENT + shift;
  let index = lookup(segment.inputs, data.buffer, at);
  if (index === undefined) {
    index = plan.inputs.push(viewOf(data, segment.lo + shift, segment.hi + shift)) - 1;
    plan.inputCarry.push(-1); // see markCarries
    remember(segment.inputs, data.buffer, at, index);
  }
  return [INPUT, index];
}
