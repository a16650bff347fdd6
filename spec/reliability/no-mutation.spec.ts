// Nothing mutated: no API call and no op changes its arguments. Random nested containers of
// numbers and tensors (with NaN, -0 and infinities among the values), the data the user passes
// alongside them, shape/axis/index arrays and option objects are snapshotted bit by bit, every
// call is made (also calls that throw), and the snapshots must be equal afterwards.
import test from "ava";
import fc from "fast-check";
import {
  CotangentError, Tensor, abs, add, arange, broadcastTo, checkGrads, clip, concat, dot, exp, expandDims, eye, full, grad, greater, hessian,
  hvp, jacfwd, jacobian, jacrev, jvp, linspace, logSoftmax, logsumexp, matmul, max, maximum, mean, mul, ones, outer, pad, pow, prod, reshape,
  sigmoid, sin, slice, softmax, squeeze, stack, sum, tanh, tensor, transpose, valueAndGrad, vjp, where, zeros, type Value,
} from "../../lib/index.ts";

// ------------------------------------------------------------------ bit-exact snapshots

const bits = new Float64Array(1);
const bitView = new BigUint64Array(bits.buffer);
/** A number as its IEEE bits, so NaN, -0 and the infinities compare exactly. */
function numberBits(x: number): string {
  bits[0] = x;
  return bitView[0]!.toString(16);
}

/**
 * A plain, comparable picture of a value: every number by its bits, tensors by shape and buffer,
 * containers recursively (keys in order), functions and other objects by identity.
 */
function snapshot(v: unknown, identities: Map<unknown, number> = new Map()): unknown {
  if (typeof v === "number") return `n:${numberBits(v)}`;
  if (v === null || typeof v !== "object") {
    if (typeof v === "function") return `fn#${identityOf(v, identities)}`;
    return `${typeof v}:${String(v)}`;
  }
  if (v instanceof Tensor) {
    return { tensor: [...v.shape], frozen: Object.isFrozen(v.shape), size: v.size, data: Array.from(v.data, numberBits), buffer: `#${identityOf(v.data, identities)}` };
  }
  if (v instanceof Float64Array) return { f64: Array.from(v, numberBits), buffer: `#${identityOf(v, identities)}` };
  if (Array.isArray(v)) return { array: v.map((x) => snapshot(x, identities)), extraKeys: Object.keys(v).filter((k) => !/^\d+$/.test(k)) };
  if (v instanceof Map) return { map: [...v.entries()].map(([k, x]) => [snapshot(k, identities), snapshot(x, identities)]) };
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    return { object: Object.entries(v).map(([k, x]) => [k, snapshot(x, identities)]), frozen: Object.isFrozen(v) };
  }
  return `object#${identityOf(v, identities)}:${String(v)}`;
}

function identityOf(v: unknown, identities: Map<unknown, number>): number {
  if (!identities.has(v)) identities.set(v, identities.size);
  return identities.get(v)!;
}

/** Runs `call` on `args`, which it may not change; returns a description of any change. */
let threw = 0;
function changes(what: string, args: readonly unknown[], call: () => unknown): string | null {
  const identities = new Map<unknown, number>(); // shared, so a replaced buffer or function shows
  const before = JSON.stringify(snapshot(args, identities));
  try {
    call();
  } catch (e) {
    if (!(e instanceof CotangentError)) throw e; // bad input is fine (NaN in checkGrads...), crashes are not
    threw++;
  }
  const after = JSON.stringify(snapshot(args, identities));
  return before === after ? null : `${what} changed its arguments:\n  before ${before.slice(0, 400)}\n  after  ${after.slice(0, 400)}`;
}

// ------------------------------------------------------------------ random arguments

const specialNumber = fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, 1e308, -5e-324);
const number = fc.oneof({ weight: 6, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) }, { weight: 1, arbitrary: specialNumber });
const shape = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 });
const tensorArb = shape.chain((s) =>
  fc.array(number, { minLength: s.reduce((a, b) => a * b, 1), maxLength: s.reduce((a, b) => a * b, 1) }).map((data) => tensor(data, s)),
);
const leaf: fc.Arbitrary<Value> = fc.oneof(number, tensorArb);
/** Nested arrays and plain objects of numbers and tensors, depth up to 3. */
const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("node"), { minLength: 1, maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom("W", "b", "x", "layers", "scale"), tie("node"), { minKeys: 1, maxKeys: 3 }),
})).node;
/** Data passed next to the differentiated arguments: anything at all. */
const extra = fc.oneof(fc.string(), fc.constant(new Map([["k", [1, 2]]])), fc.constant({ name: "run", tags: ["a"], rate: 0.1 }), tensorArb);

