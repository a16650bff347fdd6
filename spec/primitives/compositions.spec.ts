/**
 * Random compositions: fast-check draws expression trees over the registered elementwise
 * primitives (found in the registry, each kept inside the domain its own `sample` draws from)
 * and structural ops (reductions with axes, matmul, dot, outer, reshape, transpose, slice, pad,
 * concat, stack, broadcastTo, where, logsumexp, softmax, logSoftmax), and checks on each tree the
 * same properties as the per-primitive tests: jvp adjoint to vjp, jacfwd = jacrev, both equal to
 * finite differences, and the Hessian (four ways) symmetric and equal to finite differences of
 * grad. Trees whose value sits within a small margin of a kink or pole, or is huge, are skipped
 * (fc.pre): finite differences say nothing there.
 */
import test from "ava";
import fc from "fast-check";
import {
  bind, primitives, Tensor, add, broadcastTo, concat, dot, expandDims, logSoftmax, logsumexp, matmul, max, mean, min, mul,
  outer, pad, reshape, slice, softmax, stack, sum, tanh, transpose, valueAndGrad, where, type Primitive, type Value,
} from "../../lib/index.ts";
import { setFusionMinSize } from "../../lib/tensor/fusion.ts";
import { checkDerivatives } from "../support/derivatives.ts";
import { randomTensor, seededRandom } from "../support/random.ts";
import { flatNumbers } from "../support/trees.ts";

// ---------------------------------------------------------------- domains from the registry

/** Where a primitive's own sampler draws an argument: [lo, hi] minus the gaps it keeps away from. */
interface ArgDomain {
  lo: number;
  hi: number;
  /** Centres of the gaps (poles and kinks the sampler avoids). */
  avoid: number[];
  /** Whether the argument must be squashed into [lo, hi] (the domain is narrower than [-2, 2]). */
  squash: boolean;
}

function empiricalDomains(prim: Primitive): ArgDomain[] {
  const random = seededRandom(7);
  const values: number[][] = [];
  for (let k = 0; k < 400; k++) {
    prim.sample!(random).args.forEach((a, i) => (values[i] ??= []).push(...flatNumbers(a)));
  }
  return values.map((vs) => {
    vs.sort((p, q) => p - q);
    const lo = vs[0]!;
    const hi = vs[vs.length - 1]!;
    const avoid: number[] = [];
    for (let i = 1; i < vs.length; i++) if (vs[i]! - vs[i - 1]! > (hi - lo) / 25) avoid.push((vs[i]! + vs[i - 1]!) / 2);
    return { lo, hi, avoid, squash: lo > -1.95 || hi < 1.95 };
  });
}

/** Structural primitives are reached through their public functions below, not as elementwise ops. */
const STRUCTURAL = new Set(["matmul", "where"]);
/** Binary ops with a kink where the arguments are equal. */
const TIE_KINKS = new Set(["maximum", "minimum"]);

const elementwise = primitives().filter((p) => p.differentiable && p.sample && !STRUCTURAL.has(p.name) && p.sample(seededRandom(1)).params === undefined);
const unaryOps = elementwise.filter((p) => p.arity === 1).map((p) => ({ prim: p, domains: empiricalDomains(p) }));
const binaryOps = elementwise.filter((p) => p.arity === 2).map((p) => ({ prim: p, domains: empiricalDomains(p) }));

// ---------------------------------------------------------------- expression trees

type ShapeKey = "s" | "v2" | "v3" | "m";
const SHAPES: Record<ShapeKey, number[]> = { s: [], v2: [2], v3: [3], m: [2, 3] };

/** Inputs of every tree: a [2, 3], b [3], d [2] and a number c. */
interface Env {
  a: Value;
  b: Value;
  c: Value;
  d: Value;
}

/** Collects, during one evaluation on plain values, how close the point is to a kink or pole. */
interface Margin {
  min: number;
}

interface Node {
  text: string;
  evaluate(env: Env, margin: Margin | null): Value;
}

function node(text: string, evaluate: Node["evaluate"]): Node {
  return { text, evaluate, [fc.toStringMethod]: () => text } as Node;
}

function note(margin: Margin | null, distance: number): void {
  if (margin !== null) margin.min = Math.min(margin.min, distance);
}

