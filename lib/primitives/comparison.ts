/**
 * Comparisons: greater, greaterEqual, less, lessEqual, equal, notEqual. They return 1 where the
 * relation holds and 0 elsewhere, as plain values even inside transformations (their derivative
 * is zero), so they serve as masks for {@link where} and as conditions for `if`.
 * @module
 */
import { bind } from "../core/bind.ts";
import { definePrimitive, type Primitive } from "../core/primitive.ts";
import { zipBinary } from "../tensor/elementwise.ts";
import type { BinaryOp } from "./elementwise-rule.ts";
import { sampleBinary } from "./sampling.ts";
import type { Value } from "../core/value.ts";

function defineComparison(name: string, symbol: string, test: (x: number, y: number) => boolean): BinaryOp {
  const scalar = (x: number, y: number): number => (test(x, y) ? 1 : 0);
  const prim = definePrimitive<undefined>({
    name,
    arity: 2,
    differentiable: false,
    impl: ([x, y]) => zipBinary(name, x!, y!, scalar),
    doc: { summary: `1 where x ${symbol} y, else 0`, derivative: "none (returns plain values; zero derivative)" },
    sample: sampleBinary([{ min: -2, max: 2 }, { min: -2, max: 2 }]),
  });
  const op = (x: Value, y: Value): Value =>
    typeof x === "number" && typeof y === "number" ? scalar(x, y) : bind(prim, [x, y]);
  return Object.assign(op, { primitive: prim as Primitive }) as BinaryOp;
}

/**
 * 1 where `x > y`, else 0 (broadcasting). Works on traced values and returns a plain value. Shapes
 * broadcast by NumPy rules; the result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { greater, tensor } from "cotangent";
 * console.log(greater(tensor([1, 2, 3]), 2).toArray()); // [ 0, 0, 1 ]
 * ```
 */
export const greater = defineComparison("greater", ">", (x, y) => x > y);
/**
 * 1 where `x >= y`, else 0, as plain values even inside transformations. Shapes broadcast by NumPy
 * rules; the result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { greaterEqual } from "cotangent";
 * console.log(greaterEqual(2, 2)); // 1
 * ```
 */
export const greaterEqual = defineComparison("greaterEqual", ">=", (x, y) => x >= y);
/**
 * 1 where `x < y`, else 0, as plain values even inside transformations. Shapes broadcast by NumPy
 * rules; the result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { less } from "cotangent";
 * console.log(less(1, 2)); // 1
 * ```
 */
export const less = defineComparison("less", "<", (x, y) => x < y);
/**
 * 1 where `x <= y`, else 0, as plain values even inside transformations. Shapes broadcast by NumPy
 * rules; the result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { lessEqual } from "cotangent";
 * console.log(lessEqual(3, 2)); // 0
 * ```
 */
export const lessEqual = defineComparison("lessEqual", "<=", (x, y) => x <= y);
/**
 * 1 where `x === y`, else 0, as plain values even inside transformations. Shapes broadcast by NumPy
 * rules; the result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { equal } from "cotangent";
 * console.log(equal(2, 2)); // 1
 * ```
 */
export const equal = defineComparison("equal", "==", (x, y) => x === y);
/**
 * 1 where `x !== y`, else 0, as plain values even inside transformations. Shapes broadcast by NumPy
 * rules; the result has the broadcast shape (a number for numbers).
 * @example
 * ```ts
 * import { notEqual } from "cotangent";
 * console.log(notEqual(2, 2)); // 0
 * ```
 */
export const notEqual = defineComparison("notEqual", "!=", (x, y) => x !== y);
