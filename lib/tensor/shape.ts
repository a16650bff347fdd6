/**
 * Shapes, strides and broadcasting. Pure functions on `readonly number[]`; no tensors here.
 * @module
 */
import { ShapeError } from "../errors.ts";

/** A tensor shape: the length of each axis, outermost first. `[]` is a scalar. */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for `[]`). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major strides (in elements) of a shape. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/**
 * NumPy broadcasting: align shapes at the right; each axis must match or be 1.
 * @param op named in the error, so the user knows which call failed.
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  if (sameShape(a, b)) return a.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(axis ${i - n} has ${da} vs ${db}); make the sizes equal, or 1 on one side, ` +
          `e.g. with reshape or expandDims.`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Normalizes an `axis` argument (number, array or undefined for "all axes") to a sorted list of
 * distinct non-negative axes. Negative axes count from the end, as in NumPy.
 */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined | null, ndim: number): number[] {
  if (axis === undefined || axis === null) {
    const all = new Array<number>(ndim); // every axis, the common case: a plain loop is ~10x faster than Array.from
    for (let i = 0; i < ndim; i++) all[i] = i;
    return all;
  }
  if (typeof axis !== "number" && !Array.isArray(axis)) {
    throw new ShapeError(`${op}: axis must be an integer or an array of integers, got ${describeAxis(axis)}; use e.g. 0 for the first axis, -1 for the last, or omit it for all axes.`);
  }
  const list = typeof axis === "number" ? [axis] : Array.from(axis);
  const seen = new Set<number>();
  for (const a of list) {
    const k = normalizeAxis(op, a, ndim);
    if (seen.has(k)) throw new ShapeError(`${op}: axis ${a} is listed twice; list each axis once.`);
    seen.add(k);
  }
  return [...seen].sort((p, q) => p - q);
}

/** One axis, negative counting from the end; `ndim` is the rank it must fit in. */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis)) {
    throw new ShapeError(`${op}: axis must be an integer, got ${describeAxis(axis)}; use e.g. 0 for the first axis or -1 for the last.`);
  }
  const k = axis < 0 ? axis + ndim : axis;
  if (ndim === 0) {
    throw new ShapeError(`${op}: axis ${axis} does not exist: the value is a scalar (0 dimensions) and has no axes; omit the axis or pass a tensor.`);
  }
  if (k < 0 || k >= ndim) {
    throw new ShapeError(
      `${op}: axis ${axis} is out of range for a value with ${ndim} dimension${ndim === 1 ? "" : "s"}; ` +
        `use an axis in [${-ndim}, ${ndim - 1}].`,
    );
  }
  return k;
}

/** Shape after reducing `axes` (sorted, distinct) with or without keeping them as size 1. */
export function reducedShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepdims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/** A user's shape argument for a message (JSON would print NaN and Infinity as null). */
function describeShapeArg(shape: unknown): string {
  if (Array.isArray(shape)) return `[${shape.map(describeAxis).join(", ")}]`;
  return describeAxis(shape);
}

function describeAxis(axis: unknown): string {
  return typeof axis === "string" ? JSON.stringify(axis) : typeof axis === "object" && axis !== null && !Array.isArray(axis) ? "an object" : String(axis);
}

/** The most elements a tensor can hold: the longest Float64Array the JavaScript engine allows. */
const MAX_ELEMENTS = 2 ** 32;

/** Validates a user-given shape: non-negative integers. */
export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`${op}: a shape must be an array of non-negative integers, got ${describeShapeArg(shape)}.`);
  }
  if (sizeOf(shape) > MAX_ELEMENTS) {
    throw new ShapeError(`${op}: shape ${formatShape(shape)} has ${sizeOf(shape)} elements, more than the ${MAX_ELEMENTS} a tensor can hold; use a smaller shape.`);
  }
  return shape.slice();
}
