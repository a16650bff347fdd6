/**
 * Verifies every hand-derived derivative in references.ts against central
 * finite differences, so the benchmark floor is known to compute the right
 * thing before anything is compared against it.
 *
 *   npx tsx scripts/bench/check-references.ts
 *
 * Exits with status 1 if any check's relative error exceeds TOL.
 */
import { all, create, type BigNumber } from 'mathjs';
import { printTable, relErr, type TableRow } from './harness.ts';
import {
  chain,
  chainDual,
  chainGradHandTape,
  makeW1,
  makeW2,
  makeW3,
  makeW4,
  makeW5,
  mlpLoss,
  mlpValueAndGrad,
  mulberry32,
  rosenbrock,
  rosenbrockHessian,
  rosenbrockHessianTridiag,
  rosenbrockHvp,
  rosenbrockValueAndGrad,
  tanhAx,
  tanhAxJacobian,
  type MlpDims,
  type MlpParams,
} from './references.ts';

const TOL = 1e-5;

interface Check {
  workload: string;
  check: string;
  size: string;
  relErr: number;
}

const results: Check[] = [];

function record(workload: string, check: string, size: string, relErr: number): void {
  results.push({ workload, check, size, relErr });
}


/**
 * Five-point central difference: O(h^4) truncation lets h be large enough
 * (1e-3 relative) that rounding in f contributes only ~1e-13.
 */
function fdDirectional(f: (t: number) => number, h: number): number {
  return (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h);
}

function stepFor(x: number): number {
  return 1e-3 * Math.max(1, Math.abs(x));
}

function fdGradient(f: (x: Float64Array) => number, x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    g[i] = fdDirectional((t) => {
      x[i] = xi + t;
      const v = f(x);
      x[i] = xi;
      return v;
    }, stepFor(xi));
  }
  return g;
}

/** Row-major [m x n] Jacobian of a vector function, one column per input. */
function fdJacobian(f: (x: Float64Array) => Float64Array, x: Float64Array, m: number): Float64Array {
  const n = x.length;
  const J = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const xj = x[j]!;
    const h = stepFor(xj);
    const at = (t: number) => {
      x[j] = xj + t;
      const y = Float64Array.from(f(x));
      x[j] = xj;
      return y;
    };
    const p2 = at(2 * h);
    const p1 = at(h);
    const m1 = at(-h);
    const m2 = at(-2 * h);
    for (let i = 0; i < m; i++) J[i * n + j] = (-p2[i]! + 8 * p1[i]! - 8 * m1[i]! + m2[i]!) / (12 * h);
  }
  return J;
}

function scalarRelDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
}

// ---------------------------------------------------------------------------
// W1

for (const n of [2, 10, 37]) {
  const x = makeW1(n, 11 + n);
  const grad = new Float64Array(n);
  const f = rosenbrockValueAndGrad(x, grad);
  record('W1', 'valueAndGrad value == f', `n=${n}`, scalarRelDiff(f, rosenbrock(x)));
  record('W1', 'grad vs FD', `n=${n}`, relErr(grad, fdGradient(rosenbrock, x)));
}
{
  // A stale gradient buffer must not leak into the result.
  const x = makeW1(10, 7);
  const clean = new Float64Array(10);
  const dirty = new Float64Array(10).fill(123);
  rosenbrockValueAndGrad(x, clean);
  rosenbrockValueAndGrad(x, dirty);
  record('W1', 'grad ignores stale gradOut', 'n=10', relErr(dirty, clean));
}

// ---------------------------------------------------------------------------
// W2

const PARAM_KEYS = ['W1', 'b1', 'W2', 'b2'] as const;

function checkMlp(dims: MlpDims, seed: number): void {
  const { params, X, y } = makeW2(seed, dims);
  const size = `${dims.batch}x${dims.input}x${dims.hidden}x${dims.classes}`;
  const { loss, grads } = mlpValueAndGrad(params, X, y);
  record('W2', 'valueAndGrad loss == loss', size, scalarRelDiff(loss, mlpLoss(params, X, y)));
  for (const key of PARAM_KEYS) {
    const fd = fdGradient((p) => mlpLoss({ ...params, [key]: p }, X, y), params[key]);
    record('W2', `d loss/d ${key} vs FD`, size, relErr(grads[key], fd));
  }
}

