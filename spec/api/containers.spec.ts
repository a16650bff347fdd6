/**
 * Containers: nested plain objects and arrays of numbers and tensors go in and the derivatives
 * come out in the same structure, with the same kinds (numbers stay numbers), in every API.
 */
import test from "ava";
import { add, exp, grad, hessian, jacfwd, jacrev, jvp, matmul, mean, mul, square, sub, sum, tensor, valueAndGrad, vjp, Tensor, type Value } from "../../lib/index.ts";
import { assertAllClose } from "../support/assert.ts";
import { flatNumbers, structureDifference } from "../support/trees.ts";

interface Params {
  W: Tensor;
  b: Tensor;
}
const loss = (p: Params, batch: { x: Tensor; y: Tensor }) => mean(square(sub(add(matmul(batch.x, p.W), p.b), batch.y)));

const params: Params = { W: tensor([[0.5], [-1]]), b: tensor([0.25]) };
const batch = { x: tensor([[1, 2], [3, -1], [0, 1]]), y: tensor([[1], [0], [2]]) };

test("grad of a loss of { W, b } gives { W: dW, b: db }, matching the hand-derived gradient", (t) => {
  const g = grad(loss)(params, batch);
  t.deepEqual(Object.keys(g), ["W", "b"]);
  t.true(g.W instanceof Tensor && g.b instanceof Tensor);
  t.deepEqual([...g.W.shape], [2, 1]);
  t.deepEqual([...g.b.shape], [1]);
  // r = xW + b - y; dL/dW = 2/N xᵀ r, dL/db = 2/N sum(r).
  const X = [[1, 2], [3, -1], [0, 1]];
  const r = X.map((row, i) => row[0]! * 0.5 + row[1]! * -1 + 0.25 - [1, 0, 2][i]!);
  const dW = [0, 1].map((j) => (2 / 3) * X.reduce((s, row, i) => s + row[j]! * r[i]!, 0));
  assertAllClose(t, Array.from(g.W.data), dW, 1e-15, "dW");
  assertAllClose(t, Array.from(g.b.data), [(2 / 3) * r.reduce((a, v) => a + v, 0)], 1e-15, "db");
});

test("nested objects and arrays, with numbers and tensors mixed: the gradient has the same structure and kinds", (t) => {
  const p = { layers: [{ w: tensor([1, 2]), s: 0.5 }, { w: tensor([[1], [-1]]), s: 2 }], scale: 3 };
  const f = (q: typeof p) => mul(q.scale, add(sum(mul(q.layers[0]!.w, q.layers[0]!.s)), sum(mul(q.layers[1]!.w, q.layers[1]!.s))));
  const g = grad(f)(p);
  t.is(structureDifference(p, g), null);
  t.is(typeof g.scale, "number");
  t.is(typeof g.layers[0]!.s, "number");
  t.deepEqual(Array.from(g.layers[0]!.w.data), [1.5, 1.5]);
  t.is(g.layers[0]!.s, 9);
  t.deepEqual(Array.from(g.layers[1]!.w.data), [6, 6]);
  t.is(g.layers[1]!.s, 0);
  t.is(g.scale, 1.5);
});

test("numbers in give numbers out, through arrays and objects", (t) => {
  const f = (xs: number[], o: { a: number }) => add(mul(xs[0]!, xs[1]!), mul(o.a, o.a));
  const [gx, go] = grad(f, { argnums: [0, 1] })([2, 3], { a: 4 });
  t.deepEqual(gx, [3, 2]);
  t.deepEqual(go, { a: 8 });
});

test("valueAndGrad with argnums picks several container arguments", (t) => {
  const [v, [gp, gb]] = valueAndGrad(loss, { argnums: [0, 1] })(params, batch);
  t.is(v, loss(params, batch) as number);
  t.deepEqual(Object.keys(gp), ["W", "b"]);
  t.deepEqual(Object.keys(gb), ["x", "y"]);
  t.deepEqual([...gb.x.shape], [3, 2]);
});

test("jvp with container primals and tangents; container outputs", (t) => {
  const f = (p: { a: Tensor; k: number }) => ({ out: mul(p.a, p.k), total: [sum(p.a), p.k] });
  const [y, ty] = jvp(f, [{ a: tensor([1, 2]), k: 3 }], [{ a: tensor([1, 0]), k: 1 }]);
  t.deepEqual(Array.from((y.out as Tensor).data), [3, 6]);
  t.deepEqual(Array.from((ty.out as Tensor).data), [3 + 1, 2]);
  t.is(ty.total[0], 1);
  t.is(ty.total[1], 1);
  t.is(structureDifference(y, ty), null);
});

test("vjp with a container output takes a container cotangent and returns container cotangents", (t) => {
  const f = (p: { a: Tensor; k: number }) => ({ out: mul(p.a, p.k), s: exp(p.k) });
  const [y, pullback] = vjp(f, { a: tensor([1, 2]), k: 0 });
  t.is(y.s, 1);
  const [g] = pullback({ out: tensor([1, 1]), s: 2 });
  t.deepEqual(Array.from(g.a.data), [0, 0]);
  t.is(g.k, 1 + 2 + 2);
});

test("jacobian and hessian of container functions", (t) => {
  const f = (p: { u: Tensor; c: number }) => mul(sum(mul(p.u, p.u)), p.c);
  const p = { u: tensor([1, 2]), c: 3 };
  const J = jacrev(f)(p);
  t.deepEqual(Array.from(J.u.data), [6, 12]);
  t.is(J.c, 5);
  t.deepEqual(flatNumbers(jacfwd(f)(p)), flatNumbers(J));
  const H = hessian(f)(p);
  // H.u.u = 2c I, H.u.c = 2u, H.c.u = 2u, H.c.c = 0
  t.deepEqual((H.u.u as Tensor).toArray(), [[6, 0], [0, 6]]);
  t.deepEqual(Array.from((H.u.c as Tensor).data), [2, 4]);
  t.deepEqual(Array.from((H.c.u as Tensor).data), [2, 4]);
  t.is(H.c.c, 0);
});

test("the caller's containers are not modified", (t) => {
  const p = { W: tensor([[1]]), extra: [1, 2] };
  const snapshot = JSON.stringify({ W: Array.from(p.W.data), extra: p.extra });
  grad((q: typeof p) => add(sum(q.W), mul(q.extra[0]!, q.extra[1]!)))(p);
  t.is(JSON.stringify({ W: Array.from(p.W.data), extra: p.extra }), snapshot);
  t.true(p.W instanceof Tensor);
});

test("an empty container has an empty gradient", (t) => {
  const g = grad((_p: { a: Value[] }, x: number) => mul(x, x), { argnums: 0 })({ a: [] }, 3);
  t.deepEqual(g, { a: [] });
});
