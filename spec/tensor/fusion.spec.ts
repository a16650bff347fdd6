/**
 * Deferred, fused evaluation (lib/tensor/fusion.ts) must be invisible except for speed: the same
 * bits as eager evaluation, no repeated work through shared values, bounded expressions.
 * Every test compares the fused path (deferral from 1 element) with eager evaluation.
 */
import test from "ava";
import fc from "fast-check";
import { add, broadcastTo, div, exp, greater, log, mean, mul, mulNoNan, neg, pad, reciprocal, reshape, slice, sqrt, square, sub, sum, tanh, tensor, valueAndGrad, vjp, grad, hessian, type Tensor, type Value } from "../../lib/index.ts";
import { setFusionMinSize, MAX_OPS } from "../../lib/tensor/fusion.ts";
import { SLAB_MAX_ELEMENTS } from "../../lib/tensor/result-buffer.ts";
import { compiledStructures, LOOP_CACHE_SIZE, setFusedLoopCompilation } from "../../lib/tensor/fused-loop.ts";
import { fusedResults } from "../fixtures/fused-expressions.ts";
import { pendingOf } from "../../lib/tensor/tensor.ts";
import { seededRandom } from "../support/random.ts";
import { runWithoutCodeGeneration } from "../support/codegen.ts";

/** Runs `f` eagerly and fused; both results flattened to numbers. */
function bothWays(f: () => unknown): [number[], number[]] {
  const flat = (v: unknown): number[] =>
    typeof v === "number" ? [v] : Array.isArray(v) ? v.flatMap(flat) : Array.from((v as Tensor).data);
  const previous = setFusionMinSize(Infinity);
  try {
    const eager = flat(f());
    setFusionMinSize(1);
    return [eager, flat(f())];
  } finally {
    setFusionMinSize(previous);
  }
}

function randomTensor(n: number, seed: number): Tensor {
  const random = seededRandom(seed);
  return tensor(Array.from({ length: n }, () => 4 * random() - 2));
}

const rosenbrock = (x: Value): Value => {
  const n = (x as Tensor).shape[0]!;
  const head = slice(x, [0], [n - 1]);
  const tail = slice(x, [1], [n]);
  return sum(add(mul(100, square(sub(tail, square(head)))), square(sub(1, head))));
};

test("the vectorised Rosenbrock: value and gradient bit for bit as eager evaluation", (t) => {
  const x = randomTensor(50, 1);
  const [eager, fused] = bothWays(() => valueAndGrad(rosenbrock)(x));
  t.deepEqual(fused, eager);
});

test("second order (a Hessian) through fused ops is unchanged", (t) => {
  const x = randomTensor(6, 2);
  const [eager, fused] = bothWays(() => hessian(rosenbrock)(x));
  t.deepEqual(fused, eager);
});

test("a sum of a deferred tensor adds in row-major order, as one sequential pass", (t) => {
  const x = randomTensor(10_000, 3);
  const [eager, fused] = bothWays(() => sum(mul(sub(x, 0.1), add(x, 1e8))));
  t.deepEqual(fused, eager);
});

test("a value used twice is computed once and stored, so shared subexpressions never blow up", (t) => {
  const previous = setFusionMinSize(1);
  try {
    const x = randomTensor(8, 4);
    let y: Value = x;
    // 60 levels, each using the previous value twice: 2^60 evaluations if sharing were re-inlined.
    for (let k = 0; k < 60; k++) y = mul(add(y, y), 0.5);
    t.deepEqual(Array.from((y as Tensor).data), Array.from(x.data));
  } finally {
    setFusionMinSize(previous);
  }
});

test("long chains are cut into expressions of at most MAX_OPS ops, with the eager values", (t) => {
  const x = randomTensor(100, 5);
  const [eager, fused] = bothWays(() => {
    let y: Value = x;
    for (let k = 0; k < 5 * MAX_OPS; k++) y = sub(mul(y, 0.999), neg(y));
    return y;
  });
  t.deepEqual(fused, eager);
});

