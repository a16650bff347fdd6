/**
 * Reverse mode: a tape. The forward pass records each primitive applied to this level's
 * tracers; the backward pass walks the tape in reverse topological (= reverse recording) order,
 * calling each VJP rule and summing cotangents where a value was used more than once.
 *
 * Scalar code has a fast path (reverse-scalar.ts): an elementwise op whose inputs are plain
 * numbers is recorded as a compact tape entry (tape.ts) holding its local derivatives, and
 * pulling it back is the VJP rule's arithmetic, `ct * d`. Everything else goes through the VJP
 * rules.
 * @module
 */
import { Level, type ScalarBinaryPaths, type ScalarUnaryPath } from "../core/level.ts";
import type { Primitive } from "../core/primitive.ts";
import { bindKeepingSumsDeferred } from "../core/bind.ts";
import { Tracer } from "../core/tracer.ts";
import { settledSum, type Value } from "../core/value.ts";
import { debugHooks } from "../core/debug.ts";
import { scaleNumber, type ScalarRule } from "../core/scalar-rule.ts";
import { reverseBinaryOf, reverseUnaryOf } from "./reverse-scalar.ts";
import { addCotangents } from "./accumulate.ts";
import { checkCotangents } from "../core/rule-check.ts";
import { CHUNK_BITS, CHUNK_MASK, OBJECT_NODE, Tape, type TapeNode } from "./tape.ts";
import { BufferPool } from "./buffer-pool.ts";

export type { TapeNode } from "./tape.ts";

/** A value recorded on one reverse level's tape; `id` is the index of the node that made it. */
export class ReverseTracer extends Tracer {
  // A parameter property on purpose; see the note in core/tracer.ts before changing it.
  constructor(level: ReverseLevel, primal: Value, readonly id: number) {
    super(level, primal);
  }
}

export class ReverseLevel extends Level {
  readonly kind = "reverse-mode (vjp/grad)";
  /** The recording. Only this level and its scalar fast path (reverse-scalar.ts) append to it. */
  readonly tape = new Tape();

  /** A new input variable of this level. */
  leaf(primal: Value): ReverseTracer {
    const id = this.tape.pushObject({ prim: null, primals: [], inputIds: [], out: primal, params: undefined });
    return new ReverseTracer(this, primal, id);
  }

  /**
   * The scalar fast path of an elementwise op (reverse-scalar.ts). The casts narrow the
   * parameters: core/entry.ts calls a level's paths only with that level and its own tracers.
   */
  override scalarUnary(rule: ScalarRule): ScalarUnaryPath {
    return reverseUnaryOf(rule, ReverseTracer) as unknown as ScalarUnaryPath;
  }

  /** {@link scalarUnary} for an op of two arguments. */
  override scalarBinary(rule: ScalarRule): ScalarBinaryPaths {
    return reverseBinaryOf(rule, ReverseTracer) as unknown as ScalarBinaryPaths;
  }

