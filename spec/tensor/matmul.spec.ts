/**
 * matmul (2-D, vector cases, batched with broadcast batch axes), dot and outer against triple
 * loops.
 */
import test from "ava";
import fc from "fast-check";
import { dot, matmul, outer, tensor, ShapeError, Tensor } from "../../lib/index.ts";
import { plainOf, seedArb, shapeArb, smoothPlainOf, toValue } from "../support/arbitraries.ts";
import { expectPlain } from "../support/assert.ts";
import { naiveMatmul } from "../support/reference.ts";

/** Operand shapes [..batchA, n, k] x [..batchB, k, m] with broadcastable batches, or 1-D on either side. */
const matmulShapesArb = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 4 }),
    shapeArb(2, 3, 1),
    fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    fc.constantFrom("matrix", "matrix", "vector-left", "vector-right", "vectors"),
  )
  .map(([n, k, m, batch, onesA, onesB, kind]) => {
    const ba = batch.map((d, i) => (onesA[i] ? 1 : d));
    const bb = batch.map((d, i) => (onesB[i] ? 1 : d)).slice(onesA[1] ? 1 : 0);
    const left = kind === "vector-left" || kind === "vectors" ? [k] : [...ba, n, k];
    const right = kind === "vector-right" || kind === "vectors" ? [k] : [...bb, k, m];
    return [left, right] as const;
  });

test("matmul matches triple loops: 2-D, batched with broadcasting, 1-D on either side (property)", (t) => {
  fc.assert(
    fc.property(matmulShapesArb, seedArb, ([sa, sb], seed) => {
      const a = plainOf(sa, seed);
      const b = plainOf(sb, seed + 7);
      const got = matmul(toValue(a), toValue(b));
      expectPlain(got, naiveMatmul(a, b), `matmul([${sa}], [${sb}])`);
    }),
    { numRuns: 150 },
  );
  t.pass();
});

test("matmul of larger matrices (blocked kernel) matches triple loops to rounding", (t) => {
  for (const [n, k, m] of [[33, 129, 17], [64, 64, 64], [1, 300, 2]] as const) {
    const a = smoothPlainOf([n, k], n + k);
    const b = smoothPlainOf([k, m], k + m);
    expectPlain(matmul(toValue(a), toValue(b)), naiveMatmul(a, b), `matmul([${n}, ${k}], [${k}, ${m}])`, 1e-12);
  }
  t.pass();
});

test("vector cases have NumPy's shapes", (t) => {
  const M = tensor([[1, 2, 3], [4, 5, 6]]);
  t.deepEqual((matmul(M, tensor([1, 0, -1])) as Tensor).toArray(), [-2, -2]);
  t.deepEqual((matmul(tensor([1, -1]), M) as Tensor).toArray(), [-3, -3, -3]);
  const vv = matmul(tensor([1, 2]), tensor([3, 4])) as unknown;
  t.is(vv instanceof Tensor ? vv.item() : vv, 11);
  const batched = matmul(tensor([1, 1]), tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])) as Tensor;
  t.deepEqual([...batched.shape], [2, 2]);
  t.deepEqual(batched.toArray(), [[4, 6], [12, 14]]);
});

test("matmul errors name both shapes", (t) => {
  const e = t.throws(() => matmul(tensor([[1, 2, 3]]), tensor([[1, 2]])), { instanceOf: ShapeError });
  t.regex(e.message, /matmul/);
  t.regex(e.message, /\[1, 3\]/);
  t.regex(e.message, /\[1, 2\]/);
  t.throws(() => matmul(2, tensor([1])), { instanceOf: ShapeError, message: /mul/ });
  t.throws(() => matmul(tensor([[[1]], [[2]]]), tensor([[[1]], [[2]], [[3]]])), { instanceOf: ShapeError });
});

test("dot: inner product of vectors, matrix product otherwise, scaling with a number", (t) => {
  t.is(dot(tensor([1, 2, 3]), tensor([4, -5, 6])), 12);
  t.deepEqual((dot(tensor([[1, 2], [3, 4]]), tensor([1, 1])) as Tensor).toArray(), [3, 7]);
  t.deepEqual((dot(2, tensor([1, 2])) as Tensor).toArray(), [2, 4]);
  t.is(dot(2, 3), 6);
  t.throws(() => dot(tensor([1, 2]), tensor([1, 2, 3])), { instanceOf: ShapeError, message: /\[2\].*\[3\]/ });
});

test("outer: a[i] * b[j]", (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), seedArb, (n, m, seed) => {
      const a = plainOf([n], seed);
      const b = plainOf([m], seed + 1);
      expectPlain(outer(toValue(a), toValue(b)), { shape: [n, m], data: a.data.flatMap((x) => b.data.map((y) => x * y)) }, "outer");
    }),
    { numRuns: 30 },
  );
  t.pass();
});
