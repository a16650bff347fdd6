/**
 * The derivative properties every differentiable function must have, checked at one point and
 * reported as readable failures (each names the function, the property and the numbers):
 *
 * - forward and reverse mode are adjoint: <u, J v> = <Jᵀ u, v> for random u, v;
 * - jacfwd, jacrev and jacobian (auto) give the same matrix, of shape [...out, ...in];
 * - that matrix equals central finite differences (Richardson-extrapolated);
 * - second order, for the scalarization s(x) = sum(u * f(x)): the Hessian is symmetric, the four
 *   ways of building it (forward-over-reverse, reverse-over-reverse, forward-over-forward,
 *   reverse-over-forward) agree, it equals finite differences of grad(s), and hvp(s) = H v.
 *
 * The function takes only differentiated arguments; callers close over constant ones.
 */
import { grad, hessian, hvp, jacfwd, jacobian, jacrev, jvp, mul, sum, vjp } from "../../lib/index.ts";
import type { Value } from "../../lib/index.ts";
import { axpy, flatNumbers, innerWithScale, maxRelDiff, randomLike, structureDifference, unitLike } from "./trees.ts";

export interface CheckOptions {
  /** Names the function and the point in every failure, e.g. `sin (seed 12, sample 3)`. */
  what: string;
  /** Draws the random tangents and cotangents. */
  random: () => number;
  /** Relative tolerance of <u, Jv> = <Jᵀu, v>, relative to the sum of |terms| (default 1e-10). */
  adjointTol?: number;
  /** Tolerance between two modes computing the same matrix, relative to its largest entry (default 1e-10). */
  modeTol?: number;
  /** Tolerance against finite differences, relative to max(1, largest entry) (default 1e-6). */
  fdTol?: number;
  /** Finite-difference step (default 1e-4; extrapolated with h/2, so the error is O(h^4)). */
  fdStep?: number;
  /** Check second order too (default true). */
  secondOrder?: boolean;
}

export interface CheckResult {
  failures: string[];
  /** How many comparisons were made. */
  checks: number;
}

type Fn = (...xs: any[]) => Value;

/**
 * Two modes must agree to `modeTol` relative to the matrix's largest entry, but never closer than
 * `modeTol * MODE_FLOOR` (1e-12 by default) in absolute terms: an entry that is exactly 0 one way
 * may be a rounding residue of cancelling terms the other way (e.g. the Hessian of
 * a * c / a is 0 up to 1e-14). A wrong rule is off by far more.
 */
const MODE_FLOOR = 1e-2;

/** Richardson-extrapolated central difference of `f` along `dir` at `x`, flattened. */
export function finiteDifference(f: (x: unknown) => unknown, x: unknown, dir: unknown, h: number): number[] {
  const central = (step: number): number[] => {
    const plus = flatNumbers(f(axpy(x, dir, step)));
    const minus = flatNumbers(f(axpy(x, dir, -step)));
    return plus.map((p, i) => (p - minus[i]!) / (2 * step));
  };
  const dh = central(h);
  const dh2 = central(h / 2);
  return dh2.map((d, i) => d + (d - dh[i]!) / 3);
}

/** Dense rows of a Jacobian returned for `argnums: [0..k-1]` and a single output leaf. */
function denseJacobian(blocks: unknown, outSize: number, inSizes: readonly number[]): number[][] {
  if (!Array.isArray(blocks) || blocks.length !== inSizes.length) {
    throw new Error(`expected one Jacobian block per argument (${inSizes.length}), got ${Array.isArray(blocks) ? blocks.length : typeof blocks}`);
  }
  const rows = Array.from({ length: outSize }, () => [] as number[]);
  blocks.forEach((block, k) => {
    const flat = flatNumbers(block);
    const n = inSizes[k]!;
    if (flat.length !== outSize * n) throw new Error(`Jacobian block ${k} has ${flat.length} entries, expected ${outSize} x ${n}`);
    for (let o = 0; o < outSize; o++) for (let e = 0; e < n; e++) rows[o]!.push(flat[o * n + e]!);
  });
  return rows;
}

