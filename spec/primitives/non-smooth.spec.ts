/**
 * The non-smooth policy (lib/primitives/piecewise.ts): 0 at a local optimum (abs, relu, hypot at
 * the origin), the one existing side where only one exists (sqrt at 0 = +Infinity), else the
 * average of the one-sided derivatives (maximum/minimum ties 1/2, max/min reduction ties 1/k,
 * clip bounds 1/2, sign 0). Every value is checked in forward mode (jvp, jacfwd) and reverse mode
 * (grad, jacrev), and where it matters at second order, because the two modes must agree.
 */
import test from "ava";
import type { ExecutionContext } from "ava";
import {
  abs, clip, grad, mul, greater, hessian, hypot, jacfwd, jacrev, jvp, less, log, max, maximum, min, minimum, relu, sign, sqrt, sum,
  tensor, Tensor, where, type Value,
} from "../../lib/index.ts";
import { flatNumbers } from "../support/trees.ts";

type AnyFn = (...args: any[]) => Value;

/** The gradient of a scalar function of scalars, four ways; all must equal `expected` exactly. */
function allModes(t: ExecutionContext, name: string, f: AnyFn, at: number[], expected: number[]): void {
  const argnums = at.map((_, i) => i);
  const ways: [string, () => unknown][] = [
    ["grad", () => grad(f, { argnums })(...at)],
    ["jacrev", () => jacrev(f, { argnums })(...at)],
    ["jacfwd", () => jacfwd(f, { argnums })(...at)],
    ["jvp per argument", () => at.map((_, i) => jvp(f, at as never, at.map((_, j) => (i === j ? 1 : 0)) as never)[1])],
  ];
  for (const [way, run] of ways) {
    const got = flatNumbers(run()).map((v) => (v === 0 ? 0 : v)); // -0 counts as 0
    t.deepEqual(got, expected, `${name} at (${at.join(", ")}) by ${way}: got [${got.join(", ")}], expected [${expected.join(", ")}]`);
  }
}

test("abs: derivative 0 at 0 (a minimum), ±1 elsewhere; second derivative 0", (t) => {
  allModes(t, "abs", abs, [0], [0]);
  allModes(t, "abs", abs, [-2], [-1]);
  allModes(t, "abs", abs, [3], [1]);
  t.is(grad(grad(abs))(0), 0);
  t.is(jacfwd(jacrev(abs))(0), 0);
});

test("relu: derivative 0 at 0 (a minimum), 1 for x > 0, 0 for x < 0, elementwise on tensors", (t) => {
  allModes(t, "relu", relu, [0], [0]);
  allModes(t, "relu", relu, [2], [1]);
  allModes(t, "relu", relu, [-2], [0]);
  const g = grad((x: Tensor) => sum(relu(x)))(tensor([-1, 0, 2]));
  t.deepEqual(Array.from(g.data), [0, 0, 1]);
  const J = jacfwd((x: Tensor) => relu(x))(tensor([-1, 0, 2]));
  t.deepEqual(J.toArray(), [[0, 0, 0], [0, 0, 0], [0, 0, 1]]);
});

test("maximum and minimum: a tie gives 1/2 to each argument; maximum(x, x) has derivative 1", (t) => {
  allModes(t, "maximum", maximum, [2, 2], [0.5, 0.5]);
  allModes(t, "minimum", minimum, [2, 2], [0.5, 0.5]);
  allModes(t, "maximum", maximum, [3, 2], [1, 0]);
  allModes(t, "minimum", minimum, [3, 2], [0, 1]);
  allModes(t, "maximum(x, x)", (x: number) => maximum(x, x), [1.5], [1]);
  allModes(t, "minimum(x, x)", (x: number) => minimum(x, x), [1.5], [1]);
  const g = grad((x: Tensor, y: Tensor) => sum(maximum(x, y)), { argnums: [0, 1] })(tensor([1, 2, 3]), tensor([1, 5, 0]));
  t.deepEqual(g.map((d) => Array.from(d.data)), [[0.5, 0, 1], [0.5, 1, 0]]);
});

test("max and min reductions: k tied elements get 1/k each, in both modes, along axes too", (t) => {
  const x = tensor([5, 1, 5, 5]);
  for (const [way, d] of [["grad", grad((v: Tensor) => max(v))(x)], ["jacfwd", jacfwd((v: Tensor) => max(v))(x)], ["jacrev", jacrev((v: Tensor) => max(v))(x)]] as const) {
    t.deepEqual(Array.from((d as Tensor).data), [1 / 3, 0, 1 / 3, 1 / 3], `max by ${way}`);
  }
  t.is(jvp((v: Tensor) => max(v), [x], [tensor([1, 1, 1, 1])])[1], 1, "moving all tied elements together moves the max by the same amount");
  const m = tensor([[1, 1], [2, 0]]);
  const gMin = grad((v: Tensor) => sum(min(v, 1)))(m);
  t.deepEqual(gMin.toArray(), [[0.5, 0.5], [0, 1]]);
  const tied = tensor([[1, 3], [2, 3]]);
  const gMax0 = jacfwd((v: Tensor) => max(v, 0))(tied);
  t.deepEqual(gMax0.toArray(), jacrev((v: Tensor) => max(v, 0))(tied).toArray());
  t.deepEqual(gMax0.toArray(), [[[0, 0], [1, 0]], [[0, 0.5], [0, 0.5]]]);
});

