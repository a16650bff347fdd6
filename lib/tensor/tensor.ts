/**
 * The Tensor: an immutable, row-major, float64 n-dimensional array. Knows nothing about AD.
 * @module
 */
import { ShapeError, TypeMismatchError } from "../errors.ts";
import { checkShape, formatShape, sizeOf, type Shape } from "./shape.ts";
import { resultBuffer } from "./result-buffer.ts";

/** Nested JavaScript arrays of numbers, as produced by {@link Tensor.toArray}. */
export type NestedArray = number | NestedArray[];

/**
 * How a deferred tensor will compute its values (implemented by fusion.ts; this file only calls
 * it, so the Tensor class does not depend on the fusion engine).
 * @internal
 */
export interface PendingValues {
  /** Computes all `size` values, row-major, into a new buffer. */
  compute(size: number): Float64Array;
}

/**
 * An immutable n-dimensional array of float64 values stored row-major in a `Float64Array`.
 *
 * No operation writes into a tensor's buffer after construction, so tensors can share buffers
 * (reshape is free) and can safely be kept on a tape.
 *
 * A large result of an elementwise op may be *deferred*: its values are computed, fused with the
 * ops that consumed it, the first time they are needed (see {@link Tensor.data}). Nothing about
 * it is visible except speed, because tensors never change.
 *
 * @example
 * ```ts
 * import { tensor } from "cotangent";
 * const t = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(t.shape, t.size, t.toArray()); // [ 2, 3 ] 6 [ [ 1, 2, 3 ], [ 4, 5, 6 ] ]
 * ```
 */
export class Tensor {
  /** Length of each axis, outermost first. */
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly size: number;

  /** Wraps a buffer without copying. Prefer {@link tensor}, which validates and copies. */
  constructor(data: Float64Array, shape: Shape) {
    const storage = this as unknown as Storage;
    storage.stored = data;
    storage.pending = null;
    // A frozen shape (another tensor's, usually) is shared: freezing a copy costs more than a small op.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.size = data.length;
  }

  /**
   * Row-major values. Treat as read-only: tensors share buffers, and a deferred result reads
   * its inputs' buffers when it is computed. A deferred tensor computes its values here, once.
   * The array may be a view of a larger buffer (a reshape shares its source's; small results
   * share slabs): copy it (`data.slice()`) before transferring its `buffer` to a worker.
   */
  get data(): Float64Array {
    const stored = (this as unknown as Storage).stored;
    return stored !== null ? stored : resolve(this as unknown as Storage);
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** The values as nested JavaScript arrays (a number for a 0-d tensor). */
  toArray(): NestedArray {
    const { data, shape } = this;
    if (shape.length === 0) return data[0]!;
    let offset = 0;
    const build = (axis: number): NestedArray[] => {
      const n = shape[axis]!;
      const out = new Array<NestedArray>(n);
      if (axis === shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = data[offset++]!;
      } else {
        for (let i = 0; i < n; i++) out[i] = build(axis + 1);
      }
      return out;
    };
    return build(0);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new ShapeError(`item: the tensor has shape ${formatShape(this.shape)} (${this.size} elements); item needs exactly one. Index or reduce first (e.g. sum).`);
    }
    return this.data[0]!;
  }

  /** A short description, e.g. `Tensor[2, 3](1, 2, 3, 4, 5, 6)`. */
  toString(): string {
    const shown = Array.from(this.data.subarray(0, 8), (v) => String(v)).join(", ");
    return `Tensor${formatShape(this.shape)}(${shown}${this.size > 8 ? ", ..." : ""})`;
  }

  /**
   * What `console.log` shows in Node: the shape and the values (computing a deferred tensor),
   * rather than the internal storage fields.
   */
  [Symbol.for("nodejs.util.inspect.custom")](_depth: number, options: object, inspect: (v: unknown, o: object) => string): string {
    const values = this.size <= INSPECT_LIMIT ? this.toArray() : Array.from(this.data.subarray(0, INSPECT_LIMIT));
    const more = this.size > INSPECT_LIMIT ? ` (first ${INSPECT_LIMIT} of ${this.size} values)` : "";
    return `Tensor${formatShape(this.shape)} ${inspect(values, options)}${more}`;
  }
}

/** Most values `console.log` shows of a tensor. */
const INSPECT_LIMIT = 100;

/**
 * Creates a tensor, copying the values.
 *
 * @param values a number (0-d tensor), nested arrays (their nesting gives the shape), or a flat
 *   `Float64Array`/array of numbers together with `shape`.
 * @param shape optional; required to be consistent with the number of values.
 * @example
 * ```ts
 * import { tensor } from "cotangent";
 * console.log(tensor([1, 2, 3, 4], [2, 2]).toArray()); // [ [ 1, 2 ], [ 3, 4 ] ]
 * ```
 */
