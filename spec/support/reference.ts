/**
 * Naive reference implementations of the tensor kernels, written for obviousness rather than
 * speed: every output element is computed from its multi-index with plain loops.
 */

/** A plain array value: row-major data and shape. */
export interface Plain {
  data: number[];
  shape: number[];
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Multi-index of flat position `k` in `shape`. */
export function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = k % shape[i]!;
    k = Math.floor(k / shape[i]!);
  }
  return idx;
}

/** Flat position of a multi-index in `shape`. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let k = 0;
  for (let i = 0; i < shape.length; i++) k = k * shape[i]! + idx[i]!;
  return k;
}

/** NumPy's broadcast result shape, or null when incompatible. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The element of `x` that output index `idx` (of a broadcast result) reads. */
export function readBroadcast(x: Plain, idx: readonly number[]): number {
  const lead = idx.length - x.shape.length;
  const own = x.shape.map((d, i) => (d === 1 ? 0 : idx[lead + i]!));
  return x.data[ravel(own, x.shape)]!;
}

export function naiveBinary(a: Plain, b: Plain, f: (x: number, y: number) => number): Plain {
  const shape = broadcastShape(a.shape, b.shape);
  if (shape === null) throw new Error("incompatible shapes");
  const data = Array.from({ length: sizeOfShape(shape) }, (_, k) => {
    const idx = unravel(k, shape);
    return f(readBroadcast(a, idx), readBroadcast(b, idx));
  });
  return { data, shape };
}

/** Reduces over `axes` (non-negative, distinct) with `combine` from `init`. */
export function naiveReduce(x: Plain, axes: readonly number[], keepdims: boolean, init: number, combine: (acc: number, v: number) => number): Plain {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Array<number>(sizeOfShape(kept)).fill(init);
  for (let k = 0; k < x.data.length; k++) {
    const idx = unravel(k, x.shape).map((v, i) => (axes.includes(i) ? 0 : v));
    const o = ravel(idx, kept);
    out[o] = combine(out[o]!, x.data[k]!);
  }
  return { data: out, shape: keepdims ? kept : x.shape.filter((_, i) => !axes.includes(i)) };
}

export function naiveTranspose(x: Plain, perm: readonly number[]): Plain {
  const shape = perm.map((p) => x.shape[p]!);
  const data = Array.from({ length: x.data.length }, (_, k) => {
    const idx = unravel(k, shape);
    const src = new Array<number>(perm.length);
    perm.forEach((p, i) => (src[p] = idx[i]!));
    return x.data[ravel(src, x.shape)]!;
  });
  return { data, shape };
}

export function naiveSlice(x: Plain, start: readonly number[], end: readonly number[]): Plain {
  const shape = start.map((s, i) => end[i]! - s);
  const data = Array.from({ length: sizeOfShape(shape) }, (_, k) => x.data[ravel(unravel(k, shape).map((v, i) => v + start[i]!), x.shape)]!);
  return { data, shape };
}

export function naivePad(x: Plain, shape: readonly number[], start: readonly number[]): Plain {
  const data = Array.from({ length: sizeOfShape(shape) }, (_, k) => {
    const idx = unravel(k, shape).map((v, i) => v - start[i]!);
    return idx.every((v, i) => v >= 0 && v < x.shape[i]!) ? x.data[ravel(idx, x.shape)]! : 0;
  });
  return { data, shape: [...shape] };
}

export function naiveConcat(xs: readonly Plain[], axis: number): Plain {
  const shape = [...xs[0]!.shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis]!, 0);
  const data = Array.from({ length: sizeOfShape(shape) }, (_, k) => {
    const idx = unravel(k, shape);
    let at = idx[axis]!;
    for (const x of xs) {
      if (at < x.shape[axis]!) {
        const own = idx.slice();
        own[axis] = at;
        return x.data[ravel(own, x.shape)]!;
      }
      at -= x.shape[axis]!;
    }
    throw new Error("unreachable");
  });
  return { data, shape };
}

/**
 * NumPy matmul semantics with triple loops: 1-D first argument is a row, 1-D second a column
 * (removed from the result), leading axes broadcast.
 */
export function naiveMatmul(a: Plain, b: Plain): Plain {
  const A = a.shape.length === 1 ? { data: a.data, shape: [1, a.shape[0]!] } : a;
  const B = b.shape.length === 1 ? { data: b.data, shape: [b.shape[0]!, 1] } : b;
  const n = A.shape.at(-2)!;
  const k = A.shape.at(-1)!;
  const m = B.shape.at(-1)!;
  if (B.shape.at(-2) !== k) throw new Error("inner dimensions differ");
  const batch = broadcastShape(A.shape.slice(0, -2), B.shape.slice(0, -2));
  if (batch === null) throw new Error("batch shapes differ");
  const shape = [...batch, n, m];
  const data = Array.from({ length: sizeOfShape(shape) }, (_, o) => {
    const idx = unravel(o, shape);
    const bi = idx.slice(0, -2);
    const [i, j] = idx.slice(-2) as [number, number];
    let s = 0;
    for (let p = 0; p < k; p++) s += readBroadcast(A, [...bi, i, p]) * readBroadcast(B, [...bi, p, j]);
    return s;
  });
  let outShape = shape;
  if (b.shape.length === 1) outShape = outShape.slice(0, -1);
  if (a.shape.length === 1) outShape = [...outShape.slice(0, outShape.length - (b.shape.length === 1 ? 1 : 2)), ...(b.shape.length === 1 ? [] : [m])];
  return { data, shape: outShape };
}
