/**
 * jacobian, jacfwd, jacrev: shapes [...out, ...in], argnums, containers, the automatic choice of
 * mode (observed by counting rule calls of an instrumented primitive), and jacrev recording once.
 */
import test from "ava";
import { bind, chooseJacobianMode, definePrimitive, jacfwd, jacobian, jacrev, matmul, mul, reshape, sin, sum, tensor, Tensor, type Value } from "../../lib/index.ts";
import { seededRandom, randomTensor } from "../support/random.ts";
import { flatNumbers } from "../support/trees.ts";

/** The identity, counting how often each of its parts runs. */
const calls = { impl: 0, jvp: 0, vjp: 0 };
const countedPrim = definePrimitive<undefined>({
  name: "counted_identity_jacobian_spec",
  arity: 1,
  impl: ([x]) => {
    calls.impl++;
    return x!;
  },
  jvp: (_x, [t]) => {
    calls.jvp++;
    return t;
  },
  vjp: (ct) => {
    calls.vjp++;
    return [ct];
  },
  doc: { summary: "identity that counts its calls (test only)", derivative: "1" },
  sample: (random) => ({ args: [random()], params: undefined }),
});
const counted = (x: Value): Value => bind(countedPrim, [x]);
const reset = () => Object.assign(calls, { impl: 0, jvp: 0, vjp: 0 });

/** R^n -> R^m: the first m entries of a fixed matrix times the (counted) input, n and m chosen by the test. */
function linearMap(n: number, m: number) {
  const A = randomTensor(seededRandom(n * 31 + m), [m, n]);
  return { A, f: (x: Tensor) => matmul(A, counted(x)) as Tensor };
}

test("jacobian in auto mode uses forward mode when inputs <= outputs: one JVP per input", (t) => {
  const { A, f } = linearMap(2, 5);
  reset();
  const J = jacobian(f)(tensor([0.5, -1]));
  t.deepEqual([...J.shape], [5, 2]);
  t.deepEqual(flatNumbers(J), Array.from(A.data));
  t.is(calls.jvp, 2, "one forward pass per input element");
  t.is(calls.vjp, 0, "no backward pass");
  t.is(chooseJacobianMode(2, 5).mode, "forward");
});

test("jacobian in auto mode uses reverse mode when inputs > outputs: one recording, one backward pass per output", (t) => {
  const { A, f } = linearMap(5, 2);
  reset();
  const J = jacobian(f)(tensor([1, 2, 3, 4, 5]));
  t.deepEqual([...J.shape], [2, 5]);
  t.deepEqual(flatNumbers(J), Array.from(A.data));
  t.is(calls.vjp, 2, "one backward pass per output element");
  t.is(calls.jvp, 0, "no forward pass");
  t.is(calls.impl, 1, "the function is recorded once");
  t.is(chooseJacobianMode(5, 2).mode, "reverse");
  t.regex(chooseJacobianMode(5, 2).reason, /5.*2/);
});

test("a square Jacobian uses forward mode (n <= m), and mode can be forced", (t) => {
  const { f } = linearMap(3, 3);
  reset();
  jacobian(f)(tensor([1, 2, 3]));
  t.is(calls.jvp, 3);
  t.is(calls.vjp, 0);
  reset();
  jacobian(f, { mode: "reverse" })(tensor([1, 2, 3]));
  t.is(calls.jvp, 0);
  t.is(calls.vjp, 3);
  reset();
  jacobian(linearMap(5, 2).f, { mode: "forward" })(tensor([1, 2, 3, 4, 5]));
  t.is(calls.jvp, 5);
  t.is(calls.vjp, 0);
});

test("jacrev records once and pulls back once per output row; jacfwd pushes once per input column", (t) => {
  const { f } = linearMap(4, 3);
  reset();
  jacrev(f)(tensor([1, 2, 3, 4]));
  t.deepEqual(calls, { impl: 1, jvp: 0, vjp: 3 });
  reset();
  jacfwd(f)(tensor([1, 2, 3, 4]));
  t.is(calls.jvp, 4);
  t.is(calls.vjp, 0);
});

test("shapes are [...outShape, ...inShape] for every combination of ranks", (t) => {
  const f = (x: Value) => mul(sum(x), tensor([[1, 2, 3], [4, 5, 6]])); // any input -> [2, 3]
  const g = (x: Value) => sum(mul(x, x)); // any input -> scalar
  const ins: Value[] = [1.5, tensor([1, 2]), tensor([[1, 2], [3, 4], [5, 6]])];
  for (const x of ins) {
    const inShape = typeof x === "number" ? [] : [...x.shape];
    for (const jac of [jacfwd, jacrev, jacobian]) {
      const Jf = jac(f)(x);
      t.deepEqual([...(Jf as Tensor).shape], [2, 3, ...inShape], `${jac.name}: [2, 3] output, input [${inShape}]`);
      const Jg = jac(g)(x);
      if (inShape.length === 0) t.is(typeof Jg, "number", `${jac.name}: scalar -> scalar gives a number`);
      else t.deepEqual([...(Jg as Tensor).shape], inShape, `${jac.name}: scalar output, input [${inShape}]`);
    }
  }
});

