/**
 * vjp: reverse mode, the vector-Jacobian product.
 * @module
 */
import { checkFunction } from "./args.ts";
import { cotangentLeaves, record } from "./linearize.ts";
import type { AnyFunction, GradOf } from "./types.ts";

/** Pulls an output cotangent back to one cotangent per primal. */
export type Pullback<F extends AnyFunction> = (cotangent: GradOf<ReturnType<F>>) => GradsOfArgs<Parameters<F>>;

/**
 * One cotangent type per argument type. Mapping over a type parameter (not over `Parameters<F>`
 * directly) keeps tuples tuples, so `const [da, db] = pullback(u)` is typed.
 */
export type GradsOfArgs<A extends readonly unknown[]> = { -readonly [K in keyof A]: GradOf<A[K]> };

/**
 * Records `f(...primals)` once and returns `[output, pullback]`. `pullback(u)` computes uᵀJ, one
 * cotangent per primal (structured like it), and can be called any number of times on the same
 * recording: that is how {@link jacrev} gets one Jacobian row per call.
 *
 * @example
 * ```ts
 * import { vjp, mul, tensor } from "cotangent";
 * const [y, pullback] = vjp((a: number, b: number) => mul(a, b), 3, 4);
 * console.log(y, pullback(1), pullback(2)); // 12 [ 4, 3 ] [ 8, 6 ]
 * ```
 */
export function vjp<F extends AnyFunction>(f: F, ...primals: Parameters<F>): [ReturnType<F>, Pullback<F>] {
  checkFunction("vjp", f);
  const rec = record("vjp", f, primals, primals.map((_, i) => i), false);
  const pullback = (ct: unknown) => rec.pullbackLeaves(cotangentLeaves("vjp pullback", rec, ct));
  return [rec.out as ReturnType<F>, pullback as unknown as Pullback<F>];
}
