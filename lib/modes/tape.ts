/**
 * Storage for a reverse-mode tape, compact for scalar code. An elementwise op on plain numbers
 * (the common case in scalar code: millions of tiny nodes) is stored in typed arrays as its
 * scalar rule's number, its input ids, its numeric output, any constant input and its local
 * derivatives, computed while recording: 36 bytes and no object per node. With the derivatives
 * at hand, pulling such a node back is a multiply-add, with no call into the rule.
 * Every other node (tensors, tracers of outer levels, inputs) is a {@link TapeNode} object.
 *
 * The arrays come in chunks of a fixed size rather than one array that doubles: growing never
 * copies, and moderate blocks are recycled by the allocator instead of being fresh pages from the
 * operating system, which costs more than the recording itself on some machines. The six arrays
 * of a chunk are views of one buffer (one allocation, not six), and the first chunk starts small
 * and doubles up to the full size, so differentiating a small function allocates a small tape.
 * @module
 */
import type { Primitive } from "../core/primitive.ts";
import { scalarRuleOwner } from "../core/scalar-rule.ts";
import type { Value } from "../core/value.ts";
import { BufferPool } from "./buffer-pool.ts";

/** One recorded application. Inputs that are not this level's tracers have id -1 (constants). */
export interface TapeNode {
  /** null for an input (leaf). */
  readonly prim: Primitive | null;
  readonly primals: Value[];
  readonly inputIds: number[];
  readonly out: Value;
  readonly params: unknown;
  /** Where the op was called, when debugHooks.captureSites is on. */
  readonly site?: Error;
}

/** Nodes per chunk: node id `i` lives at `[i >> CHUNK_BITS][i & CHUNK_MASK]`. */
export const CHUNK_BITS = 11;
export const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
const CHUNK = 1 << CHUNK_BITS;
/** Capacity of a new tape's first chunk (it doubles up to {@link CHUNK}). */
const FIRST_CAPACITY = 64;
/** Bytes per node: three Int32 fields and three Float64 fields. */
const NODE_BYTES = 3 * 4 + 3 * 8;
const NO_INTS = new Int32Array(0);
const NO_NUMBERS = new Float64Array(0);
/** Buffers of full chunks, reused from one tape to the next. */
const chunkPool = new BufferPool(CHUNK * NODE_BYTES);
/** Buffers of small first chunks: differentiating a small function makes one tape per call. */
const firstChunkPool = new BufferPool(FIRST_CAPACITY * NODE_BYTES);

/** `op` of a node stored as an object; scalar nodes store their rule's index (>= 0). */
export const OBJECT_NODE = -1;
/** An input that is a constant, stored in the node's `constant` slot. */
export const CONSTANT = -2;
/** `in1` of a unary scalar node. */
export const NO_INPUT = -3;

export class Tape {
  length = 0;
  /** Per node: the scalar rule's index, or {@link OBJECT_NODE}. */
  readonly op: Int32Array[] = [];
  /** Per node: first input (an id or {@link CONSTANT}); for an object node, its index in `objects`. */
  readonly in0: Int32Array[] = [];
  /** Per binary scalar node: second input (an id or {@link CONSTANT}); {@link NO_INPUT} for unary ops. */
  readonly in1: Int32Array[] = [];
  /** Per node with a number output: that number (scalar nodes read their inputs here). */
  readonly value: Float64Array[] = [];
  /**
   * Per scalar node with a {@link CONSTANT} input: the constant. Per binary scalar node whose
   * inputs are both ids: the local derivative with respect to `in1` (the slot is free there).
   */
  readonly constant: Float64Array[] = [];
  /** Per scalar node: the local derivative with respect to its first input that is an id. */
  readonly deriv: Float64Array[] = [];
  /** The nodes stored as objects. */
  readonly objects: TapeNode[] = [];
  private view: TapeNode[] | null = null;

  // The chunk being filled, kept at hand so appending is a few stores.
  // (Empty until the first chunk; shared empty arrays, since a small grad makes a tape per call.)
  private curOp = NO_INTS;
  private curIn0 = NO_INTS;
  private curIn1 = NO_INTS;
  private curValue = NO_NUMBERS;
  private curConstant = NO_NUMBERS;
  private curDeriv = NO_NUMBERS;
  /** Next free slot in the current chunk. */
  private pos = 0;
  /** Capacity of the current chunk (0 before the first node). */
  private capacity = 0;

  /** Appends a node stored as an object; returns its id. */
  pushObject(node: TapeNode): number {
    if (this.pos === this.capacity) this.grow();
    const j = this.pos++;
    this.curOp[j] = OBJECT_NODE;
    this.curIn0[j] = this.objects.length;
    this.objects.push(node);
    if (typeof node.out === "number") this.curValue[j] = node.out;
    return this.length++;
  }

  /** Appends a unary elementwise op on a number: input id `a`, local derivative `d`. */
  pushScalar1(rule: number, a: number, out: number, d: number): number {
    if (this.pos === this.capacity) this.grow();
    const j = this.pos++;
    this.curOp[j] = rule;
    this.curIn0[j] = a;
    this.curIn1[j] = NO_INPUT;
    this.curValue[j] = out;
    this.curDeriv[j] = d;
    return this.length++;
  }