test("argnums arrays give one block per argument; containers keep their structure", (t) => {
  const f = (a: Tensor, b: number) => ({ y: mul(a, b), s: mul(sum(a), b) });
  const a = tensor([1, 2]);
  for (const jac of [jacfwd, jacrev, jacobian]) {
    const J = jac(f, { argnums: [0, 1] })(a, 3);
    t.deepEqual(Object.keys(J), ["y", "s"], jac.name);
    t.deepEqual((J.y[0] as Tensor).toArray(), [[3, 0], [0, 3]], `${jac.name} dy/da`);
    t.deepEqual((J.y[1] as Tensor).toArray(), [1, 2], `${jac.name} dy/db`);
    t.deepEqual((J.s[0] as Tensor).toArray(), [3, 3], `${jac.name} ds/da`);
    t.is(J.s[1], 3, `${jac.name} ds/db is a number`);
  }
  const Jc = jacrev((p: { u: Tensor; v: number }) => mul(p.u, p.v))({ u: tensor([1, 2]), v: 2 });
  t.deepEqual(Object.keys(Jc), ["u", "v"]);
  t.deepEqual((Jc.u as Tensor).toArray(), [[2, 0], [0, 2]]);
  t.deepEqual((Jc.v as Tensor).toArray(), [1, 2]);
});

test("jacfwd and jacrev agree with each other and the analytic Jacobian of a nonlinear map", (t) => {
  const f = (x: Tensor) => reshape(sin(mul(x, tensor([[1], [2]]))), [-1]) as Tensor; // [3] -> [6]
  const x = tensor([0.1, 0.2, 0.3]);
  const Jf = flatNumbers(jacfwd(f)(x));
  const Jr = flatNumbers(jacrev(f)(x));
  const expected: number[] = [];
  for (const k of [1, 2]) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expected.push(i === j ? k * Math.cos(k * x.data[i]!) : 0);
  t.deepEqual(Jf, expected);
  t.deepEqual(Jr, expected);
});

// Auto mode records f once to learn the output size; when forward mode wins it pushes tangents
// through that recording (no second run of f), which must give exactly jacfwd's Jacobian.
test("auto mode in forward direction runs the function once and matches jacfwd and jacrev", (t) => {
  const { f } = linearMap(3, 7);
  reset();
  const x = tensor([0.3, -0.2, 0.9]);
  const J = jacobian((v: Tensor) => sin(f(v)))(x);
  t.is(calls.impl, 1, "f runs once: the forward passes replay the recording");
  t.is(calls.jvp, 3, "one tangent pass per input element");
  t.deepEqual(flatNumbers(J), flatNumbers(jacfwd((v: Tensor) => sin(f(v)))(x)));
  t.deepEqual(flatNumbers(J), flatNumbers(jacrev((v: Tensor) => sin(f(v)))(x)));
});

test("auto mode on a recording handles containers, several outputs and constants", (t) => {
  const random = seededRandom(77);
  const p = { a: randomTensor(random, [2]), b: [random(), randomTensor(random, [1, 2])] as [number, Tensor] };
  const g = (q: typeof p) => ({ u: mul(sin(q.a), q.b[0]), v: [matmul(q.b[1], reshape(q.a, [2, 1])), tensor([1, 2, 3])] });
  // 5 inputs <= 2 + 1 + 3 outputs: forward mode.
  t.is(chooseJacobianMode(5, 6).mode, "forward");
  const auto = jacobian(g)(p);
  t.deepEqual(flatNumbers(auto), flatNumbers(jacfwd(g)(p)));
  t.deepEqual(flatNumbers(auto), flatNumbers(jacrev(g)(p)));
});

test("auto mode on a recording nests: jacobian(jacrev(h)) is the hessian, and differentiates again", (t) => {
  const h = (x: Value) => sum(mul(sin(x), mul(x, x)));
  const x = tensor([0.4, -1.1, 2.0]);
  // jacrev(h) maps R^3 -> R^3, so auto mode records it (including its backward pass) and
  // replays tangents through that recording.
  const hess = flatNumbers(jacfwd(jacrev(h))(x));
  const autoHess = flatNumbers(jacobian(jacrev(h))(x));
  autoHess.forEach((v, i) => t.true(Math.abs(v - hess[i]!) <= 1e-12 * Math.max(1, Math.abs(hess[i]!)), `hessian entry ${i}: ${v} vs ${hess[i]}`));
  // Third order, with the auto-mode Jacobian inside reverse and forward outer transformations.
  const third = flatNumbers(jacfwd((v: Value) => jacfwd(jacrev(h))(v))(x));
  for (const outer of [jacrev, jacfwd]) {
    const got = flatNumbers(outer((v: Value) => jacobian(jacrev(h))(v))(x));
    t.is(got.length, 27);
    got.forEach((v, i) => t.true(Math.abs(v - third[i]!) <= 1e-12 * Math.max(1, Math.abs(third[i]!)), `third-order entry ${i}: ${v} vs ${third[i]}`));
  }
});
