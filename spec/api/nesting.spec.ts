/**
 * Nesting: derivatives of derivatives in every combination of modes, closures over values of an
 * outer transformation, and perturbation confusion (Siskind & Pearlmutter): each transformation
 * must only see its own perturbation.
 */
import test from "ava";
import fc from "fast-check";
import { add, cos, exp, grad, hessian, jacfwd, jacrev, jvp, mul, sin, stopGradient, sum, tanh, tensor, vjp, Tensor, type Value } from "../../lib/index.ts";
import { seedArb } from "../support/arbitraries.ts";
import { assertAllClose, assertClose } from "../support/assert.ts";
import { randomTensor, seededRandom } from "../support/random.ts";
import { flatNumbers } from "../support/trees.ts";

type D = (f: (x: any) => Value) => (x: number) => number;
/** The derivative of a scalar function of a number, by each mode. */
const DERIVATIVES: [string, D][] = [
  ["grad", (f) => (x) => grad(f)(x) as number],
  ["jvp", (f) => (x) => jvp(f, [x], [1])[1] as number],
  ["jacfwd", (f) => (x) => jacfwd(f)(x) as number],
  ["jacrev", (f) => (x) => jacrev(f)(x) as number],
  ["vjp", (f) => (x) => vjp(f, x)[1](1)[0] as number],
];

for (const [outerName, outer] of DERIVATIVES) {
  for (const [innerName, inner] of DERIVATIVES) {
    test(`perturbation confusion, ${outerName} over ${innerName}: d/dx [x * d/dy (x + y)] = 1 and d/dx [x * d/dy (x * y)] = 2x`, (t) => {
      for (const x0 of [0.5, 3]) {
        const confusion = outer((x: number) => mul(x, inner((y: number) => add(x, y))(7)));
        t.is(confusion(x0), 1, "d/dx [x * d/dy (x + y)]");
        const classic = outer((x: number) => mul(x, inner((y: number) => mul(x, y))(2)));
        t.is(classic(x0), 2 * x0, "Siskind & Pearlmutter: d/dx [x * d/dy (x y)]");
        const mixed = outer((x: number) => inner((y: number) => mul(mul(x, x), sin(y)))(mul(x, 2)));
        // d/dx [x^2 cos(2x)] = 2x cos(2x) - 2x^2 sin(2x)
        assertClose(t, mixed(x0), 2 * x0 * Math.cos(2 * x0) - 2 * x0 * x0 * Math.sin(2 * x0), 1e-14, "d/dx [d/dy (x^2 sin y) at y = 2x]");
      }
    });
  }
}

test("three levels, mixed modes: d/dx d/dy d/dz (x y z + x^2 z) = 1 by every chain of modes", (t) => {
  for (const [n1, d1] of DERIVATIVES) {
    for (const [n2, d2] of DERIVATIVES) {
      for (const [n3, d3] of DERIVATIVES.slice(0, 3)) {
        const v = d1((x: number) => d2((y: number) => d3((z: number) => add(mul(mul(x, y), z), mul(mul(x, x), z)))(0.3))(0.2))(0.1);
        // d/dz = x y + x^2; d/dy = x; d/dx = 1
        t.is(v, 1, `${n1}(${n2}(${n3}))`);
      }
    }
  }
});

test("higher derivatives of sin cycle: up to the 4th order, in every mode", (t) => {
  const x = 0.7;
  const expected = [Math.cos(x), -Math.sin(x), -Math.cos(x), Math.sin(x)];
  for (const [name, D] of DERIVATIVES) {
    let f: (x: any) => Value = sin;
    expected.forEach((want, k) => {
      const prev = f;
      f = (z: number) => D(prev)(z);
      assertClose(t, f(x) as number, want, 1e-14, `${name}, order ${k + 1}`);
    });
  }
});

test("jacfwd(jacrev), jacrev(jacfwd), jacrev(jacrev), jacfwd(jacfwd) and hessian agree on a vector function", (t) => {
  const f = (x: Tensor) => sum(mul(exp(mul(x, tensor([1, -1, 0.5]))), tanh(x)));
  const x = tensor([0.2, -0.4, 0.9]);
  const H = flatNumbers(hessian(f)(x));
  for (const [name, h] of [["jacfwd(jacrev)", jacfwd(jacrev(f))], ["jacrev(jacfwd)", jacrev(jacfwd(f))], ["jacrev(jacrev)", jacrev(jacrev(f))], ["jacfwd(jacfwd)", jacfwd(jacfwd(f))]] as const) {
    assertAllClose(t, flatNumbers(h(x)), H, 1e-13, name);
  }
  // symmetric
  assertAllClose(t, H, [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => H[3 * j + i]!)), 1e-13, "symmetry");
});

