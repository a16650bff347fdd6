/**
 * Levels and bind: every transformation call opens exactly one level and closes it on return;
 * values of lower levels are constants to a higher one; comparisons give plain values under every
 * level, so ordinary `if` statements can branch on traced values.
 */
import test from "ava";
import { grad, greater, hessian, jacfwd, jacrev, jvp, less, mul, neg, sin, sum, tensor, vjp, Tensor, type Value } from "../../lib/index.ts";
import { openLevelCount } from "../../lib/core/level.ts";

test("each transformation opens one level while the function runs and none remain afterwards", (t) => {
  const seen: number[] = [];
  const probe = (x: Value) => {
    seen.push(openLevelCount());
    return mul(x, x);
  };
  grad(probe)(1);
  jvp(probe, [1], [1]);
  vjp(probe, 1);
  grad(grad(probe))(1);
  jacfwd(jacrev(probe))(1);
  grad((x: number) => grad(grad(probe))(x))(1);
  t.deepEqual(seen, [1, 1, 1, 2, 2, 3]);
  t.is(openLevelCount(), 0);
});

/** |x| written with an if on a comparison: works because greater returns a plain 0/1 even on tracers. */
const absByBranch = (x: Value): Value => (greater(x, 0) ? x : neg(x));

test("control flow on comparisons works under every transformation and order", (t) => {
  t.is(grad(absByBranch)(-2), -1);
  t.is(grad(absByBranch)(3), 1);
  t.is(jvp(absByBranch, [-2], [1])[1], -1);
  t.is(jacfwd(absByBranch)(-2), -1);
  t.is(jacrev(absByBranch)(-2), -1);
  t.is(grad(grad((x: number) => mul(absByBranch(x), x)))(-2), -2, "d²/dx² (-x²) = -2");
  const piecewise = (x: Tensor) => sum(less(sum(x), 0) ? sin(x) : mul(x, x));
  t.deepEqual(Array.from((grad(piecewise)(tensor([1, 2])) as Tensor).data), [2, 4]);
  t.deepEqual(Array.from((hessian(piecewise)(tensor([1, 2])) as Tensor).data), [2, 0, 0, 2]);
});

test("values of an outer level are constants to an inner one: the inner derivative sees only its own input", (t) => {
  // Inside d/dy, x is a constant even though it is a tracer of the outer level.
  const inner = (x: number) => jvp((y: number) => mul(x, y), [5], [1])[1];
  t.is(grad(inner)(3), 1, "d/dx [d/dy (x y)] = 1");
  t.is(jvp(inner, [3], [1])[1], 1);
});
