/**
 * The scalar form of an elementwise primitive: its function and local derivatives on plain
 * float64 numbers. The evaluators' scalar fast paths (modes/forward-scalar.ts,
 * modes/reverse-scalar.ts, reached through core/entry.ts) use it when every value involved in a
 * call is a plain number (no tensor, no tracer of an outer level), so scalar code pays no tensor
 * or rule machinery. It is the same math as the primitive's rules, not a second definition: the
 * derivatives are the rule's own local-derivative functions, which return numbers for numbers.
 * @module
 */
import type { Primitive } from "./primitive.ts";
import type { Value } from "./value.ts";

/**
 * A local derivative as the rule defines it, called with numbers: `(x, out)` for a unary op,
 * `(x, y, out)` for each partial of a binary op.
 */
export type ScalarPartial = (a: Value, b: Value, c: Value) => Value;

/**
 * Scalar form of an elementwise op of one (`arity` 1) or two arguments. For a unary op `f`
 * ignores its second argument, `d0(x, out)` is the derivative and `d1` is unused.
 */
export interface ScalarRule {
  /** Position in the table of scalar rules, so a tape can store a node's op as a small integer. */
  readonly index: number;
  readonly arity: 1 | 2;
  readonly f: (x: number, y: number) => number;
  readonly d0: ScalarPartial;
  readonly d1: ScalarPartial;
}

const rules: ScalarRule[] = [];
const owners: Primitive[] = [];

/** Creates (and numbers) the scalar rule of an elementwise op; frozen, so engines may inline it. */
export function makeScalarRule(arity: 1 | 2, f: (x: number, y: number) => number, d0: ScalarPartial, d1: ScalarPartial): ScalarRule {
  const rule: ScalarRule = Object.freeze({ index: rules.length, arity, f, d0, d1 });
  rules.push(rule);
  return rule;
}

/** Records which primitive a rule belongs to (after definePrimitive succeeded). */
export function attachScalarRule(rule: ScalarRule, prim: Primitive): void {
  owners[rule.index] = prim;
}

/** The primitive whose rule is numbered `index`. */
export function scalarRuleOwner(index: number): Primitive {
  return owners[index]!;
}

/**
 * `d * t` for numbers, exactly as the rules' `scaleBy` computes it: d = 1 and d = -1 skip the
 * product, and a zero (co)tangent gives 0 even through an infinite or NaN derivative.
 */
export function scaleNumber(d: number, t: number): number {
  if (d === 1) return t;
  if (d === -1) return -t;
  return t === 0 ? 0 : d * t;
}