/** Smallest |x - p| over the entries of a plain value. */
function distanceTo(x: Value, p: number): number {
  return flatNumbers(x).reduce((m, v) => Math.min(m, Math.abs(v - p)), Infinity);
}

/** Smallest gap between the largest (or smallest) and the runner-up along `axis` of a [2, 3] tensor, or over a vector. */
function extremeGap(x: Value, axis: number | undefined, largest: boolean): number {
  const t = x as Tensor;
  const rows: number[][] = [];
  if (t.shape.length === 1) rows.push(Array.from(t.data));
  else if (axis === 1 || axis === -1) for (let i = 0; i < 2; i++) rows.push(Array.from(t.data.subarray(3 * i, 3 * i + 3)));
  else for (let j = 0; j < 3; j++) rows.push([t.data[j]!, t.data[3 + j]!]);
  return rows.reduce((m, r) => {
    const s = r.slice().sort((p, q) => (largest ? q - p : p - q));
    return Math.min(m, Math.abs(s[0]! - s[1]!));
  }, Infinity);
}

/** Maps any real into the primitive's domain: mid + 0.98 half-width * tanh(x). */
function intoDomain(x: Value, d: ArgDomain): Value {
  if (!d.squash) return x;
  const mid = (d.lo + d.hi) / 2;
  const half = ((d.hi - d.lo) / 2) * 0.98;
  return add(mid, mul(half, tanh(x)));
}

/** A constant tensor of a shape, fixed by a seed (a leaf that is not differentiated). */
function constantOf(shape: number[], seed: number): Value {
  const t = randomTensor(seededRandom(seed), shape.length === 0 ? [1] : shape, -1, 1);
  return shape.length === 0 ? t.data[0]! : t;
}

/** A 0/1 mask of a shape, fixed by a seed (where's condition). */
function maskOf(shape: number[], seed: number): Tensor {
  const t = randomTensor(seededRandom(seed), shape, 0, 1);
  return new Tensor(t.data.map((v) => (v > 0.5 ? 1 : 0)), shape);
}

const leafArb = (shape: ShapeKey): fc.Arbitrary<Node> => {
  const input = { s: "c", v2: "d", v3: "b", m: "a" }[shape] as keyof Env;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(node(input, (env) => env[input])) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 1 << 20 }).map((seed) => node(`const${JSON.stringify(SHAPES[shape])}#${seed}`, () => constantOf(SHAPES[shape], seed))) },
  );
};

/** Pairs of operand shapes that broadcast to each result shape. */
const BROADCAST_PAIRS: Record<ShapeKey, [ShapeKey, ShapeKey][]> = {
  s: [["s", "s"]],
  v2: [["v2", "v2"], ["v2", "s"], ["s", "v2"]],
  v3: [["v3", "v3"], ["v3", "s"], ["s", "v3"]],
  m: [["m", "m"], ["m", "v3"], ["v3", "m"], ["m", "s"]],
};

const memo = new Map<string, fc.Arbitrary<Node>>();

function expr(shape: ShapeKey, depth: number): fc.Arbitrary<Node> {
  const key = `${shape}/${depth}`;
  const known = memo.get(key);
  if (known) return known;
  let arb: fc.Arbitrary<Node>;
  if (depth === 0) arb = leafArb(shape);
  else {
    const sub = (s: ShapeKey) => expr(s, depth - 1);
    const unary = fc.tuple(fc.constantFrom(...unaryOps), sub(shape)).map(([{ prim, domains }, x]) =>
      node(`${prim.name}(${x.text})`, (env, mg) => {
        const arg = intoDomain(x.evaluate(env, mg), domains[0]!);
        if (mg !== null) for (const p of domains[0]!.avoid) note(mg, distanceTo(arg, p));
        return bind(prim, [arg]);
      }),
    );
    const binary = fc.tuple(fc.constantFrom(...binaryOps), fc.constantFrom(...BROADCAST_PAIRS[shape])).chain(([op, [s1, s2]]) =>
      fc.tuple(sub(s1), sub(s2)).map(([x, y]) =>
        node(`${op.prim.name}(${x.text}, ${y.text})`, (env, mg) => {
          const p = intoDomain(x.evaluate(env, mg), op.domains[0]!);
          const q = intoDomain(y.evaluate(env, mg), op.domains[1]!);
          if (mg !== null) {
            for (const c of op.domains[0]!.avoid) note(mg, distanceTo(p, c));
            for (const c of op.domains[1]!.avoid) note(mg, distanceTo(q, c));
            if (TIE_KINKS.has(op.prim.name)) {
              const pv = flatNumbers(broadcastTo(p, SHAPES[shape]));
              const qv = flatNumbers(broadcastTo(q, SHAPES[shape]));
              note(mg, pv.reduce((m, v, i) => Math.min(m, Math.abs(v - qv[i]!)), Infinity));
            }
          }
          return bind(op.prim, [p, q]);
        }),
      ),
    );
    const structural = STRUCTURAL_BUILDERS[shape](sub);
    arb = fc.oneof(
      { weight: 1, arbitrary: leafArb(shape) },
      { weight: 3, arbitrary: unary },
      { weight: 3, arbitrary: binary },
      { weight: 3, arbitrary: fc.oneof(...structural) },
    );
  }
  memo.set(key, arb);
  return arb;
}

