/**
 * grad and valueAndGrad: reverse mode for scalar-valued functions.
 * @module
 */
import { shapeOf, isValue } from "../core/value.ts";
import { TransformError } from "../errors.ts";
import { describe } from "../tensor/tensor.ts";
import { formatShape } from "../tensor/shape.ts";
import { ARGNUMS_OPTION, BOOLEAN_OPTION, checkFunction, checkOptions, resolveArgnums, settled, type Argnums } from "./args.ts";
import { record, type Recording } from "./linearize.ts";
import type { AnyFunction, AuxOf, GradsAt } from "./types.ts";

/** Options of {@link grad} and {@link valueAndGrad}. */
export interface GradOptions<N extends Argnums = Argnums, A extends boolean = boolean> {
  /** Which argument(s) to differentiate: an index (default 0) or an array of indices. */
  argnums?: N;
  /** The function returns `[output, aux]`; aux is passed through undifferentiated. */
  hasAux?: A;
}

/**
 * What `grad(f, options)(...args)` returns: the gradients for the selected argument(s)
 * (see {@link GradsAt}), or `[gradients, aux]` with `hasAux: true`.
 */
export type GradResult<F extends AnyFunction, N extends Argnums, A extends boolean> = A extends true
  ? [GradsAt<Parameters<F>, N>, AuxOf<F>]
  : GradsAt<Parameters<F>, N>;

/**
 * What `valueAndGrad(f, options)(...args)` returns: `[value, gradients]`, or
 * `[[value, aux], gradients]` with `hasAux: true`.
 */
export type ValueAndGradResult<F extends AnyFunction, N extends Argnums, A extends boolean> = A extends true
  ? [[number, AuxOf<F>], GradsAt<Parameters<F>, N>]
  : [number, GradsAt<Parameters<F>, N>];

/**
 * The value of a scalar-valued function and its gradient, in one reverse-mode pass.
 *
 * Returns a function taking the same arguments as `f` and returning `[value, gradients]`,
 * where the gradients have the structure of the differentiated argument(s). With `hasAux`,
 * `f` returns `[output, aux]` and the result is `[[value, aux], gradients]`.
 *
 * @example
 * ```ts
 * import { valueAndGrad, mul, sum, tensor } from "cotangent";
 * const loss = (p: { w: number }, x: number) => mul(mul(p.w, p.w), x);
 * const [value, g] = valueAndGrad(loss)({ w: 3 }, 2);
 * console.log(value, g); // 18 { w: 12 }
 * ```
 */
export function valueAndGrad<F extends AnyFunction, const N extends Argnums = 0, A extends boolean = false>(
  f: F,
  options: GradOptions<N, A> = {},
): (...args: Parameters<F>) => ValueAndGradResult<F, N, A> {
  return valueAndGradNamed("valueAndGrad", f, options);
}

const GRAD_OPTIONS = { argnums: ARGNUMS_OPTION, hasAux: BOOLEAN_OPTION };

/** valueAndGrad, with `name` (grad, valueAndGrad, hvp...) naming the call in error messages. */
export function valueAndGradNamed<F extends AnyFunction, N extends Argnums, A extends boolean>(
  name: string,
  f: F,
  options: GradOptions<N, A> | undefined,
): (...args: Parameters<F>) => ValueAndGradResult<F, N, A> {
  checkFunction(name, f);
  checkOptions(name, options, GRAD_OPTIONS);
  const { argnums = 0 as N, hasAux = false } = options ?? {};
  const api = hasAux ? `${name} (hasAux)` : name;
  return (...args: Parameters<F>) => {
    const nums = resolveArgnums(api, argnums, args.length);
    // The output stays deferred until the backward pass: a loss is then added up in its
    // gradient's loop (see record).
    const rec = record(api, f, args, nums, hasAux as boolean, true);
    try {
      return gradientOf(api, rec, argnums, hasAux);
    } finally {
      rec.release(); // nothing reads this recording again
    }
  };
}

/** The checked output and its gradient: one backward pass from the seed 1. */
function gradientOf<F extends AnyFunction, N extends Argnums, A extends boolean>(api: string, rec: Recording, argnums: N, hasAux: boolean): ValueAndGradResult<F, N, A> {
  const y = rec.out;
  if (!isValue(y)) {
    throw new TransformError(`${api}: the function must return a number (a scalar), got ${describe(y)}.${Array.isArray(y) && !hasAux ? " If it returns [output, aux], pass { hasAux: true }." : ""}`);
  }
  if (shapeOf(y).length !== 0) {
    throw new TransformError(
      `${api}: the function must return a scalar, got shape ${formatShape(shapeOf(y))}. ` +
        `Reduce it (e.g. sum or mean), or use jacobian for the full matrix or vjp for a vector-Jacobian product.`,
    );
  }
  const grads = rec.pullbackLeaves([1]);
  const g = typeof argnums === "number" ? grads[0] : grads;
  const value = hasAux ? [settled(y), rec.aux] : settled(y);
  return [value, g] as ValueAndGradResult<F, N, A>;
}

/**
 * The gradient of a scalar-valued function (reverse mode: one backward pass for all inputs).
 *
 * `grad(f)(...args)` has the structure of `args[0]` (or of each selected argument with
 * `argnums`): numbers give numbers, tensors tensors, `{ W, b }` gives `{ W: dW, b: db }`.
 * Nests to any order: `grad(grad(f))`.
 *
 * @throws TransformError if `f` does not return a scalar (use {@link jacobian} or {@link vjp}).
 * @example
 * ```ts
 * import { grad, sin, mul } from "cotangent";
 * const f = (x: number) => mul(x, sin(x));
 * console.log(grad(f)(0), grad(grad(f))(0)); // 0 2
 * ```
 */
export function grad<F extends AnyFunction, const N extends Argnums = 0, A extends boolean = false>(
  f: F,
  options: GradOptions<N, A> = {},
): (...args: Parameters<F>) => GradResult<F, N, A> {
  const vg = valueAndGradNamed("grad", f, options);
  return (...args: Parameters<F>) => {
    const [value, g] = vg(...args) as [unknown, unknown];
    return (options?.hasAux ? [g, (value as unknown[])[1]] : g) as GradResult<F, N, A>;
  };
}