  process(prim: Primitive, args: Value[], params: unknown): Value {
    const n = args.length;
    const primals = new Array<Value>(n);
    const inputIds = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const a = args[i]!;
      if (a instanceof ReverseTracer && a.level === this) {
        primals[i] = settledSum(a.primal);
        inputIds[i] = a.id;
      } else {
        primals[i] = a;
        inputIds[i] = -1;
      }
    }
    // A loss (a full sum of a deferred tensor) stays deferred: computed in its gradient's loop
    // if nothing reads it before (valueAndGrad; api/linearize.ts), else as its first reader
    // settles it (settledSum, here and wherever values are read).
    const out = bindKeepingSumsDeferred(prim, primals, params);
    const node: TapeNode = debugHooks.captureSites ? { prim, primals, inputIds, out, params, site: new Error(prim.name) } : { prim, primals, inputIds, out, params };
    return new ReverseTracer(this, out, this.tape.pushObject(node));
  }

  /**
   * Gives the tape's memory back for reuse by later recordings. Only for a recording nothing will
   * read again: grad and jacobian call it before returning; vjp cannot, since its pullback may be
   * called at any later time.
   */
  release(): void {
    this.tape.release();
  }

  /** The recorded nodes, in recording (topological) order; index = tape id. Read-only. */
  nodes(): readonly TapeNode[] {
    return this.tape.nodes();
  }

  /** The tape id of a value if it is this level's tracer, else -1 (a constant). */
  idOf(v: Value): number {
    return v instanceof ReverseTracer && v.level === this ? v.id : -1;
  }

  /**
   * Runs the tape backwards from the given seeds (output node id -> cotangent) and returns the
   * cotangent of each requested node (`null` where none flowed). Does not modify the tape, so a
   * recording can be pulled back many times.
   */
  backward(seeds: ReadonlyArray<readonly [number, Value]>, wanted: readonly number[]): (Value | null)[] {
    const tape = this.tape;
    const cts = new Cotangents(tape.length);
    let start = -1;
    for (const [id, ct] of seeds) {
      cts.add(id, ct);
      if (id > start) start = id;
    }
    const keep = new Uint8Array(tape.length);
    for (const id of wanted) if (id >= 0) keep[id] = 1;
    const fast = debugHooks.onDerivative === null;
    // Walk chunk by chunk (see tape.ts), newest node first. The scalar loop takes the bulk of
    // scalar code's nodes; each node it hands over goes through pullAt.
    for (let c = start >> CHUNK_BITS; c >= 0; c--) {
      let j = c === start >> CHUNK_BITS ? start & CHUNK_MASK : CHUNK_MASK;
      while (j >= 0) {
        if (fast) {
          j = pullScalarNodes(tape, cts, c, j);
          if (j < 0) break;
        }
        this.pullAt((c << CHUNK_BITS) | j, cts, keep[(c << CHUNK_BITS) | j] === 1, fast);
        j--;
      }
    }
    const result = wanted.map((id) => (id >= 0 ? cts.get(id) : null));
    cts.release();
    return result;
  }

  /** Pulls node `i` back, if a cotangent reached it; `keep` says whether it was asked for. */
  private pullAt(i: number, cts: Cotangents, keep: boolean, fast: boolean): void {
    const tape = this.tape;
    const object = cts.holdsObject(i);
    const c = i >> CHUNK_BITS;
    const j = i & CHUNK_MASK;
    if (!object && cts.num[c]![j] === 0) return; // nothing (or only zeros) reached this node
    const rule = tape.op[c]![j]!;
    if (rule !== OBJECT_NODE && !object && fast) {
      // Scalar node, number cotangent: the VJP rule's arithmetic (ct times the local derivative,
      // stored when the node was recorded) with no call at all.
      const ct = cts.num[c]![j]!;
      const a = tape.in0[c]![j]!;
      const b = tape.in1[c]![j]!;
      if (a >= 0) {
        cts.addNumber(a, scaleNumber(tape.deriv[c]![j]!, ct));
        if (b >= 0) cts.addNumber(b, scaleNumber(tape.constant[c]![j]!, ct));
      } else cts.addNumber(b, scaleNumber(tape.deriv[c]![j]!, ct));
      return;
    }
    const node = rule === OBJECT_NODE ? tape.objects[tape.in0[c]![j]!]! : tape.node(i);
    if (node.prim === null) return;
    this.pullNode(node, cts.get(i)!, cts);
    if (!keep) cts.clear(i); // free as we go: peak memory stays near the forward pass
  }

  /** Calls a node's VJP rule and adds the input cotangents it returns. */
  private pullNode(node: TapeNode, ct: Value, cts: Cotangents): void {
    const ids = node.inputIds;
    const needs = new Array<boolean>(ids.length);
    let any = false;
    for (let j = 0; j < ids.length; j++) any = (needs[j] = ids[j]! >= 0) || any;
    if (!any) return;
    const inCts = node.prim!.vjp!(ct, node.primals, node.out, node.params, needs);
    checkCotangents(node.prim!, inCts, node.primals);
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j]!;
      const c = inCts[j];
      if (id < 0 || c === null || c === undefined) continue;
      if (debugHooks.onDerivative !== null) debugHooks.onDerivative(node.prim!, "reverse", c, node.site);
      cts.add(id, c);
    }
  }
}

const NONE = 0;
const OBJECT = 1;
/** Buffers of full cotangent chunks (a number and a state per node), reused between backward passes. */
const cotangentPool = new BufferPool(9 * (CHUNK_MASK + 1));
/** The smallest cotangent chunk, and its pool (a small function's gradient uses one per call). */
const SMALL_CHUNK = 64;
const smallCotangentPool = new BufferPool(9 * SMALL_CHUNK);

/**
 * The backward pass over scalar nodes (the bulk of scalar code's tape): from node `from` of chunk
 * `c` downwards, each scalar node with a nonzero number cotangent adds `ct * d` to its inputs,
 * with the local derivatives stored at recording. Returns the first node it leaves to the
 * general path (an object node, a NaN: an object cotangent or a true NaN, here or at an input),
 * or -1 when the chunk is done. It reads only numbers, no states: a zero means no cotangent
 * (see Cotangents). Kept apart and free of calls so the engine keeps the arrays in registers.
 */
