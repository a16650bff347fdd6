/**
 * Piecewise functions: abs, sign, maximum, minimum, clip, where.
 *
 * **Policy at non-smooth points** (one rule for the whole library, so both modes agree):
 * 1. where the function has a local minimum or maximum, the derivative is 0
 *    (abs at 0, relu at 0, hypot at (0, 0));
 * 2. where only one side exists or is finite, that side (sqrt at 0 gives +Infinity);
 * 3. otherwise the average of the one-sided derivatives: maximum/minimum at a tie give 1/2 to
 *    each argument, max/min reductions split evenly between tied elements, clip at a bound gives
 *    1/2, sign has derivative 0 everywhere.
 * @module
 */
import { bind } from "../core/bind.ts";
import { definePrimitive } from "../core/primitive.ts";
import { checkValues, concrete, shapeOf, type Value } from "../core/value.ts";
import { mapUnary, select } from "../tensor/elementwise.ts";
import { sameShape } from "../tensor/shape.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { defineBinary, defineUnary } from "./elementwise-rule.ts";
import { add, mul } from "./arithmetic.ts";
import { equal, greater, less } from "./comparison.ts";
import { broadcastTo, unbroadcast } from "./shape.ts";
import { drawValue, pick, sampleUnary } from "./sampling.ts";

const signPrim = definePrimitive<undefined>({
  name: "sign",
  arity: 1,
  differentiable: false,
  impl: ([x]) => mapUnary(x!, Math.sign),
  doc: { summary: "-1, 0 or 1", derivative: "0", nonSmooth: "0 at 0 (the average of the one-sided derivatives, both 0)" },
  sample: sampleUnary({ min: -2, max: 2 }),
});

/**
 * -1 for negative, 0 for zero, 1 for positive values. Derivative 0 everywhere (including the
 * jump at 0); returns plain values inside transformations. Elementwise: the result has the shape of
 * `x` (a number for a number).
 * @example
 * ```ts
 * import { sign } from "cotangent";
 * console.log(sign(-3), sign(0), sign(2)); // -1 0 1
 * ```
 */
export function sign(x: number): number;
export function sign(x: Tensor): Tensor;
export function sign(x: Value): Value;
export function sign(x: Value): Value {
  return typeof x === "number" ? Math.sign(x) : bind(signPrim, [x]);
}

/**
 * Absolute value. Derivative sign(x); 0 at 0 (a minimum). Elementwise: the result has the shape of
 * `x` (a number for a number).
 * @example
 * ```ts
 * import { abs, grad } from "cotangent";
 * console.log(abs(-2), grad(abs)(-2), grad(abs)(0)); // 2 -1 0
 * ```
 */
export const abs = defineUnary({
  name: "abs",
  scalar: Math.abs,
  derivative: (x) => sign(x),
  doc: { summary: "|x|", derivative: "sign(x)", nonSmooth: "0 at 0 (a minimum)" },
  domain: { min: -2, max: 2, avoid: [0], gap: 0.1 },
});

/** Share of d max(x, y) that goes to x: 1 where x wins, 1/2 at a tie, 0 where y wins. */
function winnerShare(x: Value, y: Value, wins: typeof greater): Value {
  return add(wins(concrete(x), concrete(y)), mul(0.5, equal(concrete(x), concrete(y))));
}

/**
 * Elementwise maximum with broadcasting. The derivative goes to the larger argument; at a tie
 * each gets 1/2 (so `maximum(x, x)` has derivative 1). Shapes broadcast by NumPy rules; the result
 * has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { maximum, grad } from "cotangent";
 * console.log(maximum(1, 3), grad(maximum, { argnums: [0, 1] })(2, 2)); // 3 [ 0.5, 0.5 ]
 * ```
 */
export const maximum = defineBinary({
  name: "maximum",
  scalar: Math.max,
  partials: [(x, y) => winnerShare(x, y, greater), (x, y) => winnerShare(y, x, greater)],
  doc: { summary: "max(x, y) elementwise", derivative: "1 to the larger argument", nonSmooth: "tie: 1/2 each" },
});

