/**
 * Per-op compiled copies (core/specialize.ts) are a speed-up only: with code generation
 * disallowed, as under a strict Content-Security-Policy, or with copying switched off, every
 * result is bit-for-bit the same.
 */
import test from "ava";
import { defineBinary, defineUnary, grad, jvp, setCodeGeneration, type Value } from "../../lib/index.ts";
import { specializer, specializationEnabled } from "../../lib/core/specialize.ts";
import { scalarChainResults } from "../fixtures/scalar-chain.ts";
import { runWithoutCodeGeneration } from "../support/codegen.ts";

test("scalar code gives identical results where code generation is disallowed (CSP)", (t) => {
  const blocked = runWithoutCodeGeneration<number[]>("spec/fixtures/scalar-chain.ts");
  t.false(blocked.codegen, "the child process really could not generate code");
  const here = scalarChainResults();
  t.deepEqual(blocked.results, here);
});

test("the chain's derivative matches hand-written dual numbers", (t) => {
  // d/dx of x <- sin(x) 1.0001 + cos(x) x / 2, carried by hand alongside the value.
  let v = 0.7;
  let dv = 1;
  for (let k = 0; k < 20; k++) {
    const s = Math.sin(v);
    const c = Math.cos(v);
    dv = (c * 1.0001 - s * v * 0.5 + c * 0.5) * dv;
    v = s * 1.0001 + c * v * 0.5;
  }
  const [value, dgrad, djvp] = scalarChainResults();
  t.is(value, v);
  t.true(Math.abs(dgrad! - dv) <= 1e-12 * Math.abs(dv), `grad ${dgrad} vs ${dv}`);
  t.true(Math.abs(djvp! - dv) <= 1e-12 * Math.abs(dv), `jvp ${djvp} vs ${dv}`);
});

test("ops first used with copying off take the shared path and agree with copies", (t) => {
  const spec = (name: string) => ({
    name,
    scalar: (x: number) => x * Math.exp(x),
    derivative: (x: Value, out: Value) => (typeof x === "number" && typeof out === "number" ? out + Math.exp(x) : NaN),
    doc: { summary: "x e^x", derivative: "(x + 1) e^x" },
  });
  const copied = defineUnary(spec("xexp_copied_example"));
  setCodeGeneration(false);
  t.false(specializationEnabled());
  let shared;
  try {
    shared = defineUnary(spec("xexp_shared_example"));
  } finally {
    setCodeGeneration(true);
  }
  for (const x of [-1.5, 0, 0.3, 2]) {
    t.is(shared(x), copied(x));
    t.is(grad(shared)(x), grad(copied)(x));
    t.is(jvp(shared, [x], [0.5])[1], jvp(copied, [x], [0.5])[1]);
    t.is(grad(shared)(x), x * Math.exp(x) + Math.exp(x));
  }
  const hyp = defineBinary({
    name: "hyp_sq_example",
    scalar: (x, y) => x * x + y * y,
    partials: [(x) => (typeof x === "number" ? 2 * x : NaN), (_x, y) => (typeof y === "number" ? 2 * y : NaN)],
    doc: { summary: "x² + y²", derivative: "(2x, 2y)" },
  });
  t.deepEqual(grad(hyp, { argnums: [0, 1] })(3, -4), [6, -8]);
});

test("specializer: each copy is a separate function that computes what the template does", (t) => {
  const make = specializer((k: number, f: (x: number) => number) => function scaled(x: number) {
    return k * f(x);
  });
  const a = make(2, Math.sin);
  const b = make(3, Math.cos);
  const c = make(2, Math.sin);
  t.not(a, c, "every call compiles a new copy");
  t.is(a(0.5), 2 * Math.sin(0.5));
  t.is(b(0.5), 3 * Math.cos(0.5));
  t.is(c(1), 2 * Math.sin(1));
});

test("specializer: a native template falls back to itself; a template that is not self-contained fails loudly", (t) => {
  const native = specializer(Math.max as unknown as (a: number, b: number) => number);
  t.is(native(1, 4) as unknown as number, 4);
  const outer = 10;
  // Refers to a variable outside itself: its source does not compile on its own, and the
  // failure shows when the copy runs. Templates must not do this (see the module comment).
  const bad = specializer((k: number) => (x: number) => k * x + outer);
  t.throws(() => bad(2)(1), { instanceOf: ReferenceError });
});
