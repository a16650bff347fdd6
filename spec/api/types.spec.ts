/**
 * Types carry through the transformations. This file is checked by `tsc --noEmit` (part of
 * `npm test`): the annotated assignments must compile, and each `@ts-expect-error` line must be an
 * error (so the types are precise, not `any`). The runtime assertions check the same facts.
 */
import test from "ava";
import { add, clip, concat, expandDims, grad, jvp, matmul, max, mean, mul, reshape, slice, square, sub, sum, tensor, transpose, valueAndGrad, vjp, Tensor, type Value } from "../../lib/index.ts";

interface Params {
  W: Tensor;
  b: Tensor;
}
const loss = (p: Params, x: Tensor, y: Tensor): Value => mean(square(sub(add(matmul(x, p.W), p.b), y)));
const p: Params = { W: tensor([[1], [2]]), b: tensor([0.5]) };
const x = tensor([[1, 0], [0, 1]]);
const y = tensor([[1], [1]]);

test("grad of a { W, b } function is typed { W: Tensor; b: Tensor }", (t) => {
  const g: { W: Tensor; b: Tensor } = grad(loss)(p, x, y);
  // @ts-expect-error the gradient of a { W, b } is not a number
  const wrong: number = grad(loss)(p, x, y);
  // @ts-expect-error and it has no key that the parameters do not have
  void g.c;
  t.true(g.W instanceof Tensor && g.b instanceof Tensor);
  t.is(typeof wrong, "object");
});

test("numbers map to numbers; argnums arrays give typed tuples; negative indices too", (t) => {
  const f = (a: number, b: Tensor, c: { k: number }) => mul(mul(a, sum(b)), c.k);
  const ga: number = grad(f)(2, tensor([1, 2]), { k: 3 });
  const [gb, gc]: [Tensor, { k: number }] = grad(f, { argnums: [1, 2] })(2, tensor([1, 2]), { k: 3 });
  // @ts-expect-error argnums 1 selects a Tensor argument, whose gradient is a Tensor
  const notNumber: number = grad(f, { argnums: 1 })(2, tensor([1, 2]), { k: 3 });
  t.is(ga, 9);
  t.deepEqual(Array.from(gb.data), [6, 6]);
  t.deepEqual(gc, { k: 6 });
  t.true((notNumber as unknown) instanceof Tensor);
});

test("valueAndGrad is typed [number, gradients]; hasAux adds the aux type", (t) => {
  const [v, g]: [number, Params] = valueAndGrad(loss)(p, x, y);
  const withAux = (q: Params) => [sum(q.W), { note: "aux", n: 1 }] as [Value, { note: string; n: number }];
  const [g2, aux]: [Params, { note: string; n: number }] = grad(withAux, { hasAux: true })(p);
  const [[v3, aux3], g3] = valueAndGrad(withAux, { hasAux: true })(p);
  const note: string = aux3.note;
  // @ts-expect-error aux.n is a number, not a string
  const bad: string = aux.n;
  t.is(typeof v, "number");
  t.true(g.W instanceof Tensor && g2.b instanceof Tensor && g3.W instanceof Tensor);
  t.is(aux.note, "aux");
  t.is(note, "aux");
  t.is(typeof v3, "number");
  t.is(bad as unknown, 1);
});

test("jvp and vjp keep the function's types", (t) => {
  const f = (a: number, b: number) => mul(a, b) as number;
  const [out, tangent]: [number, number] = jvp(f, [2, 3], [1, 0]);
  const [out2, pullback] = vjp(f, 2, 3);
  const [da, db]: [number, number] = pullback(1);
  const misuse = () =>
    // @ts-expect-error jvp needs one tangent per primal, of the primal's type
    jvp(f, [2, 3], [tensor([1]), 0]);
  t.is(typeof misuse, "function");
  t.deepEqual([out, tangent, out2, da, db], [6, 3, 6, 3, 2]);
});

test("ops say when the kind of their result is known: full reductions give numbers, shape ops tensors", (t) => {
  const m = tensor([[1, 2], [3, 4]]);
  const total: number = sum(m);
  const kept: Tensor = sum(m, 0, true);
  const largest: number = max(m);
  const row: Tensor = slice(m, [0, 0], [1, 2]);
  const joined: Tensor = concat([m, m], 0);
  const turned: Tensor = transpose(m);
  const lifted: Tensor = expandDims(3, 0);
  const flat: Tensor = reshape(m, [4]);
  const scalar: number = reshape(tensor([5]), []);
  const clipped: Tensor = clip(m, 0, 3);
  // @ts-expect-error a reduction along one axis may keep axes, so it is not known to be a number
  const notKnown: number = sum(m, 0);
  t.deepEqual([total, largest, scalar], [10, 4, 5]);
  t.deepEqual([kept.shape, row.shape, joined.shape, turned.shape, lifted.shape, flat.shape, clipped.shape].map((s) => [...s]), [[1, 2], [1, 2], [4, 2], [2, 2], [1], [4], [2, 2]]);
  t.true((notKnown as unknown) instanceof Tensor);
});