test("a broadcast constant (a sum's cotangent) is never stored, and multiplies with mulNoNan's zero rule", (t) => {
  const previous = setFusionMinSize(1);
  try {
    const ones = broadcastTo(0, [5]) as Tensor;
    t.not(pendingOf(ones), null, "a large fill is deferred");
    const y = mulNoNan(tensor([Infinity, NaN, 1, -2, 3]), ones) as Tensor;
    t.deepEqual(Array.from(y.data), [0, 0, 0, 0, 0]);
  } finally {
    setFusionMinSize(previous);
  }
});

test("a deferred tensor computes its values once and then keeps them", (t) => {
  const previous = setFusionMinSize(1);
  try {
    const y = square(tensor([1, 2, 3])) as Tensor;
    t.not(pendingOf(y), null);
    const first = y.data;
    t.is(pendingOf(y), null, "the expression (and the inputs it held) is released");
    t.is(y.data, first);
    t.deepEqual(Array.from(first), [1, 4, 9]);
    t.is(y.size, 3);
  } finally {
    setFusionMinSize(previous);
  }
});

test("results larger than a slab are deferred at the default size, slab-sized ones are not", (t) => {
  const small = square(tensor([1, 2])) as Tensor;
  t.is(pendingOf(small), null);
  t.is(pendingOf(square(randomTensor(SLAB_MAX_ELEMENTS, 5)) as Tensor), null, "a slab-sized result is computed at once");
  t.not(pendingOf(square(randomTensor(SLAB_MAX_ELEMENTS + 1, 5)) as Tensor), null, "one element more is deferred");
  const big = square(randomTensor(1 << 15, 6)) as Tensor;
  t.not(pendingOf(big), null);
  t.is((grad(rosenbrock)(randomTensor(1 << 15, 7)) as Tensor).size, 1 << 15);
});

// ---------------------------------------------------------------------------
// Compiled loops (fused-loop.ts), the block evaluator (fused-blocks.ts), placements and
// recomputation.

/** Runs `f` eagerly, fused with compiled loops, and fused block by block. */
function threeWays(f: () => unknown): [number[], number[], number[]] {
  const [eager, compiled] = bothWays(f);
  const previous = setFusedLoopCompilation(false);
  try {
    const [, blocks] = bothWays(f);
    return [eager, compiled, blocks];
  } finally {
    setFusedLoopCompilation(previous);
  }
}

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 1e-310, -1e-310, 5e-324, 1.7976931348623157e308, 1, -1, 0.5, -2.5, 3];

test("every fusible op: compiled loop, block evaluator and eager kernels agree bit for bit, special values included", (t) => {
  const xs = tensor(SPECIAL.flatMap((a) => SPECIAL.map(() => a)));
  const ys = tensor(SPECIAL.flatMap(() => SPECIAL));
  const unary = { neg, square, reciprocal, exp, log, sqrt, tanh };
  const binary = { add, sub, mul, div, mulNoNan };
  for (const [name, op] of Object.entries(unary)) {
    // A unary op, then one more op so the loop also reads it from a register.
    const [eager, compiled, blocks] = threeWays(() => [op(xs), add(op(xs), 0.25), sum(op(xs))]);
    t.deepEqual(compiled, eager, name);
    t.deepEqual(blocks, eager, name);
  }
  for (const [name, op] of Object.entries(binary)) {
    const [eager, compiled, blocks] = threeWays(() => [op(xs, ys), op(ys, xs), op(xs, 2), op(-0, ys), op(neg(xs), square(ys)), sum(op(xs, ys))]);
    t.deepEqual(compiled, eager, name);
    t.deepEqual(blocks, eager, name);
  }
});

