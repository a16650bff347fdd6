/**
 * Forward mode: dual numbers. A forward tracer carries (primal, tangent); each primitive's JVP
 * rule pushes the tangent through the op. One pass gives J v for one tangent direction v.
 * @module
 */
import { Level, type ScalarBinaryPaths, type ScalarUnaryPath } from "../core/level.ts";
import type { Primitive } from "../core/primitive.ts";
import { bind } from "../core/bind.ts";
import { Tracer } from "../core/tracer.ts";
import type { Value } from "../core/value.ts";
import { debugHooks } from "../core/debug.ts";
import { checkTangent } from "../core/rule-check.ts";
import type { ScalarRule } from "../core/scalar-rule.ts";
import { forwardBinaryOf, forwardUnaryOf } from "./forward-scalar.ts";

/** A dual number at one forward level: primal value plus tangent (same shape). */
export class ForwardTracer extends Tracer {
  // A parameter property on purpose; see the note in core/tracer.ts before changing it.
  constructor(level: ForwardLevel, primal: Value, readonly tangent: Value) {
    super(level, primal);
  }
}

/**
 * A dual number holding a tensor (or a tracer of an outer level). A class of its own so that the
 * engine keeps a ForwardTracer's fields as unboxed doubles: it tracks how each field of a class
 * is stored, and once a ForwardTracer had carried a tensor, every one's fields became generic
 * (measured with Node 20: scalar code under jvp took 28% longer after a jacfwd over tensors had
 * run in the same process).
 */
class TensorDual extends ForwardTracer {}

/** A dual number of this level, of the class that keeps scalar ones fast (see {@link TensorDual}). */
function dual(level: ForwardLevel, primal: Value, tangent: Value): ForwardTracer {
  return typeof primal === "number" && typeof tangent === "number" ? new ForwardTracer(level, primal, tangent) : new TensorDual(level, primal, tangent);
}

export class ForwardLevel extends Level {
  readonly kind = "forward-mode (jvp)";

  /** Wraps a value with its tangent as a dual number of this level. */
  lift(primal: Value, tangent: Value): ForwardTracer {
    return dual(this, primal, tangent);
  }

  /**
   * The scalar fast path of an elementwise op (forward-scalar.ts). The casts narrow the
   * parameters: core/entry.ts calls a level's paths only with that level and its own dual numbers.
   */
  override scalarUnary(rule: ScalarRule): ScalarUnaryPath {
    return forwardUnaryOf(rule, ForwardTracer) as unknown as ScalarUnaryPath;
  }

  /** {@link scalarUnary} for an op of two arguments. */
  override scalarBinary(rule: ScalarRule): ScalarBinaryPaths {
    return forwardBinaryOf(rule, ForwardTracer) as unknown as ScalarBinaryPaths;
  }

  process(prim: Primitive, args: Value[], params: unknown): Value {
    const n = args.length;
    const primals = new Array<Value>(n);
    const tangents = new Array<Value | null>(n);
    for (let i = 0; i < n; i++) {
      const a = args[i]!;
      if (a instanceof ForwardTracer && a.level === this) {
        primals[i] = a.primal;
        tangents[i] = a.tangent;
      } else {
        primals[i] = a;
        tangents[i] = null;
      }
    }
    const out = bind(prim, primals, params);
    const tangent = prim.jvp!(primals, tangents, out, params);
    if (tangent === null) return out;
    checkTangent(prim, tangent, out);
    if (debugHooks.onDerivative !== null) debugHooks.onDerivative(prim, "forward", tangent);
    return dual(this, out, tangent);
  }

  /** Splits a function output into (primal, tangent); a value not traced here has zero tangent. */
  unlift(out: Value): { primal: Value; tangent: Value | null } {
    if (out instanceof ForwardTracer && out.level === this) return { primal: out.primal, tangent: out.tangent };
    return { primal: out, tangent: null };
  }
}