/** Containers are arrays and plain objects; tensors and tracers (class instances) are leaves. */
const isPlainObject = (t: unknown): t is Record<string, unknown> => typeof t === "object" && t !== null && Object.getPrototypeOf(t) === Object.prototype;

/** A scalar function of any tree, walking it the way user code would. */
function treeLoss(t: unknown, _extra?: unknown): Value {
  if (Array.isArray(t)) return t.reduce<Value>((s, x) => add(s, treeLoss(x)), 0);
  if (isPlainObject(t)) {
    return Object.values(t).reduce<Value>((s, x) => add(s, treeLoss(x)), 0);
  }
  const x = t as Value;
  return sum(mul(sin(x), tanh(mul(x, 0.5))));
}
/** A function of a tree returning a tree (for jvp / vjp / jacobians). */
function treeMap(t: unknown): unknown {
  if (Array.isArray(t)) return t.map(treeMap);
  if (isPlainObject(t)) return Object.fromEntries(Object.entries(t).map(([k, x]) => [k, treeMap(x)]));
  return mul(sigmoid(t as Value), 2);
}

/** A tree of the same structure and shapes with other values (tangents, cotangents). */
function likeTree(t: unknown, value: number): unknown {
  if (Array.isArray(t)) return t.map((x) => likeTree(x, value));
  if (t instanceof Tensor) return full([...t.shape], value);
  if (isPlainObject(t)) return Object.fromEntries(Object.entries(t).map(([k, x]) => [k, likeTree(x, value)]));
  return value;
}

test("the snapshots see every kind of change", (t) => {
  const fresh = (): [{ W: Tensor; b: number[] }, string, number[]] => [{ W: tensor([[1, 2]]), b: [0, -0] }, "tag", [1, 2]];
  const mutations: ((a: ReturnType<typeof fresh>) => void)[] = [
    (a) => void (a[0].W.data[1] = 3),
    (a) => void (a[0].b[1] = 0), // -0 becomes 0
    (a) => void ((a[0] as Record<string, unknown>).extra = 1),
    (a) => void a[2].push(3),
    (a) => void (a[0].W = tensor([[1, 2]])), // same values, another tensor
    (a) => void Object.freeze(a[0]),
  ];
  for (const [i, mutate] of mutations.entries()) {
    const args = fresh();
    t.not(changes(`mutation ${i}`, args, () => mutate(args)), null, `mutation ${i} went unnoticed`);
  }
  const args = fresh();
  t.is(changes("no mutation", args, () => grad((x: Value) => sum(x))(args[0].W)), null);
});

// ------------------------------------------------------------------ the API

let apiCalls = 0;

test("no transformation changes its arguments, the data next to them, or the option objects", (t) => {
  fc.assert(
    fc.property(tree, extra, fc.boolean(), (x, data, big) => {
      const problems: (string | null)[] = [];
      const check = (what: string, args: readonly unknown[], call: () => unknown) => {
        apiCalls++;
        problems.push(changes(what, args, call));
      };
      const options = { argnums: [0] as const };
      const auxOptions = { hasAux: true as const };
      check("grad", [x, data, options], () => grad(treeLoss, options)(x, data));
      check("valueAndGrad (hasAux)", [x, data, auxOptions], () => valueAndGrad((p: unknown, d: unknown) => [treeLoss(p), { d, p }], auxOptions)(x, data));
      const tangent = likeTree(x, 1);
      check("jvp", [x, tangent], () => jvp(treeMap, [x], [tangent]));
      const [out, pullback] = vjp(treeMap, x);
      const cotangent = likeTree(out, 0.5);
      check("vjp pullback (twice)", [x, out, cotangent], () => (pullback(cotangent as never), pullback(cotangent as never)));
      const jacOptions = { argnums: 0, mode: big ? "reverse" : "forward" } as const;
      check("jacobian", [x, jacOptions], () => jacobian(treeMap, jacOptions)(x));
      check("jacfwd", [x], () => jacfwd(treeMap)(x));
      check("jacrev", [x], () => jacrev(treeLoss)(x, data));
      check("hessian", [x], () => hessian(treeLoss)(x));
      check("hvp", [x, tangent], () => hvp(treeLoss, [x], [tangent]));
      const gradOptions = { order: 1, modes: ["forward", "reverse"] as ("forward" | "reverse")[], seed: 3 };
      check("checkGrads", [x, data, gradOptions], () => checkGrads(treeLoss, [x, data], { ...gradOptions, argnums: 0 }));
      const bad = problems.filter((p) => p !== null);
      if (bad.length > 0) throw new Error(bad.join("\n"));
    }),
    { numRuns: 80, seed: 7, includeErrorInReport: true },
  );
  t.true(apiCalls >= 80 * 10);
  t.true(threw < apiCalls / 4, `${threw} of ${apiCalls} calls threw: the property hardly runs the API`);
  t.log(`${apiCalls} API calls on random containers (${threw} threw a CotangentError, e.g. checkGrads at NaN), all arguments unchanged`);
});

