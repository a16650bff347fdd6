/**
 * What flows through the library: numbers, tensors, and (inside transformations) tracers that
 * stand in for them.
 * @module
 */
import { Tensor, describe } from "../tensor/tensor.ts";
import { isDeferredSum } from "../tensor/fusion.ts";
import { TypeMismatchError } from "../errors.ts";
import { EMPTY_SHAPE, type Raw } from "../tensor/elementwise.ts";
import type { Shape } from "../tensor/shape.ts";
import { Tracer } from "./tracer.ts";

/**
 * A differentiable value: a number or a {@link Tensor}. Inside a transformed function the
 * library passes tracers typed as these; use the library's ops on them (not `+`, `*`, `<`).
 */
export type Value = number | Tensor;

/**
 * Shape of a number (`[]`), tensor or tracer.
 * @param op names the calling op in the error for anything else.
 */
export function shapeOf(value: Value, op = "cotangent"): Shape {
  const x: unknown = value;
  if (typeof x === "number") return EMPTY_SHAPE;
  if (x instanceof Tensor) return x.shape;
  if (x instanceof Tracer) return x.shape;
  throw new TypeMismatchError(`${op}: expected a number or a Tensor, got ${describe(x)}. Convert it first (e.g. tensor([...]) for arrays).`);
}

/** The concrete value under every level of tracing (a deferred sum as its number, see {@link settledSum}). */
export function concrete(x: Value): Raw {
  let v: unknown = x;
  while (v instanceof Tracer) v = v.primal;
  return settledSum(v as Raw);
}

/**
 * `v`, or its number if it is a deferred 0-d sum: a full sum of a deferred tensor that reverse
 * mode recorded without computing it (core/bind.ts), so that a loss can be added up in its
 * gradient's loop. Wherever such a value is read it becomes the number the sum would have been.
 */
export function settledSum<V extends Value | Raw>(v: V): V | number {
  return isDeferredSum(v) ? (v as Tensor).data[0]! : v;
}

/**
 * Checks that every argument of an op is a number, tensor or tracer, naming the op and the
 * argument otherwise. For ops built from other ops, so errors name the op the user called.
 */
export function checkValues(op: string, args: readonly unknown[]): void {
  for (let i = 0; i < args.length; i++) {
    if (!isValue(args[i])) {
      throw new TypeMismatchError(
        `${op}: argument ${i + 1} is ${describe(args[i])}; expected a number or a Tensor. Convert it first (e.g. tensor([...]) for arrays, Number(s) for numeric strings).`,
      );
    }
  }
}

/** Is `x` something the library can differentiate (number, tensor or tracer)? */
export function isValue(x: unknown): x is Value {
  return typeof x === "number" || x instanceof Tensor || x instanceof Tracer;
}
