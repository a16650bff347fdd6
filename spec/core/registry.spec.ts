/**
 * The registry: definePrimitive validates its input (a differentiable primitive without a rule is
 * a PrimitiveDefinitionError), a user-registered primitive works in both modes at any order and
 * is listed, and the property checker used for the registry catches a wrong rule — including a
 * rule that is right at first order but not written with the library's ops.
 */
import test from "ava";
import {
  bind, cos, defineBinary, definePrimitive, defineUnary, grad, hessian, jacfwd, jacrev, jvp, mul, primitives, sin, square, sum, tensor,
  PrimitiveDefinitionError, Tensor, TransformError, type Value,
} from "../../lib/index.ts";
import { concrete } from "../../lib/core/value.ts";
import { mapUnary } from "../../lib/tensor/elementwise.ts";
import { checkDerivatives } from "../support/derivatives.ts";
import { seededRandom } from "../support/random.ts";

const doc = { summary: "test primitive", derivative: "see the test" };
const sinImpl = ([x]: (number | Tensor)[]) => mapUnary(x!, Math.sin);

test("registering a differentiable primitive without a vjp rule throws PrimitiveDefinitionError naming the missing rule", (t) => {
  const e = t.throws(() => definePrimitive({ name: "no_vjp_registry_spec", arity: 1, impl: sinImpl, jvp: ([x], [tx]) => mul(tx!, cos(x!)), doc }), { instanceOf: PrimitiveDefinitionError });
  t.regex(e.message, /no_vjp_registry_spec/);
  t.regex(e.message, /vjp rule is missing/);
  t.regex(e.message, /differentiable: false/, "it should say how to declare an op with zero derivative");
  t.throws(() => definePrimitive({ name: "no_jvp_registry_spec", arity: 1, impl: sinImpl, vjp: (ct, [x]) => [mul(ct, cos(x!))], doc }), { instanceOf: PrimitiveDefinitionError, message: /jvp rule is missing/ });
  t.throws(() => definePrimitive({ name: "no_rules_registry_spec", arity: 1, impl: sinImpl, doc }), { instanceOf: PrimitiveDefinitionError, message: /jvp and vjp/ });
  t.false(primitives().some((p) => p.name.endsWith("_registry_spec") && p.name.startsWith("no_")), "a rejected primitive is not registered");
});

test("other malformed definitions are PrimitiveDefinitionErrors", (t) => {
  t.throws(() => definePrimitive({ name: "", arity: 1, impl: sinImpl, differentiable: false, doc }), { instanceOf: PrimitiveDefinitionError, message: /name/ });
  t.throws(() => definePrimitive({ name: "sin", arity: 1, impl: sinImpl, differentiable: false, doc }), { instanceOf: PrimitiveDefinitionError, message: /already registered/ });
  t.throws(() => definePrimitive({ name: "no_impl_registry_spec", arity: 1, impl: undefined as never, differentiable: false, doc }), { instanceOf: PrimitiveDefinitionError, message: /impl/ });
  t.throws(() => definePrimitive({ name: "no_doc_registry_spec", arity: 1, impl: sinImpl, differentiable: false, doc: undefined as never }), { instanceOf: PrimitiveDefinitionError, message: /doc/ });
  t.throws(() => defineUnary({ name: "cos", scalar: Math.cos, derivative: (x) => sin(x), doc }), { instanceOf: PrimitiveDefinitionError });
});

test("a non-differentiable primitive needs no rules and returns plain values under transformations", (t) => {
  const floorPrim = definePrimitive({ name: "floor_registry_spec", arity: 1, differentiable: false, impl: ([x]) => mapUnary(x!, Math.floor), doc });
  const floor = (x: Value) => bind(floorPrim, [x]);
  t.is(grad((x: number) => mul(x, floor(x)))(2.5), 2, "d/dx [x floor(x)] = floor(x)");
  t.is(jvp(floor, [2.5], [1])[1], 0);
});

// A user-defined primitive with rules written with the library's ops: cube(x) = x^3.
const cubePrim = definePrimitive<undefined>({
  name: "cube_registry_spec",
  arity: 1,
  impl: ([x]) => mapUnary(x!, (v) => v * v * v),
  jvp: ([x], [tx]) => mul(tx!, mul(3, square(x!))),
  vjp: (ct, [x]) => [mul(ct, mul(3, square(x!)))],
  doc: { summary: "x^3", derivative: "3x^2" },
  sample: (random) => ({ args: [tensor([random() * 4 - 2, random() * 4 - 2])], params: undefined }),
});
const cube = (x: Value) => bind(cubePrim, [x]);

test("a user primitive works in both modes, at any order, and is listed by primitives()", (t) => {
  t.true(primitives().includes(cubePrim as never));
  t.is(grad(cube)(2), 12);
  t.is(jvp(cube, [2], [1])[1], 12);
  t.is(grad(grad(cube))(2), 12);
  t.is(jacfwd(jacrev(cube))(2), 12);
  t.is(grad(grad(grad(cube)))(2), 6);
  t.is(jacrev(jacfwd(jacfwd(cube)))(2), 6);
  t.is(grad(grad(grad(grad(cube))))(2), 0);
  t.deepEqual((hessian((x: Tensor) => sum(cube(x)))(tensor([1, -1])) as Tensor).toArray(), [[6, 0], [0, -6]]);
  const r = checkDerivatives(cube, [tensor([0.3, -1.2])], { what: "cube", random: seededRandom(1) });
  t.deepEqual(r.failures, []);
});