test("expressions of the same form with different ops get their own loops", (t) => {
  const x = randomTensor(64, 8);
  const [eager, compiled] = bothWays(() => [add(x, 2), sub(x, 2), mul(x, 2), div(x, 2), add(square(x), x), sub(square(x), x)]);
  t.deepEqual(compiled, eager);
});

test("past LOOP_CACHE_SIZE structures the least recently used loop is dropped, and recompiled with the same values", (t) => {
  const x = randomTensor(16, 11);
  const ops = [add, sub, mul, div] as const;
  // Structure k: a chain of 5 ops picked by the base-4 digits of k (1,024 distinct structures).
  const chain = (k: number): Value => {
    let v: Value = x;
    for (let d = 0, rest = k; d < 5; d++, rest >>= 2) v = ops[rest & 3]!(v, 1.5);
    return v;
  };
  const newest = () => compiledStructures().at(-1);
  bothWays(() => chain(0));
  const first = newest();
  const count = LOOP_CACHE_SIZE + 40;
  const [eager, fused] = bothWays(() => Array.from({ length: count - 1 }, (_, k) => chain(k + 1)));
  t.deepEqual(fused, eager);
  const kept = compiledStructures();
  t.is(kept.length, LOOP_CACHE_SIZE);
  t.false(kept.includes(first!), "the oldest loop was dropped");
  // The oldest loop still kept is the one of chain(count - LOOP_CACHE_SIZE): using it again is a
  // hit that makes it the newest, without compiling (the count stays).
  bothWays(() => chain(count - LOOP_CACHE_SIZE));
  t.is(newest(), kept[0]);
  t.deepEqual(compiledStructures().slice(0, -1), kept.slice(1));
  // The dropped one is compiled again, with the same values.
  const [again, againFused] = bothWays(() => chain(0));
  t.deepEqual(againFused, again);
  t.is(newest(), first);
  t.is(compiledStructures().length, LOOP_CACHE_SIZE);
});

test("padding is a placement: the zeros are never stored, and sums of pads (slice cotangents) are exact", (t) => {
  const x = randomTensor(40, 9);
  const [eager, compiled, blocks] = threeWays(() => {
    const a = mul(slice(x, [2], [30]), 3);
    const b = square(slice(x, [0], [35]));
    const padded = add(pad(a, [40], [5]), pad(b, [40], [0]));
    return [padded, sum(padded), pad(x, [50], [7]), sum(pad(square(x), [45], [1])), pad(pad(neg(a), [33], [2]), [40], [4])];
  });
  t.deepEqual(compiled, eager);
  t.deepEqual(blocks, eager);
  // A block of rows of a matrix is one stretch; a block of columns is not (padded eagerly).
  const m = reshape(randomTensor(24, 10), [4, 6]);
  const [eagerM, fusedM] = bothWays(() => [pad(square(m), [7, 6], [2, 0]), pad(square(m), [4, 9], [0, 3]), sum(pad(neg(m), [6, 6], [1, 0]))]);
  t.deepEqual(fusedM, eagerM);
  const previous = setFusionMinSize(1);
  try {
    t.not(pendingOf(pad(square(x), [45], [1]) as Tensor), null, "a placement is deferred");
  } finally {
    setFusionMinSize(previous);
  }
});

test("a short expression of cheap ops is recomputed by a second consumer; an expensive one is stored", (t) => {
  const previous = setFusionMinSize(1);
  try {
    const x = randomTensor(32, 11);
    const cheap = sub(1, square(x)) as Tensor;
    const first = mul(cheap, 2) as Tensor;
    const second = add(cheap, 3) as Tensor;
    t.not(pendingOf(cheap), null, "not stored for its second consumer");
    const expensive = exp(x) as Tensor;
    const third = mul(expensive, 2) as Tensor;
    t.not(pendingOf(expensive), null);
    const fourth = add(expensive, 3) as Tensor;
    t.is(pendingOf(expensive), null, "computed and stored when a second consumer takes it");
    const values = [first, second, third, fourth].map((v) => Array.from(v.data));
    setFusionMinSize(Infinity);
    const c = sub(1, square(x));
    const e = exp(x);
    t.deepEqual(values, [mul(c, 2), add(c, 3), mul(e, 2), add(e, 3)].map((v) => Array.from((v as Tensor).data)));
  } finally {
    setFusionMinSize(previous);
  }
});

