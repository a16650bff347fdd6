/**
 * Trigonometric functions and their inverses: sin, cos, tan, asin, acos, atan, atan2.
 * @module
 */
import { defineBinary, defineUnary } from "./elementwise-rule.ts";
import { add, div, neg, reciprocal, square, sub } from "./arithmetic.ts";
import { sqrt } from "./exponential.ts";

const INSIDE_UNIT = { min: -0.9, max: 0.9 };

/**
 * Sine. Derivative cos(x). Elementwise: the result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { sin, grad } from "cotangent";
 * console.log(sin(0), grad(sin)(0)); // 0 1
 * ```
 */
export const sin = defineUnary({
  name: "sin",
  scalar: Math.sin,
  derivative: (x) => cos(x),
  doc: { summary: "sin x", derivative: "cos x" },
});

/**
 * Cosine. Derivative -sin(x). Elementwise: the result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { cos } from "cotangent";
 * console.log(cos(0)); // 1
 * ```
 */
export const cos = defineUnary({
  name: "cos",
  scalar: Math.cos,
  derivative: (x) => neg(sin(x)),
  doc: { summary: "cos x", derivative: "-sin x" },
});

/**
 * Tangent. Derivative 1 + tan(x)^2 (reuses the output). Elementwise: the result has the shape of
 * `x` (a number for a number).
 * @example
 * ```ts
 * import { tan } from "cotangent";
 * console.log(tan(0)); // 0
 * ```
 */
export const tan = defineUnary({
  name: "tan",
  scalar: Math.tan,
  derivative: (_x, out) => add(1, square(out)),
  doc: { summary: "tan x", derivative: "1 + tan²x" },
  domain: { min: -1.3, max: 1.3 },
});

/**
 * Arcsine. Derivative 1/sqrt(1 - x^2) (Infinity at ±1, the one-sided derivative). Elementwise: the
 * result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { asin } from "cotangent";
 * console.log(asin(1) === Math.PI / 2); // true
 * ```
 */
export const asin = defineUnary({
  name: "asin",
  scalar: Math.asin,
  derivative: (x) => reciprocal(sqrt(sub(1, square(x)))),
  doc: { summary: "arcsin x", derivative: "1/√(1 - x²)" },
  domain: INSIDE_UNIT,
});

/**
 * Arccosine. Derivative -1/sqrt(1 - x^2) (-Infinity at ±1, the one-sided derivative). Elementwise:
 * the result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { acos } from "cotangent";
 * console.log(acos(1)); // 0
 * ```
 */
export const acos = defineUnary({
  name: "acos",
  scalar: Math.acos,
  derivative: (x) => neg(reciprocal(sqrt(sub(1, square(x))))),
  doc: { summary: "arccos x", derivative: "-1/√(1 - x²)" },
  domain: INSIDE_UNIT,
});

/**
 * Arctangent. Derivative 1/(1 + x^2). Elementwise: the result has the shape of `x` (a number for a
 * number).
 * @example
 * ```ts
 * import { atan } from "cotangent";
 * console.log(atan(0)); // 0
 * ```
 */
export const atan = defineUnary({
  name: "atan",
  scalar: Math.atan,
  derivative: (x) => reciprocal(add(1, square(x))),
  doc: { summary: "arctan x", derivative: "1/(1 + x²)" },
});

/**
 * `atan2(y, x)`: the angle of the point (x, y), in (-π, π]. d/dy = x/(x²+y²), d/dx = -y/(x²+y²).
 * Shapes broadcast by NumPy rules; the result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { atan2 } from "cotangent";
 * console.log(atan2(1, 1) === Math.PI / 4); // true
 * ```
 */
export const atan2 = defineBinary({
  name: "atan2",
  scalar: Math.atan2,
  partials: [(y, x) => div(x, add(square(x), square(y))), (y, x) => neg(div(y, add(square(x), square(y))))],
  doc: { summary: "angle of (x, y); arguments (y, x)", derivative: "d/dy = x/(x²+y²), d/dx = -y/(x²+y²)" },
  // Keep away from the branch cut on the negative x axis, where atan2 jumps by 2π.
  domain: [{ min: -2, max: 2 }, { min: 0.2, max: 2 }],
});