test("the property checker catches a wrong VJP rule and names the property", (t) => {
  const prim = definePrimitive<undefined>({
    name: "sin_wrong_vjp_registry_spec",
    arity: 1,
    impl: sinImpl,
    jvp: ([x], [tx]) => mul(tx!, cos(x!)),
    vjp: (ct, [x]) => [mul(ct, mul(cos(x!), 1.0001))],
    doc,
  });
  const r = checkDerivatives((x: Value) => bind(prim, [x]), [tensor([0.4, 1.1])], { what: "sin_wrong_vjp", random: seededRandom(2) });
  t.true(r.failures.some((f) => /<u, jvp\(v\)> = <vjp\(u\), v> fails/.test(f)), r.failures.join("\n"));
  t.true(r.failures.some((f) => /jacfwd = jacrev/.test(f)), r.failures.join("\n"));
  t.true(r.failures.every((f) => f.startsWith("sin_wrong_vjp")));
});

test("the property checker catches a wrong JVP rule against finite differences", (t) => {
  const prim = definePrimitive<undefined>({
    name: "sin_wrong_jvp_registry_spec",
    arity: 1,
    impl: sinImpl,
    jvp: ([x], [tx]) => mul(tx!, sin(x!)), // should be cos
    vjp: (ct, [x]) => [mul(ct, cos(x!))],
    doc,
  });
  const r = checkDerivatives((x: Value) => bind(prim, [x]), [0.7], { what: "sin_wrong_jvp", random: seededRandom(3) });
  t.true(r.failures.some((f) => /jacfwd = central finite differences/.test(f)), r.failures.join("\n"));
});

test("the property checker catches a rule that is right at first order but not differentiable (computed on raw values)", (t) => {
  // The derivative cos(x) is computed from the concrete value, so outer levels see a constant:
  // first order is right, every second derivative is wrong.
  const prim = definePrimitive<undefined>({
    name: "sin_raw_rule_registry_spec",
    arity: 1,
    impl: sinImpl,
    jvp: ([x], [tx]) => mul(tx!, mapUnary(concrete(x!), Math.cos)),
    vjp: (ct, [x]) => [mul(ct, mapUnary(concrete(x!), Math.cos))],
    doc,
  });
  const first = checkDerivatives((x: Value) => bind(prim, [x]), [0.7], { what: "raw", random: seededRandom(4), secondOrder: false });
  t.deepEqual(first.failures, [], "first order is right");
  const both = checkDerivatives((x: Value) => bind(prim, [x]), [0.7], { what: "raw", random: seededRandom(4) });
  t.true(both.failures.some((f) => /finite differences of grad/.test(f)), both.failures.join("\n"));
});

test("defineBinary registers a user op with broadcasting and both partials", (t) => {
  const wsum = defineBinary({ name: "wsum_registry_spec", scalar: (x, y) => 2 * x + y * y, partials: [() => 2, (_x, y) => mul(2, y)], doc });
  const g = grad((a: Tensor, b: number) => sum(wsum(a, b)), { argnums: [0, 1] })(tensor([1, 2, 3]), 0.5);
  t.deepEqual(Array.from((g[0] as Tensor).data), [2, 2, 2]);
  t.is(g[1], 3, "the scalar's cotangent is summed over the broadcast");
  const r = checkDerivatives((a: Value, b: Value) => wsum(a, b), [tensor([[1, 2]]), tensor([[0.5], [-1]])], { what: "wsum", random: seededRandom(5) });
  t.deepEqual(r.failures, []);
});

test("a user rule that returns a (co)tangent of the wrong shape is named in the error, in both modes", (t) => {
  const badPrim = definePrimitive<undefined>({
    name: "bad_shape_rules_registry_spec",
    arity: 1,
    impl: ([x]) => x!,
    jvp: (_p, [tx]) => (tx === null ? null : sum(tx)), // a scalar where a vector belongs
    vjp: (ct) => [sum(ct)],
    doc: { summary: "identity with wrongly shaped rules (test only)", derivative: "1" },
    sample: (random) => ({ args: [random()], params: undefined }),
  });
  const f = (x: Value) => sum(mul(bind(badPrim, [x]), 2));
  const x = tensor([1, 2, 3]);
  const rev = t.throws(() => grad(f)(x), { instanceOf: TransformError });
  t.regex(rev!.message, /bad_shape_rules_registry_spec: its vjp rule returned a cotangent of shape \[\] for argument 1, whose shape is \[3\]/);
  const fwd = t.throws(() => jvp(f, [x], [tensor([1, 0, 0])]), { instanceOf: TransformError });
  t.regex(fwd!.message, /bad_shape_rules_registry_spec: its jvp rule returned a tangent of shape \[\], but the output has shape \[3\]/);
  const notArray = definePrimitive<undefined>({
    name: "vjp_not_array_registry_spec",
    arity: 1,
    impl: ([x]) => x!,
    jvp: (_p, [tx]) => tx,
    vjp: ((ct: Value) => ct) as never,
    doc: { summary: "identity whose vjp forgets the array (test only)", derivative: "1" },
  });
  const e = t.throws(() => grad((x: Value) => sum(bind(notArray, [x])))(x), { instanceOf: TransformError });
  t.regex(e!.message, /one cotangent \(or null\) per argument/);
});
