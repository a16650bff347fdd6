/**
 * Arithmetic: add, sub, mul, div, neg, mulNoNan, reciprocal, square, pow.
 * Each is one entry: the scalar function and its local derivative(s). Broadcasting follows NumPy.
 * @module
 */
import { defineBinary, defineUnary, provideRuleOps } from "./elementwise-rule.ts";
import { log } from "./exponential.ts";
import { bind } from "../core/bind.ts";
import { debugHooks } from "../core/debug.ts";
import { definePrimitive, type Primitive } from "../core/primitive.ts";
import { shapeOf, type Value } from "../core/value.ts";
import { zipBinaryRun } from "../tensor/elementwise.ts";
import { addRun, divRun, mulNoNanRun, mulRun, negRun, reciprocalRun, squareRun, subRun } from "../tensor/kernels.ts";
import { sameShape } from "../tensor/shape.ts";
import type { BinaryOp } from "./elementwise-rule.ts";
import { sampleBinary } from "./sampling.ts";
import { broadcastTo, unbroadcast } from "./shape.ts";

const mulNoNanScalar = (x: number, y: number): number => (y === 0 ? 0 : x * y);

// mulNoNan has explicit rules rather than defineBinary's partials: where y == 0 the output is 0
// for every x, so x's (co)tangent must contribute exactly 0 there even when it is infinite (a
// partial-times-tangent product would give 0 * Infinity = NaN, e.g. in the Hessian of
// where(x > 0, log(x), 0) at 0). Each product is therefore a mulNoNan whose second factor is the
// one that may be exactly 0.
const mulNoNanPrim = definePrimitive<undefined>({
  name: "mulNoNan",
  arity: 2,
  impl: ([x, y]) => zipBinaryRun("mulNoNan", x!, y!, mulNoNanRun, mulNoNanScalar),
  jvp: ([x, y], [tx, ty], out) => {
    let t: Value | null = tx === null ? null : mulNoNan(tx, y!);
    if (ty !== null) t = t === null ? mulNoNan(x!, ty) : add(t, mulNoNan(x!, ty));
    if (t === null) return null;
    return sameShape(shapeOf(t), shapeOf(out)) ? t : broadcastTo(t, shapeOf(out));
  },
  vjp: (ct, [x, y], _out, _params, needs) => [
    needs[0] ? unbroadcast(mulNoNan(ct, y!), x!) : null,
    needs[1] ? unbroadcast(mulNoNan(x!, ct), y!) : null,
  ],
  doc: {
    summary: "x * y, but 0 where y == 0 (even if x is ±Infinity or NaN)",
    derivative: "d/dx = y, d/dy = x",
    nonSmooth: "at y = 0 the value is 0 whatever x is, and so is x's contribution to the derivative",
  },
  sample: sampleBinary([{ min: -2, max: 2 }, { min: -2, max: 2 }]),
});

/**
 * `x + y`, elementwise with broadcasting. d/dx = 1, d/dy = 1. Shapes broadcast by NumPy rules; the
 * result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { add, tensor } from "cotangent";
 * console.log(add(1, 2), add(tensor([1, 2]), 10).toArray()); // 3 [ 11, 12 ]
 * ```
 */
export const add = defineBinary({
  name: "add",
  kernel: addRun,
  scalar: (x, y) => x + y,
  partials: [() => 1, () => 1],
  doc: { summary: "x + y", derivative: "d/dx = 1, d/dy = 1" },
});

/**
 * `x - y`, elementwise with broadcasting. d/dx = 1, d/dy = -1. Shapes broadcast by NumPy rules; the
 * result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { sub } from "cotangent";
 * console.log(sub(5, 2)); // 3
 * ```
 */
export const sub = defineBinary({
  name: "sub",
  kernel: subRun,
  scalar: (x, y) => x - y,
  partials: [() => 1, () => -1],
  doc: { summary: "x - y", derivative: "d/dx = 1, d/dy = -1" },
});

/**
 * `x * y`, elementwise with broadcasting (use {@link matmul} for the matrix product).
 * d/dx = y, d/dy = x: the "mul gate swaps" rule of the lecture notes. Shapes broadcast by NumPy
 * rules; the result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { mul, grad } from "cotangent";
 * console.log(mul(3, 4), grad(mul, { argnums: [0, 1] })(3, 4)); // 12 [ 4, 3 ]
 * ```
 */
export const mul = defineBinary({
  name: "mul",
  kernel: mulRun,
  scalar: (x, y) => x * y,
  partials: [(_x, y) => y, (x) => x],
  doc: { summary: "x * y (elementwise)", derivative: "d/dx = y, d/dy = x" },
});

