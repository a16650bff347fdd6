/**
 * Matrix multiplication kernel: batched `op(A) op(B)` for `[..., n, k] x [..., k, m]` with
 * broadcast batch axes, where `op` is the identity or the transpose of the last two axes. The
 * transposed forms let reverse mode compute `G Bᵀ` and `Aᵀ G` without materializing a transpose.
 * @module
 */
import { broadcastShapes, sizeOf, type Shape } from "./shape.ts";
import { broadcastStrides } from "./runs.ts";
import { Tensor } from "./tensor.ts";
import { simdTiles } from "./simd-gemm.ts";
import { resultBuffer } from "./result-buffer.ts";

/**
 * `C = op(A) op(B)` for one matrix pair, overwriting the row-major `C[n x m]` at `cOff`.
 * Element (i, p) of op(A) is `A[aOff + i * ars + p * acs]` and (p, j) of op(B) is
 * `B[bOff + p * brs + j * bcs]`, so one routine serves plain and transposed operands.
 *
 * The bulk is computed in 4 x 4 tiles of C held in local variables: each step over p loads 4
 * values of A and 4 of B for 16 multiply-adds, instead of reloading a row of C per product. A
 * 4-column panel of op(B) is packed contiguously first, so every layout streams the same way.
 * Each element is still the sum over p in increasing order starting from 0, as in the
 * textbook loop, so results do not depend on the tiling.
 */
export function gemm(
  A: Float64Array, aOff: number, ars: number, acs: number,
  B: Float64Array, bOff: number, brs: number, bcs: number,
  C: Float64Array, cOff: number, n: number, k: number, m: number,
): void {
  const n4 = n - (n % 4);
  const m4 = m - (m % 4);
  // The bulk (whole 4 x 4 tiles) on WebAssembly SIMD where available (simd-gemm.ts).
  const tiled = m4 > 0 && n4 > 0 && simdTiles(A, aOff, ars, acs, B, bOff, brs, bcs, C, cOff, n4, k, m4, m);
  const panel = m4 > 0 && (!tiled || n4 < n) ? new Float64Array(4 * k) : null;
  for (let j = 0; j < m4 && panel !== null; j += 4) {
    const P = panel;
    for (let p = 0, q = 0, b = bOff + j * bcs; p < k; p++, q += 4, b += brs) {
      P[q] = B[b]!;
      P[q + 1] = B[b + bcs]!;
      P[q + 2] = B[b + 2 * bcs]!;
      P[q + 3] = B[b + 3 * bcs]!;
    }
    if (!tiled) for (let i = 0; i < n4; i += 4) tile4x4(A, aOff + i * ars, ars, acs, P, C, cOff + i * m + j, m, k);
    for (let i = n4; i < n; i++) tile1x4(A, aOff + i * ars, acs, P, C, cOff + i * m + j, k);
  }
  // Leftover columns (all of them for a matrix-vector product): one dot product per element.
  for (let j = m4; j < m; j++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = 0, a = aOff + i * ars, b = bOff + j * bcs; p < k; p++, a += acs, b += brs) s += A[a]! * B[b]!;
      C[cOff + i * m + j] = s;
    }
  }
}

/** C[4 x 4] tile at `c` (row stride m) from 4 rows of op(A) starting at `a` and a packed panel. */
function tile4x4(A: Float64Array, a: number, ars: number, acs: number, P: Float64Array, C: Float64Array, c: number, m: number, k: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const a1 = a + ars;
  const a2 = a1 + ars;
  const a3 = a2 + ars;
  for (let p = 0, q = 0, o = 0; p < k; p++, q += 4, o += acs) {
    const b0 = P[q]!, b1 = P[q + 1]!, b2 = P[q + 2]!, b3 = P[q + 3]!;
    const x0 = A[a + o]!, x1 = A[a1 + o]!, x2 = A[a2 + o]!, x3 = A[a3 + o]!;
    c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
    c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
    c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
    c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
  }
  C[c] = c00; C[c + 1] = c01; C[c + 2] = c02; C[c + 3] = c03;
  c += m;
  C[c] = c10; C[c + 1] = c11; C[c + 2] = c12; C[c + 3] = c13;
  c += m;
  C[c] = c20; C[c + 1] = c21; C[c + 2] = c22; C[c + 3] = c23;
  c += m;
  C[c] = c30; C[c + 1] = c31; C[c + 2] = c32; C[c + 3] = c33;
}

/** One row of a tile: C[1 x 4] at `c` from one row of op(A) starting at `a`. */
function tile1x4(A: Float64Array, a: number, acs: number, P: Float64Array, C: Float64Array, c: number, k: number): void {
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let p = 0, q = 0, o = a; p < k; p++, q += 4, o += acs) {
    const x = A[o]!;
    c0 += x * P[q]!; c1 += x * P[q + 1]!; c2 += x * P[q + 2]!; c3 += x * P[q + 3]!;
  }
  C[c] = c0; C[c + 1] = c1; C[c + 2] = c2; C[c + 3] = c3;
}

/**
 * Batched `op(a) op(b)` of tensors of rank >= 2 (already validated): with `transA` the last two
 * axes of `a` are read swapped (a is `[..., k, n]`), likewise `transB` (b is `[..., m, k]`).
 */
export function matmulData(a: Tensor, b: Tensor, transA = false, transB = false): Tensor {
  const ra = a.shape[a.ndim - 2]!;
  const ca = a.shape[a.ndim - 1]!;
  const rb = b.shape[b.ndim - 2]!;
  const cb = b.shape[b.ndim - 1]!;
  const n = transA ? ca : ra;
  const k = transA ? ra : ca;
  const m = transB ? rb : cb;
  // Strides of op(A) and op(B) in the row-major buffers.
  const ars = transA ? 1 : ca;
  const acs = transA ? ca : 1;
  const brs = transB ? 1 : cb;
  const bcs = transB ? cb : 1;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch: Shape = broadcastShapes("matmul", batchA, batchB);
  const outShape = [...batch, n, m];
  const out = resultBuffer(sizeOf(outShape));
  const count = sizeOf(batch);
  const sa = broadcastStrides(batchA, batch);
  const sb = broadcastStrides(batchB, batch);
  const idx = new Array<number>(batch.length).fill(0);
  let ia = 0;
  let ib = 0;
  for (let t = 0; t < count; t++) {
    gemm(a.data, ia * ra * ca, ars, acs, b.data, ib * rb * cb, brs, bcs, out, t * n * m, n, k, m);
    for (let ax = batch.length - 1; ax >= 0; ax--) {
      idx[ax]!++;
      ia += sa[ax]!;
      ib += sb[ax]!;
      if (idx[ax]! < batch[ax]!) break;
      ia -= sa[ax]! * batch[ax]!;
      ib -= sb[ax]! * batch[ax]!;
      idx[ax] = 0;
    }
  }
  return new Tensor(out, outShape);
}
