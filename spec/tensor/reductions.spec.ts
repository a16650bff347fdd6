/**
 * Reductions (sum, mean, prod, max, min, logsumexp) over any set of axes, given as a number, an
 * array or nothing, with negative axes and keepdims, against a naive reference.
 */
import test from "ava";
import fc from "fast-check";
import { logsumexp, max, mean, min, prod, sum, tensor, ShapeError, type Value } from "../../lib/index.ts";
import { plainOf, seedArb, shapeArb, smoothPlainOf, toValue } from "../support/arbitraries.ts";
import { expectPlain } from "../support/assert.ts";
import { naiveReduce, type Plain } from "../support/reference.ts";

type Axis = number | number[] | undefined;

/** A shape, a set of axes written in one of the accepted forms, and keepdims. */
const reductionArb = shapeArb(4, 3, 1)
  .filter((s) => s.length > 0)
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.subarray(shape.map((_, i) => i)),
      fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      fc.constantFrom("array", "number-or-all"),
      fc.boolean(),
      seedArb,
    ),
  )
  .map(([shape, axes, negative, form, keepdims, seed]) => {
    const written = axes.map((a) => (negative[a] ? a - shape.length : a));
    let axis: Axis;
    if (form === "array") axis = written;
    else axis = written.length === 1 ? written[0] : undefined;
    const effective = form === "array" ? axes : written.length === 1 ? axes : shape.map((_, i) => i);
    return { shape, axis, effective, keepdims, seed };
  });

const logSumExpRef = (x: Plain, axes: number[], keepdims: boolean): Plain => {
  const m = naiveReduce(x, axes, true, -Infinity, Math.max);
  const mAt = (k: number): number => {
    // index of the kept-dims max for input element k
    const idx: number[] = [];
    let r = k;
    for (let i = x.shape.length - 1; i >= 0; i--) {
      idx[i] = r % x.shape[i]!;
      r = Math.floor(r / x.shape[i]!);
    }
    let o = 0;
    for (let i = 0; i < x.shape.length; i++) o = o * m.shape[i]! + (axes.includes(i) ? 0 : idx[i]!);
    return m.data[o]!;
  };
  const shifted: Plain = { shape: x.shape, data: x.data.map((v, k) => Math.exp(v - mAt(k))) };
  const s = naiveReduce(shifted, axes, keepdims, 0, (a, v) => a + v);
  const mk = naiveReduce(x, axes, keepdims, -Infinity, Math.max);
  return { shape: s.shape, data: s.data.map((v, i) => Math.log(v) + mk.data[i]!) };
};

const cases: [string, (x: Value, axis: Axis, keepdims: boolean) => Value, (x: Plain, axes: number[], keepdims: boolean) => Plain, number][] = [
  ["sum", sum, (x, a, k) => naiveReduce(x, a, k, 0, (p, v) => p + v), 1e-12],
  ["prod", prod, (x, a, k) => naiveReduce(x, a, k, 1, (p, v) => p * v), 1e-12],
  ["max", max, (x, a, k) => naiveReduce(x, a, k, -Infinity, Math.max), 0],
  ["min", min, (x, a, k) => naiveReduce(x, a, k, Infinity, Math.min), 0],
  ["mean", mean, (x, a, k) => {
    const s = naiveReduce(x, a, k, 0, (p, v) => p + v);
    const count = a.reduce((n, i) => n * x.shape[i]!, 1);
    return { shape: s.shape, data: s.data.map((v) => v / count) };
  }, 1e-12],
  ["logsumexp", logsumexp, logSumExpRef, 1e-12],
];

for (const [name, op, reference, tol] of cases) {
  test(`${name}: any axes (number, array, negative, omitted), keepdims (property)`, (t) => {
    fc.assert(
      fc.property(reductionArb, ({ shape, axis, effective, keepdims, seed }) => {
        const x = name === "logsumexp" || name === "prod" ? smoothPlainOf(shape, seed) : plainOf(shape, seed);
        const got = op(toValue(x), axis, keepdims);
        const expected = effective.length === 0 ? x : reference(x, [...effective].sort((p, q) => p - q), keepdims);
        expectPlain(got, expected, `${name}([${shape}], axis ${JSON.stringify(axis)}, keepdims ${keepdims})`, tol);
        if (expected.shape.length === 0) t.is(typeof got, "number", "a 0-d result is a number");
      }),
      { numRuns: 60 },
    );
    t.pass();
  });
}

test("reductions of numbers are the number; sum of an empty axis list is the identity", (t) => {
  for (const op of [sum, mean, prod, max, min, logsumexp]) t.is(op(2.5), 2.5);
  const x = tensor([[1, 2], [3, 4]]);
  t.is(sum(x, []), x);
});

test("bad axes: ShapeError naming the op, the axis and the valid range", (t) => {
  const x = tensor([[1, 2], [3, 4]]);
  const e = t.throws(() => sum(x, 2), { instanceOf: ShapeError });
  t.regex(e.message, /sum/);
  t.regex(e.message, /axis 2/);
  t.regex(e.message, /\[-2, 1\]/);
  t.throws(() => max(x, -3), { instanceOf: ShapeError, message: /max/ });
  t.throws(() => mean(x, [0, -2]), { instanceOf: ShapeError, message: /twice/ });
  t.throws(() => prod(x, 0.5), { instanceOf: ShapeError, message: /integer/ });
});

test("max and min of an empty tensor are an error, not ±Infinity", (t) => {
  t.throws(() => max(tensor([])), { instanceOf: ShapeError, message: /empty/ });
  t.throws(() => min(tensor([[], []]), 1), { instanceOf: ShapeError, message: /empty/ });
});

test("sum and prod of empty axes give 0 and 1; logsumexp of -Infinity stays -Infinity", (t) => {
  t.is(sum(tensor([])), 0);
  t.is(prod(tensor([])), 1);
  t.is(logsumexp(tensor([-Infinity, -Infinity])), -Infinity);
  t.is(logsumexp(tensor([Infinity, 0])), Infinity);
});
