/**
 * Numerics: logsumexp, softplus, sigmoid, softmax and logSoftmax stay finite with exact gradients
 * (compared with the analytic values, in both modes, to 1e-12 relative) at |x| = 1000 and across
 * the range where naive formulas overflow or cancel; pow at its edge cases (x = 0, y = 0,
 * negative x).
 */
import test from "ava";
import type { ExecutionContext } from "ava";
import { grad, hessian, jacfwd, jacrev, jvp, logSoftmax, logsumexp, pow, prod, sigmoid, softmax, softplus, sum, tensor, Tensor } from "../../lib/index.ts";
import { assertClose, assertAllClose } from "../support/assert.ts";
import { flatNumbers } from "../support/trees.ts";

const TOL = 1e-12;

/** e^-|x| / (1 + e^-|x|)^2, the logistic density, accurate for every x. */
const logisticDensity = (x: number): number => {
  const e = Math.exp(-Math.abs(x));
  return e / (1 + e) ** 2;
};
const logistic = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Checks a scalar function's value, first and second derivative, each in forward and reverse mode, against analytic values. */
function scalarExact(t: ExecutionContext, name: string, f: (x: number) => number, x: number, value: number, d1: number, d2: number): void {
  const where = `${name} at ${x}`;
  const rel = (got: number, want: number) => (want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want));
  const check = (got: unknown, want: number, what: string) => {
    t.true(typeof got === "number" && Number.isFinite(got), `${where}: ${what} is ${String(got)}, not a finite number`);
    t.true(rel(got as number, want) <= TOL, `${where}: ${what} is ${String(got)}, analytic ${want} (relative error ${rel(got as number, want).toExponential(2)})`);
  };
  check(f(x), value, "value");
  check(grad(f)(x), d1, "grad");
  check(jvp(f, [x], [1])[1], d1, "jvp");
  check(grad(grad(f))(x), d2, "grad(grad)");
  check(jacfwd(jacfwd(f))(x), d2, "jacfwd(jacfwd)");
  check(hessian(f)(x), d2, "hessian");
}

const POINTS = [-1000, -700, -40, -30, -20, -1, 0, 1, 20, 30, 40, 700, 1000];

test("sigmoid: value, derivative σ(1-σ) and second derivative exact from -1000 to 1000", (t) => {
  for (const x of POINTS) {
    const s = logistic(x);
    // σ'' = σ'(1 - 2σ); with 1 - 2σ = tanh(-x/2) to keep relative precision.
    scalarExact(t, "sigmoid", sigmoid, x, s, logisticDensity(x), logisticDensity(x) * Math.tanh(-x / 2));
  }
});

test("softplus: value, derivative σ(x) and second derivative exact from -1000 to 1000", (t) => {
  for (const x of POINTS) {
    const value = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    scalarExact(t, "softplus", softplus, x, value, logistic(x), logisticDensity(x));
  }
});

test("logsumexp at ±1000: finite value, softmax gradient, Hessian diag(p) - p pᵀ, in both modes", (t) => {
  const cases: [number[], number, number[]][] = [
    [[1000, 1000], 1000 + Math.LN2, [0.5, 0.5]],
    [[-1000, -1000], -1000 + Math.LN2, [0.5, 0.5]],
    [[1000, -1000], 1000, [1, 0]],
    [[1000, 999], 1000 + Math.log1p(Math.exp(-1)), [1 / (1 + Math.exp(-1)), Math.exp(-1) / (1 + Math.exp(-1))]],
    [[-1000, 0, 1000], 1000, [0, 0, 1]],
  ];
  const f = (x: Tensor) => logsumexp(x);
  for (const [x, value, p] of cases) {
    const xt = tensor(x);
    assertClose(t, f(xt) as number, value, TOL, `logsumexp([${x}])`);
    assertAllClose(t, flatNumbers(grad(f)(xt)), p, TOL, `grad logsumexp([${x}])`);
    assertAllClose(t, flatNumbers(jacfwd(f)(xt)), p, TOL, `jacfwd logsumexp([${x}])`);
    const H = p.flatMap((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj));
    assertAllClose(t, flatNumbers(hessian(f)(xt)), H, TOL, `hessian logsumexp([${x}])`);
    assertAllClose(t, flatNumbers(jacrev(jacrev(f))(xt)), H, TOL, `jacrev(jacrev) logsumexp([${x}])`);
  }
});

