/**
 * Hyperbolic functions and their inverses: sinh, cosh, tanh, asinh, acosh, atanh.
 * @module
 */
import { defineUnary } from "./elementwise-rule.ts";
import { tanhRun } from "../tensor/kernels.ts";
import { add, reciprocal, square, sub } from "./arithmetic.ts";
import { sqrt } from "./exponential.ts";

/**
 * Hyperbolic sine. Derivative cosh(x). Elementwise: the result has the shape of `x` (a number for a
 * number).
 * @example
 * ```ts
 * import { sinh } from "cotangent";
 * console.log(sinh(0)); // 0
 * ```
 */
export const sinh = defineUnary({
  name: "sinh",
  scalar: Math.sinh,
  derivative: (x) => cosh(x),
  doc: { summary: "sinh x", derivative: "cosh x" },
});

/**
 * Hyperbolic cosine. Derivative sinh(x). Elementwise: the result has the shape of `x` (a number for
 * a number).
 * @example
 * ```ts
 * import { cosh } from "cotangent";
 * console.log(cosh(0)); // 1
 * ```
 */
export const cosh = defineUnary({
  name: "cosh",
  scalar: Math.cosh,
  derivative: (x) => sinh(x),
  doc: { summary: "cosh x", derivative: "sinh x" },
});

/**
 * Hyperbolic tangent. Derivative 1/cosh(x)^2: the same as 1 - tanh(x)^2, but without its
 * cancellation when tanh(x) is close to ±1 (at x = 20, 1 - tanh² has no correct digit left). Elementwise: the result has the
 * shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { tanh, grad } from "cotangent";
 * console.log(tanh(0), grad(tanh)(0)); // 0 1
 * ```
 */
export const tanh = defineUnary({
  name: "tanh",
  kernel: tanhRun,
  scalar: Math.tanh,
  derivative: (x) => reciprocal(square(cosh(x))),
  doc: { summary: "tanh x", derivative: "1/cosh²x = 1 - tanh²x" },
});

/**
 * Inverse hyperbolic sine. Derivative 1/sqrt(x^2 + 1). Elementwise: the result has the shape of `x`
 * (a number for a number).
 * @example
 * ```ts
 * import { asinh } from "cotangent";
 * console.log(asinh(0)); // 0
 * ```
 */
export const asinh = defineUnary({
  name: "asinh",
  scalar: Math.asinh,
  derivative: (x) => reciprocal(sqrt(add(square(x), 1))),
  doc: { summary: "arsinh x", derivative: "1/√(x² + 1)" },
});

/**
 * Inverse hyperbolic cosine (x >= 1). Derivative 1/sqrt(x^2 - 1); +Infinity at 1 (the one-sided
 * derivative). Elementwise: the result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { acosh } from "cotangent";
 * console.log(acosh(1)); // 0
 * ```
 */
export const acosh = defineUnary({
  name: "acosh",
  scalar: Math.acosh,
  derivative: (x) => reciprocal(sqrt(sub(square(x), 1))),
  doc: { summary: "arcosh x", derivative: "1/√(x² - 1)", nonSmooth: "at 1: +Infinity (one-sided)" },
  domain: { min: 1.2, max: 3 },
});

/**
 * Inverse hyperbolic tangent (|x| < 1). Derivative 1/(1 - x^2). Elementwise: the result has the
 * shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { atanh } from "cotangent";
 * console.log(atanh(0)); // 0
 * ```
 */
export const atanh = defineUnary({
  name: "atanh",
  scalar: Math.atanh,
  derivative: (x) => reciprocal(sub(1, square(x))),
  doc: { summary: "artanh x", derivative: "1/(1 - x²)" },
  domain: { min: -0.9, max: 0.9 },
});
