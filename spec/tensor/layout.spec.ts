/**
 * Ops that move elements without arithmetic: transpose (any permutation, negative axes),
 * reshape (with -1), squeeze, expandDims, slice (negative indices), pad, concat, stack, against
 * naive references.
 */
import test from "ava";
import fc from "fast-check";
import { concat, expandDims, pad, reshape, slice, squeeze, stack, tensor, transpose, arange, ShapeError, Tensor } from "../../lib/index.ts";
import { plainOf, seedArb, shapeArb, toValue } from "../support/arbitraries.ts";
import { expectPlain } from "../support/assert.ts";
import { naiveConcat, naivePad, naiveSlice, naiveTranspose, type Plain } from "../support/reference.ts";

const nonScalarShape = shapeArb(4, 4, 1).filter((s) => s.length > 0);

test("transpose: any permutation (some axes negative) matches the reference; default reverses (property)", (t) => {
  const arb = nonScalarShape.chain((shape) =>
    fc.tuple(fc.constant(shape), fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }), seedArb),
  );
  fc.assert(
    fc.property(arb, ([shape, perm, negative, seed]) => {
      const x = plainOf(shape, seed);
      const written = perm.map((p, i) => (negative[i] ? p - shape.length : p));
      expectPlain(transpose(toValue(x), written), naiveTranspose(x, perm), `transpose([${shape}], ${JSON.stringify(written)})`);
      const reversed = shape.map((_, i) => shape.length - 1 - i);
      expectPlain(transpose(toValue(x)), naiveTranspose(x, reversed), `transpose([${shape}])`);
    }),
    { numRuns: 80 },
  );
  t.pass();
});

test("transpose rejects a non-permutation with a ShapeError", (t) => {
  const x = tensor([[1, 2]]);
  t.throws(() => transpose(x, [0, 0]), { instanceOf: ShapeError, message: /permutation/ });
  t.throws(() => transpose(x, [0]), { instanceOf: ShapeError });
  t.throws(() => transpose(x, [0, 2]), { instanceOf: ShapeError });
});

test("reshape keeps row-major order, infers one -1, and rejects size changes", (t) => {
  const x = arange(24);
  const r = reshape(x, [2, -1, 4]) as Tensor;
  t.deepEqual([...r.shape], [2, 3, 4]);
  t.deepEqual(Array.from(r.data), Array.from(x.data));
  t.deepEqual(reshape(tensor([[5]]), []), 5, "reshaping to [] gives a number");
  t.throws(() => reshape(x, [5, -1]), { instanceOf: ShapeError, message: /-1/ });
  t.throws(() => reshape(x, [-1, -1]), { instanceOf: ShapeError, message: /one axis/ });
  const e = t.throws(() => reshape(x, [5, 5]), { instanceOf: ShapeError });
  t.regex(e.message, /\[24\]/);
  t.regex(e.message, /\[5, 5\]/);
});

test("squeeze and expandDims", (t) => {
  const x = tensor([[[1], [2], [3]]]);
  t.deepEqual([...(squeeze(x) as Tensor).shape], [3]);
  t.deepEqual([...(squeeze(x, 0) as Tensor).shape], [3, 1]);
  t.deepEqual([...(squeeze(x, -1) as Tensor).shape], [1, 3]);
  t.throws(() => squeeze(x, 1), { instanceOf: ShapeError, message: /size 3/ });
  const v = tensor([1, 2]);
  t.deepEqual([...(expandDims(v, 0) as Tensor).shape], [1, 2]);
  t.deepEqual([...(expandDims(v, 1) as Tensor).shape], [2, 1]);
  t.deepEqual([...(expandDims(v, -1) as Tensor).shape], [2, 1]);
  t.deepEqual([...(expandDims(3, 0) as Tensor).shape], [1]);
  t.throws(() => expandDims(v, 3), { instanceOf: ShapeError });
});

const blockArb = nonScalarShape.chain((shape) =>
  fc.tuple(
    fc.constant(shape),
    fc.tuple(...shape.map((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.integer({ min: 0, max: d })).map(([p, q]) => [Math.min(p, q), Math.max(p, q)] as const))),
    fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
    seedArb,
  ),
);