test("logsumexp along an axis at ±1000, with keepdims", (t) => {
  const x = tensor([[1000, 1000], [-1000, 0]]);
  const v = logsumexp(x, 1, true) as Tensor;
  t.deepEqual([...v.shape], [2, 1]);
  assertAllClose(t, Array.from(v.data), [1000 + Math.LN2, 0], TOL, "value");
  const J = jacrev((m: Tensor) => logsumexp(m, 1))(x);
  assertAllClose(t, flatNumbers(J), [0.5, 0.5, 0, 0, 0, 0, 0, 1], TOL, "jacrev along axis 1");
  assertAllClose(t, flatNumbers(jacfwd((m: Tensor) => logsumexp(m, 1))(x)), [0.5, 0.5, 0, 0, 0, 0, 0, 1], TOL, "jacfwd along axis 1");
});

test("logSoftmax and softmax at ±1000: finite values and Jacobians I - 1 pᵀ and diag(p) - p pᵀ", (t) => {
  for (const x of [[1000, 0], [-1000, 1000, 0], [1000, 1000]]) {
    const xt = tensor(x);
    const m = Math.max(...x);
    const lse = m + Math.log(x.reduce((s, v) => s + Math.exp(v - m), 0));
    const p = x.map((v) => Math.exp(v - lse));
    const n = x.length;
    assertAllClose(t, flatNumbers(logSoftmax(xt)), x.map((v) => v - lse), TOL, `logSoftmax([${x}])`);
    assertAllClose(t, flatNumbers(softmax(xt)), p, TOL, `softmax([${x}])`);
    const Jl = Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 1 : 0) - p[k % n]!);
    const Js = Array.from({ length: n * n }, (_, k) => {
      const [i, j] = [Math.floor(k / n), k % n];
      return (i === j ? p[i]! : 0) - p[i]! * p[j]!;
    });
    for (const [mode, jac] of [["jacfwd", jacfwd], ["jacrev", jacrev]] as const) {
      assertAllClose(t, flatNumbers(jac((v: Tensor) => logSoftmax(v))(xt)), Jl, TOL, `${mode} logSoftmax([${x}])`);
      assertAllClose(t, flatNumbers(jac((v: Tensor) => softmax(v))(xt)), Js, TOL, `${mode} softmax([${x}])`);
    }
  }
});

/** [∂/∂x, ∂/∂y] of pow at (x, y) by grad, jacrev, jacfwd and jvp; all must agree (NaN with NaN). */
function powPartials(t: ExecutionContext, x: number, y: number): [number, number] {
  const byGrad = grad(pow, { argnums: [0, 1] })(x, y) as number[];
  const byRev = jacrev(pow, { argnums: [0, 1] })(x, y) as number[];
  const byFwd = jacfwd(pow, { argnums: [0, 1] })(x, y) as number[];
  const byJvp = [jvp(pow, [x, y], [1, 0])[1] as number, jvp(pow, [x, y], [0, 1])[1] as number];
  for (const [way, d] of [["jacrev", byRev], ["jacfwd", byFwd], ["jvp", byJvp]] as const) {
    t.true(d.every((v, i) => Object.is(v + 0, byGrad[i]! + 0)), `pow at (${x}, ${y}): ${way} gives [${d}] but grad gives [${byGrad}]`);
  }
  return byGrad as [number, number];
}

test("pow edge cases: x = 0, y = 0, negative x; both modes agree everywhere", (t) => {
  t.deepEqual(powPartials(t, 0, 2).map((v) => v + 0), [0, 0], "pow(0, 2): d/dx = 2·0 = 0, d/dy = 0 (x^y = 0)");
  t.deepEqual(powPartials(t, 0, 1).map((v) => v + 0), [1, 0], "pow(0, 1): d/dx = 1");
  t.deepEqual(powPartials(t, 0, 0.5).map((v) => v + 0), [Infinity, 0], "pow(0, 0.5) behaves as sqrt at 0");
  t.is(powPartials(t, 0, 0)[0] + 0, 0, "pow(0, 0): d/dx = 0 (taken as 0 where y = 0)");
  t.is(pow(0, 0), 1);
  const [dx30, dy30] = powPartials(t, 3, 0);
  t.is(dx30 + 0, 0, "pow(3, 0): d/dx = 0");
  assertClose(t, dy30, Math.log(3), TOL, "pow(3, 0): d/dy = ln 3");
  const [dxNeg, dyNeg] = powPartials(t, -2, 3);
  t.is(dxNeg, 12, "pow(-2, 3): d/dx = 3·4");
  t.true(Number.isNaN(dyNeg), "pow(-2, 3): d/dy = x^y ln x has no real value");
  t.is(grad(pow)(-2, 3), 12, "differentiating only x never touches ln(x)");
  t.is(jvp((x: number) => pow(x, 3), [-2], [1])[1], 12);
  const [dxPole] = powPartials(t, 0, -1);
  t.is(dxPole, -Infinity, "pow(0, -1): d/dx = -x^-2 = -Infinity");
  assertClose(t, powPartials(t, 2, 3)[1], 8 * Math.LN2, TOL, "pow(2, 3): d/dy = 8 ln 2");
});

