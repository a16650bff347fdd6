/**
 * Reverse mode's scalar fast path: an elementwise op whose inputs are plain numbers (this
 * level's tracers of numbers, or constants) is recorded as a compact tape entry (tape.ts) that
 * holds its local derivatives, computed now with its scalar rule (core/scalar-rule.ts). Pulling
 * it back later is then the VJP rule's arithmetic, `ct * d`, with no call at all.
 *
 * Each op gets its own compiled copy of these functions (core/specialize.ts), so the calls to
 * the op's function and derivatives are monomorphic and inlined. A copy returns `undefined` when
 * some value is not a plain number (a tensor, or a tracer of an outer level); the caller then
 * takes the generic path.
 * @module
 */
import { specializer } from "../core/specialize.ts";
import type { ScalarRule } from "../core/scalar-rule.ts";
import type { Value } from "../core/value.ts";
import type { ReverseLevel, ReverseTracer } from "./reverse.ts";
import { CONSTANT } from "./tape.ts";

/** The fast path of one unary op: `(level, x)` where x is a tracer of `level` (core/entry.ts checks). */
export type ReverseUnary = (level: ReverseLevel, x: ReverseTracer) => Value | undefined;
/** The fast paths of one binary op, one per way its arguments come (see ScalarBinaryPaths in core/level.ts). */
export interface ReverseBinary {
  readonly tracerNumber: (level: ReverseLevel, x: ReverseTracer, y: number) => Value | undefined;
  readonly numberTracer: (level: ReverseLevel, x: number, y: ReverseTracer) => Value | undefined;
  readonly tracerTracer: (level: ReverseLevel, x: ReverseTracer, y: ReverseTracer) => Value | undefined;
}

type Node = typeof ReverseTracer;
type Fn = (x: number, y: number) => number;
type Partial = (a: number, b: number, c: number) => unknown;

// Templates: self-contained (everything they use is a parameter), see core/specialize.ts.
// One case per kind of argument, so every local holds numbers only (see forward-scalar.ts). The
// arguments are this level's tracers (core/entry.ts checks), so only their values are checked.
const unaryTemplate = (Node: Node, index: number, f: Fn, d0: Partial): ReverseUnary =>
  function reverseUnary(level: ReverseLevel, a: ReverseTracer): Value | undefined {
    const x: unknown = a.primal;
    if (typeof x !== "number") return undefined;
    const out = f(x, 0);
    const d = d0(x, out, out);
    if (typeof d !== "number") return undefined;
    return new Node(level, out, level.tape.pushScalar1(index, a.id, out, d));
  };

const binaryTemplate = (Node: Node, index: number, constant: number, f: Fn, d0: Partial, d1: Partial): ReverseBinary => ({
  tracerNumber(level: ReverseLevel, a: ReverseTracer, b: number): Value | undefined {
    const x: unknown = a.primal;
    if (typeof x !== "number") return undefined;
    const out = f(x, b);
    const dx = d0(x, b, out);
    if (typeof dx !== "number") return undefined;
    return new Node(level, out, level.tape.pushScalar2(index, a.id, constant, out, dx, b));
  },
  numberTracer(level: ReverseLevel, a: number, b: ReverseTracer): Value | undefined {
    const y: unknown = b.primal;
    if (typeof y !== "number") return undefined;
    const out = f(a, y);
    const dy = d1(a, y, out);
    if (typeof dy !== "number") return undefined;
    return new Node(level, out, level.tape.pushScalar2(index, constant, b.id, out, dy, a));
  },
  tracerTracer(level: ReverseLevel, a: ReverseTracer, b: ReverseTracer): Value | undefined {
    const x: unknown = a.primal;
    const y: unknown = b.primal;
    if (typeof x !== "number" || typeof y !== "number") return undefined;
    const out = f(x, y);
    const dx = d0(x, y, out);
    const dy = d1(x, y, out);
    if (typeof dx !== "number" || typeof dy !== "number") return undefined;
    return new Node(level, out, level.tape.pushScalar2(index, a.id, b.id, out, dx, dy));
  },
});

const makeUnary = specializer(unaryTemplate);
const makeBinary = specializer(binaryTemplate);
const unaries: ReverseUnary[] = [];
const binaries: ReverseBinary[] = [];

/** The fast path of a unary rule (compiled on first use and kept). */
export function reverseUnaryOf(rule: ScalarRule, Node: Node): ReverseUnary {
  return (unaries[rule.index] ??= makeUnary(Node, rule.index, rule.f, rule.d0 as Partial));
}

/** The fast path of a binary rule (compiled on first use and kept). */
export function reverseBinaryOf(rule: ScalarRule, Node: Node): ReverseBinary {
  return (binaries[rule.index] ??= makeBinary(Node, rule.index, CONSTANT, rule.f, rule.d0 as Partial, rule.d1 as Partial));
}
