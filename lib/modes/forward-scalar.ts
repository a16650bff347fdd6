/**
 * Forward mode's scalar fast path: an elementwise op whose primals and tangents are all plain
 * numbers computes its output and tangent straight from its scalar rule (core/scalar-rule.ts),
 * with the arithmetic of the generic JVP rule: `tangent_out = sum_i d_i * tangent_i`, where a
 * zero tangent contributes exactly 0 (mulNoNan) and d = ±1 skips the product.
 *
 * Each op gets its own compiled copy of these functions (core/specialize.ts), so the calls to
 * the op's function and derivatives are monomorphic and inlined and no number is boxed on the
 * way. A copy returns `undefined` when some value is not a plain number (a tensor, or a tracer of
 * an outer level); the caller then takes the generic path.
 * @module
 */
import { specializer } from "../core/specialize.ts";
import type { ScalarRule } from "../core/scalar-rule.ts";
import type { Value } from "../core/value.ts";
import type { ForwardLevel, ForwardTracer } from "./forward.ts";

/** The fast path of one unary op: `(level, x)` where x is a dual number of `level` (core/entry.ts checks). */
export type ForwardUnary = (level: ForwardLevel, x: ForwardTracer) => Value | undefined;
/** The fast paths of one binary op, one per way its arguments come (see ScalarBinaryPaths in core/level.ts). */
export interface ForwardBinary {
  readonly tracerNumber: (level: ForwardLevel, x: ForwardTracer, y: number) => Value | undefined;
  readonly numberTracer: (level: ForwardLevel, x: number, y: ForwardTracer) => Value | undefined;
  readonly tracerTracer: (level: ForwardLevel, x: ForwardTracer, y: ForwardTracer) => Value | undefined;
}

type Dual = typeof ForwardTracer;
type Fn = (x: number, y: number) => number;
type Partial = (a: number, b: number, c: number) => unknown;

// Templates: self-contained (everything they use is a parameter), see core/specialize.ts.
// Each case keeps its locals of one type (numbers only): mixing undefined and numbers in one
// variable makes the engine box every number, which costs more than the arithmetic. The
// arguments are this level's dual numbers (core/entry.ts checks), so only their values are checked.
const unaryTemplate = (Dual: Dual, f: Fn, d0: Partial): ForwardUnary =>
  function forwardUnary(level: ForwardLevel, a: ForwardTracer): Value | undefined {
    const x: unknown = a.primal;
    const t: unknown = a.tangent;
    if (typeof x !== "number" || typeof t !== "number") return undefined;
    const out = f(x, 0);
    const d = d0(x, out, out);
    if (typeof d !== "number") return undefined;
    return new Dual(level, out, d === 1 ? t : d === -1 ? -t : t === 0 ? 0 : d * t);
  };

const binaryTemplate = (Dual: Dual, f: Fn, d0: Partial, d1: Partial): ForwardBinary => ({
  tracerNumber(level: ForwardLevel, a: ForwardTracer, b: number): Value | undefined {
    const x: unknown = a.primal;
    const tx: unknown = a.tangent;
    if (typeof x !== "number" || typeof tx !== "number") return undefined;
    const out = f(x, b);
    const dx = d0(x, b, out);
    if (typeof dx !== "number") return undefined;
    return new Dual(level, out, dx === 1 ? tx : dx === -1 ? -tx : tx === 0 ? 0 : dx * tx);
  },
  numberTracer(level: ForwardLevel, a: number, b: ForwardTracer): Value | undefined {
    const y: unknown = b.primal;
    const ty: unknown = b.tangent;
    if (typeof y !== "number" || typeof ty !== "number") return undefined;
    const out = f(a, y);
    const dy = d1(a, y, out);
    if (typeof dy !== "number") return undefined;
    return new Dual(level, out, dy === 1 ? ty : dy === -1 ? -ty : ty === 0 ? 0 : dy * ty);
  },
  tracerTracer(level: ForwardLevel, a: ForwardTracer, b: ForwardTracer): Value | undefined {
    const x: unknown = a.primal;
    const tx: unknown = a.tangent;
    const y: unknown = b.primal;
    const ty: unknown = b.tangent;
    if (typeof x !== "number" || typeof tx !== "number" || typeof y !== "number" || typeof ty !== "number") return undefined;
    const out = f(x, y);
    const dx = d0(x, y, out);
    const dy = d1(x, y, out);
    if (typeof dx !== "number" || typeof dy !== "number") return undefined;
    const sx = dx === 1 ? tx : dx === -1 ? -tx : tx === 0 ? 0 : dx * tx;
    const sy = dy === 1 ? ty : dy === -1 ? -ty : ty === 0 ? 0 : dy * ty;
    return new Dual(level, out, sx + sy);
  },
});

const makeUnary = specializer(unaryTemplate);
const makeBinary = specializer(binaryTemplate);
const unaries: ForwardUnary[] = [];
const binaries: ForwardBinary[] = [];

/** The fast path of a unary rule (compiled on first use and kept). */
export function forwardUnaryOf(rule: ScalarRule, Dual: Dual): ForwardUnary {
  return (unaries[rule.index] ??= makeUnary(Dual, rule.f, rule.d0 as Partial));
}

/** The fast path of a binary rule (compiled on first use and kept). */
export function forwardBinaryOf(rule: ScalarRule, Dual: Dual): ForwardBinary {
  return (binaries[rule.index] ??= makeBinary(Dual, rule.f, rule.d0 as Partial, rule.d1 as Partial));
}
