/**
 * Small op results are views into shared slabs (lib/tensor/result-buffer.ts). A view must be as
 * good as a buffer of its own: zero-filled, never overlapping another, and unaffected by the
 * results made after it.
 */
import test from "ava";
import { add, mul, sum, tensor, zeros, type Tensor } from "../../lib/index.ts";
import { SLAB_MAX_ELEMENTS, resultBuffer } from "../../lib/tensor/result-buffer.ts";

test("buffers are zero-filled and never overlap, across slab boundaries", (t) => {
  const made: Float64Array[] = [];
  // Sizes that do not divide the slab, so views end at every kind of boundary.
  for (let k = 0; k < 400; k++) {
    const b = resultBuffer(9 + (k % (SLAB_MAX_ELEMENTS - 8)));
    t.true(b.every((v) => v === 0), `buffer ${k} starts zeroed`);
    b.fill(k + 1);
    made.push(b);
  }
  made.forEach((b, k) => t.true(b.every((v) => v === k + 1), `buffer ${k} kept its values`));
});

test("results above the slab limit, and tiny ones, get buffers of their own", (t) => {
  const big = resultBuffer(SLAB_MAX_ELEMENTS + 1);
  t.is(big.byteOffset, 0);
  t.is(big.buffer.byteLength, (SLAB_MAX_ELEMENTS + 1) * 8);
  const tiny = resultBuffer(3);
  t.is(tiny.length, 3);
  t.deepEqual(Array.from(tiny), [0, 0, 0]);
});

test("small tensors made one after another keep their own values", (t) => {
  const inputs = Array.from({ length: 300 }, (_, k) => tensor(Array.from({ length: 10 + (k % 50) }, (_, i) => k + i)));
  const results = inputs.map((x, k) => add(mul(x, 2), k) as Tensor);
  results.forEach((r, k) => {
    const x = inputs[k]!.data;
    t.deepEqual(Array.from(r.data), Array.from(x, (v) => 2 * v + k));
  });
  t.is(sum(zeros([20])), 0);
});
