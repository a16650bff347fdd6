/**
 * Hand-written loops for the hottest elementwise ops. Each op has its own loop, so the engine
 * compiles the arithmetic inline instead of calling a function per element (a shared loop over
 * a callback costs several times more for cheap ops like add or square).
 *
 * A {@link BinaryRun} computes one strided run (see runs.ts): `out[o + i] = f(A[ia + i * sa],
 * B[ib + i * sb])` for `i < n`; the common stride patterns (both contiguous, one side a
 * broadcast scalar) get their own loops. A {@link UnaryRun} maps `X[0 .. n)` into `out`.
 * @module
 */

/**
 * One strided run of a binary elementwise op: for `i < n`,
 * `out[o + i] = f(A[ia + i * sa], B[ib + i * sb])` (a stride of 0 repeats a broadcast value).
 * {@link defineBinary} accepts one as `kernel`, a faster loop for the same function as `scalar`.
 */
export type BinaryRun = (
  A: Float64Array, ia: number, sa: number,
  B: Float64Array, ib: number, sb: number,
  out: Float64Array, o: number, n: number,
) => void;

/**
 * An elementwise op of one argument over a whole buffer: `out[i] = f(X[i])` for `i < n`.
 * {@link defineUnary} accepts one as `kernel`, a faster loop for the same function as `scalar`.
 */
export type UnaryRun = (X: Float64Array, out: Float64Array, n: number) => void;

/** A run for any scalar function: one call per element, for ops without their own loop. */
export function binaryRunOf(f: (x: number, y: number) => number): BinaryRun {
  return (A, ia, sa, B, ib, sb, out, o, n) => {
    for (let i = 0; i < n; i++) out[o + i] = f(A[ia + i * sa]!, B[ib + i * sb]!);
  };
}

/** A buffer map for any scalar function, for ops without their own loop. */
export function unaryRunOf(f: (x: number) => number): UnaryRun {
  return (X, out, n) => {
    for (let i = 0; i < n; i++) out[i] = f(X[i]!);
  };
}

export const addRun: BinaryRun = (A, ia, sa, B, ib, sb, out, o, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) out[o + i] = A[ia + i]! + B[ib + i]!;
  else if (sa === 0) {
    const a = A[ia]!;
    for (let i = 0; i < n; i++) out[o + i] = a + B[ib + i * sb]!;
  } else if (sb === 0) {
    const b = B[ib]!;
    for (let i = 0; i < n; i++) out[o + i] = A[ia + i * sa]! + b;
  } else for (let i = 0; i < n; i++) out[o + i] = A[ia + i * sa]! + B[ib + i * sb]!;
};

export const subRun: BinaryRun = (A, ia, sa, B, ib, sb, out, o, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) out[o + i] = A[ia + i]! - B[ib + i]!;
  else if (sa === 0) {
    const a = A[ia]!;
    for (let i = 0; i < n; i++) out[o + i] = a - B[ib + i * sb]!;
  } else if (sb === 0) {
    const b = B[ib]!;
    for (let i = 0; i < n; i++) out[o + i] = A[ia + i * sa]! - b;
  } else for (let i = 0; i < n; i++) out[o + i] = A[ia + i * sa]! - B[ib + i * sb]!;
};

export const mulRun: BinaryRun = (A, ia, sa, B, ib, sb, out, o, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) out[o + i] = A[ia + i]! * B[ib + i]!;
  else if (sa === 0) {
    const a = A[ia]!;
    for (let i = 0; i < n; i++) out[o + i] = a * B[ib + i * sb]!;
  } else if (sb === 0) {
    const b = B[ib]!;
    for (let i = 0; i < n; i++) out[o + i] = A[ia + i * sa]! * b;
  } else for (let i = 0; i < n; i++) out[o + i] = A[ia + i * sa]! * B[ib + i * sb]!;
};

export const divRun: BinaryRun = (A, ia, sa, B, ib, sb, out, o, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) out[o + i] = A[ia + i]! / B[ib + i]!;
  else if (sa === 0) {
    const a = A[ia]!;
    for (let i = 0; i < n; i++) out[o + i] = a / B[ib + i * sb]!;
  } else if (sb === 0) {
    const b = B[ib]!;
    for (let i = 0; i < n; i++) out[o + i] = A[ia + i * sa]! / b;
  } else for (let i = 0; i < n; i++) out[o + i] = A[ia + i * sa]! / B[ib + i * sb]!;
};

/** `x * y`, but exactly 0 where y is 0 (see mulNoNan). */
export const mulNoNanRun: BinaryRun = (A, ia, sa, B, ib, sb, out, o, n) => {
  if (sa === 1 && sb === 1) {
    for (let i = 0; i < n; i++) {
      const y = B[ib + i]!;
      out[o + i] = y === 0 ? 0 : A[ia + i]! * y;
    }
  } else if (sa === 0) {
    const a = A[ia]!;
    for (let i = 0; i < n; i++) {
      const y = B[ib + i * sb]!;
      out[o + i] = y === 0 ? 0 : a * y;
    }
  } else if (sb === 0) {
    const y = B[ib]!;
    if (y === 0) out.fill(0, o, o + n);
    else for (let i = 0; i < n; i++) out[o + i] = A[ia + i * sa]! * y;
  } else {
    for (let i = 0; i < n; i++) {
      const y = B[ib + i * sb]!;
      out[o + i] = y === 0 ? 0 : A[ia + i * sa]! * y;
    }
  }
};

export const negRun: UnaryRun = (X, out, n) => {
  for (let i = 0; i < n; i++) out[i] = -X[i]!;
};

export const squareRun: UnaryRun = (X, out, n) => {
  for (let i = 0; i < n; i++) {
    const x = X[i]!;
    out[i] = x * x;
  }
};

export const reciprocalRun: UnaryRun = (X, out, n) => {
  for (let i = 0; i < n; i++) out[i] = 1 / X[i]!;
};

export const expRun: UnaryRun = (X, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.exp(X[i]!);
};

export const logRun: UnaryRun = (X, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.log(X[i]!);
};

export const sqrtRun: UnaryRun = (X, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(X[i]!);
};

export const tanhRun: UnaryRun = (X, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.tanh(X[i]!);
};

/**
 * The loops above: pure functions of their inputs, so the fusion engine (fusion.ts) may run them
 * later, block by block, and get the same values. Loops made from arbitrary scalar functions
 * ({@link unaryRunOf}, {@link binaryRunOf}, a user's `kernel`) are not in it: they run when called.
 */
const fusible = new Set<UnaryRun | BinaryRun>([
  addRun, subRun, mulRun, divRun, mulNoNanRun, negRun, squareRun, reciprocalRun, expRun, logRun, sqrtRun, tanhRun,
]);

/** Whether `run` is one of the library's own pure loops (see {@link fusible}). */
export function isFusible(run: UnaryRun | BinaryRun): boolean {
  return fusible.has(run);
}

/**
 * Loops whose op costs about as little as a load: a few additions and multiplications. A fused
 * expression made only of these may be recomputed by several consumers instead of being stored
 * (fusion.ts), which is cheaper than writing and reading back a large buffer. Division, square
 * roots and transcendental functions cost more and are stored.
 */
const cheap = new Set<UnaryRun | BinaryRun>([addRun, subRun, mulRun, mulNoNanRun, negRun, squareRun]);

/** Whether `run` is one of the {@link cheap} loops. */
export function isCheap(run: UnaryRun | BinaryRun): boolean {
  return cheap.has(run);
}
