/**
 * grad and valueAndGrad: argnums (a number, an array, negative indices), hasAux, the kind of
 * the result (numbers give numbers, tensors tensors), and agreement with finite differences.
 */
import test from "ava";
import { add, exp, grad, mul, sin, sum, tensor, valueAndGrad, cos, Tensor, div, type Value } from "../../lib/index.ts";
import { assertAllClose, assertClose } from "../support/assert.ts";

const f3 = (x: number, y: number, z: number) => mul(mul(x, sin(y)), exp(z)); // x sin(y) e^z
const x0 = 1.5;
const y0 = -0.7;
const z0 = 0.3;
const partials = [Math.sin(y0) * Math.exp(z0), x0 * Math.cos(y0) * Math.exp(z0), x0 * Math.sin(y0) * Math.exp(z0)];

test("grad differentiates the first argument by default and returns a number for a number", (t) => {
  const g = grad(f3)(x0, y0, z0);
  t.is(typeof g, "number");
  assertClose(t, g, partials[0]!, 1e-15, "d/dx");
});

test("argnums as a number, an array (in the given order) and negative indices", (t) => {
  assertClose(t, grad(f3, { argnums: 1 })(x0, y0, z0), partials[1]!, 1e-15, "argnums 1");
  assertClose(t, grad(f3, { argnums: -1 })(x0, y0, z0), partials[2]!, 1e-15, "argnums -1");
  const all = grad(f3, { argnums: [0, 1, 2] })(x0, y0, z0);
  t.true(Array.isArray(all) && all.length === 3);
  assertAllClose(t, all, partials, 1e-15, "argnums [0, 1, 2]");
  const swapped = grad(f3, { argnums: [2, 0] })(x0, y0, z0);
  assertAllClose(t, swapped, [partials[2]!, partials[0]!], 1e-15, "argnums [2, 0] keeps the order given");
  const single = grad(f3, { argnums: [-2] })(x0, y0, z0);
  t.true(Array.isArray(single) && single.length === 1, "an array of one index gives an array of one gradient");
  assertClose(t, single[0]!, partials[1]!, 1e-15, "argnums [-2]");
});

test("valueAndGrad returns the value with the gradient", (t) => {
  const [v, g] = valueAndGrad(f3, { argnums: [0, 2] })(x0, y0, z0);
  assertClose(t, v, x0 * Math.sin(y0) * Math.exp(z0), 1e-15, "value");
  assertAllClose(t, g, [partials[0]!, partials[2]!], 1e-15, "gradient");
});

test("hasAux: the function returns [output, aux]; aux comes back undifferentiated, with its values concrete", (t) => {
  const f = (x: Tensor) => {
    const y = mul(x, x);
    return [sum(y), { squares: y, label: "squares", n: 3 }] as const;
  };
  const x = tensor([1, 2, 3]);
  const [g, aux] = grad(f, { hasAux: true })(x);
  t.deepEqual(Array.from(g.data), [2, 4, 6]);
  t.true(aux.squares instanceof Tensor, "a traced value in aux comes out as a plain tensor");
  t.deepEqual(Array.from((aux.squares as Tensor).data), [1, 4, 9]);
  t.is(aux.label, "squares");
  t.is(aux.n, 3);
  const [[value, aux2], g2] = valueAndGrad(f, { hasAux: true })(x);
  t.is(value, 14);
  t.is(aux2.label, "squares");
  t.deepEqual(Array.from(g2.data), [2, 4, 6]);
});

test("a tensor argument gives a tensor gradient of its shape; a 0-d tensor gives a 0-d tensor", (t) => {
  const x = tensor([[1, 2], [3, 4]]);
  const g = grad((m: Tensor) => sum(mul(m, m)))(x);
  t.true(g instanceof Tensor);
  t.deepEqual(g.toArray(), [[2, 4], [6, 8]]);
  const s = tensor(3);
  const gs = grad((v: Tensor) => mul(v, v))(s) as unknown;
  t.true(gs instanceof Tensor, "the gradient of a 0-d tensor is a 0-d tensor");
  t.deepEqual([...(gs as Tensor).shape], []);
  t.is((gs as Tensor).item(), 6);
});

test("a function that ignores its argument has gradient zero, of the argument's kind and shape", (t) => {
  t.is(grad((_x: number) => 5)(2), 0);
  const g = grad((_x: Tensor, y: number) => mul(y, y))(tensor([1, 2, 3]), 2);
  t.deepEqual(Array.from(g.data), [0, 0, 0]);
  t.deepEqual([...g.shape], [3]);
  t.is(grad((x: number, y: number) => mul(x, 2), { argnums: 1 })(1, 1), 0);
});

test("a value used many times sums its cotangents (branching)", (t) => {
  // f(x) = x * x * x + sin(x) + x / (1 + x): every use of x contributes.
  const f = (x: number) => add(add(mul(mul(x, x), x), sin(x)), div(x, add(1, x)));
  const x = 0.8;
  assertClose(t, grad(f)(x), 3 * x * x + Math.cos(x) + 1 / (1 + x) ** 2, 1e-14, "f'(x)");
});

test("grad of a function of many arguments, differentiated one at a time, matches the full gradient", (t) => {
  const f = (a: number, b: number, c: number, d: number) => add(mul(a, b), mul(cos(c), exp(mul(d, a))));
  const args = [0.3, -1.2, 0.5, 0.9] as const;
  const full = grad(f, { argnums: [0, 1, 2, 3] })(...args);
  for (let i = 0; i < 4; i++) t.is(grad(f, { argnums: i })(...args), full[i], `argument ${i}`);
});

test("grad returns a reusable function: the same point gives the same result, other points other results", (t) => {
  const g = grad((x: Value) => sum(mul(sin(x), x)));
  const a = g(tensor([0.1, 0.2])) as Tensor;
  const b = g(tensor([0.1, 0.2])) as Tensor;
  const c = g(tensor([1, 2])) as Tensor;
  t.deepEqual(Array.from(a.data), Array.from(b.data));
  t.notDeepEqual(Array.from(a.data), Array.from(c.data));
});
