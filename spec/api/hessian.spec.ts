/**
 * hessian (forward over reverse) and hvp (H v without forming H): shapes, analytic values,
 * hvp = hessian · v, argnums and containers, and hvp's cost being one pass whatever the size.
 */
import test from "ava";
import fc from "fast-check";
import { bind, cos, definePrimitive, exp, hessian, hvp, logsumexp, matmul, mul, sin, sum, tensor, Tensor, type Value } from "../../lib/index.ts";
import { seedArb } from "../support/arbitraries.ts";
import { assertAllClose } from "../support/assert.ts";
import { randomTensor, seededRandom } from "../support/random.ts";
import { flatNumbers } from "../support/trees.ts";

test("hessian of sum(x^3) is diag(6x); of x^T A x is A + A^T", (t) => {
  const H = hessian((x: Tensor) => sum(mul(mul(x, x), x)))(tensor([1, -2, 0.5]));
  t.deepEqual(H.toArray(), [[6, 0, 0], [0, -12, 0], [0, 0, 3]]);
  const A = tensor([[1, 2], [3, 4]]);
  const Hq = hessian((x: Tensor) => sum(mul(x, matmul(A, x))))(tensor([0.3, -0.7]));
  t.deepEqual(Hq.toArray(), [[2, 5], [5, 8]]);
});

test("hessian of a scalar function of a number is a number; of a matrix has shape [...s, ...s]", (t) => {
  const h = hessian((x: number) => mul(sin(x), x))(0.4);
  t.is(typeof h, "number");
  t.true(Math.abs(h - (2 * Math.cos(0.4) - 0.4 * Math.sin(0.4))) < 1e-15);
  const Hm = hessian((m: Tensor) => logsumexp(m))(tensor([[0, 1, 2], [3, 4, 5]]));
  t.deepEqual([...Hm.shape], [2, 3, 2, 3]);
  // Hessian of logsumexp: diag(p) - p p^T, with p the softmax of the flattened matrix.
  const z = [0, 1, 2, 3, 4, 5];
  const s = z.reduce((a, v) => a + Math.exp(v), 0);
  const p = z.map((v) => Math.exp(v) / s);
  assertAllClose(t, flatNumbers(Hm), p.flatMap((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj)), 1e-14, "logsumexp Hessian");
});

test("hessian with argnums [0, 1] gives the block matrix [[Hxx, Hxy], [Hyx, Hyy]]", (t) => {
  const f = (x: number, y: number) => mul(mul(x, x), exp(y)); // x^2 e^y
  const x = 1.5;
  const y = 0.2;
  const H = hessian(f, { argnums: [0, 1] })(x, y) as number[][];
  const e = Math.exp(y);
  assertAllClose(t, H.flat(), [2 * e, 2 * x * e, 2 * x * e, x * x * e], 1e-14, "blocks");
});

const quartic = (x: Tensor, W: Tensor): Value => sum(mul(cos(matmul(W, x)), sum(mul(x, x))));

test("hvp(f, x, v) = hessian(f)(x) v for random points and directions (property)", (t) => {
  fc.assert(
    fc.property(seedArb, (seed) => {
      const r = seededRandom(seed);
      const x = randomTensor(r, [4]);
      const W = randomTensor(r, [3, 4]);
      const v = randomTensor(r, [4]);
      const H = hessian((z: Tensor) => quartic(z, W))(x) as Tensor;
      const Hv = Array.from({ length: 4 }, (_, i) => [0, 1, 2, 3].reduce((a, j) => a + H.data[4 * i + j]! * v.data[j]!, 0));
      const [got] = hvp((z: Tensor) => quartic(z, W), [x], [v]);
      const g = flatNumbers(got);
      g.forEach((val, i) => {
        if (Math.abs(val - Hv[i]!) > 1e-12 * Math.max(1, Math.abs(Hv[i]!))) throw new Error(`(H v)[${i}]: hvp ${val}, hessian·v ${Hv[i]}`);
      });
    }),
    { numRuns: 30 },
  );
  t.pass();
});

test("hvp over several primals returns one entry per primal, structured like it", (t) => {
  const x = tensor([0.5, -0.25, 1]);
  const W = tensor([[1, 0, 2], [-1, 1, 0.5]]);
  const vx = tensor([1, 0, -1]);
  const vW = tensor([[0, 1, 0], [1, 0, 0]]);
  const out = hvp(quartic, [x, W], [vx, vW]);
  t.is(out.length, 2);
  t.deepEqual([...out[0].shape], [3]);
  t.deepEqual([...out[1].shape], [2, 3]);
  // Against the full joint Hessian.
  const H = hessian(quartic, { argnums: [0, 1] })(x, W) as Tensor[][];
  const v = [vx, vW];
  const expect = [0, 1].map((i) => {
    const rows = flatNumbers(v[i]!).length;
    return Array.from({ length: rows }, (_, r) =>
      [0, 1].reduce((acc, j) => {
        const block = flatNumbers(H[i]![j]!);
        const vj = flatNumbers(v[j]!);
        return acc + vj.reduce((a, vv, c) => a + block[r * vj.length + c]! * vv, 0);
      }, 0),
    );
  });
  assertAllClose(t, flatNumbers(out[0]), expect[0]!, 1e-12, "H v, x part");
  assertAllClose(t, flatNumbers(out[1]), expect[1]!, 1e-12, "H v, W part");
  const [hvNum] = hvp((s: number) => mul(mul(s, s), s), [2], [1]);
  t.is(hvNum, 12, "numbers in give numbers out");
});

test("hvp costs one forward and one backward pass whatever the input size; hessian one per input", (t) => {
  const calls = { jvp: 0, vjp: 0 };
  const prim = definePrimitive<undefined>({
    name: "counted_identity_hessian_spec",
    arity: 1,
    impl: ([x]) => x!,
    jvp: (_x, [t]) => (calls.jvp++, t),
    vjp: (ct) => (calls.vjp++, [ct]),
    doc: { summary: "identity that counts its calls (test only)", derivative: "1" },
  });
  const f = (x: Tensor) => sum(exp(bind(prim, [x])));
  const x = randomTensor(seededRandom(5), [50]);
  hvp(f, [x], [x]);
  t.deepEqual(calls, { jvp: 1, vjp: 1 });
  calls.jvp = calls.vjp = 0;
  hessian(f)(randomTensor(seededRandom(5), [6]));
  t.is(calls.vjp, 6, "hessian = jacfwd(jacrev): one backward pass per column");
});