type Sub = (s: ShapeKey) => fc.Arbitrary<Node>;
const seedArb = fc.integer({ min: 0, max: 1 << 20 });

/** Structural ops, by the shape they produce. */
const STRUCTURAL_BUILDERS: Record<ShapeKey, (sub: Sub) => fc.Arbitrary<Node>[]> = {
  s: (sub) => [
    sub("m").map((x) => node(`sum(${x.text})`, (e, mg) => sum(x.evaluate(e, mg)))),
    sub("v3").map((x) => node(`mean(${x.text})`, (e, mg) => mean(x.evaluate(e, mg)))),
    sub("v3").map((x) => node(`logsumexp(${x.text})`, (e, mg) => logsumexp(x.evaluate(e, mg)))),
    fc.tuple(sub("v3"), sub("v3")).map(([x, y]) => node(`dot(${x.text}, ${y.text})`, (e, mg) => dot(x.evaluate(e, mg), y.evaluate(e, mg)))),
    sub("v2").map((x) =>
      node(`max(${x.text})`, (e, mg) => {
        const v = x.evaluate(e, mg);
        if (mg !== null) note(mg, extremeGap(v, undefined, true));
        return max(v);
      }),
    ),
  ],
  v2: (sub) => [
    sub("m").map((x) => node(`sum(${x.text}, -1)`, (e, mg) => sum(x.evaluate(e, mg), -1))),
    sub("m").map((x) => node(`logsumexp(${x.text}, 1)`, (e, mg) => logsumexp(x.evaluate(e, mg), 1))),
    fc.tuple(sub("m"), sub("v3")).map(([x, y]) => node(`matmul(${x.text}, ${y.text})`, (e, mg) => matmul(x.evaluate(e, mg), y.evaluate(e, mg)))),
    sub("v3").map((x) => node(`slice(${x.text}, [1], [3])`, (e, mg) => slice(x.evaluate(e, mg), [1], [3]))),
    sub("m").map((x) =>
      node(`min(${x.text}, 1)`, (e, mg) => {
        const v = x.evaluate(e, mg);
        if (mg !== null) note(mg, extremeGap(v, 1, false));
        return min(v, 1);
      }),
    ),
    sub("v2").map((x) => node(`softmax(${x.text})`, (e, mg) => softmax(x.evaluate(e, mg)))),
  ],
  v3: (sub) => [
    sub("m").map((x) => node(`sum(${x.text}, 0)`, (e, mg) => sum(x.evaluate(e, mg), 0))),
    sub("m").map((x) => node(`mean(${x.text}, -2)`, (e, mg) => mean(x.evaluate(e, mg), -2))),
    sub("m").map((x) => node(`logsumexp(${x.text}, 0)`, (e, mg) => logsumexp(x.evaluate(e, mg), 0))),
    fc.tuple(sub("v2"), sub("m")).map(([x, y]) => node(`matmul(${x.text}, ${y.text})`, (e, mg) => matmul(x.evaluate(e, mg), y.evaluate(e, mg)))),
    sub("v3").map((x) => node(`logSoftmax(${x.text})`, (e, mg) => logSoftmax(x.evaluate(e, mg)))),
    sub("m").map((x) => node(`reshape(slice(${x.text}, [1, 0], [2, 3]), [3])`, (e, mg) => reshape(slice(x.evaluate(e, mg), [1, 0], [2, 3]), [3]))),
    fc.tuple(sub("v2"), sub("s")).map(([x, y]) => node(`concat([${x.text}, expandDims(${y.text}, 0)])`, (e, mg) => concat([x.evaluate(e, mg), expandDims(y.evaluate(e, mg), 0)], 0))),
    fc.tuple(sub("v3"), sub("v3"), seedArb).map(([x, y, seed]) =>
      node(`where(mask#${seed}, ${x.text}, ${y.text})`, (e, mg) => where(maskOf([3], seed), x.evaluate(e, mg), y.evaluate(e, mg))),
    ),
    sub("m").map((x) =>
      node(`max(${x.text}, 0)`, (e, mg) => {
        const v = x.evaluate(e, mg);
        if (mg !== null) note(mg, extremeGap(v, 0, true));
        return max(v, 0);
      }),
    ),
  ],
  m: (sub) => [
    sub("m").map((x) => node(`reshape(transpose(${x.text}), [2, 3])`, (e, mg) => reshape(transpose(x.evaluate(e, mg)), [2, 3]))),
    fc.tuple(sub("m"), fc.constantFrom(0, 1, -1)).map(([x, axis]) => node(`softmax(${x.text}, ${axis})`, (e, mg) => softmax(x.evaluate(e, mg), axis))),
    sub("m").map((x) => node(`logSoftmax(${x.text}, 0)`, (e, mg) => logSoftmax(x.evaluate(e, mg), 0))),
    fc.tuple(sub("v2"), sub("v3")).map(([x, y]) => node(`outer(${x.text}, ${y.text})`, (e, mg) => outer(x.evaluate(e, mg), y.evaluate(e, mg)))),
    fc.tuple(sub("v3"), sub("v3")).map(([x, y]) => node(`stack([${x.text}, ${y.text}])`, (e, mg) => stack([x.evaluate(e, mg), y.evaluate(e, mg)]))),
    fc.tuple(sub("v3"), sub("v3")).map(([x, y]) =>
      node(`concat([${x.text} as [1, 3], ${y.text} as [1, 3]], 0)`, (e, mg) => concat([reshape(x.evaluate(e, mg), [1, 3]), reshape(y.evaluate(e, mg), [1, 3])], 0)),
    ),
    sub("v3").map((x) => node(`broadcastTo(${x.text}, [2, 3])`, (e, mg) => broadcastTo(x.evaluate(e, mg), [2, 3]))),
    fc.tuple(sub("m"), fc.constantFrom(0, -1)).map(([x, axis]) => node(`broadcastTo(sum(${x.text}, ${axis}, keepdims), [2, 3])`, (e, mg) => broadcastTo(sum(x.evaluate(e, mg), axis, true), [2, 3]))),
    fc.tuple(sub("m"), sub("m"), seedArb).map(([x, y, seed]) =>
      node(`where(mask#${seed}, ${x.text}, ${y.text})`, (e, mg) => where(maskOf([2, 3], seed), x.evaluate(e, mg), y.evaluate(e, mg))),
    ),
    fc.tuple(sub("m"), seedArb).map(([x, seed]) => node(`matmul(${x.text}, const[3,3]#${seed})`, (e, mg) => matmul(x.evaluate(e, mg), constantOf([3, 3], seed)))),
    sub("m").map((x) => node(`pad(slice(${x.text}, [0, 1], [2, 3]), [2, 3], [0, 0])`, (e, mg) => pad(slice(x.evaluate(e, mg), [0, 1], [2, 3]), [2, 3], [0, 0]))),
  ],
};

