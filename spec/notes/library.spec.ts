/**
 * The lecture notes' worked examples (spec/fixtures/notes-examples.ts) computed by the library:
 * each function written by hand with the library's ops from its `expression`, its value and
 * gradient checked in reverse mode (grad), forward mode (one jvp per input, and jacfwd) against
 * the fixture's hand-derived gradient to 1e-12 relative, and the notes' printed numbers to their
 * stated tolerance. The matrix examples' VJPs (e.g. dW = g xᵀ, dx = Wᵀ g) are checked in both
 * modes against the fixture's hand-derived VJPs.
 */
import test from "ava";
import type { ExecutionContext } from "ava";
import {
  add, concat, cos, div, exp, grad, jacfwd, jvp, log, matmul, maximum, mean, mul, neg, ones, reshape, sigmoid, sin, sqrt, square, sub, sum,
  tensor, transpose, vjp, Tensor, type Value,
} from "../../lib/index.ts";
import { notesExamples, notesMatrixExamples, type Matrix } from "../fixtures/notes-examples.ts";
import { flatNumbers } from "../support/trees.ts";

const TOL = 1e-12;

type ScalarFn = (...args: number[]) => Value;

/** Each fixture expression, written with the library's ops (keyed by the expression text). */
const SCALAR_BUILDERS: Record<string, ScalarFn> = {
  "sqrt(x^2 + exp(x^2)) + cos(x^2 + exp(x^2))": (x) => {
    const c = add(square(x), exp(square(x)));
    return add(sqrt(c), cos(c));
  },
  "(x + y) * z": (x, y, z) => mul(add(x, y), z),
  "x / (x + y)": (x, y) => div(x, add(x, y)),
  "3 * (x * y + max(z, w))": (x, y, z, w) => mul(3, add(mul(x, y), maximum(z, w))),
  "x * y": (x, y) => mul(x, y),
  "max(x, y)": (x, y) => maximum(x, y),
  "exp(x * z) + x * z / log(x) + sin(log(x)) / (x * z)": (x, z) => add(add(exp(mul(x, z)), div(mul(x, z), log(x))), div(sin(log(x)), mul(x, z))),
  "1 / (1 + exp(-(w0 * x0 + w1 * x1 + w2)))": (w0, x0, w1, x1, w2) => div(1, add(1, exp(neg(add(add(mul(w0, x0), mul(w1, x1)), w2))))),
  "1 / (1 + exp(-(w0 + w1 * x1 + w2 * x2)))": (w0, w1, w2, x1, x2) => div(1, add(1, exp(neg(add(add(w0, mul(w1, x1)), mul(w2, x2)))))),
  "cos(sin(x^2) + 3 * x^2)": (x) => cos(add(sin(square(x)), mul(3, square(x)))),
  "log(s) + log(2 * pi) / 2 + ((x - m) / s)^2 / 2": (x, m, s) => add(add(log(s), div(log(2 * Math.PI), 2)), div(square(div(sub(x, m), s)), 2)),
};

function close(t: ExecutionContext, got: unknown, want: number, tol: number, what: string): void {
  const g = got as number;
  const err = Math.abs(g - want) / Math.max(Math.abs(want), 1e-300);
  t.true(typeof got === "number" && (g === want || err <= tol), `${what}: got ${String(got)}, expected ${want} (relative error ${err.toExponential(2)}, tolerance ${tol})`);
}

test("every scalar example has a library version of its expression", (t) => {
  const missing = notesExamples.filter((ex) => !(ex.expression in SCALAR_BUILDERS)).map((ex) => `${ex.id}: ${ex.expression}`);
  t.deepEqual(missing, [], `write these with the library's ops:\n${missing.join("\n")}`);
});