test("fused expressions give identical results where code generation is disallowed (CSP)", (t) => {
  const blocked = runWithoutCodeGeneration<string[]>("spec/fixtures/fused-expressions.ts");
  t.false(blocked.codegen, "the child process really could not generate code");
  const here = fusedResults();
  t.deepEqual(blocked.results, here);
  const previous = setFusionMinSize(Infinity);
  try {
    t.deepEqual(fusedResults(), here, "and both are the eager results");
  } finally {
    setFusionMinSize(previous);
  }
});

// ---------------------------------------------------------------------------
// Carried values: an op needed at two neighbouring elements (as through x[1:] and x[:-1]) is
// computed once per element, its previous value kept for the next element.

/** `v` (1-D, n elements) laid at elements k .. k + n of n + width zeros, for each k in `at`, summed. */
function shiftedSum(v: Value, n: number, width: number, at: number[]): Value {
  return at.map((k) => pad(v, [n + width], [k])).reduce((a, b) => add(a, b));
}

test("a value needed at neighbouring elements is carried from one element to the next, bit for bit", (t) => {
  for (const n of [1, 2, 3, 7, 5000]) {
    const x = randomTensor(n, 20 + n);
    const [eager, compiled, blocks] = threeWays(() => {
      const v = sub(1, square(x)); // cheap: recomputed at every shift rather than stored
      const one = shiftedSum(v, n, 1, [0, 1]);
      const chain = shiftedSum(mul(v, 3), n, 3, [0, 1, 2, 3]); // a carry of a carry
      const gap = shiftedSum(square(x), n, 2, [0, 2]); // two elements apart: no carry
      return [one, sum(one), chain, sum(mul(chain, 0.5)), gap];
    });
    t.deepEqual(compiled, eager, `n = ${n}`);
    t.deepEqual(blocks, eager, `n = ${n}`);
  }
});

test("a difference stencil's gradient reuses the carried cotangent, first elements included", (t) => {
  const stencil = (x: Value): Value => {
    const n = (x as Tensor).shape[0]!;
    const d = add(sub(slice(x, [2], [n]), mul(2, slice(x, [1], [n - 1]))), slice(x, [0], [n - 2]));
    return sum(mul(square(d), square(sub(slice(x, [1], [n - 1]), 0.5))));
  };
  for (const n of [3, 4, 6, 3000]) {
    const x = randomTensor(n, 40 + n);
    const [eager, compiled, blocks] = threeWays(() => [valueAndGrad(stencil)(x), valueAndGrad(rosenbrock)(x)]);
    t.deepEqual(compiled, eager, `n = ${n}`);
    t.deepEqual(blocks, eager, `n = ${n}`);
  }
  const previous = setFusionMinSize(1);
  try {
    void (grad(rosenbrock)(randomTensor(20, 60)) as Tensor).data;
    t.true(compiledStructures().some((key) => key.includes("~s")), "the Rosenbrock gradient's loop carries a value");
  } finally {
    setFusionMinSize(previous);
  }
});

test("carried values in 2-D: along a row (one element back) and across rows (no carry)", (t) => {
  const m = reshape(randomTensor(24, 70), [1, 24]);
  const rows = reshape(randomTensor(24, 71), [4, 6]);
  const [eager, compiled, blocks] = threeWays(() => {
    const v = sub(square(m), 2);
    const alongRow = add(pad(v, [1, 25], [0, 1]), pad(v, [1, 25], [0, 0]));
    const w = neg(square(rows));
    const acrossRows = add(pad(w, [5, 6], [1, 0]), pad(w, [5, 6], [0, 0]));
    return [alongRow, sum(alongRow), acrossRows, sum(acrossRows)];
  });
  t.deepEqual(compiled, eager);
  t.deepEqual(blocks, eager);
});

