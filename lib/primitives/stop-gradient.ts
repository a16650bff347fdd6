/**
 * stopGradient: the identity whose derivative is zero, under every transformation.
 * @module
 */
import { bind } from "../core/bind.ts";
import { definePrimitive } from "../core/primitive.ts";
import type { Value } from "../core/value.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { sampleUnary } from "./sampling.ts";

const stopGradientPrim = definePrimitive<undefined>({
  name: "stopGradient",
  arity: 1,
  differentiable: false,
  impl: ([x]) => x!,
  doc: { summary: "x, treated as a constant by every transformation", derivative: "0" },
  sample: sampleUnary({ min: -2, max: 2 }),
});

/**
 * Returns `x` as a constant: no derivative flows through it, at any level (as JAX's
 * `stop_gradient`). Useful for targets, baselines and numerically stable shifts. The result is `x`
 * itself, with its shape.
 * @example
 * ```ts
 * import { stopGradient, mul, grad } from "cotangent";
 * console.log(grad((x: number) => mul(x, stopGradient(x)))(3)); // 3
 * ```
 */
export function stopGradient(x: number): number;
export function stopGradient(x: Tensor): Tensor;
export function stopGradient(x: Value): Value;
export function stopGradient(x: Value): Value {
  return typeof x === "number" ? x : bind(stopGradientPrim, [x]);
}
