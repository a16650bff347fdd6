/**
 * Elementwise kernels with NumPy broadcasting. A plain number is a 0-d value and stays a number
 * when every input is a number, so scalar code never allocates.
 * @module
 */
import { broadcastShapes, sameShape, sizeOf, stridesOf, type Shape } from "./shape.ts";
import { Tensor } from "./tensor.ts";

/** A concrete value: a number or a tensor. */
export type Raw = number | Tensor;

export function shapeOf(x: Raw): Shape {
  return typeof x === "number" ? EMPTY_SHAPE : x.shape;
}
export const EMPTY_SHAPE: Shape = Object.freeze([]) as Shape;

/** Applies `f` to every element. */
export function mapUnary(x: Raw, f: (v: number) => number): Raw {
  if (typeof x === "number") return f(x);
  const src = x.data;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]!);
  return new Tensor(out, x.shape);
}

/**
 * Strides of `shape` seen from the broadcast result `outShape`: 0 on axes that are missing or
 * of size 1, so one output position reads the same input element along them.
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = stridesOf(shape);
  const lead = outShape.length - shape.length;
  return outShape.map((_, i) => (i < lead || shape[i - lead] === 1 ? 0 : own[i - lead]!));
}

/**
 * Calls `visit(outIndex, offsets)` once per output element in row-major order, with each
 * input's flat offset under broadcasting. Broadcasting is resolved once here, not per element.
 */
function forEachBroadcast(outShape: Shape, inputs: Shape[], visit: (o: number, offs: number[]) => void): void {
  const n = outShape.length;
  const size = sizeOf(outShape);
  if (size === 0) return;
  const strides = inputs.map((s) => broadcastStrides(s, outShape));
  const offs = new Array<number>(inputs.length).fill(0);
  const idx = new Array<number>(n).fill(0);
  for (let o = 0; o < size; o++) {
    visit(o, offs);
    for (let ax = n - 1; ax >= 0; ax--) {
      idx[ax]!++;
      for (let k = 0; k < offs.length; k++) offs[k]! += strides[k]![ax]!;
      if (idx[ax]! < outShape[ax]!) break;
      for (let k = 0; k < offs.length; k++) offs[k]! -= strides[k]![ax]! * outShape[ax]!;
      idx[ax] = 0;
    }
  }
}

/** `f(a, b)` elementwise with broadcasting; numbers in give a number out. */
export function zipBinary(op: string, a: Raw, b: Raw, f: (x: number, y: number) => number): Raw {
  if (typeof a === "number") {
    if (typeof b === "number") return f(a, b);
    const B = b.data;
    const out = new Float64Array(B.length);
    for (let i = 0; i < B.length; i++) out[i] = f(a, B[i]!);
    return new Tensor(out, b.shape);
  }
  if (typeof b === "number") {
    const A = a.data;
    const out = new Float64Array(A.length);
    for (let i = 0; i < A.length; i++) out[i] = f(A[i]!, b);
    return new Tensor(out, a.shape);
  }
  const A = a.data;
  const B = b.data;
  if (sameShape(a.shape, b.shape)) {
    const out = new Float64Array(A.length);
    for (let i = 0; i < A.length; i++) out[i] = f(A[i]!, B[i]!);
    return new Tensor(out, a.shape);
  }
  const outShape = broadcastShapes(op, a.shape, b.shape);
  const out = new Float64Array(sizeOf(outShape));
  forEachBroadcast(outShape, [a.shape, b.shape], (o, offs) => {
    out[o] = f(A[offs[0]!]!, B[offs[1]!]!);
  });
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
  const out = new Float64Array(sizeOf(outShape));
  forEachBroadcast(outShape, shapes, (o, offs) => {
    out[o] = C[offs[0]!]! !== 0 ? A[offs[1]!]! : B[offs[2]!]!;
  });
  return new Tensor(out, outShape);
}

/** Materializes `x` broadcast to `shape` (already checked compatible). */
export function broadcastData(x: Raw, shape: Shape): Tensor {
  const X = asData(x);
  const out = new Float64Array(sizeOf(shape));
  if (X.length === 1) out.fill(X[0]!);
  else forEachBroadcast(shape, [shapeOf(x)], (o, offs) => {
    out[o] = X[offs[0]!]!;
  });
  return new Tensor(out, shape);
}

export function asData(x: Raw): Float64Array {
  return typeof x === "number" ? Float64Array.of(x) : x.data;
}

/**
 * Sums `x` over the listed axes. `keepdims` keeps them as size-1 axes.
 * Also backs prod/max/min through `combine`, starting from `init`.
 */
export function reduceAxes(
  x: Tensor,
  axes: readonly number[],
  keepdims: boolean,
  init: number,
  combine: (acc: number, v: number) => number,
): Tensor {
  const shape = x.shape;
  const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepdims ? keptShape : shape.filter((_, i) => !axes.includes(i));
  const out = new Float64Array(sizeOf(keptShape)).fill(init);
  const X = x.data;
  if (out.length === 1) {
    let acc = init;
    for (let i = 0; i < X.length; i++) acc = combine(acc, X[i]!);
    out[0] = acc;
    return new Tensor(out, outShape);
  }
  // Walk the input once; the output offset is the input index with reduced axes' strides at 0.
  const outStrides = stridesOf(keptShape).map((s, i) => (axes.includes(i) ? 0 : s));
  const idx = new Array<number>(shape.length).fill(0);
  let off = 0;
  for (let i = 0; i < X.length; i++) {
    out[off] = combine(out[off]!, X[i]!);
    for (let ax = shape.length - 1; ax >= 0; ax--) {
      idx[ax]!++;
      off += outStrides[ax]!;
      if (idx[ax]! < shape[ax]!) break;
      off -= outStrides[ax]! * shape[ax]!;
      idx[ax] = 0;
    }
  }
  return new Tensor(out, outShape);
}