// ---------------------------------------------------------------- the property

const MAX_DEPTH = 4;
/** Fixed so CI is reproducible; FC_SEED=<n> and COMPOSITION_RUNS=<n> explore further. */
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20240611;
const RUNS = process.env.COMPOSITION_RUNS ? Number(process.env.COMPOSITION_RUNS) : 400;
const treeArb = fc.constantFrom<ShapeKey>("s", "v2", "v3", "m").chain((shape) => fc.integer({ min: 1, max: MAX_DEPTH }).chain((depth) => expr(shape, depth)));

function inputsFrom(seed: number): Env {
  const random = seededRandom(seed);
  const draw = (shape: number[]) => {
    const t = randomTensor(random, shape.length === 0 ? [1] : shape, -1.5, 1.5);
    return shape.length === 0 ? t.data[0]! : t;
  };
  return { a: draw([2, 3]), b: draw([3]), c: draw([]), d: draw([2]) };
}

/** Closer than this to a kink or pole and finite differences (steps up to 1e-4, amplified) are meaningless. */
const MARGIN = 0.02;
/** Values beyond this are skipped: deep exp chains make the finite differences ill-conditioned. */
const LARGEST = 1e4;

test("elementwise primitives found in the registry, with their domains", (t) => {
  t.true(unaryOps.length >= 25, `only ${unaryOps.length} unary elementwise primitives found`);
  t.true(binaryOps.length >= 8, `only ${binaryOps.length} binary elementwise primitives found`);
  const byName = new Map(unaryOps.map((o) => [o.prim.name, o.domains[0]!]));
  t.true(byName.get("log")!.lo > 0, "log's domain should be positive");
  t.true(byName.get("reciprocal")!.avoid.some((c) => Math.abs(c) < 0.05), "reciprocal should keep away from 0");
});