function pullScalarNodes(tape: Tape, cts: Cotangents, c: number, from: number): number {
  const ops = tape.op[c]!;
  const in0 = tape.in0[c]!;
  const in1 = tape.in1[c]!;
  const derivs = tape.deriv[c]!;
  const extras = tape.constant[c]!;
  const nums = cts.num[c]!;
  const base = c << CHUNK_BITS;
  for (let j = from; j >= 0; j--) {
    const ct = nums[j]!;
    if (ct === 0) continue;
    if (ct !== ct || ops[j]! === OBJECT_NODE) return j;
    // Inputs are ids (>= 0) or constants; the first id's derivative is in derivs, a second id's
    // in extras (tape.ts). Inputs were recorded earlier, mostly in this chunk; the others take
    // the general path, as do inputs holding a NaN (maybe an object cotangent).
    const ra = in0[j]!;
    const rb = in1[j]!;
    if ((ra >= 0 && ra < base) || (rb >= 0 && rb < base)) return j;
    if (ra >= 0 && rb >= 0) {
      const x = nums[ra - base]!;
      const y = nums[rb - base]!;
      if (x !== x || y !== y) return j;
      // Two statements, not two precomputed sums: ra and rb may be the same node (mul(x, x)).
      nums[ra - base]! += derivs[j]! * ct;
      nums[rb - base]! += extras[j]! * ct;
    } else {
      const first = (ra >= 0 ? ra : rb) - base;
      const x = nums[first]!;
      if (x !== x) return j;
      nums[first] = x + derivs[j]! * ct;
    }
  }
  return -1;
}

/**
 * The cotangents of one backward pass: numbers unboxed in typed arrays (in chunks, as the tape),
 * anything else (tensors, tracers of outer levels) in a map. Accumulates as `existing + new`.
 *
 * A number slot holding 0 means "no cotangent": a zero cotangent contributes exactly zero to
 * every input (the chain-rule product is mulNoNan), so a node whose cotangent sums to zero is
 * skipped like one nothing reached, and the caller turns a missing cotangent into zeros. This
 * keeps the backward loop free of a state per node, and it skips whole regions whose cotangent
 * vanished (gradients that underflow, dead ReLU units). A slot holding an object cotangent is
 * marked in `state` and holds NaN, so the loop, which checks for NaN anyway, leaves it alone.
 */
class Cotangents {
  /** {@link OBJECT} where the cotangent is an object (kept in `obj`), else {@link NONE}. */
  readonly state: Uint8Array[] = [];
  readonly num: Float64Array[] = [];
  private readonly obj = new Map<number, Value>();

  constructor(size: number) {
    for (let n = 0; n < size; n += CHUNK_MASK + 1) {
      // A small tape gets small arrays (at least SMALL_CHUNK, so those can be pooled too).
      const len = Math.max(SMALL_CHUNK, Math.min(CHUNK_MASK + 1, size - n));
      // One allocation per chunk, not two; full and small chunks are reused (see release), so
      // both parts are cleared (a new buffer already is).
      const pool = len === CHUNK_MASK + 1 ? cotangentPool : len === SMALL_CHUNK ? smallCotangentPool : null;
      const reused = pool !== null && pool.kept > 0;
      const buffer = pool !== null ? pool.take() : new ArrayBuffer(9 * len);
      const nums = new Float64Array(buffer, 0, len);
      const states = new Uint8Array(buffer, 8 * len, len);
      if (reused) {
        nums.fill(0);
        states.fill(NONE);
      }
      this.num.push(nums);
      this.state.push(states);
    }
  }

  /** Hands the chunks' buffers back to the pools; this object must not be used afterwards. */
  release(): void {
    for (const nums of this.num) {
      if (nums.length === CHUNK_MASK + 1) cotangentPool.give(nums.buffer as ArrayBuffer);
      else if (nums.length === SMALL_CHUNK) smallCotangentPool.give(nums.buffer as ArrayBuffer);
    }
    this.num.length = 0;
    this.state.length = 0;
    this.obj.clear();
  }

  addNumber(id: number, c: number): void {
    const k = id >> CHUNK_BITS;
    const j = id & CHUNK_MASK;
    if (this.state[k]![j] === OBJECT) this.addObject(id, c);
    else this.num[k]![j]! += c;
  }

  add(id: number, c: Value): void {
    if (typeof c === "number") this.addNumber(id, c);
    else this.addObject(id, c);
  }

  private addObject(id: number, c: Value): void {
    const prev = this.get(id);
    this.obj.set(id, prev === null ? c : addCotangents(prev, c));
    this.state[id >> CHUNK_BITS]![id & CHUNK_MASK] = OBJECT;
    this.num[id >> CHUNK_BITS]![id & CHUNK_MASK] = NaN;
  }

  holdsObject(id: number): boolean {
    return this.state[id >> CHUNK_BITS]![id & CHUNK_MASK] === OBJECT;
  }

  /** The cotangent of node `id`, or null if none (or only zeros) reached it. */
  get(id: number): Value | null {
    if (this.holdsObject(id)) return this.obj.get(id)!;
    const n = this.num[id >> CHUNK_BITS]![id & CHUNK_MASK]!;
    return n === 0 ? null : n;
  }

  clear(id: number): void {
    if (this.holdsObject(id)) this.obj.delete(id);
    this.state[id >> CHUNK_BITS]![id & CHUNK_MASK] = NONE;
    this.num[id >> CHUNK_BITS]![id & CHUNK_MASK] = 0;
  }
}
