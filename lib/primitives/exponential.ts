/**
 * Exponentials, logarithms and roots: exp, expm1, log, log2, log10, log1p, sqrt, cbrt, hypot.
 * @module
 */
import { defineBinary, defineUnary } from "./elementwise-rule.ts";
import { expRun, logRun, sqrtRun } from "../tensor/kernels.ts";
import { add, div, mul, reciprocal, square } from "./arithmetic.ts";
import { where } from "./piecewise.ts";
import { equal } from "./comparison.ts";

const POSITIVE = { min: 0.2, max: 3 };

/**
 * `e^x`. Its derivative is its own output, reused rather than recomputed. Elementwise: the result
 * has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { exp } from "cotangent";
 * console.log(exp(0)); // 1
 * ```
 */
export const exp = defineUnary({
  name: "exp",
  kernel: expRun,
  scalar: Math.exp,
  derivative: (_x, out) => out,
  doc: { summary: "e^x", derivative: "e^x" },
});

/**
 * `e^x - 1`, accurate for small x. Derivative e^x. Elementwise: the result has the shape of `x` (a
 * number for a number).
 * @example
 * ```ts
 * import { expm1 } from "cotangent";
 * console.log(expm1(1e-10)); // 1.00000000005e-10
 * ```
 */
export const expm1 = defineUnary({
  name: "expm1",
  scalar: Math.expm1,
  derivative: (_x, out) => add(out, 1),
  doc: { summary: "e^x - 1", derivative: "e^x" },
});

/**
 * Natural logarithm. Derivative 1/x. `log(0)` is -Infinity with derivative Infinity; negative
 * inputs give NaN. Elementwise: the result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { log } from "cotangent";
 * console.log(log(Math.E)); // 1
 * ```
 */
export const log = defineUnary({
  name: "log",
  kernel: logRun,
  scalar: Math.log,
  derivative: (x) => reciprocal(x),
  doc: { summary: "ln x", derivative: "1/x" },
  domain: POSITIVE,
});

/**
 * Base-2 logarithm. Derivative 1/(x ln 2). Elementwise: the result has the shape of `x` (a number
 * for a number).
 * @example
 * ```ts
 * import { log2 } from "cotangent";
 * console.log(log2(8)); // 3
 * ```
 */
export const log2 = defineUnary({
  name: "log2",
  scalar: Math.log2,
  derivative: (x) => reciprocal(mul(x, Math.LN2)),
  doc: { summary: "log base 2", derivative: "1/(x ln 2)" },
  domain: POSITIVE,
});

/**
 * Base-10 logarithm. Derivative 1/(x ln 10). Elementwise: the result has the shape of `x` (a number
 * for a number).
 * @example
 * ```ts
 * import { log10 } from "cotangent";
 * console.log(log10(1000)); // 3
 * ```
 */
export const log10 = defineUnary({
  name: "log10",
  scalar: Math.log10,
  derivative: (x) => reciprocal(mul(x, Math.LN10)),
  doc: { summary: "log base 10", derivative: "1/(x ln 10)" },
  domain: POSITIVE,
});

/**
 * `ln(1 + x)`, accurate for small x. Derivative 1/(1 + x). Elementwise: the result has the shape of
 * `x` (a number for a number).
 * @example
 * ```ts
 * import { log1p } from "cotangent";
 * console.log(log1p(0)); // 0
 * ```
 */
export const log1p = defineUnary({
  name: "log1p",
  scalar: Math.log1p,
  derivative: (x) => reciprocal(add(x, 1)),
  doc: { summary: "ln(1 + x)", derivative: "1/(1 + x)" },
  domain: { min: -0.8, max: 3 },
});

/**
 * Square root. Derivative 1/(2 sqrt(x)); at 0 only the right side exists and it is +Infinity,
 * which is what we return (a zero cotangent still gives 0, see {@link mulNoNan}). Elementwise: the
 * result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { sqrt, grad } from "cotangent";
 * console.log(sqrt(4), grad(sqrt)(4)); // 2 0.25
 * ```
 */
export const sqrt = defineUnary({
  name: "sqrt",
  kernel: sqrtRun,
  scalar: Math.sqrt,
  derivative: (_x, out) => div(0.5, out),
  doc: { summary: "√x", derivative: "1/(2√x)", nonSmooth: "at 0: +Infinity (the one-sided derivative)" },
  domain: POSITIVE,
});

/**
 * Cube root (real, odd). Derivative 1/(3 cbrt(x)^2); +Infinity at 0 from both sides. Elementwise:
 * the result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { cbrt } from "cotangent";
 * console.log(cbrt(-8)); // -2
 * ```
 */
export const cbrt = defineUnary({
  name: "cbrt",
  scalar: Math.cbrt,
  derivative: (_x, out) => reciprocal(mul(3, square(out))),
  doc: { summary: "∛x", derivative: "1/(3 ∛x^2)", nonSmooth: "at 0: +Infinity" },
  domain: { min: -3, max: 3, avoid: [0], gap: 0.2 },
});

/**
 * `sqrt(x^2 + y^2)` without overflow. d/dx = x/h, d/dy = y/h; at (0, 0), a minimum, both are 0.
 * Shapes broadcast by NumPy rules; the result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { hypot } from "cotangent";
 * console.log(hypot(3, 4)); // 5
 * ```
 */
export const hypot = defineBinary({
  name: "hypot",
  scalar: Math.hypot,
  // At h = 0 both x and y are 0, so dividing by 1 there yields the 0 the policy asks for.
  partials: [(x, _y, out) => div(x, where(equal(out, 0), 1, out)), (_x, y, out) => div(y, where(equal(out, 0), 1, out))],
  doc: { summary: "√(x² + y²)", derivative: "d/dx = x/h, d/dy = y/h", nonSmooth: "at (0, 0), a minimum: 0" },
  domain: [{ min: -2, max: 2, avoid: [0], gap: 0.2 }, { min: -2, max: 2, avoid: [0], gap: 0.2 }],
});