test("an input read at neighbouring elements is loaded once per element, in chains and sums too", (t) => {
  for (const n of [3, 4, 9, 4100]) {
    const x = randomTensor(n, 80 + n);
    const [eager, compiled, blocks] = threeWays(() => {
      const three = add(add(slice(x, [0], [n - 2]), mul(slice(x, [1], [n - 1]), -2)), slice(x, [2], [n])); // x[i], x[i+1], x[i+2]
      const diff = sub(slice(x, [1], [n]), slice(x, [0], [n - 1]));
      return [three, sum(square(three)), sum(square(diff)), mul(diff, diff)];
    });
    t.deepEqual(compiled, eager, `n = ${n}`);
    t.deepEqual(blocks, eager, `n = ${n}`);
  }
  const previous = setFusionMinSize(1);
  try {
    const x = randomTensor(12, 90);
    void sum(square(sub(slice(x, [1], [12]), slice(x, [0], [11]))));
    t.true(compiledStructures().some((key) => /;x\d+~x\d+/.test(key)), "the loop keeps the loaded element for the next one");
  } finally {
    setFusionMinSize(previous);
  }
});

// ---------------------------------------------------------------------------
// A loss computed in its gradient's loop: valueAndGrad keeps a full sum of a deferred tensor
// deferred through the backward pass, then adds it up in the loop of the gradient, which
// recomputes the same intermediate values (computeTogether).

/** Keys of the compiled loops that `f` runs (new or from the cache). */
function loopsUsedBy(f: () => void): string[] {
  // The cache lists loops least recently used first: run a loop of a form used nowhere else,
  // then whatever comes after it in the list is what f used.
  void sum(tanh(reciprocal(tanh(neg(tanh(randomTensor(SLAB_MAX_ELEMENTS + 1, 0)))))));
  const marker = compiledStructures().at(-1)!;
  f();
  const after = compiledStructures();
  return after.slice(after.indexOf(marker) + 1);
}

test("valueAndGrad adds a loss up in its gradient's loop: a number, the same bits as computed apart", (t) => {
  for (const n of [200, 5000]) {
    const x = randomTensor(n, 100 + n);
    const [eager, compiled, blocks] = threeWays(() => valueAndGrad(rosenbrock)(x));
    t.deepEqual(compiled, eager, `n = ${n}`);
    t.deepEqual(blocks, eager, `n = ${n}`);
    let result: unknown;
    const used = loopsUsedBy(() => (result = valueAndGrad(rosenbrock)(x)));
    const [value, g] = result as [unknown, Tensor];
    t.is(typeof value, "number", "the value is a number, as when computed at once");
    t.true(Object.is(value, rosenbrock(x)), "the same bits as the function's own value");
    t.is(pendingOf(g), null, "the gradient is computed before valueAndGrad returns");
    t.true(used.some((key) => key.startsWith("store;") && key.includes(";sum s")), `one loop stores the gradient and adds up the loss (n = ${n})`);
  }
});

