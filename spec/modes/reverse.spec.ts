/**
 * The reverse pass over scalar nodes (modes/reverse.ts): a zero cotangent means "nothing
 * flowed", NaN marks what the call-free loop leaves to the general path, and a node that uses
 * the same value twice adds both contributions. Each result is checked against forward mode or
 * a hand-derived value, exactly.
 */
import test from "ava";
import { add, cos, grad, jvp, mul, sin, sqrt, sum, tensor, vjp, type Value } from "../../lib/index.ts";
import { chainOf } from "../fixtures/scalar-chain.ts";

/** Forward-mode derivative of f at x (an independent computation of the same number). */
const forward = (f: (x: Value) => Value, x: number): number => jvp(f, [x], [1])[1] as number;

test("a gradient that underflows to zero along one path leaves the other paths exact", (t) => {
  // The chain's derivative underflows to exactly 0 after about 1,000 steps; the y path does not.
  const long = chainOf(3000);
  const f = (x: Value, y: Value): Value => add(long(x), mul(y, sin(y)));
  const [gx, gy] = grad(f, { argnums: [0, 1] })(0.7, 1.3) as number[];
  t.is(gx, forward((x) => long(x), 0.7));
  t.is(gx, 0);
  t.is(gy, forward((y) => mul(y, sin(y)), 1.3));
  t.is(gy, Math.sin(1.3) + 1.3 * Math.cos(1.3));
});

test("a gradient that stays nonzero along a long chain matches forward mode exactly", (t) => {
  // mul(x, 1) and cos(x)^2 + sin(x)^2 keep the derivative at 1 for every step count.
  const f = (x0: Value): Value => {
    let x = x0;
    for (let k = 0; k < 5000; k++) x = add(mul(x, 1), mul(0, add(mul(cos(x), cos(x)), mul(sin(x), sin(x)))));
    return x;
  };
  t.is(grad(f)(0.4), forward(f, 0.4));
  t.is(grad(f)(0.4), 1);
});

test("a node that uses one value twice adds both contributions", (t) => {
  const square = (x: Value): Value => {
    const s = sin(x);
    return mul(s, s);
  };
  t.is(grad(square)(0.5), 2 * Math.sin(0.5) * Math.cos(0.5));
  t.is(grad((x: Value) => add(x, x))(3), 2);
  t.is(grad((x: Value) => mul(x, x))(3), 6);
});

test("a zero cotangent contributes zero even through an infinite local derivative", (t) => {
  // d sqrt(x)/dx is +Infinity at 0; the cotangent reaching sqrt is exactly 0.
  t.is(grad((x: Value) => mul(0, sqrt(x)))(0), 0);
  t.is(grad((x: Value) => add(mul(0, sqrt(x)), mul(3, x)))(0), 3);
});

test("a NaN cotangent reaches the inputs as NaN", (t) => {
  t.true(Number.isNaN(grad((x: Value) => mul(NaN, sin(x)))(0.3) as number));
  const [, pullback] = vjp((x: Value) => mul(sin(x), x), 0.3);
  t.true(Number.isNaN(pullback(NaN)[0] as number));
});

test("scalar nodes and tensor nodes share one backward pass", (t) => {
  // A tensor node consumes a scalar chain's output and hands a number cotangent back to it.
  const f = (x: Value): Value => sum(mul(tensor([1, 2, 3]), chainOf(50)(x)));
  const expected = forward(f, 0.6);
  t.true(Math.abs((grad(f)(0.6) as number) - expected) <= 1e-12 * Math.abs(expected), `${grad(f)(0.6)} vs ${expected}`);
});

test("a zero seed gives zero gradients of the inputs' shapes", (t) => {
  const [, pullback] = vjp((x: Value) => mul(sin(x), x), 0.3);
  t.deepEqual(pullback(0), [0]);
  const [, tensorPullback] = vjp((x: Value) => sum(mul(x, x)), tensor([1, 2]));
  t.deepEqual((tensorPullback(0)[0] as { toArray(): unknown }).toArray(), [0, 0]);
});