// ------------------------------------------------------------------ every op, with its index and shape arrays

let opCalls = 0;

test("no op changes its tensors, lists, shapes, axes or index arrays, outside and inside transformations", (t) => {
  const square = shape.filter((s) => s.length === 2).map(([r]) => [r!, r!]);
  fc.assert(
    fc.property(tensorArb, square.chain((s) => fc.tuple(fc.constant(s), fc.array(number, { minLength: s[0]! * s[1]!, maxLength: s[0]! * s[1]! }))), (a, [ms, mdata]) => {
      const m = tensor(mdata, ms); // a square matrix
      const rank = a.ndim;
      const axes = rank === 2 ? [1, 0] : [0];
      const shapeArr = [a.size];
      const start = a.shape.map(() => 0);
      const end = [...a.shape];
      const padShape = a.shape.map((d) => d + 1);
      const list = [a, a];
      const calls: [string, unknown[], (x: Value) => unknown][] = [
        ["unary ops", [a], (x) => [sin(x), exp(x), abs(x), tanh(x), sigmoid(x)]],
        ["binary ops", [a, m], (x) => [add(x, 1), mul(x, x), pow(abs(x), 0.5), maximum(x, 0), where(greater(x, 0), x, 0), clip(x, -1, 1)]],
        ["reductions", [a, axes], (x) => [sum(x, axes), mean(x, axes, true), prod(x, axes), max(x, axes), logsumexp(x, axes)]],
        ["softmax", [a], (x) => [softmax(x), logSoftmax(x, 0)]],
        ["reshape", [a, shapeArr], (x) => reshape(x, shapeArr)],
        ["transpose", [a, axes], (x) => (rank === 2 ? transpose(x, axes) : transpose(x))],
        ["broadcastTo", [a, padShape], (x) => broadcastTo(expandDims(x, 0), [2, ...a.shape])],
        ["squeeze", [a, [0]], (x) => squeeze(expandDims(x, 0), [0])],
        ["slice", [a, start, end], (x) => slice(x, start, end)],
        ["pad", [a, padShape, start], (x) => pad(x, padShape, start)],
        ["concat", [list], (x) => concat([x, ...list], 0)],
        ["stack", [list], (x) => stack([x, ...list], 0)],
        ["matmul", [m], (x) => [matmul(m, m), dot(m, m), outer(x, m), matmul(reshape(x, [-1, 1]), reshape(x, [1, -1]))]],
      ];
      const problems: (string | null)[] = [];
      for (const [what, args, use] of calls) {
        const loss = (x: Value) => {
          const out = use(x);
          return (Array.isArray(out) ? out : [out]).reduce<Value>((s, y) => add(s, sum(y as Value)), 0);
        };
        opCalls += 4;
        problems.push(changes(`${what}`, [a, ...args], () => use(a)));
        problems.push(changes(`${what} under grad`, [a, ...args], () => grad(loss)(a)));
        problems.push(changes(`${what} under jvp`, [a, ...args], () => jvp(loss, [a], [a])));
        problems.push(changes(`${what} under hessian`, [a, ...args], () => hessian(loss)(a)));
      }
      const bad = problems.filter((p) => p !== null);
      if (bad.length > 0) throw new Error(bad.join("\n"));
    }),
    { numRuns: 60, seed: 11, includeErrorInReport: true },
  );
  t.true(opCalls >= 60 * 13 * 4);
  t.log(`${opCalls} op calls, all arguments unchanged`);
});

test("creating tensors copies the user's arrays and buffers and leaves them as they were", (t) => {
  const nested = [[1, NaN], [-0, Infinity]];
  const flat = Float64Array.of(1, 2, 3, 4);
  const shapeArr = [2, 2];
  const args = [nested, flat, shapeArr];
  const before = JSON.stringify(snapshot(args));
  const a = tensor(nested);
  const b = tensor(flat, shapeArr);
  const made = [zeros(shapeArr), ones(shapeArr), full(shapeArr, 7), eye(2), arange(4), linspace(0, 1, 3)];
  t.is(JSON.stringify(snapshot(args)), before);
  flat[0] = 99; // the user's buffer is theirs: changing it later does not change the tensor
  nested[0]![0] = 99;
  shapeArr[0] = 1;
  t.deepEqual(b.toArray(), [[1, 2], [3, 4]]);
  t.is(a.data[0], 1);
  t.deepEqual(made[0]!.shape, [2, 2]);
  t.throws(() => (a.shape as number[]).push(1), { instanceOf: TypeError }, "a tensor's shape is frozen");
});