  /**
   * Appends a binary elementwise op on numbers. `d` is the local derivative for the first input
   * that is an id. The `extra` slot depends on the other input: if `b` is an id too, `extra` is
   * the derivative with respect to `b`; if one input is {@link CONSTANT}, `extra` is that
   * constant's value (needed to rebuild the node for the generic path).
   */
  pushScalar2(rule: number, a: number, b: number, out: number, d: number, extra: number): number {
    if (this.pos === this.capacity) this.grow();
    const j = this.pos++;
    this.curOp[j] = rule;
    this.curIn0[j] = a;
    this.curIn1[j] = b;
    this.curValue[j] = out;
    this.curDeriv[j] = d;
    this.curConstant[j] = extra;
    return this.length++;
  }

  /** Makes room for one more node: doubles the first chunk while it is small, else adds a chunk. */
  private grow(): void {
    if (this.capacity > 0 && this.capacity < CHUNK) {
      // Only the first chunk is ever smaller than CHUNK: replace it by one twice as large.
      const old = [this.curOp, this.curIn0, this.curIn1, this.curValue, this.curConstant, this.curDeriv] as const;
      this.op.pop(); this.in0.pop(); this.in1.pop(); this.value.pop(); this.constant.pop(); this.deriv.pop();
      this.addChunk(this.capacity * 2);
      this.curOp.set(old[0]); this.curIn0.set(old[1]); this.curIn1.set(old[2]);
      this.curValue.set(old[3]); this.curConstant.set(old[4]); this.curDeriv.set(old[5]);
      return;
    }
    this.addChunk(this.capacity === 0 ? FIRST_CAPACITY : CHUNK);
    this.pos = 0;
  }

  private addChunk(n: number): void {
    // Full chunks come from (and go back to, see release) the pool; every slot is written before
    // it is read, so a reused buffer's old contents do not matter.
    const buffer = n === CHUNK ? chunkPool.take() : n === FIRST_CAPACITY ? firstChunkPool.take() : new ArrayBuffer(n * NODE_BYTES);
    // Float64 fields first, so each view starts on a multiple of its element size.
    this.value.push((this.curValue = new Float64Array(buffer, 0, n)));
    this.constant.push((this.curConstant = new Float64Array(buffer, 8 * n, n)));
    this.deriv.push((this.curDeriv = new Float64Array(buffer, 16 * n, n)));
    this.op.push((this.curOp = new Int32Array(buffer, 24 * n, n)));
    this.in0.push((this.curIn0 = new Int32Array(buffer, 28 * n, n)));
    this.in1.push((this.curIn1 = new Int32Array(buffer, 32 * n, n)));
    this.capacity = n;
  }

  /**
   * Hands the chunks' buffers back to the pools, for a tape nobody will read again (grad and
   * jacobian release their recording before returning). The tape is empty afterwards.
   */
  release(): void {
    for (const values of this.value) {
      if (values.length === CHUNK) chunkPool.give(values.buffer as ArrayBuffer);
      else if (values.length === FIRST_CAPACITY) firstChunkPool.give(values.buffer as ArrayBuffer);
    }
    this.op.length = 0;
    this.in0.length = 0;
    this.in1.length = 0;
    this.value.length = 0;
    this.constant.length = 0;
    this.deriv.length = 0;
    this.objects.length = 0;
    this.view = null;
    this.length = 0;
    this.pos = 0;
    this.capacity = 0;
  }

  /** The number output of node `id`. */
  valueAt(id: number): number {
    return this.value[id >> CHUNK_BITS]![id & CHUNK_MASK]!;
  }

  /** The number input `ref` of scalar node `id` stands for. */
  input(id: number, ref: number): number {
    return ref === CONSTANT ? this.constant[id >> CHUNK_BITS]![id & CHUNK_MASK]! : this.value[ref >> CHUNK_BITS]![ref & CHUNK_MASK]!;
  }

  /** Node `id` as an object (scalar nodes are rebuilt on demand). */
  node(id: number): TapeNode {
    const c = id >> CHUNK_BITS;
    const j = id & CHUNK_MASK;
    const op = this.op[c]![j]!;
    if (op === OBJECT_NODE) return this.objects[this.in0[c]![j]!]!;
    const prim = scalarRuleOwner(op);
    const a = this.in0[c]![j]!;
    const ids = (ref: number) => (ref === CONSTANT ? -1 : ref);
    const out = this.value[c]![j]!;
    if (prim.arity === 1) return { prim, primals: [this.input(id, a)], inputIds: [ids(a)], out, params: undefined };
    const b = this.in1[c]![j]!;
    return { prim, primals: [this.input(id, a), this.input(id, b)], inputIds: [ids(a), ids(b)], out, params: undefined };
  }

  /** Every node as an object, in recording order (built once per tape length). */
  nodes(): readonly TapeNode[] {
    if (this.view === null || this.view.length !== this.length) {
      const all = new Array<TapeNode>(this.length);
      for (let i = 0; i < this.length; i++) all[i] = this.node(i);
      this.view = all;
    }
    return this.view;
  }
}
