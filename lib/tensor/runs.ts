/**
 * Broadcasting resolved once per op: an output shape and the input shapes broadcast to it are
 * turned into strided *runs* (stretches of the output along which every input advances by a
 * fixed stride, 0 for a broadcast input), so kernels loop over runs with plain index arithmetic
 * and nothing is decided per element.
 * @module
 */
import { sizeOf, stridesOf, type Shape } from "./shape.ts";

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
 * Visits one run: output elements `o .. o + n - 1` read input k at `offsets[k] + i * strides[k]`.
 * `offsets` is reused between calls; read it, do not keep it.
 */
export type RunVisitor = (o: number, offsets: readonly number[], strides: readonly number[], n: number) => void;

/**
 * Calls `visit` once per run of the row-major output of shape `outShape`, in order. Adjacent
 * axes along which every input is laid out contiguously (or broadcast) are merged first, so
 * same-shape and scalar inputs give a single run and `[r, c] + [c]` gives r runs of c.
 */
export function forEachRun(outShape: Shape, inputs: readonly Shape[], visit: RunVisitor): void {
  const size = sizeOf(outShape);
  if (size === 0) return;
  const k = inputs.length;
  const full = inputs.map((s) => broadcastStrides(s, outShape));
  // Merge axes from the innermost outwards; drop size-1 axes (they never advance).
  const dims: number[] = [];
  const strides: number[][] = inputs.map(() => []);
  for (let ax = outShape.length - 1; ax >= 0; ax--) {
    const d = outShape[ax]!;
    if (d === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && full.every((st, j) => st[ax] === strides[j]![last]! * dims[last]!)) {
      dims[last] = dims[last]! * d;
    } else {
      dims.push(d);
      for (let j = 0; j < k; j++) strides[j]!.push(full[j]![ax]!);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    for (let j = 0; j < k; j++) strides[j]!.push(0);
  }
  // dims[0] is the innermost (run) axis; the rest are walked by an odometer.
  const n = dims[0]!;
  const inner = strides.map((s) => s[0]!);
  const offsets = new Array<number>(k).fill(0);
  const outer = dims.length - 1;
  if (outer === 0) {
    visit(0, offsets, inner, n);
    return;
  }
  const idx = new Array<number>(outer).fill(0);
  const runs = size / n;
  for (let r = 0, o = 0; r < runs; r++, o += n) {
    visit(o, offsets, inner, n);
    for (let a = 1; a <= outer; a++) {
      const i = a - 1;
      idx[i]!++;
      for (let j = 0; j < k; j++) offsets[j]! += strides[j]![a]!;
      if (idx[i]! < dims[a]!) break;
      for (let j = 0; j < k; j++) offsets[j]! -= strides[j]![a]! * dims[a]!;
      idx[i] = 0;
    }
  }
}