/**
 * `x * y`, except that the result is exactly 0 wherever `y` is 0, even if `x` is infinite or NaN
 * (TensorFlow's `multiply_no_nan`). The derivative rules use it to multiply local derivatives by
 * (co)tangents, so a zero (co)tangent never turns into NaN. Shapes broadcast by NumPy rules; the
 * result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { mulNoNan } from "cotangent";
 * console.log(mulNoNan(Infinity, 0), mulNoNan(2, 3)); // 0 6
 * ```
 */
export const mulNoNan: BinaryOp = Object.assign(
  (x: Value, y: Value): Value =>
    typeof x === "number" && typeof y === "number" && debugHooks.onPrimal === null ? mulNoNanScalar(x, y) : bind(mulNoNanPrim, [x, y]),
  { primitive: mulNoNanPrim as Primitive },
) as BinaryOp;

/**
 * `x / y`, elementwise with broadcasting. d/dx = 1/y, d/dy = -x/y^2. Shapes broadcast by NumPy
 * rules; the result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { div } from "cotangent";
 * console.log(div(1, 4)); // 0.25
 * ```
 */
export const div = defineBinary({
  name: "div",
  kernel: divRun,
  scalar: (x, y) => x / y,
  partials: [(_x, y) => reciprocal(y), (_x, y, out) => neg(div(out, y))],
  doc: { summary: "x / y", derivative: "d/dx = 1/y, d/dy = -x/y^2" },
  domain: [{ min: -2, max: 2 }, { min: -2, max: 2, avoid: [0], gap: 0.3 }],
});

/**
 * `-x`. Derivative -1. Elementwise: the result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { neg } from "cotangent";
 * console.log(neg(2)); // -2
 * ```
 */
export const neg = defineUnary({
  name: "neg",
  kernel: negRun,
  scalar: (x) => -x,
  derivative: () => -1,
  doc: { summary: "-x", derivative: "-1" },
});

/**
 * `1 / x`. Derivative -1/x^2. At 0: Infinity (the derivative -Infinity). Elementwise: the result
 * has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { reciprocal } from "cotangent";
 * console.log(reciprocal(4)); // 0.25
 * ```
 */
export const reciprocal = defineUnary({
  name: "reciprocal",
  kernel: reciprocalRun,
  scalar: (x) => 1 / x,
  derivative: (_x, out) => neg(square(out)),
  doc: { summary: "1 / x", derivative: "-1/x^2" },
  domain: { min: -2, max: 2, avoid: [0], gap: 0.3 },
});

/**
 * `x^2`. Derivative 2x. Elementwise: the result has the shape of `x` (a number for a number).
 * @example
 * ```ts
 * import { square, grad } from "cotangent";
 * console.log(square(3), grad(square)(3)); // 9 6
 * ```
 */
export const square = defineUnary({
  name: "square",
  kernel: squareRun,
  scalar: (x) => x * x,
  derivative: (x) => mul(2, x),
  doc: { summary: "x^2", derivative: "2x" },
});

/**
 * `x^y`, elementwise with broadcasting, differentiable in both arguments.
 * d/dx = y x^(y-1) (taken as 0 where y = 0); d/dy = x^y ln(x) (taken as 0 where x^y = 0, e.g.
 * x = 0, y > 0). For x < 0 the derivative in y is NaN (no real logarithm); it is only computed
 * when y is being differentiated. Shapes broadcast by NumPy rules; the result has the broadcast
 * shape (a number for numbers).
 * @example
 * ```ts
 * import { pow, grad } from "cotangent";
 * console.log(pow(2, 3), grad(pow, { argnums: [0, 1] })(2, 3)); // 8 [ 12, 5.545177444479562 ]
 * ```
 */
export const pow = defineBinary({
  name: "pow",
  scalar: Math.pow,
  partials: [(x, y) => mulNoNan(pow(x, sub(y, 1)), y), (x, _y, out) => mulNoNan(log(x), out)],
  doc: {
    summary: "x^y",
    derivative: "d/dx = y x^(y-1), d/dy = x^y ln(x)",
    nonSmooth: "d/dx is 0 where y = 0; d/dy is 0 where x^y = 0",
  },
  domain: [{ min: 0.5, max: 2 }, { min: -2, max: 2 }],
});

// The derived elementwise rules are written with these ops (see elementwise-rule.ts).
provideRuleOps({ add, neg, mulNoNan, broadcastTo, unbroadcast });
