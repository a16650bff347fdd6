/**
 * The Tensor type and tensor(): construction from numbers, nested arrays, flat values with a
 * shape, Float64Arrays and other tensors; toArray, item; the errors for ragged or non-numeric
 * input.
 */
import test from "ava";
import fc from "fast-check";
import { tensor, Tensor, ShapeError, TypeMismatchError, type NestedArray } from "../../lib/index.ts";
import { plainOf, seedArb, shapeArb } from "../support/arbitraries.ts";
import { unravel, type Plain } from "../support/reference.ts";

/** Nested JS arrays of a plain value, built independently of the library. */
function nested(p: Plain): NestedArray {
  if (p.shape.length === 0) return p.data[0]!;
  const build = (axis: number, offset: number, stride: number): NestedArray[] =>
    Array.from({ length: p.shape[axis]! }, (_, i) =>
      axis === p.shape.length - 1 ? p.data[offset + i]! : build(axis + 1, offset + i * (stride / p.shape[axis]!), stride / p.shape[axis]!),
    );
  const total = p.shape.reduce((a, b) => a * b, 1);
  return build(0, 0, total);
}

test("a number makes a 0-d tensor; toArray gives the number back and item reads it", (t) => {
  const s = tensor(2.5);
  t.deepEqual(s.shape, []);
  t.is(s.size, 1);
  t.is(s.ndim, 0);
  t.is(s.toArray(), 2.5);
  t.is(s.item(), 2.5);
});

test("nested arrays: shape from the nesting, row-major data, toArray round-trips (property)", (t) => {
  fc.assert(
    fc.property(shapeArb(4, 3, 1).filter((s) => s.length > 0), seedArb, (shape, seed) => {
      const p = plainOf(shape, seed);
      const x = tensor(nested(p));
      t.deepEqual([...x.shape], shape);
      t.is(x.size, p.data.length);
      t.deepEqual(Array.from(x.data), p.data);
      t.deepEqual(x.toArray(), nested(p));
      // Element k sits at its row-major multi-index.
      const k = p.data.length - 1;
      let at: NestedArray = x.toArray();
      for (const i of unravel(k, shape)) at = (at as NestedArray[])[i]!;
      t.is(at, p.data[k]);
    }),
    { numRuns: 60 },
  );
});

test("flat values with a shape; Float64Array with and without a shape", (t) => {
  const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
  t.deepEqual(a.toArray(), [[1, 2, 3], [4, 5, 6]]);
  const f = Float64Array.of(1, 2, 3, 4);
  t.deepEqual(tensor(f).shape, [4]);
  t.deepEqual(tensor(f, [2, 2]).toArray(), [[1, 2], [3, 4]]);
  t.deepEqual(tensor([7], [1, 1, 1]).toArray(), [[[7]]]);
  t.deepEqual(tensor(3, [1]).toArray(), [3]);
});

test("tensor() copies: changing the source array or buffer afterwards changes nothing", (t) => {
  const buf = Float64Array.of(1, 2, 3);
  const a = tensor(buf);
  const arr = [[1, 2], [3, 4]];
  const b = tensor(arr);
  buf[0] = 100;
  arr[0]![0] = 100;
  t.deepEqual(a.toArray(), [1, 2, 3]);
  t.deepEqual(b.toArray(), [[1, 2], [3, 4]]);
  t.not(a.data, buf);
});

test("tensor(t) keeps the values; with a new shape it copies into that shape", (t) => {
  const a = tensor([[1, 2], [3, 4]]);
  t.deepEqual(tensor(a).toArray(), a.toArray());
  const r = tensor(a, [4]);
  t.deepEqual(r.toArray(), [1, 2, 3, 4]);
  t.not(r.data, a.data);
});

test("empty tensors", (t) => {
  t.deepEqual(tensor([]).shape, [0]);
  t.deepEqual(tensor([]).toArray(), []);
  t.deepEqual(tensor([[], []]).shape, [2, 0]);
  t.deepEqual(tensor([[], []]).toArray(), [[], []]);
  t.deepEqual(tensor(new Float64Array(0), [0, 3]).shape, [0, 3]);
});

test("ragged nested arrays are a ShapeError that says where", (t) => {
  const e1 = t.throws(() => tensor([[1, 2], [3]]), { instanceOf: ShapeError });
  t.regex(e1.message, /ragged/);
  t.regex(e1.message, /\[1\]/);
  const e2 = t.throws(() => tensor([[1, 2], 3] as never), { instanceOf: ShapeError });
  t.regex(e2.message, /ragged/);
  const e3 = t.throws(() => tensor([1, [2, 3]] as never));
  t.true(e3 instanceof ShapeError || e3 instanceof TypeMismatchError, `got ${e3?.name}`);
  t.regex(e3.message, /\[1\]/);
  t.throws(() => tensor([[[1], [2]], [[3], [4, 5]]]), { instanceOf: ShapeError, message: /ragged/ });
});

test("non-numeric elements are a TypeMismatchError naming the element", (t) => {
  t.throws(() => tensor([1, "2", 3] as never), { instanceOf: TypeMismatchError, message: /\[1\].*string/ });
  t.throws(() => tensor([[1, 2], [true, 4]] as never), { instanceOf: TypeMismatchError, message: /\[1\]\[0\]/ });
  t.throws(() => tensor("abc" as never), { instanceOf: TypeMismatchError });
  t.throws(() => tensor(undefined as never), { instanceOf: TypeMismatchError });
});

test("a shape that does not fit the values is a ShapeError with both counts", (t) => {
  const e = t.throws(() => tensor([1, 2, 3], [2, 2]), { instanceOf: ShapeError });
  t.regex(e.message, /3 values/);
  t.regex(e.message, /\[2, 2\]/);
  t.throws(() => tensor([1, 2], [-1, -2]), { instanceOf: ShapeError });
  t.throws(() => tensor([1, 2], [1.5, 2] as never), { instanceOf: ShapeError });
  t.throws(() => tensor([[1, 2], [3, 4]], [3]), { instanceOf: ShapeError });
});

test("item needs exactly one element", (t) => {
  t.is(tensor([[5]]).item(), 5);
  const e = t.throws(() => tensor([1, 2]).item(), { instanceOf: ShapeError });
  t.regex(e.message, /\[2\]/);
});

test("shape is frozen and data is a Float64Array", (t) => {
  const a = tensor([[1, 2]]);
  t.true(Object.isFrozen(a.shape));
  t.true(a.data instanceof Float64Array);
  t.throws(() => (a.shape as number[]).push(3));
});

test("toString shows the shape and the first values", (t) => {
  t.is(String(tensor([[1, 2], [3, 4]])), "Tensor[2, 2](1, 2, 3, 4)");
  t.regex(String(tensor(new Float64Array(20))), /^Tensor\[20\]\(0, 0, .*\.\.\.\)$/);
});

test("special values survive construction", (t) => {
  const a = tensor([NaN, Infinity, -Infinity, -0]);
  const d = Array.from(a.data);
  t.true(Number.isNaN(d[0]));
  t.is(d[1], Infinity);
  t.is(d[2], -Infinity);
  t.true(Object.is(d[3], -0));
  t.true(a instanceof Tensor);
});