test("slice: any block, with negative indices, matches the reference (property)", (t) => {
  fc.assert(
    fc.property(blockArb, ([shape, ranges, negative, seed]) => {
      const x = plainOf(shape, seed);
      const start = ranges.map(([s]) => s);
      const end = ranges.map(([, e]) => e);
      // Negative indices count from the end (an end equal to the size has no negative spelling).
      const wStart = start.map((s, i) => (negative[i] && s > 0 && s < shape[i]! ? s - shape[i]! : s));
      const wEnd = end.map((e, i) => (negative[i] && e > 0 && e < shape[i]! ? e - shape[i]! : e));
      expectPlain(slice(toValue(x), wStart, wEnd), naiveSlice(x, start, end), `slice([${shape}], ${JSON.stringify(wStart)}, ${JSON.stringify(wEnd)})`);
    }),
    { numRuns: 80 },
  );
  t.pass();
});

test("slice rejects bad ranges with a ShapeError naming the axis", (t) => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  t.throws(() => slice(x, [0, 2], [2, 1]), { instanceOf: ShapeError, message: /axis 1/ });
  t.throws(() => slice(x, [0, 0], [3, 1]), { instanceOf: ShapeError, message: /axis 0/ });
  t.throws(() => slice(x, [0], [1]), { instanceOf: ShapeError, message: /one entry per axis/ });
  t.throws(() => slice(5, [], []), { instanceOf: ShapeError, message: /scalar/ });
});

test("pad embeds a block in zeros; it is the transpose of slice (property)", (t) => {
  fc.assert(
    fc.property(blockArb, ([shape, ranges, , seed]) => {
      const start = ranges.map(([s]) => s);
      const end = ranges.map(([, e]) => e);
      const inner = start.map((s, i) => end[i]! - s);
      const x = plainOf(inner, seed);
      const padded = pad(toValue(x), shape, start);
      expectPlain(padded, naivePad(x, shape, start), `pad([${inner}], [${shape}], ${JSON.stringify(start)})`);
      expectPlain(slice(padded, start, end), x, "slice(pad(x)) = x");
    }),
    { numRuns: 80 },
  );
  t.throws(() => pad(tensor([1, 2, 3]), [4], [2]), { instanceOf: ShapeError, message: /fit/ });
});

test("concat along any axis (negative too) matches the reference (property)", (t) => {
  const arb = nonScalarShape.chain((shape) =>
    fc.tuple(fc.constant(shape), fc.integer({ min: 0, max: shape.length - 1 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }), fc.boolean(), seedArb),
  );
  fc.assert(
    fc.property(arb, ([shape, axis, sizes, negative, seed]) => {
      const parts: Plain[] = sizes.map((n, i) => plainOf(shape.map((d, k) => (k === axis ? n : d)), seed + i));
      const written = negative ? axis - shape.length : axis;
      expectPlain(concat(parts.map((p) => toValue(p)), written), naiveConcat(parts, axis), `concat(${sizes.length} parts of [${shape}] on axis ${written})`);
    }),
    { numRuns: 80 },
  );
  t.pass();
});

test("concat copies runs of 32 elements and more whole, on every axis", (t) => {
  // The property above draws small shapes, whose runs are short; these runs take the other copy.
  for (const [shape, axis, sizes] of [[[3, 5, 20], 1, [2, 0, 3]], [[2, 40], 0, [1, 2]], [[4, 64], 1, [1, 33]], [[2, 3, 16], 2, [16, 1]]] as const) {
    const parts: Plain[] = sizes.map((n, i) => plainOf(shape.map((d, k) => (k === axis ? n : d)), 7 + i));
    expectPlain(concat(parts.map((p) => toValue(p)), axis), naiveConcat(parts, axis), `concat(parts of [${shape}] on axis ${axis})`);
  }
  t.pass();
});

test("concat errors: mismatched shapes, scalars, empty list", (t) => {
  const e = t.throws(() => concat([tensor([[1, 2]]), tensor([[1, 2, 3]])], 0), { instanceOf: ShapeError });
  t.regex(e.message, /\[1, 3\]/);
  t.throws(() => concat([1, 2], 0), { instanceOf: ShapeError, message: /stack/ });
  t.throws(() => concat([], 0), { instanceOf: ShapeError });
  t.throws(() => concat([tensor([1])], 1), { instanceOf: ShapeError, message: /axis/ });
});

test("stack adds a new axis at any position", (t) => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([[5, 6], [7, 8]]);
  t.deepEqual(stack([a, b]).toArray(), [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
  t.deepEqual(stack([a, b], 1).toArray(), [[[1, 2], [5, 6]], [[3, 4], [7, 8]]]);
  t.deepEqual(stack([a, b], -1).toArray(), [[[1, 5], [2, 6]], [[3, 7], [4, 8]]]);
  t.deepEqual(stack([1, 2, 3]).toArray(), [1, 2, 3]);
  t.throws(() => stack([a, tensor([1, 2])]), { instanceOf: ShapeError });
});
