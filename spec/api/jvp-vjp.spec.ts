/**
 * jvp and vjp: values, linearity in the (co)tangent, a pullback called many times on one
 * recording, several primals, outputs that do not depend on the inputs.
 */
import test from "ava";
import fc from "fast-check";
import { add, exp, jvp, matmul, mul, sin, sum, tanh, tensor, vjp, Tensor, type Value } from "../../lib/index.ts";
import { seedArb } from "../support/arbitraries.ts";
import { randomTensor, seededRandom } from "../support/random.ts";
import { assertAllClose, assertClose } from "../support/assert.ts";
import { axpy, flatNumbers, innerWithScale } from "../support/trees.ts";

/** A small network: y = tanh(W x + b) * exp(x[0]) — a map R^3 x R^(2x3) x R^2 -> R^2. */
const net = (x: Tensor, W: Tensor, b: Tensor): Tensor => mul(tanh(add(matmul(W, x), b)), exp(sum(mul(x, tensor([1, 0, 0]))))) as Tensor;

function point(seed: number): [Tensor, Tensor, Tensor] {
  const r = seededRandom(seed);
  return [randomTensor(r, [3]), randomTensor(r, [2, 3]), randomTensor(r, [2])];
}

test("jvp returns [f(x), J v] with J v equal to a directional finite difference", (t) => {
  const [x, W, b] = point(1);
  const [dx, dW, db] = point(2);
  const [y, ty] = jvp(net, [x, W, b], [dx, dW, db]);
  t.deepEqual(flatNumbers(y), flatNumbers(net(x, W, b)));
  const h = 1e-6;
  const plus = flatNumbers(net(...(axpy([x, W, b], [dx, dW, db], h) as [Tensor, Tensor, Tensor])));
  const minus = flatNumbers(net(...(axpy([x, W, b], [dx, dW, db], -h) as [Tensor, Tensor, Tensor])));
  assertAllClose(t, flatNumbers(ty), plus.map((p, i) => (p - minus[i]!) / (2 * h)), 1e-8, "J v");
});

test("jvp is linear in the tangent (property)", (t) => {
  const [x, W, b] = point(3);
  fc.assert(
    fc.property(seedArb, fc.double({ min: -3, max: 3, noNaN: true }), (seed, a) => {
      const v1 = point(seed);
      const v2 = point(seed + 1);
      const combo = axpy(v1, v2, a) as Tensor[];
      const j1 = flatNumbers(jvp(net, [x, W, b], v1)[1]);
      const j2 = flatNumbers(jvp(net, [x, W, b], v2)[1]);
      const jc = flatNumbers(jvp(net, [x, W, b], combo as [Tensor, Tensor, Tensor])[1]);
      jc.forEach((v, i) => {
        const want = j1[i]! + a * j2[i]!;
        if (Math.abs(v - want) > 1e-12 * Math.max(1, Math.abs(want))) throw new Error(`J(v1 + a v2)[${i}] = ${v}, J v1 + a J v2 = ${want}`);
      });
    }),
    { numRuns: 30 },
  );
  t.pass();
});

test("vjp: one recording, a pullback called many times gives consistent, linear results", (t) => {
  const [x, W, b] = point(4);
  const [y, pullback] = vjp(net, x, W, b);
  t.deepEqual(flatNumbers(y), flatNumbers(net(x, W, b)));
  const u1 = tensor([1, 0]);
  const u2 = tensor([0, 1]);
  const first = pullback(u1);
  const second = pullback(u2);
  const again = pullback(u1);
  t.deepEqual(flatNumbers(again), flatNumbers(first), "the same cotangent twice gives the same result");
  const both = pullback(tensor([2, -3]));
  assertAllClose(t, flatNumbers(both), flatNumbers(first).map((v, i) => 2 * v - 3 * flatNumbers(second)[i]!), 1e-14, "pullback(2 e1 - 3 e2)");
  t.true(Array.isArray(first) && first.length === 3, "one cotangent per primal");
  t.deepEqual([...first[0].shape], [3]);
  t.deepEqual([...first[1].shape], [2, 3]);
  t.deepEqual([...first[2].shape], [2]);
});

test("<u, jvp(v)> = <vjp(u), v> for the network at random points (property)", (t) => {
  fc.assert(
    fc.property(seedArb, (seed) => {
      const p = point(seed);
      const v = point(seed + 1);
      const u = randomTensor(seededRandom(seed + 2), [2]);
      const a = innerWithScale(u, jvp(net, p, v)[1]);
      const [, pullback] = vjp(net, ...p);
      const b = innerWithScale(pullback(u), v);
      if (Math.abs(a.value - b.value) > 1e-13 * Math.max(a.scale, b.scale)) throw new Error(`${a.value} vs ${b.value}`);
    }),
    { numRuns: 40 },
  );
  t.pass();
});

test("numbers in, numbers out: jvp and vjp of scalar functions", (t) => {
  const f = (a: number, b: number) => mul(sin(a), b);
  const [y, ty] = jvp(f, [0.5, 2], [1, 0]);
  t.is(typeof y, "number");
  t.is(typeof ty, "number");
  assertClose(t, ty as number, 2 * Math.cos(0.5), 1e-15, "d/da");
  const [, pb] = vjp(f, 0.5, 2);
  const [ga, gb] = pb(1);
  t.is(typeof ga, "number");
  assertClose(t, ga, 2 * Math.cos(0.5), 1e-15, "vjp d/da");
  assertClose(t, gb, Math.sin(0.5), 1e-15, "vjp d/db");
});

test("outputs that do not depend on the inputs have zero tangent and give zero cotangents", (t) => {
  const f = (x: Tensor) => [tensor([1, 2]), mul(x, 0), 7] as const;
  const [y, ty] = jvp(f, [tensor([1, 2])], [tensor([1, 1])]);
  t.deepEqual(flatNumbers(y), [1, 2, 0, 0, 7]);
  t.deepEqual(flatNumbers(ty), [0, 0, 0, 0, 0]);
  const [, pb] = vjp((x: Tensor) => tensor([1, 2]), tensor([3, 4]));
  t.deepEqual(flatNumbers(pb(tensor([1, 1]))), [0, 0]);
});

test("jvp with a zero tangent for one primal differentiates only the others", (t) => {
  const f = (a: Value, b: Value) => mul(a, b);
  const [, t1] = jvp(f, [tensor([1, 2]), tensor([3, 4])], [tensor([0, 0]), tensor([1, 1])]);
  t.deepEqual(flatNumbers(t1), [1, 2]);
});
