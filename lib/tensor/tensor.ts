/**
 * The Tensor: an immutable, row-major, float64 n-dimensional array. Knows nothing about AD.
 * @module
 */
import { ShapeError, TypeMismatchError } from "../errors.ts";
import { checkShape, formatShape, sizeOf, type Shape } from "./shape.ts";

/** Nested JavaScript arrays of numbers, as produced by {@link Tensor.toArray}. */
export type NestedArray = number | NestedArray[];

/**
 * An immutable n-dimensional array of float64 values stored row-major in a `Float64Array`.
 *
 * No operation writes into a tensor's buffer after construction, so tensors can share buffers
 * (reshape is free) and can safely be kept on a tape.
 *
 * @example
 * ```ts
 * import { tensor } from "cotangent";
 * const t = tensor([[1, 2, 3], [4, 5, 6]]);
 * console.log(t.shape, t.size, t.toArray()); // [ 2, 3 ] 6 [ [ 1, 2, 3 ], [ 4, 5, 6 ] ]
 * ```
 */
export class Tensor {
  /** Row-major values. Treat as read-only: tensors share buffers. */
  readonly data: Float64Array;
  /** Length of each axis, outermost first. */
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly size: number;

  /** Wraps a buffer without copying. Prefer {@link tensor}, which validates and copies. */
  constructor(data: Float64Array, shape: Shape) {
    this.data = data;
    this.shape = Object.freeze(shape.slice());
    this.size = data.length;
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
}

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
  const flat = new Float64Array(sizeOf(inferred));
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