checkMlp({ batch: 4, input: 6, hidden: 5, classes: 3 }, 21);
checkMlp({ batch: 7, input: 5, hidden: 4, classes: 10 }, 22);
// One label per class and more classes than samples: exercises the one-hot
// subtraction on every column and columns nobody is labelled with.
checkMlp({ batch: 3, input: 2, hidden: 3, classes: 6 }, 23);

{
  // Full benchmark size: a full FD gradient would take ~200k loss evaluations,
  // so spot-check a few random coordinates of each parameter instead.
  const { dims, params, X, y } = makeW2(2);
  const size = `${dims.batch}x${dims.input}x${dims.hidden}x${dims.classes}`;
  const { grads } = mlpValueAndGrad(params, X, y);
  const rand = mulberry32(99);
  for (const key of PARAM_KEYS) {
    const p: Float64Array = params[key];
    const picked: number[] = [];
    const fd: number[] = [];
    for (let s = 0; s < 4; s++) {
      const idx = Math.floor(rand() * p.length);
      const orig = p[idx]!;
      fd.push(
        fdDirectional((t) => {
          p[idx] = orig + t;
          const v = mlpLoss(params as MlpParams, X, y);
          p[idx] = orig;
          return v;
        }, stepFor(orig)),
      );
      picked.push(grads[key][idx]!);
    }
    record('W2', `d loss/d ${key} vs FD (4 random entries)`, size, relErr(picked, fd));
  }
}

// ---------------------------------------------------------------------------
// W3

for (const [n, m] of [
  [3, 5],
  [5, 3],
  [8, 40],
  [40, 8],
] as const) {
  const { A, x } = makeW3(n, m, 31 + n);
  const J = tanhAxJacobian(A, x, m, n);
  record('W3', 'Jacobian vs FD', `n=${n} m=${m}`, relErr(J, fdJacobian((z) => tanhAx(A, z, m, n), x, m)));
}

// ---------------------------------------------------------------------------
// W4
//
// Near its fixed point the chain contracts by ~0.09 per step, so after N = 20
// the true derivative is ~1e-20: far below what a float64 difference of a
// value ~1 can resolve. The reference derivative is therefore taken by
// central differences of the same recurrence evaluated in 80-digit decimal
// arithmetic (mathjs BigNumber), with a correspondingly tiny step.

const hp = create(all, { number: 'BigNumber', precision: 80 });

function chainHighPrecision(x0: BigNumber, N: number): BigNumber {
  const a = hp.bignumber('1.0001');
  const half = hp.bignumber('0.5');
  let x = x0;
  for (let k = 0; k < N; k++) x = x.sin().times(a).plus(x.cos().times(x).times(half));
  return x;
}

function chainDerivativeHighPrecision(x0: number, N: number): number {
  const x = hp.bignumber(x0);
  const h = hp.bignumber('1e-30');
  const up = chainHighPrecision(x.plus(h), N);
  const down = chainHighPrecision(x.minus(h), N);
  return up.minus(down).div(h.times(2)).toNumber();
}

for (const N of [1, 3, 20]) {
  const x0 = makeW4(40 + N);
  const tape = chainGradHandTape(x0, N);
  const dual = chainDual(x0, N);
  const ref = chainDerivativeHighPrecision(x0, N);
  const fx = chain(x0, N);
  record('W4', 'hand tape value == chain', `N=${N}`, scalarRelDiff(tape.value, fx));
  record('W4', 'dual value == chain', `N=${N}`, scalarRelDiff(dual.value, fx));
  record('W4', 'hand tape grad vs FD (80-digit)', `N=${N}`, scalarRelDiff(tape.grad, ref));
  record('W4', 'dual grad vs FD (80-digit)', `N=${N}`, scalarRelDiff(dual.grad, ref));
}
{
  // Where float64 differences can still resolve the derivative, use them too,
  // so the check does not rest on the high-precision path alone.
  const x0 = makeW4(4);
  const N = 3;
  const fd = fdDirectional((t) => chain(x0 + t, N), stepFor(x0));
  record('W4', 'hand tape grad vs FD (float64)', `N=${N}`, scalarRelDiff(chainGradHandTape(x0, N).grad, fd));
  record('W4', 'dual grad vs FD (float64)', `N=${N}`, scalarRelDiff(chainDual(x0, N).grad, fd));
}

