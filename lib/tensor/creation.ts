/**
 * Tensor constructors: zeros, ones, full, eye, arange, linspace.
 * @module
 */
import { checkShape, sizeOf } from "./shape.ts";
import { Tensor, describe } from "./tensor.ts";
import { CotangentError, ShapeError, TypeMismatchError } from "../errors.ts";
import { resultBuffer } from "./result-buffer.ts";

const isCount = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0;

/**
 * A tensor of the given shape filled with `value`.
 * @example
 * ```ts
 * import { full } from "cotangent";
 * console.log(full([2], 7).toArray()); // [ 7, 7 ]
 * ```
 */
export function full(shape: readonly number[], value: number): Tensor {
  const s = checkShape("full", shape);
  if (typeof value !== "number") throw new TypeMismatchError(`full: the fill value must be a number, got ${describe(value)}.`);
  return new Tensor(resultBuffer(sizeOf(s)).fill(value), s);
}

/**
 * A tensor of zeros.
 * @example
 * ```ts
 * import { zeros } from "cotangent";
 * console.log(zeros([2, 2]).toArray()); // [ [ 0, 0 ], [ 0, 0 ] ]
 * ```
 */
export function zeros(shape: readonly number[]): Tensor {
  const s = checkShape("zeros", shape);
  return new Tensor(resultBuffer(sizeOf(s)), s);
}

/**
 * A tensor of ones.
 * @example
 * ```ts
 * import { ones } from "cotangent";
 * console.log(ones([3]).toArray()); // [ 1, 1, 1 ]
 * ```
 */
export function ones(shape: readonly number[]): Tensor {
  return full(checkShape("ones", shape), 1);
}

/**
 * The `n x m` identity matrix (ones on the diagonal).
 * @example
 * ```ts
 * import { eye } from "cotangent";
 * console.log(eye(2).toArray()); // [ [ 1, 0 ], [ 0, 1 ] ]
 * ```
 */
export function eye(n: number, m: number = n): Tensor {
  if (!isCount(n) || !isCount(m)) throw new ShapeError(`eye: n and m (rows and columns) must be non-negative integers, got ${describe(n)} and ${describe(m)}.`);
  const [r, c] = checkShape("eye", [n, m]) as [number, number];
  const data = resultBuffer(r * c);
  for (let i = 0; i < Math.min(r, c); i++) data[i * c + i] = 1;
  return new Tensor(data, [r, c]);
}

/**
 * Evenly spaced values in `[start, stop)` with the given step, as NumPy's `arange`;
 * `arange(n)` is `0, 1, ..., n-1`.
 * @example
 * ```ts
 * import { arange } from "cotangent";
 * console.log(arange(4).toArray(), arange(1, 2, 0.25).toArray()); // [ 0, 1, 2, 3 ] [ 1, 1.25, 1.5, 1.75 ]
 * ```
 */
export function arange(start: number, stop?: number, step = 1): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (!(step !== 0 && Number.isFinite(step) && Number.isFinite(start) && Number.isFinite(stop))) {
    throw new CotangentError(`arange: start, stop and step must be finite and step non-zero, got (${start}, ${stop}, ${step}).`);
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkShape("arange", [n]);
  const data = resultBuffer(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}

/**
 * `num` evenly spaced values from `start` to `stop`, both included.
 * @example
 * ```ts
 * import { linspace } from "cotangent";
 * console.log(linspace(0, 1, 5).toArray()); // [ 0, 0.25, 0.5, 0.75, 1 ]
 * ```
 */
export function linspace(start: number, stop: number, num: number): Tensor {
  if (!(Number.isFinite(start) && Number.isFinite(stop)) || typeof start !== "number" || typeof stop !== "number") {
    throw new TypeMismatchError(`linspace: start and stop must be finite numbers, got ${describe(start)} and ${describe(stop)}.`);
  }
  if (!isCount(num)) throw new ShapeError(`linspace: num (how many points) must be a non-negative integer, got ${describe(num)}.`);
  checkShape("linspace", [num]);
  const data = resultBuffer(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (num > 1) data[num - 1] = stop;
  return new Tensor(data, [num]);
}
