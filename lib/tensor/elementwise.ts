/**
 * Elementwise kernels with NumPy broadcasting. A plain number is a 0-d value and stays a number
 * when every input is a number, so scalar code never allocates.
 * @module
 */
import { broadcastShapes, sameShape, sizeOf, type Shape } from "./shape.ts";
import { Tensor } from "./tensor.ts";
import { binaryRunOf, unaryRunOf, type BinaryRun, type UnaryRun } from "./kernels.ts";
import { forEachRun } from "./runs.ts";
import { deferBinary, deferFill, deferSum, deferUnary } from "./fusion.ts";
import { resultBuffer, writtenResultBuffer } from "./result-buffer.ts";

export { broadcastStrides } from "./runs.ts";

/**
 * A concrete value: a number or a tensor, never a tracer. A primitive's `impl` receives and
 * returns these.
 */
export type Raw = number | Tensor;

export function shapeOf(x: Raw): Shape {
  return typeof x === "number" ? EMPTY_SHAPE : x.shape;
}
export const EMPTY_SHAPE: Shape = Object.freeze([]) as Shape;

/** Applies `f` to every element (one call per element; see {@link mapUnaryRun} for a loop). */
export function mapUnary(x: Raw, f: (v: number) => number): Raw {
  if (typeof x === "number") return f(x);
  return mapUnaryRun(x, unaryRunOf(f), f);
}

/** Applies an op with its own buffer loop `run`; `scalar` is the same op on one number. */
export function mapUnaryRun(x: Raw, run: UnaryRun, scalar: (v: number) => number): Raw {
  if (typeof x === "number") return scalar(x);
  const deferred = deferUnary(x, run, scalar); // large results are computed later, fused (fusion.ts)
  if (deferred !== null) return deferred;
  const n = x.data.length;
  const out = writtenResultBuffer(n);
  run(x.data, out, n);
  return new Tensor(out, x.shape);
}

/** `f(a, b)` elementwise with broadcasting; numbers in give a number out. */
export function zipBinary(op: string, a: Raw, b: Raw, f: (x: number, y: number) => number): Raw {
  if (typeof a === "number" && typeof b === "number") return f(a, b);
  return zipBinaryRun(op, a, b, binaryRunOf(f), f);
}

/**
 * An elementwise op of two arguments with broadcasting, computed by its strided-run loop `run`
 * (see kernels.ts); `scalar` is the same op on two numbers. Broadcasting is resolved once: same
 * shapes and a scalar side are a single run, other broadcasts one run per output row.
 */
export function zipBinaryRun(op: string, a: Raw, b: Raw, run: BinaryRun, scalar: (x: number, y: number) => number): Raw {
  if (typeof a === "number") {
    if (typeof b === "number") return scalar(a, b);
    const deferred = deferBinary(a, b, run, scalar, b.shape, b.size); // large results: fused later (fusion.ts)
    if (deferred !== null) return deferred;
    const n = b.data.length;
    const out = writtenResultBuffer(n);
    run(Float64Array.of(a), 0, 0, b.data, 0, 1, out, 0, n);
    return new Tensor(out, b.shape);
  }
  if (typeof b === "number") {
    const deferred = deferBinary(a, b, run, scalar, a.shape, a.size);
    if (deferred !== null) return deferred;
    const n = a.data.length;
    const out = writtenResultBuffer(n);
    run(a.data, 0, 1, Float64Array.of(b), 0, 0, out, 0, n);
    return new Tensor(out, a.shape);
  }
  if (sameShape(a.shape, b.shape)) {
    const deferred = deferBinary(a, b, run, scalar, a.shape, a.size);
    if (deferred !== null) return deferred;
  }
  const A = a.data;
  const B = b.data;
  if (sameShape(a.shape, b.shape)) {
    const out = writtenResultBuffer(A.length);
    run(A, 0, 1, B, 0, 1, out, 0, A.length);
    return new Tensor(out, a.shape);
  }
  const outShape = broadcastShapes(op, a.shape, b.shape);
  const out = resultBuffer(sizeOf(outShape));
  forEachRun(outShape, [a.shape, b.shape], (o, offs, st, n) => run(A, offs[0]!, st[0]!, B, offs[1]!, st[1]!, out, o, n));
  return new Tensor(out, outShape);
}

