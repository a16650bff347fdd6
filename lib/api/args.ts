/**
 * Argument handling shared by the transformations: argnums, function checks, casting results
 * back to the kind of the input (numbers in give numbers out).
 * @module
 */
import { TransformError } from "../errors.ts";
import { shapeOf, type Value } from "../core/value.ts";
import { Tensor, describe } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import { broadcastTo } from "../primitives/shape.ts";

/** Which arguments to differentiate: an index, or an array of indices. */
export type Argnums = number | readonly number[];

export function checkFunction(api: string, f: unknown): asserts f is (...args: any[]) => any {
  if (typeof f !== "function") {
    throw new TransformError(`${api}: the first argument must be the function to differentiate, got ${describe(f)}.`);
  }
}

/** Validated, non-negative argnums as a list. */
export function resolveArgnums(api: string, argnums: Argnums, argCount: number): number[] {
  const list = typeof argnums === "number" ? [argnums] : Array.isArray(argnums) ? [...argnums] : null;
  if (list === null || list.length === 0) {
    throw new TransformError(`${api}: argnums must be an argument index or a non-empty array of indices, got ${describe(argnums)}.`);
  }
  return list.map((k) => {
    const i = Number.isInteger(k) && k < 0 ? k + argCount : k;
    if (!Number.isInteger(i) || i < 0 || i >= argCount) {
      throw new TransformError(
        `${api}: argnums ${k} is out of range: the function was called with ${argCount} argument${argCount === 1 ? "" : "s"} ` +
          `(valid indices 0..${argCount - 1}). Pass the argument, or choose another index.`,
      );
    }
    return i;
  });
}

/** The zero (co)tangent for a value: 0 for numbers, a zero tensor of its shape otherwise. */
export function zerosLike(v: Value): Value {
  return typeof v === "number" || shapeOf(v).length === 0 && !(v instanceof Tensor) ? 0 : zeros(shapeOf(v));
}

/**
 * Makes a derivative the same kind as the value it belongs to: a number for a number, a tensor of
 * the same shape for a tensor (rules may return a number for a 0-d tensor, or a broadcastable
 * value). Tracers of outer levels keep their kind; they stand in for the value.
 */
export function castLike(d: Value | null, like: Value): Value {
  if (d === null) return zerosLike(like);
  if (like instanceof Tensor && typeof d === "number") return like.shape.length === 0 ? new Tensor(Float64Array.of(d), []) : broadcastTo(d, like.shape);
  return d;
}