/** A nonlinear map R^3 -> R^2 for the mixed-mode identities. */
const M = tensor([[1, 2, 3], [-1, 0.5, 2]]);
const g = (x: Tensor): Tensor => sum(mul(sin(mul(x, x)), M), 1) as Tensor;

test("jvp of a vjp and vjp of a jvp both give the second-order term H_u v = d/dx <u, J(x) v> (property)", (t) => {
  fc.assert(
    fc.property(seedArb, (seed) => {
      const r = seededRandom(seed);
      const x = randomTensor(r, [3]);
      const v = randomTensor(r, [3]);
      const u = randomTensor(r, [2]);
      // Reference: the Hessian of s(x) = <u, g(x)>, times v.
      const H = hessian((z: Tensor) => sum(mul(u, g(z))))(x) as Tensor;
      const Hv = [0, 1, 2].map((i) => [0, 1, 2].reduce((a, j) => a + H.data[3 * i + j]! * v.data[j]!, 0));
      const jvpOfVjp = jvp((z: Tensor) => vjp(g, z)[1](u)[0], [x], [v])[1] as Tensor;
      const vjpOfJvp = vjp((z: Tensor) => jvp(g, [z], [v])[1], x)[1](u)[0] as Tensor;
      for (const [name, got] of [["jvp of vjp", jvpOfVjp], ["vjp of jvp", vjpOfJvp]] as const) {
        flatNumbers(got).forEach((val, i) => {
          if (Math.abs(val - Hv[i]!) > 1e-12 * Math.max(1, Math.abs(Hv[i]!))) throw new Error(`${name}[${i}] = ${val}, H v = ${Hv[i]}`);
        });
      }
    }),
    { numRuns: 25 },
  );
  t.pass();
});

test("vjp of a pullback is the JVP (the transpose of a transpose), and jvp of a pullback is the pullback", (t) => {
  const x = tensor([0.3, -0.2, 0.8]);
  const w = tensor([1, -2, 0.5]);
  const u = tensor([0.7, 0.1]);
  const [, pb] = vjp(g, x);
  const k = (c: Tensor) => pb(c)[0];
  const [, pbOfPb] = vjp(k, u);
  assertAllClose(t, flatNumbers(pbOfPb(w)[0]), flatNumbers(jvp(g, [x], [w])[1]), 1e-14, "vjp(pullback)(w) = J w");
  // The pullback is linear in the cotangent: its jvp along du is pullback(du).
  const du = tensor([1, 1]);
  assertAllClose(t, flatNumbers(jvp(k, [u], [du])[1]), flatNumbers(pb(du)[0]), 1e-14, "jvp(pullback)(du) = pullback(du)");
});

test("closures over an outer tracer, used after an inner transformation returns, are still the outer tracer", (t) => {
  // f(x) = x * g'(x) where g(y) = x y^2 uses x from the closure: g'(y) = 2 x y at y = x, so f = 2 x^3.
  const f = (x: number) => {
    const inner = grad((y: number) => mul(x, mul(y, y)))(x);
    return mul(x, inner);
  };
  t.is(grad(f)(1.5), 6 * 1.5 * 1.5);
  t.is(jacfwd(f)(1.5), 6 * 1.5 * 1.5);
  t.is(grad(grad(f))(1.5), 12 * 1.5);
});

test("stopGradient blocks every level", (t) => {
  const f = (x: number) => mul(x, stopGradient(mul(x, x))); // treated as x * c, c = x^2
  t.is(grad(f)(3), 9);
  t.is(grad(grad(f))(3), 0);
  t.is(jacfwd(jacrev(f))(3), 0);
  t.is(jvp((x: number) => grad(f)(x), [3], [1])[1], 0);
});

test("a gradient computed inside another transformation is differentiable (gradient of the gradient norm)", (t) => {
  const f = (x: Tensor) => sum(mul(cos(x), x));
  const gnorm = (x: Tensor) => {
    const gx = grad(f)(x);
    return sum(mul(gx, gx));
  };
  const x = tensor([0.1, 0.5]);
  // f' = cos x - x sin x; gnorm = sum f'^2; d/dx = 2 f' f'' with f'' = -2 sin x - x cos x
  const d1 = (v: number) => Math.cos(v) - v * Math.sin(v);
  const d2 = (v: number) => -2 * Math.sin(v) - v * Math.cos(v);
  assertAllClose(t, flatNumbers(grad(gnorm)(x)), [0.1, 0.5].map((v) => 2 * d1(v) * d2(v)), 1e-14, "grad of the gradient norm");
  assertAllClose(t, flatNumbers(jacfwd(gnorm)(x)), [0.1, 0.5].map((v) => 2 * d1(v) * d2(v)), 1e-14, "jacfwd of the gradient norm");
});