test("random compositions: jvp/vjp adjoint, jacfwd = jacrev, finite differences, Hessian (4 ways) symmetric and = FD of grad", (t) => {
  let checked = 0;
  let skipped = 0;
  fc.assert(
    fc.property(treeArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (tree, seed) => {
      const env = inputsFrom(seed);
      const margin: Margin = { min: Infinity };
      let y: Value;
      try {
        y = tree.evaluate(env, margin);
      } catch (e) {
        throw new Error(`evaluating ${tree.text} threw ${(e as Error).name}: ${(e as Error).message}`);
      }
      const values = flatNumbers(y);
      const usable = margin.min >= MARGIN && values.every((v) => Number.isFinite(v) && Math.abs(v) < LARGEST);
      if (!usable) skipped++;
      fc.pre(usable);
      const f = (a: Value, b: Value, c: Value, d: Value) => tree.evaluate({ a, b, c, d }, null);
      const r = checkDerivatives(f, [env.a, env.b, env.c, env.d], { what: `${tree.text} (inputs seed ${seed})`, random: seededRandom(seed ^ 0x5bd1e995), fdTol: 1e-6 });
      checked++;
      if (r.failures.length > 0) throw new Error(r.failures.join("\n"));
    }),
    { seed: SEED, numRuns: RUNS, maxSkipsPerRun: 10, includeErrorInReport: true },
  );
  for (const sample of fc.sample(treeArb, { seed: SEED, numRuns: 3 })) t.log(`e.g. ${sample.text}`);
  t.log(`${checked} trees checked, ${skipped} skipped near a kink, pole or overflow`);
  t.true(checked >= RUNS, `only ${checked} trees were checked`);
});

test("random compositions with every result deferred and fused: valueAndGrad the same bits as eager, the value a number", (t) => {
  // The fusion engine (lib/tensor/fusion.ts) defers only results of more than a slab; here it
  // defers every one, so these small trees go through it: fused loops, placements, and a loss
  // added up in its gradient's loop (valueAndGrad).
  const run = (tree: Node, env: Env, minSize: number): unknown[] => {
    const previous = setFusionMinSize(minSize);
    try {
      const f = (a: Value, b: Value, c: Value, d: Value) => sum(tree.evaluate({ a, b, c, d }, null));
      const [value, grads] = valueAndGrad(f, { argnums: [0, 1, 2, 3] })(env.a, env.b, env.c, env.d) as [unknown, Value[]];
      return [typeof value, value, ...grads.flatMap((g) => flatNumbers(g))];
    } finally {
      setFusionMinSize(previous);
    }
  };
  let checked = 0;
  fc.assert(
    fc.property(treeArb, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (tree, seed) => {
      const env = inputsFrom(seed);
      const eager = run(tree, env, Infinity);
      const fused = run(tree, env, 1);
      checked++;
      if (eager[0] !== "number") throw new Error(`${tree.text}: the eager value is ${String(eager[0])}`);
      t.deepEqual(fused, eager, `${tree.text} (inputs seed ${seed})`);
    }),
    { seed: SEED, numRuns: RUNS / 2, includeErrorInReport: true },
  );
  t.true(checked >= RUNS / 2);
});