/**
 * Elementwise minimum with broadcasting. The derivative goes to the smaller argument; 1/2 each
 * at a tie. Shapes broadcast by NumPy rules; the result has the broadcast shape (a number for
 * numbers).
 * @example
 * ```ts
 * import { minimum } from "cotangent";
 * console.log(minimum(1, 3)); // 1
 * ```
 */
export const minimum = defineBinary({
  name: "minimum",
  scalar: Math.min,
  partials: [(x, y) => winnerShare(x, y, less), (x, y) => winnerShare(y, x, less)],
  doc: { summary: "min(x, y) elementwise", derivative: "1 to the smaller argument", nonSmooth: "tie: 1/2 each" },
});

/**
 * Limits `x` to `[lo, hi]` elementwise: `minimum(maximum(x, lo), hi)`. Differentiable in all
 * three; at a bound the derivative is split 1/2 : 1/2 between x and that bound. The three shapes
 * broadcast; the result has the broadcast shape.
 * @example
 * ```ts
 * import { clip, tensor, type Tensor } from "cotangent";
 * console.log(clip(2, 0, 1), (clip(tensor([-2, 0.5, 3]), 0, 1) as Tensor).toArray()); // 1 [ 0, 0.5, 1 ]
 * ```
 */
export function clip(x: number, lo: number, hi: number): number;
export function clip(x: Tensor, lo: Value, hi: Value): Tensor;
export function clip(x: Value, lo: Value, hi: Value): Value;
export function clip(x: Value, lo: Value, hi: Value): Value {
  checkValues("clip", [x, lo, hi]);
  return minimum(maximum(x, lo), hi);
}

const wherePrim = definePrimitive<undefined>({
  name: "where",
  arity: 3,
  impl: ([c, a, b]) => select(c!, a!, b!),
  jvp: ([c, a, b], [, ta, tb], out) => {
    if (ta === null && tb === null) return null;
    const t = where(c!, ta ?? 0, tb ?? 0);
    return sameShape(shapeOf(t), shapeOf(out)) ? t : broadcastTo(t, shapeOf(out));
  },
  // Each branch gets the cotangent where it was chosen and an exact 0 elsewhere; with
  // mulNoNan in the elementwise rules that 0 stays 0 through log, sqrt, 1/x...
  vjp: (ct, [c, a, b], _out, _p, needs) => [
    null,
    needs[1] ? unbroadcast(where(c!, ct, 0), a!) : null,
    needs[2] ? unbroadcast(where(c!, 0, ct), b!) : null,
  ],
  doc: { summary: "x where cond is non-zero, else y (broadcasting)", derivative: "routes the derivative to the chosen branch; none to cond" },
  sample: (random) => {
    const shape = pick(random, [[], [3], [2, 3]] as const);
    const d = { min: -2, max: 2 };
    const cond = drawValue(random, shape, d);
    return { args: [greater(cond, 0), drawValue(random, shape, d), drawValue(random, shape, d)], params: undefined, constant: [0] };
  },
});

/**
 * Chooses elementwise: `x` where `cond` is non-zero, `y` elsewhere, with broadcasting. `cond` is
 * a mask (use {@link greater} and friends); no derivative flows into it.
 * `where(greater(x, 0), log(x), 0)` has derivative 0 at x = 0 in both modes. The three shapes
 * broadcast; the result has the broadcast shape.
 * @example
 * ```ts
 * import { where, greater, log, grad } from "cotangent";
 * const safeLog = (x: number) => where(greater(x, 0), log(x), 0);
 * console.log(grad(safeLog)(0), grad(safeLog)(2)); // 0 0.5
 * ```
 */
export function where(cond: Value, x: number, y: number): number;
export function where(cond: Value, x: Value, y: Value): Value;
export function where(cond: Value, x: Value, y: Value): Value {
  const c = concrete(cond);
  if (typeof c === "number" && typeof x === "number" && typeof y === "number") return c !== 0 ? x : y;
  return bind(wherePrim, [c, x, y]);
}