test("a loss whose ops reach the gradient one element further on is added up at that shift", (t) => {
  // d/dx of sum((x[1:] - 0.5)^2 * x[1:]) is zero at x[0]: the gradient is the cotangent placed
  // one element on, so the loss's element k is the gradient's element k + 1.
  const tailLoss = (x: Value): Value => {
    const n = (x as Tensor).shape[0]!;
    const tail = slice(x, [1], [n]);
    return sum(mul(square(sub(tail, 0.5)), tail));
  };
  const x = randomTensor(3000, 7);
  const [eager, compiled, blocks] = threeWays(() => valueAndGrad(tailLoss)(x));
  t.deepEqual(compiled, eager);
  t.deepEqual(blocks, eager);
  // At the right shift the loop computes the ops the loss shares with the gradient once: fewer
  // steps than the gradient's loop and the loss's loop together.
  const stepsOf = (keys: string[], kind: (key: string) => boolean): number => {
    const key = keys.find(kind);
    if (key === undefined) throw new Error(`no such loop among ${keys.join(" | ")}`);
    return key.split(";").filter((part) => part.startsWith("f")).length;
  };
  const joint = stepsOf(loopsUsedBy(() => void valueAndGrad(tailLoss)(x)), (key) => key.includes(";sum s"));
  const lossAlone = stepsOf(loopsUsedBy(() => void tailLoss(x)), (key) => key.startsWith("sum;"));
  const gradientAlone = stepsOf(loopsUsedBy(() => void vjp(tailLoss, x)[1](1)), (key) => key.startsWith("store;"));
  t.true(joint < gradientAlone + lossAlone, `${joint} steps, against ${gradientAlone} + ${lossAlone} apart`);
});

test("a loss read inside the function is computed there and behaves as a number everywhere", (t) => {
  const x = randomTensor(1000, 8);
  const f = (v: Value): Value => {
    const loss = sum(square(sub(v, 0.25)));
    // Control flow on the loss, arithmetic with it, and the loss itself as aux.
    const scaled = greater(loss, 0) ? mul(loss, 3) : loss;
    return [add(scaled, sum(v)), { loss }] as unknown as Value;
  };
  const [[value, aux], g] = valueAndGrad(f, { hasAux: true })(x) as unknown as [[number, { loss: number }], Tensor];
  const expectedLoss = sum(square(sub(x, 0.25))) as number;
  t.is(typeof aux.loss, "number");
  t.is(aux.loss, expectedLoss);
  t.is(value, expectedLoss * 3 + (sum(x) as number));
  const [eager, fused] = bothWays(() => grad((v: Value) => add(mul(sum(square(sub(v, 0.25))), 3), sum(v)))(x));
  t.deepEqual(Array.from(g.data), fused);
  t.deepEqual(fused, eager);
});

test("a mean loss is added up in its gradient's loop too, with the bits of sum times 1 / count", (t) => {
  const x = randomTensor(3000, 12);
  const meanSquared = (v: Value): Value => mean(square(sub(v, 0.25)));
  const [eager, compiled, blocks] = threeWays(() => valueAndGrad(meanSquared)(x));
  t.deepEqual(compiled, eager);
  t.deepEqual(blocks, eager);
  let result: unknown;
  const used = loopsUsedBy(() => (result = valueAndGrad(meanSquared)(x)));
  t.true(used.some((key) => key.includes(";sum s")), "one loop stores the gradient and adds up the loss");
  const [value] = result as [number, Tensor];
  t.is(typeof value, "number");
  t.true(Object.is(value, (sum(square(sub(x, 0.25))) as number) * (1 / 3000)));
  // Means over some axes, and keeping them, are sums times 1 / count too.
  const m = reshape(x, [30, 100]);
  t.deepEqual(Array.from((mean(m, 1) as Tensor).data), Array.from((sum(m, 1) as Tensor).data, (v) => v * (1 / 100)));
  t.deepEqual(Array.from((mean(square(m), undefined, true) as Tensor).data), [(sum(square(m)) as number) * (1 / 3000)]);
});

test("a loss returned as aux too is still added up in its gradient's loop, and is a number there", (t) => {
  const x = randomTensor(2000, 11);
  const withAux = (v: Value): Value => {
    const loss = rosenbrock(v);
    return [loss, { loss, size: 2000 }] as unknown as Value;
  };
  let result: unknown;
  const used = loopsUsedBy(() => (result = valueAndGrad(withAux, { hasAux: true })(x)));
  const [[value, aux], g] = result as [[number, { loss: number; size: number }], Tensor];
  t.is(typeof aux.loss, "number");
  t.is(aux.loss, value);
  t.is(aux.size, 2000);
  t.true(used.some((key) => key.includes(";sum s")));
  const [eager] = bothWays(() => valueAndGrad(rosenbrock)(x));
  t.deepEqual([value, ...g.data], eager);
});