// ---------------------------------------------------------------------------
// W5

function analyticGrad(x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  rosenbrockValueAndGrad(x, g);
  return g;
}

for (const n of [2, 10, 100]) {
  const { x, v } = makeW5(n, 50 + n);
  const H = rosenbrockHessian(x);
  // Differencing the gradient (itself checked against FD of f above) costs
  // O(n) gradient calls, which keeps the n = 100 check instant.
  record('W5', 'Hessian vs FD of grad', `n=${n}`, relErr(H, fdJacobian(analyticGrad, x, n)));

  let asym = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) asym = Math.max(asym, Math.abs(H[i * n + j]! - H[j * n + i]!));
  record('W5', 'Hessian symmetric', `n=${n}`, asym);

  const diag = new Float64Array(n);
  const off = new Float64Array(Math.max(0, n - 1));
  rosenbrockHessianTridiag(x, diag, off);
  const fromTri = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    fromTri[i * n + i] = diag[i]!;
    if (i < n - 1) fromTri[i * n + i + 1] = fromTri[(i + 1) * n + i] = off[i]!;
  }
  record('W5', 'tridiagonal == dense', `n=${n}`, relErr(fromTri, H));

  const hv = rosenbrockHvp(x, v);
  const denseHv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += H[i * n + j]! * v[j]!;
    denseHv[i] = s;
  }
  record('W5', 'HVP == H v', `n=${n}`, relErr(hv, denseHv));

  // Directional FD of the gradient along v checks the HVP independently of H.
  const xt = new Float64Array(n);
  const fdHv = new Float64Array(n);
  const h = 1e-3;
  const gAt = (t: number) => {
    for (let i = 0; i < n; i++) xt[i] = x[i]! + t * v[i]!;
    return analyticGrad(xt);
  };
  const p2 = gAt(2 * h);
  const p1 = gAt(h);
  const m1 = gAt(-h);
  const m2 = gAt(-2 * h);
  for (let i = 0; i < n; i++) fdHv[i] = (-p2[i]! + 8 * p1[i]! - 8 * m1[i]! + m2[i]!) / (12 * h);
  record('W5', 'HVP vs FD of grad along v', `n=${n}`, relErr(hv, fdHv));
}
{
  // Second differences of f itself, so the Hessian is also checked without
  // trusting the hand-written gradient.
  const n = 6;
  const { x } = makeW5(n, 56);
  const H = rosenbrockHessian(x);
  const fdH = new Float64Array(n * n);
  const h = 1e-3;
  const fAt = (i: number, si: number, j: number, sj: number) => {
    const xi = x[i]!;
    const xj = x[j]!;
    x[i] = x[i]! + si * h;
    x[j] = x[j]! + sj * h;
    const v = rosenbrock(x);
    x[i] = xi;
    x[j] = xj;
    return v;
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      fdH[i * n + j] = (fAt(i, 1, j, 1) - fAt(i, 1, j, -1) - fAt(i, -1, j, 1) + fAt(i, -1, j, -1)) / (4 * h * h);
    }
  }
  record('W5', 'Hessian vs 2nd-order FD of f', `n=${n}`, relErr(H, fdH));
}

// ---------------------------------------------------------------------------
// Report

const rows: TableRow[] = results.map((r) => ({
  workload: r.workload,
  check: r.check,
  size: r.size,
  'rel err': r.relErr.toExponential(2),
  status: r.relErr <= TOL ? 'ok' : 'FAIL',
}));
printTable(rows);

const failed = results.filter((r) => !(r.relErr <= TOL));
const worst = results.reduce((w, r) => (r.relErr > w.relErr ? r : w), results[0]!);
console.log(
  `\n${results.length - failed.length}/${results.length} checks passed (tolerance ${TOL.toExponential(0)}; ` +
    `worst ${worst.relErr.toExponential(2)} at ${worst.workload} ${worst.check} ${worst.size})`,
);
if (failed.length > 0) {
  console.error(`FAILED: ${failed.map((r) => `${r.workload} ${r.check} ${r.size}`).join('; ')}`);
  process.exit(1);
}