test("clip: 1/2 to x and 1/2 to the bound at a bound, 1 inside, 0 outside", (t) => {
  allModes(t, "clip", clip, [0, 0, 1], [0.5, 0.5, 0]);
  allModes(t, "clip", clip, [1, 0, 1], [0.5, 0, 0.5]);
  allModes(t, "clip", clip, [0.3, 0, 1], [1, 0, 0]);
  allModes(t, "clip", clip, [-2, 0, 1], [0, 1, 0]);
  allModes(t, "clip", clip, [5, 0, 1], [0, 0, 1]);
});

test("sqrt at 0: +Infinity (the one existing side) in both modes; a zero tangent stays 0", (t) => {
  allModes(t, "sqrt", sqrt, [0], [Infinity]);
  t.is(jvp(sqrt, [0], [0])[1], 0);
  allModes(t, "sqrt", sqrt, [4], [0.25]);
});

test("hypot at the origin (a minimum): 0 to both", (t) => {
  allModes(t, "hypot", hypot, [0, 0], [0, 0]);
  allModes(t, "hypot", hypot, [3, 4], [0.6, 0.8]);
});

test("sign: derivative 0 everywhere, including the jump; the value is plain inside transformations", (t) => {
  for (const x of [-2, 0, 3]) allModes(t, "sign", sign, [x], [0]);
  let inside: unknown;
  grad((x: number) => {
    inside = sign(x);
    return x;
  })(2);
  t.is(inside, 1);
  // Product rule with sign' = 0: d/dx [x sign(x)] = sign(x).
  allModes(t, "x * sign(x)", (x: number) => mul(x, sign(x)), [-3], [-1]);
  allModes(t, "x * sign(x)", (x: number) => mul(x, sign(x)), [0], [0]);
});

const safeLog = (x: Value): Value => where(greater(x, 0), log(x), 0);

test("where(greater(x, 0), log(x), 0) at 0: derivative 0 in forward and reverse mode (not NaN)", (t) => {
  allModes(t, "safeLog", safeLog, [0], [0]);
  allModes(t, "safeLog", safeLog, [2], [0.5]);
  allModes(t, "safeLog", safeLog, [-1], [0]);
  const g = grad((x: Tensor) => sum(safeLog(x)))(tensor([0, 2, -1]));
  t.deepEqual(Array.from(g.data), [0, 0.5, 0]);
  const J = jacfwd(safeLog)(tensor([0, 2]));
  t.deepEqual(J.toArray(), [[0, 0], [0, 0.5]]);
});

test("where(greater(x, 0), log(x), 0) at 0: second derivative 0 by every composition of modes", (t) => {
  const ways: [string, () => unknown][] = [
    ["grad(grad)", () => grad(grad(safeLog))(0)],
    ["jacfwd(jacfwd)", () => jacfwd(jacfwd(safeLog))(0)],
    ["jacrev(jacrev)", () => jacrev(jacrev(safeLog))(0)],
    ["jacrev(jacfwd)", () => jacrev(jacfwd(safeLog))(0)],
    ["jacfwd(jacrev)", () => jacfwd(jacrev(safeLog))(0)],
    ["hessian", () => hessian(safeLog)(0)],
  ];
  for (const [way, run] of ways) t.deepEqual(flatNumbers(run()).map((v) => v + 0), [0], `${way} at 0`);
  const H = hessian((x: Tensor) => sum(safeLog(x)))(tensor([0, 2]));
  t.deepEqual(Array.from((H as Tensor).data), [0, 0, 0, -0.25], "hessian of sum(safeLog(x)) at x = [0, 2]");
});

test("where(greater(x, 0), sqrt(x), 0) and where(less(x, 0), 0, log(x)): 0 at first and second order at and below 0", (t) => {
  const safeSqrt = (x: Value): Value => where(greater(x, 0), sqrt(x), 0);
  const mirrored = (x: Value): Value => where(less(x, 0), 0, log(x));
  allModes(t, "safeSqrt", safeSqrt, [0], [0]);
  allModes(t, "mirrored", mirrored, [-1], [0]);
  for (const [name, f] of [["safeSqrt", safeSqrt], ["mirrored", mirrored]] as const) {
    for (const at of [0, -1]) {
      if (name === "mirrored" && at === 0) continue; // log(0) is taken there
      for (const [way, h] of [["hessian", hessian(f)], ["jacrev(jacrev)", jacrev(jacrev(f))], ["jacfwd(jacfwd)", jacfwd(jacfwd(f))], ["jacrev(jacfwd)", jacrev(jacfwd(f))]] as const) {
        t.deepEqual(flatNumbers(h(at)).map((v) => v + 0), [0], `${name}: ${way} at ${at}`);
      }
    }
  }
});