/** `cond ? a : b` elementwise (cond non-zero means true), broadcasting all three. */
export function select(cond: Raw, a: Raw, b: Raw): Raw {
  if (typeof cond === "number" && typeof a === "number" && typeof b === "number") return cond !== 0 ? a : b;
  const shapes = [shapeOf(cond), shapeOf(a), shapeOf(b)];
  const outShape = broadcastShapes("where", broadcastShapes("where", shapes[0]!, shapes[1]!), shapes[2]!);
  const C = asData(cond);
  const A = asData(a);
  const B = asData(b);
  const out = resultBuffer(sizeOf(outShape));
  forEachRun(outShape, shapes, (o, offs, st, n) => {
    const [ic, ia, ib] = offs as [number, number, number];
    const [sc, sa, sb] = st as [number, number, number];
    for (let i = 0; i < n; i++) out[o + i] = C[ic + i * sc]! !== 0 ? A[ia + i * sa]! : B[ib + i * sb]!;
  });
  return new Tensor(out, outShape);
}

/** Materializes `x` broadcast to `shape` (already checked compatible). */
export function broadcastData(x: Raw, shape: Shape): Tensor {
  const X = asData(x);
  if (X.length === 1) {
    // A large constant (e.g. the cotangent of a sum) is never stored: fused ops read it as a number.
    const deferred = deferFill(X[0]!, shape, sizeOf(shape));
    if (deferred !== null) return deferred;
  }
  const out = resultBuffer(sizeOf(shape));
  if (X.length === 1) out.fill(X[0]!);
  else {
    forEachRun(shape, [shapeOf(x)], (o, offs, st, n) => {
      const from = offs[0]!;
      if (st[0] === 0) out.fill(X[from]!, o, o + n);
      else out.set(X.subarray(from, from + n), o);
    });
  }
  return new Tensor(out, shape);
}

export function asData(x: Raw): Float64Array {
  return typeof x === "number" ? Float64Array.of(x) : x.data;
}

/** Shape of `shape` with the listed axes set to 1. */
function keptShapeOf(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/**
 * Reduces `x` over the listed axes with `combine`, starting from `init` (prod, max, min; sum has
 * its own loop, {@link sumAxes}). `keepdims` keeps them as size-1 axes. Elements are combined in
 * row-major order, so the result is the same as one sequential pass.
 */
export function reduceAxes(
  x: Tensor,
  axes: readonly number[],
  keepdims: boolean,
  init: number,
  combine: (acc: number, v: number) => number,
): Tensor {
  const shape = x.shape;
  const keptShape = keptShapeOf(shape, axes);
  const outShape = keepdims ? keptShape : shape.filter((_, i) => !axes.includes(i));
  const out = resultBuffer(sizeOf(keptShape)).fill(init);
  const X = x.data;
  // The output, broadcast back over the input, advances by stride 0 along reduced axes.
  forEachRun(shape, [keptShape], (i, offs, st, n) => {
    const at = offs[0]!;
    if (st[0] === 0) {
      let acc = out[at]!;
      for (let j = 0; j < n; j++) acc = combine(acc, X[i + j]!);
      out[at] = acc;
    } else {
      for (let j = 0; j < n; j++) out[at + j] = combine(out[at + j]!, X[i + j]!);
    }
  });
  return new Tensor(out, outShape);
}

/**
 * Sum over the listed axes (same order of additions as one sequential pass), each result then
 * multiplied by `scale` (a mean's 1 / count) unless it is 1.
 */
export function sumAxes(x: Tensor, axes: readonly number[], keepdims: boolean, scale = 1): Tensor {
  const shape = x.shape;
  const keptShape = keptShapeOf(shape, axes);
  const outShape = keepdims ? keptShape : shape.filter((_, i) => !axes.includes(i));
  if (axes.length === shape.length) {
    // Every axis: a deferred x is summed when the sum is read (or with another result, fusion.ts),
    // as its values are computed, without storing them.
    const deferred = deferSum(x, outShape, scale);
    if (deferred !== null) return deferred;
    // A stored x: one sequential pass, the same additions in the same order as the general case.
    const X = x.data;
    let acc = 0;
    for (let i = 0; i < X.length; i++) acc += X[i]!;
    return new Tensor(Float64Array.of(scale === 1 ? acc : acc * scale), outShape);
  }
  const out = resultBuffer(sizeOf(keptShape));
  const X = x.data;
  forEachRun(shape, [keptShape], (i, offs, st, n) => {
    const at = offs[0]!;
    if (st[0] === 0) {
      let acc = out[at]!;
      for (let j = 0; j < n; j++) acc += X[i + j]!;
      out[at] = acc;
    } else {
      for (let j = 0; j < n; j++) out[at + j]! += X[i + j]!;
    }
  });
  if (scale !== 1) for (let i = 0; i < out.length; i++) out[i]! *= scale;
  return new Tensor(out, outShape);
}
