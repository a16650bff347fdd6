/**
 * Matrix multiplication kernel: batched `[..., n, k] x [..., k, m]` with broadcast batch axes.
 * @module
 */
import { broadcastShapes, sizeOf, type Shape } from "./shape.ts";
import { broadcastStrides } from "./elementwise.ts";
import { Tensor } from "./tensor.ts";

/**
 * C[n x m] += A[n x k] B[k x m] on row-major buffers at the given offsets.
 * The i-p-j loop order streams rows of B and C contiguously (no strided inner access), and the
 * k dimension is blocked so a panel of B stays in cache while rows of A sweep over it.
 */
export function gemm(
  A: Float64Array, aOff: number, B: Float64Array, bOff: number, C: Float64Array, cOff: number,
  n: number, k: number, m: number,
): void {
  const KB = 128;
  for (let p0 = 0; p0 < k; p0 += KB) {
    const pMax = Math.min(p0 + KB, k);
    for (let i = 0; i < n; i++) {
      const ci = cOff + i * m;
      const ai = aOff + i * k;
      for (let p = p0; p < pMax; p++) {
        const a = A[ai + p]!;
        if (a === 0) continue;
        const bp = bOff + p * m;
        for (let j = 0; j < m; j++) C[ci + j]! += a * B[bp + j]!;
      }
    }
  }
}

/** Batched matmul of tensors of rank >= 2 whose inner dimensions agree (already validated). */
export function matmulData(a: Tensor, b: Tensor): Tensor {
  const n = a.shape[a.ndim - 2]!;
  const k = a.shape[a.ndim - 1]!;
  const m = b.shape[b.ndim - 1]!;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch: Shape = broadcastShapes("matmul", batchA, batchB);
  const outShape = [...batch, n, m];
  const out = new Float64Array(sizeOf(outShape));
  const count = sizeOf(batch);
  const sa = broadcastStrides(batchA, batch);
  const sb = broadcastStrides(batchB, batch);
  const idx = new Array<number>(batch.length).fill(0);
  let ia = 0;
  let ib = 0;
  for (let t = 0; t < count; t++) {
    gemm(a.data, ia * n * k, b.data, ib * k * m, out, t * n * m, n, k, m);
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
