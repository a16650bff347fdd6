/**
 * bind: the single entry point through which every op runs. It hands the call to the innermost
 * transformation among its arguments, or computes it directly on concrete values.
 * @module
 */
import { TransformError, TypeMismatchError } from "../errors.ts";
import { Tensor, describe } from "../tensor/tensor.ts";
import type { Raw } from "../tensor/elementwise.ts";
import type { Level } from "./level.ts";
import type { Primitive } from "./primitive.ts";
import { Tracer } from "./tracer.ts";
import { concrete, settledSum, type Value } from "./value.ts";
import { debugHooks } from "./debug.ts";

/**
 * Applies a primitive to arguments. Values of lower levels are constants to the level that
 * handles the call; that level computes the primal by calling bind again on unwrapped inputs,
 * so every enclosing transformation sees the op too.
 *
 * @example
 * ```ts
 * import { bind, getPrimitive, tensor } from "cotangent";
 * console.log(bind(getPrimitive("sin")!, [0])); // 0
 * ```
 */
export function bind<P>(prim: Primitive<P>, args: Value[], params?: P): Value {
  return dispatch(prim, args, params, true);
}

/**
 * {@link bind}, except that on concrete values a full sum of a deferred tensor may stay a
 * deferred 0-d tensor (tensor/fusion.ts) instead of becoming its number. For reverse mode's
 * recording, which computes such a sum, if it is the loss, in the loop of its gradient, and
 * turns it into its number wherever anything else reads it (modes/reverse.ts).
 * @internal
 */
export function bindKeepingSumsDeferred<P>(prim: Primitive<P>, args: Value[], params?: P): Value {
  return dispatch(prim, args, params, false);
}

function dispatch<P>(prim: Primitive<P>, args: Value[], params: P | undefined, settleSums: boolean): Value {
  if (args?.length !== prim?.arity && prim?.arity !== "variadic") throw badCall(prim, args);
  let top: Level | null = null;
  for (let i = 0; i < args.length; i++) {
    const a: unknown = args[i];
    if (typeof a === "number" || a instanceof Tensor) continue;
    if (a instanceof Tracer) {
      const level = a.level;
      if (!level.active) throw escapedTracer(prim, a);
      if (top === null || level.depth > top.depth) top = level;
    } else {
      throw new TypeMismatchError(
        `${prim.name}: argument ${i + 1} is ${describe(a)}; expected a number or a Tensor. ` +
          `Convert it first (e.g. tensor([...]) for arrays, Number(s) for numeric strings).`,
      );
    }
  }
  if (!prim.differentiable) {
    // Zero derivative: compute on concrete values under every level; the result is plain.
    return top === null ? (prim.impl(args as Raw[], params as P) as Value) : (prim.impl(args.map(concrete), params as P) as Value);
  }
  if (top === null) {
    const raw = prim.impl(args as Raw[], params as P) as Value;
    const out = settleSums ? settledSum(raw) : raw;
    if (debugHooks.onPrimal !== null) debugHooks.onPrimal(prim, out, args);
    return out;
  }
  return top.process(prim as Primitive, args, params);
}

/** The error for a call whose primitive or argument list is malformed (one comparison in bind finds it). */
function badCall(prim: unknown, args: unknown): TypeMismatchError {
  const p = prim as Primitive<unknown> | null | undefined;
  if (typeof p !== "object" || p === null || typeof p.impl !== "function" || typeof p.name !== "string") {
    return new TypeMismatchError(`bind: the first argument must be a registered primitive (from getPrimitive or definePrimitive), got ${describe(prim)}.`);
  }
  if (!Array.isArray(args)) return new TypeMismatchError(`${p.name}: bind takes the arguments as an array, e.g. bind(prim, [x]), got ${describe(args)}.`);
  return new TypeMismatchError(`${p.name}: takes ${p.arity} argument${p.arity === 1 ? "" : "s"}, got ${args.length}; pass them as an array of numbers and tensors.`);
}

function escapedTracer(prim: Primitive<any>, t: Tracer): TransformError {
  return new TransformError(
    `${prim.name}: got a traced value from a ${t.level.kind} transformation that has already returned (an escaped tracer). ` +
      `A value computed inside a transformed function was kept (e.g. in an outer variable) and used later; ` +
      `return it from the function instead, or use hasAux to get auxiliary values out.`,
  );
}
