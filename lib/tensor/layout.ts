/**
 * Kernels that move elements without arithmetic: transpose, slice, pad, concat.
 * @module
 */
import { sizeOf, stridesOf, type Shape } from "./shape.ts";
import { Tensor } from "./tensor.ts";
import { deferPlacement } from "./fusion.ts";
import { resultBuffer, writtenResultBuffer } from "./result-buffer.ts";

/** Permutes axes: output axis i is input axis `perm[i]`. */
export function transposeData(x: Tensor, perm: readonly number[]): Tensor {
  const inShape = x.shape;
  const outShape = perm.map((p) => inShape[p]!);
  const X = x.data;
  const out = resultBuffer(X.length);
  const n = outShape.length;
  if (n === 2 && perm[0] === 1) {
    const rows = inShape[0]!;
    const cols = inShape[1]!;
    // Blocked so both the reads and the writes stay in cache for large matrices.
    const B = 32;
    for (let i0 = 0; i0 < rows; i0 += B) {
      for (let j0 = 0; j0 < cols; j0 += B) {
        const iMax = Math.min(i0 + B, rows);
        const jMax = Math.min(j0 + B, cols);
        for (let i = i0; i < iMax; i++) for (let j = j0; j < jMax; j++) out[j * rows + i] = X[i * cols + j]!;
      }
    }
    return new Tensor(out, outShape);
  }
  const inStrides = stridesOf(inShape);
  const src = perm.map((p) => inStrides[p]!);
  const idx = new Array<number>(n).fill(0);
  let off = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = X[off]!;
    for (let ax = n - 1; ax >= 0; ax--) {
      idx[ax]!++;
      off += src[ax]!;
      if (idx[ax]! < outShape[ax]!) break;
      off -= src[ax]! * outShape[ax]!;
      idx[ax] = 0;
    }
  }
  return new Tensor(out, outShape);
}

/**
 * Copies a block between two same-rank shapes: for every index in `count`, reads
 * `src[srcStart + index]` and writes `dst[dstStart + index]`. Slice and pad are this; concat, whose
 * blocks always span whole rows, has a simpler loop of its own.
 */
function copyBlock(
  src: Float64Array, srcShape: Shape, srcStart: readonly number[],
  dst: Float64Array, dstShape: Shape, dstStart: readonly number[],
  count: readonly number[],
): void {
  const n = count.length;
  if (sizeOf(count) === 0) return;
  const ss = stridesOf(srcShape);
  const ds = stridesOf(dstShape);
  let so = 0;
  let dOff = 0;
  for (let i = 0; i < n; i++) {
    so += srcStart[i]! * ss[i]!;
    dOff += dstStart[i]! * ds[i]!;
  }
  if (n === 0) {
    dst[dOff] = src[so]!;
    return;
  }
  const last = count[n - 1]!;
  const idx = new Array<number>(n - 1).fill(0);
  const rows = sizeOf(count) / last;
  for (let r = 0; r < rows; r++) {
    // Short rows (e.g. stacking columns) are copied directly: a subarray view per row costs
    // more than the copy.
    if (last < 32) for (let k = 0; k < last; k++) dst[dOff + k] = src[so + k]!;
    else dst.set(src.subarray(so, so + last), dOff);
    for (let ax = n - 2; ax >= 0; ax--) {
      idx[ax]!++;
      so += ss[ax]!;
      dOff += ds[ax]!;
      if (idx[ax]! < count[ax]!) break;
      so -= ss[ax]! * count[ax]!;
      dOff -= ds[ax]! * count[ax]!;
      idx[ax] = 0;
    }
  }
}

/**
 * `x[start[0]:end[0], start[1]:end[1], ...]` (already validated). A block that is one
 * contiguous stretch of `x`'s buffer (e.g. any range of rows) shares it instead of copying:
 * tensors are immutable, so the view is safe and costs nothing.
 */
export function sliceData(x: Tensor, start: readonly number[], end: readonly number[]): Tensor {
  const count = start.map((s, i) => end[i]! - s);
  const size = sizeOf(count);
  if (isContiguousBlock(x.shape, start, count)) {
    const from = offsetOf(x.shape, start);
    return new Tensor(x.data.subarray(from, from + size), count);
  }
  const out = resultBuffer(size);
  copyBlock(x.data, x.shape, start, out, count, count.map(() => 0), count);
  return new Tensor(out, count);
}

/** Row-major position of the element at index `start` of `shape`. */
function offsetOf(shape: Shape, start: readonly number[]): number {
  const strides = stridesOf(shape);
  let at = 0;
  for (let i = 0; i < start.length; i++) at += start[i]! * strides[i]!;
  return at;
}

/**
 * Is the block one stretch of the row-major buffer? Yes when some axis p has every axis before
 * it reduced to one index and every axis after it taken whole.
 */
function isContiguousBlock(shape: Shape, start: readonly number[], count: readonly number[]): boolean {
  let p = 0;
  while (p < count.length - 1 && count[p] === 1) p++;
  for (let k = p + 1; k < count.length; k++) if (start[k] !== 0 || count[k] !== shape[k]) return false;
  return true;
}

/** Embeds `x` into zeros of `shape` at offset `start`: the transpose of slicing. */
export function padData(x: Tensor, shape: Shape, start: readonly number[]): Tensor {
  if (isContiguousBlock(shape, start, x.shape)) {
    // One stretch of the result (e.g. the cotangent of a slice of rows): large results are
    // deferred, so the zeros are never stored and a deferred x is computed into place (fusion.ts).
    const deferred = deferPlacement(x, offsetOf(shape, start), shape, sizeOf(shape));
    if (deferred !== null) return deferred;
  }
  const out = resultBuffer(sizeOf(shape));
  copyBlock(x.data, x.shape, x.shape.map(() => 0), out, shape, start, x.shape);
  return new Tensor(out, shape);
}

/**
 * Joins tensors of equal rank along `axis` (already validated). In row-major order each input is
 * `outer` runs of `shape[axis] * inner` contiguous elements (outer: the product of the axes
 * before `axis`, inner: of those after), and each run lands contiguously in the output, so the
 * copy is two plain loops. Stacking columns (jacfwd's assembly, `stack(xs, -1)`) has runs of one
 * element; a general strided copy spent about ten times as long per element there.
 */
export function concatData(xs: readonly Tensor[], axis: number): Tensor {
  const outShape = xs[0]!.shape.slice();
  outShape[axis] = xs.reduce((s, t) => s + t.shape[axis]!, 0);
  const outer = sizeOf(outShape.slice(0, axis));
  const inner = sizeOf(outShape.slice(axis + 1));
  const outRun = outShape[axis]! * inner;
  const out = writtenResultBuffer(outer * outRun); // every element is one of the inputs
  let at = 0;
  for (const t of xs) {
    const src = t.data;
    const run = t.shape[axis]! * inner;
    if (run < 32) {
      for (let o = 0, s = 0, d = at; o < outer; o++, s += run, d += outRun) {
        for (let k = 0; k < run; k++) out[d + k] = src[s + k]!;
      }
    } else {
      for (let o = 0, s = 0, d = at; o < outer; o++, s += run, d += outRun) out.set(src.subarray(s, s + run), d);
    }
    at += run;
  }
  return new Tensor(out, outShape);
}
