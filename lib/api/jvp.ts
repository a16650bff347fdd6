/**
 * jvp: forward mode, the Jacobian-vector product.
 * @module
 */
import { TransformError } from "../errors.ts";
import { describe } from "../tensor/tensor.ts";
import { checkFunction } from "./args.ts";
import { pushforward } from "./linearize.ts";
import type { AnyFunction } from "./types.ts";

/**
 * Evaluates `f(...primals)` and its directional derivative along `tangents` in one forward pass
 * (dual numbers): returns `[output, J·v]`. `tangents[i]` has the structure and shapes of
 * `primals[i]`; the output tangent has the structure of the output.
 *
 * @example
 * ```ts
 * import { jvp, mul, sin } from "cotangent";
 * const [y, dy] = jvp((x: number) => mul(x, sin(x)), [Math.PI / 2], [1]);
 * console.log(y, dy); // 1.5707963267948966 1
 * ```
 */
export function jvp<F extends AnyFunction>(f: F, primals: Parameters<F>, tangents: Parameters<F>): [ReturnType<F>, ReturnType<F>] {
  checkFunction("jvp", f);
  if (!Array.isArray(primals) || !Array.isArray(tangents)) {
    throw new TransformError(`jvp: primals and tangents must be arrays with one entry per argument of f, got ${describe(primals)} and ${describe(tangents)}.`);
  }
  if (primals.length !== tangents.length) {
    throw new TransformError(`jvp: got ${primals.length} primal(s) but ${tangents.length} tangent(s); give one tangent per primal.`);
  }
  const argnums = primals.map((_, i) => i);
  const { out, tangentOut } = pushforward("jvp", f, primals, argnums, tangents, false);
  return [out as ReturnType<F>, tangentOut as ReturnType<F>];
}