test("pow second derivatives at 0 and for negative bases", (t) => {
  const sq = (x: number) => pow(x, 2);
  const cube = (x: number) => pow(x, 3);
  const zeroth = (x: number) => pow(x, 0);
  for (const [name, f, x, want] of [["x^2", sq, 0, 2], ["x^2", sq, -3, 2], ["x^3", cube, 0, 0], ["x^3", cube, -2, -12], ["x^0", zeroth, 0, 0], ["x^0", zeroth, 5, 0]] as const) {
    for (const [way, h] of [["grad(grad)", grad(grad(f))], ["hessian", hessian(f)], ["jacfwd(jacfwd)", jacfwd(jacfwd(f))], ["jacrev(jacrev)", jacrev(jacrev(f))]] as const) {
      t.is((h(x) as number) + 0, want, `${name} at ${x} by ${way}`);
    }
  }
  const H = hessian((x: Tensor) => sum(pow(x, 2)))(tensor([0, -1]));
  t.deepEqual(flatNumbers(H), [2, 0, 0, 2], "hessian of sum(x^2) at [0, -1]");
});

/** ∂²/∂x_i∂x_j of the product of all entries, by definition: the product of the others (0 on the diagonal). */
function prodHessian(x: number[]): number[] {
  return x.flatMap((_, i) => x.map((_, j) => (i === j ? 0 : x.reduce((p, v, k) => (k === i || k === j ? p : p * v), 1))));
}

test("prod with zeros: exact gradient and Hessian in every mode (one, two, three zeros)", (t) => {
  const f = (x: Tensor) => prod(x);
  for (const x of [[2, 3, 4], [2, 0, 3], [0, 0, 3], [0, 5, 0, 2], [0, 0, 0]]) {
    const xt = tensor(x);
    const g = x.map((_, i) => x.reduce((p, v, k) => (k === i ? p : p * v), 1));
    for (const [way, d] of [["grad", grad(f)], ["jacfwd", jacfwd(f)], ["jacrev", jacrev(f)]] as const) {
      t.deepEqual(flatNumbers(d(xt)).map((v) => v + 0), g, `${way} prod([${x}])`);
    }
    const H = prodHessian(x);
    for (const [way, h] of [["hessian", hessian(f)], ["jacrev(jacrev)", jacrev(jacrev(f))], ["jacfwd(jacfwd)", jacfwd(jacfwd(f))], ["jacrev(jacfwd)", jacrev(jacfwd(f))]] as const) {
      t.deepEqual(flatNumbers(h(xt)).map((v) => v + 0), H, `${way} of prod([${x}])`);
    }
  }
});

test("prod along an axis with zeros: Hessian of the sum of row products", (t) => {
  const rows = [[2, 0, 3], [0, 0, 5]];
  const f = (m: Tensor) => sum(prod(m, 1));
  const H = flatNumbers(hessian(f)(tensor(rows)));
  const expected: number[] = [];
  for (let r = 0; r < 2; r++) {
    for (let i = 0; i < 3; i++) {
      for (let s = 0; s < 2; s++) for (let j = 0; j < 3; j++) expected.push(r === s ? prodHessian(rows[r]!)[3 * i + j]! : 0);
    }
  }
  t.deepEqual(H.map((v) => v + 0), expected);
});

test("prod with two zeros: the third derivative through both zeros is the product of the rest", (t) => {
  // d^3 (x0 x1 x2) / dx0 dx1 dx2 = 1 everywhere; at (0, 0, 3) the path goes through both zeros.
  const third = jacfwd(jacrev(jacrev((x: Tensor) => prod(x))))(tensor([0, 0, 3])) as Tensor;
  t.is(third.data[0 * 9 + 1 * 3 + 2], 1);
  t.is(third.data[2 * 9 + 0 * 3 + 1], 1);
});
