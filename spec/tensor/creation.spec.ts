/**
 * Creation functions: zeros, ones, full, eye, arange, linspace, against their definitions.
 */
import test from "ava";
import fc from "fast-check";
import { arange, eye, full, linspace, ones, zeros, CotangentError, ShapeError } from "../../lib/index.ts";
import { shapeArb } from "../support/arbitraries.ts";
import { sizeOfShape } from "../support/reference.ts";

test("zeros, ones and full have the shape and fill value (property)", (t) => {
  fc.assert(
    fc.property(shapeArb(4, 4, 0), fc.double({ noNaN: true }), (shape, v) => {
      const n = sizeOfShape(shape);
      const z = zeros(shape);
      const o = ones(shape);
      const f = full(shape, v);
      for (const [x, want] of [[z, 0], [o, 1], [f, v]] as const) {
        t.deepEqual([...x.shape], shape);
        t.is(x.size, n);
        t.true(Array.from(x.data).every((d) => Object.is(d, want)));
      }
    }),
    { numRuns: 50 },
  );
});

test("the shape argument is copied, not kept", (t) => {
  const shape = [2, 2];
  const z = zeros(shape);
  shape[0] = 5;
  t.deepEqual(z.shape, [2, 2]);
});

test("eye: square and rectangular identity", (t) => {
  t.deepEqual(eye(3).toArray(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  t.deepEqual(eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  t.deepEqual(eye(3, 2).toArray(), [[1, 0], [0, 1], [0, 0]]);
  t.deepEqual(eye(0).shape, [0, 0]);
});

test("arange matches its definition start + i * step for i < ceil((stop - start) / step)", (t) => {
  fc.assert(
    fc.property(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.constantFrom(1, 2, 0.5, 0.25, -1, -0.5, 3), (a, b, step) => {
      const r = arange(a, b, step);
      const n = Math.max(0, Math.ceil((b - a) / step));
      t.deepEqual([...r.shape], [n]);
      t.deepEqual(Array.from(r.data), Array.from({ length: n }, (_, i) => a + i * step));
    }),
    { numRuns: 80 },
  );
  t.deepEqual(arange(4).toArray(), [0, 1, 2, 3]);
  t.deepEqual(arange(0).toArray(), []);
  t.deepEqual(arange(5, 1, -2).toArray(), [5, 3]);
});

test("arange rejects a zero or non-finite step", (t) => {
  t.throws(() => arange(0, 1, 0), { instanceOf: CotangentError, message: /step/ });
  t.throws(() => arange(0, Infinity), { instanceOf: CotangentError });
});

test("linspace includes both ends exactly and is evenly spaced", (t) => {
  fc.assert(
    fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), fc.integer({ min: 2, max: 40 }), (a, b, num) => {
      const l = Array.from(linspace(a, b, num).data);
      t.is(l.length, num);
      t.true(l[0] === a, `first value ${l[0]} should be start ${a}`);
      t.true(l[num - 1] === b, `last value ${l[num - 1]} should be stop ${b}`);
      const step = (b - a) / (num - 1);
      l.forEach((v, i) => t.true(Math.abs(v - (a + i * step)) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))));
    }),
    { numRuns: 50 },
  );
  t.deepEqual(linspace(3, 7, 1).toArray(), [3]);
  t.deepEqual(linspace(3, 7, 0).toArray(), []);
});

test("bad shapes are a ShapeError", (t) => {
  t.throws(() => zeros([-1]), { instanceOf: ShapeError });
  t.throws(() => ones([2.5]), { instanceOf: ShapeError });
  t.throws(() => full("3" as never, 1), { instanceOf: ShapeError });
  t.throws(() => eye(-2), { instanceOf: ShapeError });
  t.throws(() => linspace(0, 1, -1), { instanceOf: ShapeError });
});