for (const ex of notesExamples) {
  const f = SCALAR_BUILDERS[ex.expression];
  if (!f) continue;
  const argnums = ex.vars.map((_, i) => i);

  test(`${ex.id}: value and gradient in reverse mode (grad) and forward mode (jvp per input, jacfwd)`, (t) => {
    close(t, f(...ex.at), ex.value, TOL, "value");
    const byGrad = grad(f, { argnums })(...ex.at) as number[];
    const byJvp = ex.vars.map((_, i) => jvp(f, ex.at, ex.at.map((_, j) => (i === j ? 1 : 0)))[1] as number);
    const byJacfwd = jacfwd(f, { argnums })(...ex.at) as number[];
    ex.vars.forEach((name, i) => {
      close(t, byGrad[i], ex.gradient[i]!, TOL, `d/d${name} by grad`);
      close(t, byJvp[i], ex.gradient[i]!, TOL, `d/d${name} by jvp`);
      close(t, byJacfwd[i], ex.gradient[i]!, TOL, `d/d${name} by jacfwd`);
    });
    // The value that comes with the derivative is the same value.
    close(t, jvp(f, ex.at, ex.at.map(() => 0))[0], ex.value, TOL, "jvp's primal");
  });

  const nv = ex.notesValues;
  if (nv && (nv.value !== undefined || nv.gradient || nv.partials || nv.points)) {
    test(`${ex.id}: the numbers printed in the notes`, (t) => {
      const tol = Math.max(nv.tolerance, 1e-15);
      const abs = (got: number, want: number, what: string) => t.true(Math.abs(got - want) <= tol, `${what}: library ${got}, notes ${want}`);
      if (nv.value !== undefined) abs(f(...ex.at) as number, nv.value, "value");
      const g = grad(f, { argnums })(...ex.at) as number[];
      nv.gradient?.forEach((want, i) => abs(g[i]!, want, `d/d${ex.vars[i]}`));
      for (const [name, want] of Object.entries(nv.partials ?? {})) abs(g[ex.vars.indexOf(name)]!, want, `d/d${name}`);
      for (const p of nv.points ?? []) abs(f(...p.at) as number, p.value, `f(${p.at})`);
    });
  }
}

// ------------------------------------------------------------------------------ matrix examples

type MatrixFn = (...args: Tensor[]) => Value;
const sigmoidLoss = (y: Value, yStar: number): Value => add(mul(yStar, log(y)), mul(1 - yStar, log(sub(1, y))));

/** Each matrix example's forward pass with the library's ops; scalar losses are 1 x 1 like the fixture. */
const MATRIX_BUILDERS: Record<string, MatrixFn> = {
  "mlp-linear-vTWx": (W, x, v) => matmul(transpose(v!), matmul(W!, x!)),
  "wx-vjp": (W, x) => matmul(W!, x!),
  "wx-ones": (W, x) => matmul(W!, x!),
  "xw-matmul": (X, W) => matmul(X!, W!),
  "dot-product": (x, y) => matmul(transpose(y!), x!),
  "squared-norm": (x) => matmul(transpose(x!), x!),
  "quadratic-form": (Q, x) => matmul(transpose(x!), matmul(Q!, x!)),
  "xT-B": (x, B) => matmul(transpose(x!), B!),
  "elementwise-sigmoid": (y, v) => matmul(transpose(v!), sigmoid(y!)),
  "logistic-regression": (theta, x) => sigmoidLoss(sigmoid(matmul(transpose(theta!), x!)), 1),
  "one-hidden-layer": (alpha, beta, x) => {
    const z = concat([ones([1, 1]), sigmoid(matmul(alpha!, x!))], 0);
    return sigmoidLoss(sigmoid(matmul(transpose(beta!), z)), 0);
  },
  "two-hidden-layer": (alpha1, b1, alpha2, b2, beta, beta0, x) => {
    const z1 = sigmoid(add(matmul(transpose(alpha1!), x!), b1!));
    const z2 = sigmoid(add(matmul(transpose(alpha2!), z1), b2!));
    return sigmoidLoss(sigmoid(add(matmul(transpose(beta!), z2), beta0!)), 1);
  },
  "deep-net-squared-loss": (A0, b0, A1, b1, x) => {
    const f1 = sigmoid(add(matmul(A0!, x!), b0!));
    const f2 = sigmoid(add(matmul(A1!, f1), b1!));
    const r = sub(tensor([[1], [0]]), f2);
    return matmul(transpose(r), r);
  },
  "bce-with-logits-linear": (x, W1, W2, b) => {
    const r = add(matmul(matmul(x!, W1!), W2!), b!);
    const y = 0;
    const losses = neg(add(mul(y, log(sigmoid(r))), mul(1 - y, log(sub(1, sigmoid(r))))));
    return reshape(mean(losses), [1, 1]);
  },
};

