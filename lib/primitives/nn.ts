/**
 * Neural-network functions: relu, sigmoid, softplus, softmax, logSoftmax. All are stable for
 * large |x| (finite values and exact gradients at ±1000).
 * @module
 */
import { defineUnary } from "./elementwise-rule.ts";
import { mul, neg, sub } from "./arithmetic.ts";
import { greater } from "./comparison.ts";
import { exp } from "./exponential.ts";
import { logsumexp } from "./reduction.ts";
import { checkValues, shapeOf, type Value } from "../core/value.ts";
import { normalizeAxes } from "../tensor/shape.ts";
import type { Tensor } from "../tensor/tensor.ts";

/**
 * `max(x, 0)`. Derivative 1 for x > 0, 0 for x < 0, and 0 at 0 (a minimum). Elementwise: the result
 * has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { relu, grad } from "cotangent";
 * console.log(relu(-1), relu(2), grad(relu)(0)); // 0 2 0
 * ```
 */
export const relu = defineUnary({
  name: "relu",
  scalar: (x) => (x > 0 ? x : 0),
  derivative: (x) => greater(x, 0),
  doc: { summary: "max(x, 0)", derivative: "1 if x > 0 else 0", nonSmooth: "0 at 0 (a minimum)" },
  domain: { min: -2, max: 2, avoid: [0], gap: 0.1 },
});

/**
 * The logistic function `1 / (1 + e^-x)`, computed without overflow. Derivative σ(x)(1 - σ(x)).
 * Elementwise: the result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { sigmoid } from "cotangent";
 * console.log(sigmoid(0), sigmoid(-1000)); // 0.5 0
 * ```
 */
export const sigmoid = defineUnary({
  name: "sigmoid",
  scalar: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  // σ(x)σ(-x) rather than σ(1 - σ): 1 - σ(x) cancels for large x (all digits lost by x = 40).
  derivative: (x, out) => mul(out, sigmoid(neg(x))),
  doc: { summary: "1/(1 + e^-x)", derivative: "σ(x)(1 - σ(x)) = σ(x)σ(-x)" },
  domain: { min: -4, max: 4 },
});

/**
 * `log(1 + e^x)`, computed as `max(x, 0) + log1p(e^-|x|)` so it neither overflows nor loses
 * precision. Derivative σ(x). Elementwise: the result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { softplus } from "cotangent";
 * console.log(softplus(0) === Math.LN2, softplus(1000)); // true 1000
 * ```
 */
export const softplus = defineUnary({
  name: "softplus",
  scalar: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  derivative: (x) => sigmoid(x),
  doc: { summary: "log(1 + e^x)", derivative: "σ(x)" },
  domain: { min: -4, max: 4 },
});

/**
 * Softmax along `axis` (default last): `exp(x - logsumexp(x))`, stable for large inputs. The result
 * has the shape of `x`; its entries along `axis` are positive and sum to 1.
 * @example
 * ```ts
 * import { softmax, tensor } from "cotangent";
 * console.log(softmax(tensor([0, Math.log(3)])).toArray()); // [ 0.25, 0.75 ]
 * ```
 */
export function softmax(x: Value, axis = -1): Tensor {
  checkAxisOf("softmax", x, axis);
  return exp(logSoftmax(x, axis)) as Tensor;
}

/**
 * Log of the softmax along `axis` (default last): `x - logsumexp(x)`. Use it for cross-entropy
 * losses: it stays finite where `log(softmax(x))` would give -Infinity. The result has the shape
 * of `x`.
 * @example
 * ```ts
 * import { logSoftmax, tensor } from "cotangent";
 * console.log(logSoftmax(tensor([1000, 0])).toArray()); // [ 0, -1000 ]
 * ```
 */
export function logSoftmax(x: Value, axis = -1): Tensor {
  checkAxisOf("logSoftmax", x, axis);
  return sub(x, logsumexp(x, axis, true)) as Tensor;
}

/** Checks the value and axis up front, so errors name the op the user called (not logsumexp). */
function checkAxisOf(op: string, x: Value, axis: number): void {
  checkValues(op, [x]);
  normalizeAxes(op, axis, shapeOf(x).length);
}
