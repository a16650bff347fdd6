/**
 * checkGrads, the public gradient checker: passes for correct functions at several orders,
 * reports (or throws GradientCheckError naming) the worst disagreement for a wrong rule.
 */
import test from "ava";
import { bind, checkGrads, cos, definePrimitive, exp, matmul, mul, sin, sum, tanh, tensor, GradientCheckError, Tensor, type Value } from "../../lib/index.ts";
import { mapUnary } from "../../lib/tensor/elementwise.ts";

test("correct functions pass at orders 1 to 3, in both modes, with a report of every comparison", (t) => {
  const f = (W: Tensor, x: Tensor) => sum(tanh(matmul(W, x)));
  const W = tensor([[0.5, -1], [0.25, 2]]);
  const x = tensor([1, -0.5]);
  for (const order of [1, 2, 3]) {
    const r = checkGrads(f, [W, x], { order });
    t.true(r.ok, `order ${order}: ${JSON.stringify(r.worst)}`);
    t.true(r.checks.length >= 3 * order, `order ${order}: only ${r.checks.length} checks`);
    t.is(Math.max(...r.checks.map((c) => c.order)), order);
    t.true(r.worst.error <= r.worst.tolerance);
  }
  t.true(checkGrads((s: number) => mul(exp(s), sin(s)), [0.3], { modes: ["forward"] }).ok);
  t.true(checkGrads((s: number) => mul(exp(s), sin(s)), [0.3], { modes: ["reverse"] }).ok);
});

test("argnums holds other arguments fixed (e.g. data that must not be perturbed)", (t) => {
  const f = (w: Tensor, labels: Tensor) => sum(mul(w, labels));
  const r = checkGrads(f, [tensor([1, 2]), tensor([0, 1])], { argnums: 0 });
  t.true(r.ok);
});

const wrong = definePrimitive<undefined>({
  name: "sin_wrong_check_grads_spec",
  arity: 1,
  impl: ([x]) => mapUnary(x!, Math.sin),
  jvp: ([x], [tx]) => mul(tx!, cos(x!)),
  vjp: (ct, [x]) => [mul(ct, mul(cos(x!), 1.01))],
  doc: { summary: "sin with a wrong VJP (test only)", derivative: "cos x, but the VJP is off by 1%" },
});
const wrongSin = (x: Value) => bind(wrong, [x]);

test("a wrong rule makes checkGrads throw GradientCheckError naming the failed comparison", (t) => {
  const e = t.throws(() => checkGrads(wrongSin, [0.5]), { instanceOf: GradientCheckError });
  t.regex(e.message, /reverse \(vjp\) vs finite differences/);
  t.regex(e.message, /forward vs reverse/);
  t.notRegex(e.message, /forward \(jvp\) vs finite differences: error/, "the correct forward rule is not blamed");
});

test("throwOnFailure: false returns the report with ok = false and the worst comparison", (t) => {
  const r = checkGrads(wrongSin, [0.5], { throwOnFailure: false });
  t.false(r.ok);
  t.false(r.worst.ok);
  t.regex(r.worst.check, /reverse|forward vs reverse/);
  t.true(r.worst.error > r.worst.tolerance);
});