const toTensor = (m: Matrix): Tensor => tensor(m);
const flat = (m: Matrix): number[] => m.flat();

function closeAll(t: ExecutionContext, got: number[], want: number[], what: string): void {
  t.is(got.length, want.length, `${what}: ${got.length} entries, expected ${want.length}`);
  const scale = Math.max(...want.map(Math.abs), 1e-300);
  got.forEach((g, i) => {
    const err = Math.abs(g - want[i]!) / Math.max(Math.abs(want[i]!), 1e-3 * scale);
    t.true(err <= TOL, `${what}[${i}]: got ${g}, expected ${want[i]} (relative error ${err.toExponential(2)})`);
  });
}

test("every matrix example has a library version of its forward pass", (t) => {
  const missing = notesMatrixExamples.filter((ex) => !(ex.id in MATRIX_BUILDERS)).map((ex) => ex.id);
  t.deepEqual(missing, []);
});

for (const ex of notesMatrixExamples) {
  const f = MATRIX_BUILDERS[ex.id];
  if (!f) continue;
  test(`${ex.id}: value and VJP (${ex.gradientText.join("; ")}) in reverse mode and forward mode`, (t) => {
    const args = ex.at.map(toTensor);
    const y = f(...args);
    closeAll(t, flatNumbers(y), flat(ex.value), "value");
    t.deepEqual([...(y as Tensor).shape], [ex.value.length, ex.value[0]!.length], "output shape");
    // Reverse mode: one pullback of the fixture's cotangent.
    const [, pullback] = vjp(f, ...args);
    const cts = pullback(toTensor(ex.cotangent)) as Tensor[];
    ex.vars.forEach((name, i) => {
      t.deepEqual([...cts[i]!.shape], [ex.at[i]!.length, ex.at[i]![0]!.length], `d/d${name} shape`);
      closeAll(t, flatNumbers(cts[i]), flat(ex.gradient[i]!), `reverse d/d${name} (${ex.gradientText[i]})`);
    });
    // Forward mode: the Jacobian by columns, contracted with the cotangent.
    const g = flat(ex.cotangent);
    ex.vars.forEach((name, i) => {
      const J = flatNumbers(jacfwd(f, { argnums: i })(...args));
      const n = flat(ex.at[i]!).length;
      const viaForward = Array.from({ length: n }, (_, e) => g.reduce((s, gi, o) => s + gi * J[o * n + e]!, 0));
      closeAll(t, viaForward, flat(ex.gradient[i]!), `forward d/d${name}`);
    });
    // Scalar losses: grad of the 1 x 1 loss (reduced to a number) equals the VJP with g = 1.
    if (ex.value.length === 1 && ex.value[0]!.length === 1) {
      const gr = grad((...xs: Tensor[]) => sum(f(...xs)), { argnums: ex.vars.map((_, i) => i) })(...args) as Tensor[];
      ex.vars.forEach((name, i) => closeAll(t, flatNumbers(gr[i]), flat(ex.gradient[i]!).map((v) => v / ex.cotangent[0]![0]!), `grad d/d${name}`));
    }
  });
}