test("full sums of deferred tensors: a number without keepdims, a one-element tensor with it", (t) => {
  const x = randomTensor(1000, 9);
  const total = sum(square(x));
  t.is(typeof total, "number");
  const kept = sum(reshape(square(x), [10, 100]), undefined, true) as Tensor;
  t.deepEqual(kept.shape, [1, 1]);
  t.is(kept.data[0], total);
  // Under the other transformations the sum is a number too.
  const [out] = vjp((v: Value) => sum(square(v)), x);
  t.is(out, total);
  t.is(typeof grad((v: Value) => mul(sum(square(v)), 1))(x), "object");
});

test("an error after a deferred loss leaves nothing behind: the next call is exact", (t) => {
  const x = randomTensor(500, 10);
  const failing = (v: Value): Value => {
    const loss = sum(square(v));
    if (loss !== null) throw new Error("boom");
    return loss;
  };
  t.throws(() => valueAndGrad(failing)(x), { message: "boom" });
  const [eager, fused] = bothWays(() => valueAndGrad(rosenbrock)(x));
  t.deepEqual(fused, eager);
});

test("random losses of fused ops over shifted slices: value and gradient in one loop, the same bits as eager", (t) => {
  // Expressions of the fusible ops over x[0:n-2], x[1:n-1] and x[2:n] (so that the gradient's
  // loop meets the loss's ops at shifts -2 .. 0), summed: the loss valueAndGrad adds up in its
  // gradient's loop whenever the two share an op.
  const n = 300;
  type Tree = { text: string; build: (slices: Value[]) => Value };
  const leaf = fc.constantFrom(0, 1, 2).map((k): Tree => ({ text: `x${k}`, build: (s) => s[k]! }));
  const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((self) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom(["square", square], ["neg", neg], ["tanh", tanh], ["exp", (v: Value) => exp(mul(v, 0.25))]) as fc.Arbitrary<[string, (v: Value) => Value]>, self("node")).map(
        ([[name, op], a]): Tree => ({ text: `${name}(${a.text})`, build: (s) => op(a.build(s)) }),
      ),
      fc.tuple(fc.constantFrom(["add", add], ["sub", sub], ["mul", mul]) as fc.Arbitrary<[string, (a: Value, b: Value) => Value]>, self("node"), self("node")).map(
        ([[name, op], a, b]): Tree => ({ text: `${name}(${a.text}, ${b.text})`, build: (s) => op(a.build(s), b.build(s)) }),
      ),
    ),
  })).node;
  let joint = 0;
  let checked = 0;
  fc.assert(
    fc.property(tree, fc.integer({ min: 0, max: 1 << 20 }), (expression, seed) => {
      const x = randomTensor(n, seed);
      const loss = (v: Value): Value => sum(expression.build([slice(v, [0], [n - 2]), slice(v, [1], [n - 1]), slice(v, [2], [n])]));
      const [eager, compiled, blocks] = threeWays(() => valueAndGrad(loss)(x));
      t.deepEqual(compiled, eager, expression.text);
      t.deepEqual(blocks, eager, expression.text);
      let result: unknown;
      if (loopsUsedBy(() => (result = valueAndGrad(loss)(x))).some((key) => key.includes(";sum s"))) joint++;
      t.is(typeof (result as unknown[])[0], "number");
      checked++;
    }),
    { seed: 20261204, numRuns: 150 },
  );
  t.log(`${joint} of ${checked} losses added up in their gradient's loop`);
  t.true(joint >= checked / 10, `only ${joint} of ${checked} losses shared an op with their gradient`);
});