/** Dense n x n matrix of a Hessian returned for `argnums: [0..k-1]`: blocks[i][j] of shape [...in_i, ...in_j]. */
function denseHessian(blocks: unknown, inSizes: readonly number[]): number[][] {
  const n = inSizes.reduce((a, b) => a + b, 0);
  const offsets = inSizes.map((_, i) => inSizes.slice(0, i).reduce((a, b) => a + b, 0));
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(NaN));
  if (!Array.isArray(blocks) || blocks.length !== inSizes.length) throw new Error(`expected ${inSizes.length} Hessian block rows`);
  blocks.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== inSizes.length) throw new Error(`Hessian block row ${i} should hold ${inSizes.length} blocks`);
    row.forEach((block, j) => {
      const flat = flatNumbers(block);
      const ni = inSizes[i]!;
      const nj = inSizes[j]!;
      if (flat.length !== ni * nj) throw new Error(`Hessian block [${i}][${j}] has ${flat.length} entries, expected ${ni} x ${nj}`);
      for (let a = 0; a < ni; a++) for (let b = 0; b < nj; b++) H[offsets[i]! + a]![offsets[j]! + b] = flat[a * nj + b]!;
    });
  });
  return H;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(10) : String(x);
}

/** Runs every property; never throws (an exception becomes a failure naming the step). */
export function checkDerivatives(f: Fn, x: readonly unknown[], options: CheckOptions): CheckResult {
  const { what, random, adjointTol = 1e-10, modeTol = 1e-10, fdTol = 1e-6, fdStep = 1e-4, secondOrder = true } = options;
  const failures: string[] = [];
  let checks = 0;
  const fail = (msg: string) => failures.push(`${what}: ${msg}`);
  const step = (label: string, body: () => void) => {
    try {
      body();
    } catch (e) {
      fail(`${label} threw ${(e as Error).name}: ${(e as Error).message}`);
    }
  };
  const compareMatrices = (label: string, A: number[][], B: number[][], tol: number, floor: number) => {
    checks++;
    const r = maxRelDiff(A.flat(), B.flat(), floor);
    if (!(r.error <= tol)) {
      const cols = A[0]?.length ?? 1;
      const row = Math.floor(r.at / cols);
      const col = r.at % cols;
      fail(`${label}: entry [${row}, ${col}] differs: ${fmt(A.flat()[r.at]!)} vs ${fmt(B.flat()[r.at]!)} (error ${r.error.toExponential(2)} relative to ${fmt(r.scale)}, tolerance ${tol})`);
    }
  };

  const args = x.slice();
  const argnums = args.map((_, i) => i);
  const inSizes = args.map((a) => flatNumbers(a).length);
  const n = inSizes.reduce((p, q) => p + q, 0);
  let y: Value;
  try {
    y = f(...args);
  } catch (e) {
    fail(`evaluating the function threw ${(e as Error).name}: ${(e as Error).message}`);
    return { failures, checks };
  }
  const yFlat = flatNumbers(y);
  const m = yFlat.length;
  if (!yFlat.every(Number.isFinite)) {
    fail(`the value is not finite: [${yFlat.map(fmt).join(", ")}]`);
    return { failures, checks };
  }
  const draw = () => 2 * random() - 1;
  const v = randomLike(args, draw) as unknown[];
  const u = randomLike(y, draw);

  // ---- first order: jvp, vjp and their adjointness
  let Jv: unknown = null;
  step("jvp", () => {
    const [y1, t] = jvp(f, args as never, v as never);
    checks++;
    if (structureDifference(y, y1) !== null || maxRelDiff(flatNumbers(y1), yFlat, 1e-300).error > 1e-14) fail(`jvp's primal output differs from f(x)`);
    const s = structureDifference(y, t);
    checks++;
    if (s !== null) fail(`jvp's output tangent is not shaped like the output: ${s}`);
    else Jv = t;
  });
  let JTu: unknown = null;
  step("vjp", () => {
    const [y2, pullback] = vjp(f, ...(args as never[]));
    checks++;
    if (structureDifference(y, y2) !== null || maxRelDiff(flatNumbers(y2), yFlat, 1e-300).error > 1e-14) fail(`vjp's primal output differs from f(x)`);
    const ct = pullback(u as never);
    const s = structureDifference(args, ct);
    checks++;
    if (s !== null) {
      fail(`the pullback's cotangents are not shaped like the arguments: ${s}`);
      return;
    }
    JTu = ct;
    const again = flatNumbers(pullback(u as never));
    checks++;
    if (maxRelDiff(again, flatNumbers(ct), 1e-300).error !== 0) fail(`calling the pullback twice with the same cotangent gave different results`);
  });
  if (Jv !== null && JTu !== null) {
    const a = innerWithScale(u, Jv);
    const b = innerWithScale(JTu, v);
    // Relative to the terms' magnitudes, but never tighter than MODE_FLOOR |u| |v|: where J is
    // exactly 0 (e.g. softmax of a shift), both sides are rounding residues of order 1e-17.
    const norms = Math.hypot(...flatNumbers(u)) * Math.hypot(...flatNumbers(v));
    const scale = Math.max(a.scale, b.scale, MODE_FLOOR * norms, 1e-300);
    checks++;
    const err = Math.abs(a.value - b.value) / scale;
    if (!(err <= adjointTol)) {
      fail(`<u, jvp(v)> = <vjp(u), v> fails: ${fmt(a.value)} vs ${fmt(b.value)} (error ${err.toExponential(2)} relative to ${fmt(scale)}, tolerance ${adjointTol})`);
    }
  }

  // ---- Jacobians in every mode, and against finite differences
  let Jf: number[][] | null = null;
  step("jacfwd", () => (Jf = denseJacobian(jacfwd(f, { argnums })(...args), m, inSizes)));
  let Jr: number[][] | null = null;
  step("jacrev", () => (Jr = denseJacobian(jacrev(f, { argnums })(...args), m, inSizes)));
  let Ja: number[][] | null = null;
  step("jacobian (auto)", () => (Ja = denseJacobian(jacobian(f, { argnums })(...args), m, inSizes)));
  if (Jf !== null && Jr !== null) compareMatrices("jacfwd = jacrev", Jf, Jr, modeTol, MODE_FLOOR);
  if (Jf !== null && Ja !== null) compareMatrices("jacobian (auto) = jacfwd", Ja, Jf, modeTol, MODE_FLOOR);
  if (Jf !== null) {
    const J = Jf as number[][];
    step("finite differences", () => {
      const cols = Array.from({ length: n }, (_, j) => finiteDifference((z) => f(...(z as unknown[])), args, unitLike(args, j), fdStep));
      const FD = J.map((_, o) => cols.map((c) => c[o]!));
      compareMatrices("jacfwd = central finite differences", J, FD, fdTol, 1);
    });
    if (Jv !== null) {
      // The jvp along v must be the Jacobian times v (catches a jvp that ignores part of v).
      const vFlat = flatNumbers(v);
      const Jv2 = J.map((row) => [row.reduce((s, a, j) => s + a * vFlat[j]!, 0)]);
      compareMatrices("jvp(v) = J v", flatNumbers(Jv).map((t) => [t]), Jv2, modeTol * 10, MODE_FLOOR);
    }
  }

  // ---- second order on the scalarization s(x) = sum(u * f(x))
  if (secondOrder) {
    const s = (...xs: unknown[]): Value => sum(mul(u as Value, f(...xs)));
    const hessians: [string, () => unknown][] = [
      ["hessian (forward over reverse)", () => hessian(s, { argnums })(...args)],
      ["jacrev(jacrev)", () => jacrev(jacrev(s, { argnums }), { argnums })(...args)],
      ["jacfwd(jacfwd)", () => jacfwd(jacfwd(s, { argnums }), { argnums })(...args)],
      ["jacrev(jacfwd)", () => jacrev(jacfwd(s, { argnums }), { argnums })(...args)],
    ];
    const Hs: [string, number[][]][] = [];
    for (const [label, compute] of hessians) step(label, () => Hs.push([label, denseHessian(compute(), inSizes)]));
    if (Hs.length > 0) {
      const [label0, H] = Hs[0]!;
      const HT = H.map((row, i) => row.map((_, j) => H[j]![i]!));
      compareMatrices(`${label0} is symmetric`, H, HT, modeTol, MODE_FLOOR);
      for (const [label, other] of Hs.slice(1)) compareMatrices(`${label0} = ${label}`, H, other, modeTol, MODE_FLOOR);
      step("finite differences of grad", () => {
        const g = grad(s, { argnums });
        const cols = Array.from({ length: n }, (_, j) => finiteDifference((z) => g(...(z as unknown[])), args, unitLike(args, j), fdStep));
        const FD = H.map((_, i) => cols.map((c) => c[i]!));
        compareMatrices(`${label0} = finite differences of grad`, H, FD, fdTol, 1);
      });
      step("hvp", () => {
        const hv = flatNumbers(hvp(s, args as never, v as never));
        const vFlat = flatNumbers(v);
        const Hv = H.map((row) => [row.reduce((acc, a, j) => acc + a * vFlat[j]!, 0)]);
        compareMatrices("hvp(v) = H v", hv.map((t) => [t]), Hv, modeTol * 10, MODE_FLOOR);
      });
    }
  }
  return { failures, checks };
}