export function tensor(values: NestedArray | ArrayLike<number> | Tensor, shape?: readonly number[]): Tensor {
  if (values instanceof Tensor) return shape ? fromFlat(values.data.slice(), shape) : values;
  if (typeof values === "number") {
    return fromFlat(Float64Array.of(values), shape ?? []);
  }
  if (ArrayBuffer.isView(values) || (!Array.isArray(values) && typeof values === "object" && values !== null && "length" in values)) {
    const list = values as ArrayLike<unknown>;
    if (values instanceof BigInt64Array || values instanceof BigUint64Array || values instanceof DataView || !(list.length >= 0)) {
      throw new TypeMismatchError(`tensor: expected a number, nested arrays of numbers or a Float64Array, got ${describe(values)}.`);
    }
    if (!ArrayBuffer.isView(values)) {
      for (let i = 0; i < list.length; i++) {
        if (typeof list[i] !== "number") throw new TypeMismatchError(`tensor: element [${i}] is ${describe(list[i])}; every element must be a number.`);
      }
    }
    const flat = Float64Array.from(list as ArrayLike<number>);
    return fromFlat(flat, shape ?? [flat.length]);
  }
  if (!Array.isArray(values)) {
    throw new TypeMismatchError(`tensor: expected a number, nested arrays of numbers or a Float64Array, got ${describe(values)}.`);
  }
  const inferred: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    inferred.push(probe.length);
    probe = probe[0];
  }
  const flat = resultBuffer(sizeOf(inferred));
  let k = 0;
  const fill = (v: unknown, axis: number, path: string): void => {
    if (axis === inferred.length) {
      if (typeof v !== "number") throw new TypeMismatchError(`tensor: element ${path} is ${describe(v)}; every element must be a number.`);
      flat[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== inferred[axis]) {
      throw new ShapeError(`tensor: ragged nested arrays: element ${path} should be an array of length ${inferred[axis]}, got ${describe(v)}. All rows must have the same length.`);
    }
    for (let i = 0; i < v.length; i++) fill(v[i], axis + 1, `${path}[${i}]`);
  };
  fill(values, 0, "");
  return fromFlat(flat, shape ?? inferred);
}

/**
 * A tensor's storage. Not declared as class fields: tracers stand in for tensors by their public
 * shape (data, shape, size...), so the Tensor type must not grow private members. `stored` is the
 * values, or null while they are deferred; then `pending` computes them.
 */
interface Storage {
  stored: Float64Array | null;
  pending: PendingValues | null;
  readonly size: number;
}

function resolve(t: Storage): Float64Array {
  const values = t.pending!.compute(t.size);
  t.stored = values;
  t.pending = null; // lets go of the inputs the computation held
  return values;
}

const NO_VALUES = new Float64Array(0);

/**
 * A tensor of `shape` (with `size` elements) whose values `pending` computes when first needed;
 * of a subclass `kind` where the kind of result must stay recognisable once computed.
 * @internal
 */
export function deferTensor(shape: Shape, size: number, pending: PendingValues, kind: typeof Tensor = Tensor): Tensor {
  const t = new kind(NO_VALUES, shape);
  const storage = t as unknown as Storage & { size: number };
  storage.size = size;
  storage.stored = null;
  storage.pending = pending;
  return t;
}

/**
 * Gives a deferred tensor its values, computed elsewhere (with another result, in one loop): as
 * if they had been computed when read. Ignored when the values are already known.
 * @internal
 */
export function provideValues(t: Tensor, values: Float64Array): void {
  const storage = t as unknown as Storage;
  if (storage.stored !== null) return;
  if (values.length !== storage.size) throw new RangeError(`provideValues: ${values.length} values for a tensor of ${storage.size} elements`);
  storage.stored = values;
  storage.pending = null;
}

/** How a deferred tensor will compute its values; null once they are known (or if never deferred). @internal */
export function pendingOf(t: Tensor): PendingValues | null {
  return (t as unknown as Storage).pending;
}

function fromFlat(flat: Float64Array, shape: readonly number[]): Tensor {
  const s = checkShape("tensor", shape);
  if (sizeOf(s) !== flat.length) {
    throw new ShapeError(`tensor: ${flat.length} values do not fill shape ${formatShape(s)} (${sizeOf(s)} elements).`);
  }
  return new Tensor(flat, s);
}

/** Human-readable description of any value, for error messages. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (v instanceof Tensor) return `a tensor of shape ${formatShape(v.shape)}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + "..." : v)}`;
  if (typeof v === "object") return `an object (${v.constructor?.name ?? "Object"})`;
  if (typeof v === "function") return v.name ? `a function (${v.name})` : "a function";
  return `${typeof v} ${String(v)}`;
}
