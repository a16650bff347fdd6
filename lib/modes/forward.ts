/**
 * Forward mode: dual numbers. A forward tracer carries (primal, tangent); each primitive's JVP
 * rule pushes the tangent through the op. One pass gives J v for one tangent direction v.
 * @module
 */
import { Level } from "../core/level.ts";
import type { Primitive } from "../core/primitive.ts";
import { bind } from "../core/bind.ts";
import { Tracer } from "../core/tracer.ts";
import type { Value } from "../core/value.ts";
import { debugHooks } from "../core/debug.ts";
import { checkTangent } from "../core/rule-check.ts";
import { scalarRuleOf, scaleNumber, type ScalarRule } from "../core/scalar-rule.ts";

/** A dual number at one forward level: primal value plus tangent (same shape). */
export class ForwardTracer extends Tracer {
  // A parameter property on purpose; see the note in core/tracer.ts before changing it.
  constructor(level: ForwardLevel, primal: Value, readonly tangent: Value) {
    super(level, primal);
  }
}

export class ForwardLevel extends Level {
  readonly kind = "forward-mode (jvp)";

  /** Wraps a value with its tangent as a dual number of this level. */
  lift(primal: Value, tangent: Value): ForwardTracer {
    return new ForwardTracer(this, primal, tangent);
  }

  /** A one-argument call (see bind1): the scalar fast path, else {@link process}. */
  process1(prim: Primitive, x: Value, params: unknown): Value {
    const rule = scalarRuleOf(prim);
    if (rule !== undefined && rule.arity === 1 && debugHooks.onPrimal === null && debugHooks.onDerivative === null) {
      const fast = this.unaryOnNumbers(rule, x);
      if (fast !== undefined) return fast;
    }
    return this.process(prim, [x], params);
  }

  /** A two-argument call (see bind2): the scalar fast path, else {@link process}. */
  process2(prim: Primitive, x: Value, y: Value, params: unknown): Value {
    const rule = scalarRuleOf(prim);
    if (rule !== undefined && rule.arity === 2 && debugHooks.onPrimal === null && debugHooks.onDerivative === null) {
      const fast = this.binaryOnNumbers(rule, x, y);
      if (fast !== undefined) return fast;
    }
    return this.process(prim, [x, y], params);
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
    return new ForwardTracer(this, out, tangent);
  }

  /**
   * Elementwise ops on plain numbers (primals and tangents) compute the output and tangent
   * straight from the scalar rule, with the same arithmetic as the generic JVP rule. They return
   * undefined when some value is not a plain number (a tensor, or a tracer of an outer level),
   * and the caller takes the generic path.
   */
  private unaryOnNumbers(rule: ScalarRule, a: Value): Value | undefined {
    if (!(a instanceof ForwardTracer)) return undefined;
    const x: unknown = a.primal;
    const t: unknown = a.tangent;
    if (typeof x !== "number" || typeof t !== "number") return undefined;
    const out = rule.f(x, 0);
    const d = rule.d0(x, out, out);
    if (typeof d !== "number") return undefined;
    return new ForwardTracer(this, out, scaleNumber(d, t));
  }

  // Each case keeps its locals of one type (numbers only): mixing null and numbers in one
  // variable makes the engine box every number, which costs more than the arithmetic.
  private binaryOnNumbers(rule: ScalarRule, a: Value, b: Value): Value | undefined {
    if (a instanceof ForwardTracer && a.level === this) {
      const x: unknown = a.primal;
      const tx: unknown = a.tangent;
      if (typeof x !== "number" || typeof tx !== "number") return undefined;
      if (b instanceof ForwardTracer && b.level === this) {
        const y: unknown = b.primal;
        const ty: unknown = b.tangent;
        if (typeof y !== "number" || typeof ty !== "number") return undefined;
        const out = rule.f(x, y);
        const d0 = rule.d0(x, y, out);
        const d1 = rule.d1(x, y, out);
        if (typeof d0 !== "number" || typeof d1 !== "number") return undefined;
        return new ForwardTracer(this, out, scaleNumber(d0, tx) + scaleNumber(d1, ty));
      }
      if (typeof b !== "number") return undefined;
      const out = rule.f(x, b);
      const d0 = rule.d0(x, b, out);
      if (typeof d0 !== "number") return undefined;
      return new ForwardTracer(this, out, scaleNumber(d0, tx));
    }
    if (typeof a !== "number" || !(b instanceof ForwardTracer) || b.level !== this) return undefined;
    const y: unknown = b.primal;
    const ty: unknown = b.tangent;
    if (typeof y !== "number" || typeof ty !== "number") return undefined;
    const out = rule.f(a, y);
    const d1 = rule.d1(a, y, out);
    if (typeof d1 !== "number") return undefined;
    return new ForwardTracer(this, out, scaleNumber(d1, ty));
  }

  /** Splits a function output into (primal, tangent); a value not traced here has zero tangent. */
  unlift(out: Value): { primal: Value; tangent: Value | null } {
    if (out instanceof ForwardTracer && out.level === this) return { primal: out.primal, tangent: out.tangent };
    return { primal: out, tangent: null };
  }
}
