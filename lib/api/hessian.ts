/**
 * Second order: hessian (forward-over-reverse) and hvp (Hessian-vector product without forming
 * the Hessian).
 * @module
 */
import { TransformError } from "../errors.ts";
import { describe } from "../tensor/tensor.ts";
import { ARGNUMS_OPTION, checkFunction, checkOptions, resolveArgnums, type Argnums } from "./args.ts";
import { valueAndGradNamed } from "./grad.ts";
import { flatten } from "./tree.ts";
import { jacfwd, jacrev } from "./jacobian.ts";
import { pushforward } from "./linearize.ts";
import type { AnyFunction } from "./types.ts";

/**
 * The Hessian of a scalar function: `jacfwd(jacrev(f))`, forward mode over reverse mode.
 * For a tensor input of shape `s` the result has shape `[...s, ...s]`.
 * @example
 * ```ts
 * import { hessian, sum, mul, tensor } from "cotangent";
 * const f = (x: any) => sum(mul(mul(x, x), x)); // sum of cubes
 * console.log(hessian(f)(tensor([1, 2])).toArray()); // [ [ 6, 0 ], [ 0, 12 ] ]
 * ```
 */
export function hessian<F extends AnyFunction>(f: F, options: { argnums?: Argnums } = {}): (...args: Parameters<F>) => any {
  checkFunction("hessian", f);
  checkOptions("hessian", options, { argnums: ARGNUMS_OPTION });
  const argnums = options?.argnums ?? 0;
  const h = jacfwd(jacrev(f, { argnums }), { argnums });
  return (...args: Parameters<F>) => {
    // Check the arguments here, so that errors name hessian rather than its jacfwd and jacrev.
    for (const i of resolveArgnums("hessian", argnums, args.length)) flatten(args[i], `hessian: argument ${i}`);
    return h(...args);
  };
}

/**
 * The Hessian-vector product H·v of a scalar function at `primals`, by one forward pass through
 * the gradient (forward-over-reverse); costs a small multiple of one gradient, whatever the size.
 * Returns one entry per primal, structured like it.
 * @example
 * ```ts
 * import { hvp, sum, mul, tensor } from "cotangent";
 * const f = (x: any) => sum(mul(mul(x, x), x));
 * console.log(hvp(f, [tensor([1, 2])], [tensor([1, 1])])[0].toArray()); // [ 6, 12 ]
 * ```
 */
export function hvp<F extends AnyFunction>(f: F, primals: Parameters<F>, tangents: Parameters<F>): any[] {
  checkFunction("hvp", f);
  if (!Array.isArray(primals) || !Array.isArray(tangents) || primals.length !== tangents.length) {
    throw new TransformError(`hvp: primals and tangents must be arrays of the same length (one tangent per primal), got ${describe(primals)} and ${describe(tangents)}.`);
  }
  if (primals.length === 0) throw new TransformError(`hvp: needs at least one primal (the point where the Hessian is taken), got none.`);
  const argnums = primals.map((_, i) => i);
  const gradAll = valueAndGradNamed("hvp", f, { argnums });
  return pushforward("hvp", (...xs: unknown[]) => gradAll(...(xs as Parameters<F>))[1], primals, argnums, tangents, false).tangentOut as any[];
}
