/**
 * Types that carry structure through the transformations: the gradient of a `{ W: Tensor }` is
 * a `{ W: Tensor }`, of a number a number.
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import type { Argnums } from "./args.ts";

/**
 * The derivative type of a value or container: numbers stay numbers, tensors tensors. An
 * untyped (`any`) argument gives `any` rather than the union of every case.
 */
export type GradOf<T> = 0 extends 1 & T
  ? any
  : T extends number
  ? number
  : T extends Tensor
    ? Tensor
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: GradOf<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: GradOf<T[K]> }
        : never;

/** Gradients for the selected arguments: one structure for a single index, a tuple for an array. */
export type GradsAt<A extends readonly unknown[], N extends Argnums> = N extends number
  ? GradOf<A[N]>
  : N extends readonly number[]
    ? { -readonly [K in keyof N]: N[K] extends number ? GradOf<A[N[K]]> : never }
    : never;

/** Any function the transformations accept. */
export type AnyFunction = (...args: any[]) => any;

/** The aux part of a `hasAux` function's `[output, aux]` result. */
export type AuxOf<F extends AnyFunction> = ReturnType<F> extends readonly [unknown, infer A] ? A : never;
