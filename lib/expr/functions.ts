/**
 * The functions of the expression language: the library's ops under their mathjs names, with
 * mathjs's argument conventions (log with a base, nthRoot, variadic max/min/hypot/sum/mean,
 * `sum(A, dim)` with a 1-based dimension as in mathjs expressions).
 *
 * One deliberate difference: on tensors, the elementwise functions (sin, exp, sqrt, ...) apply
 * elementwise, where mathjs asks for `map(A, sin)`. And values are real: where mathjs would
 * return a complex number (sqrt(-1), log(-1)) the result is NaN.
 * @module
 */
import { shapeOf, type Value } from "../core/value.ts";
import { ExpressionError } from "../errors.ts";
import { formatShape } from "../tensor/shape.ts";
import { add, div, mul, neg, square, sub, pow } from "../primitives/arithmetic.ts";
import { exp, expm1, log, log2, log10, log1p, sqrt, cbrt, hypot } from "../primitives/exponential.ts";
import { sin, cos, tan, asin, acos, atan, atan2 } from "../primitives/trigonometric.ts";
import { sinh, cosh, tanh, asinh, acosh, atanh } from "../primitives/hyperbolic.ts";
import { abs, sign, maximum, minimum, where } from "../primitives/piecewise.ts";
import { greater } from "../primitives/comparison.ts";
import { sum, mean, max, min } from "../primitives/reduction.ts";
import { dot, transpose } from "../primitives/linalg.ts";
import { divide, multiply, power } from "./operators.ts";

/** One function of the expression language. */
export interface ExpressionFunction {
  /** Fewest and most arguments (`Infinity` for variadic functions). */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** How it is called, for help and error messages, e.g. `log(x, base?)`. */
  readonly signature: string;
  readonly apply: (args: Value[]) => Value;
}

const unary = (name: string, op: (x: Value) => Value): [string, ExpressionFunction] => [
  name,
  { minArgs: 1, maxArgs: 1, signature: `${name}(x)`, apply: ([x]) => op(x!) },
];

const isScalar = (v: Value) => shapeOf(v).length === 0;

/** Folds scalars left to right with `op`, naming the first non-scalar argument in the error. */
function foldScalars(name: string, args: Value[], op: (a: Value, b: Value) => Value): Value {
  args.forEach((a, i) => {
    if (!isScalar(a)) {
      throw new ExpressionError(
        `${name}(a, b, ...) takes numbers, but argument ${i + 1} has shape ${formatShape(shapeOf(a))}. ` +
          `For a tensor A write ${name}(A) (all elements) or ${name}(A, dim) (along dimension dim, counted from 1).`,
      );
    }
  });
  return args.reduce((acc, a) => op(acc, a));
}

/** mathjs's 1-based `dim` argument as a 0-based axis of `x`. */
function axisOf(name: string, x: Value, dim: Value): number {
  const rank = shapeOf(x).length;
  if (typeof dim !== "number" || !Number.isInteger(dim) || dim < 1 || dim > rank) {
    throw new ExpressionError(
      `${name}(A, dim): dim must be a constant integer from 1 to ${rank} (mathjs counts dimensions from 1), got ${typeof dim === "number" ? dim : "a traced value"}.`,
    );
  }
  return dim - 1;
}

/**
 * A reduction with mathjs's three call forms: `f(A)` over all elements, `f(A, dim)` along a
 * dimension, `f(a, b, c...)` over scalar arguments.
 */
function reduction(
  name: string,
  all: (x: Value, axis?: number) => Value,
  fold: (args: Value[]) => Value,
): [string, ExpressionFunction] {
  return [
    name,
    {
      minArgs: 1,
      maxArgs: Infinity,
      signature: `${name}(A), ${name}(A, dim), ${name}(a, b, ...)`,
      apply: (args) => {
        const first = args[0]!;
        if (args.length === 1) return isScalar(first) ? first : all(first);
        if (args.length === 2 && !isScalar(first) && isScalar(args[1]!)) return all(first, axisOf(name, first, args[1]!));
        return fold(args);
      },
    },
  ];
}

/** Euclidean norm of all elements, with derivative 0 at the zero tensor (hypot's policy). */
function norm(x: Value): Value {
  const s = sum(square(x));
  return where(greater(s, 0), sqrt(s), 0);
}

/** nthRoot(x, n): the real n-th root; odd roots of negative numbers are negative, as in mathjs. */
function nthRoot(x: Value, n: Value): Value {
  if (typeof n === "number") {
    if (n === 2) return sqrt(x);
    if (n === 3) return cbrt(x);
    if (Number.isInteger(n) && Math.abs(n % 2) === 1) return mul(sign(x), pow(abs(x), 1 / n));
  }
  return pow(x, div(1, n));
}

function vectors(name: string, a: Value, b: Value): void {
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (sa.length !== 1 || sb.length !== 1 || sa[0] !== sb[0]) {
    throw new ExpressionError(`${name}(x, y) takes two vectors of the same length, got shapes ${formatShape(sa)} and ${formatShape(sb)}.`);
  }
}

/** The built-in functions by mathjs name. */
export const builtinFunctions: ReadonlyMap<string, ExpressionFunction> = new Map<string, ExpressionFunction>([
  unary("sin", sin), unary("cos", cos), unary("tan", tan),
  unary("asin", asin), unary("acos", acos), unary("atan", atan),
  ["atan2", { minArgs: 2, maxArgs: 2, signature: "atan2(y, x)", apply: ([y, x]) => atan2(y!, x!) }],
  unary("sinh", sinh), unary("cosh", cosh), unary("tanh", tanh),
  unary("asinh", asinh), unary("acosh", acosh), unary("atanh", atanh),
  unary("exp", exp), unary("expm1", expm1),
  ["log", { minArgs: 1, maxArgs: 2, signature: "log(x), log(x, base)", apply: ([x, b]) => (b === undefined ? log(x!) : div(log(x!), log(b))) }],
  ["log1p", { minArgs: 1, maxArgs: 2, signature: "log1p(x), log1p(x, base)", apply: ([x, b]) => (b === undefined ? log1p(x!) : div(log1p(x!), log(b))) }],
  unary("log2", log2), unary("log10", log10),
  unary("sqrt", sqrt), unary("cbrt", cbrt),
  ["nthRoot", { minArgs: 1, maxArgs: 2, signature: "nthRoot(x), nthRoot(x, n)", apply: ([x, n]) => nthRoot(x!, n ?? 2) }],
  unary("square", square),
  unary("cube", (x) => pow(x, 3)),
  unary("abs", abs), unary("sign", sign),
  ["pow", { minArgs: 2, maxArgs: 2, signature: "pow(x, y)", apply: ([x, y]) => power(x!, y!) }],
  reduction("max", max, (args) => foldScalars("max", args, maximum)),
  reduction("min", min, (args) => foldScalars("min", args, minimum)),
  reduction("sum", sum, (args) => foldScalars("sum", args, add)),
  reduction("mean", mean, (args) => div(foldScalars("mean", args, add), args.length)),
  ["hypot", {
    minArgs: 1, maxArgs: Infinity, signature: "hypot(a, b, ...), hypot(A)",
    apply: (args) => (args.length === 1 ? (isScalar(args[0]!) ? abs(args[0]!) : norm(args[0]!)) : foldScalars("hypot", args, hypot)),
  }],
  ["transpose", { minArgs: 1, maxArgs: 1, signature: "transpose(A)", apply: ([x]) => transpose(x!) }],
  ["ctranspose", { minArgs: 1, maxArgs: 1, signature: "ctranspose(A)", apply: ([x]) => transpose(x!) }],
  ["dot", { minArgs: 2, maxArgs: 2, signature: "dot(x, y)", apply: ([a, b]) => (vectors("dot", a!, b!), dot(a!, b!)) }],
  // The operators under their function names.
  ["add", { minArgs: 2, maxArgs: Infinity, signature: "add(a, b, ...)", apply: (args) => args.reduce((s, a) => add(s, a)) }],
  ["subtract", { minArgs: 2, maxArgs: 2, signature: "subtract(a, b)", apply: ([a, b]) => sub(a!, b!) }],
  ["multiply", { minArgs: 2, maxArgs: Infinity, signature: "multiply(a, b, ...)", apply: (args) => args.reduce((p, a) => multiply(p, a)) }],
  ["divide", { minArgs: 2, maxArgs: 2, signature: "divide(a, b)", apply: ([a, b]) => divide(a!, b!) }],
  ["dotMultiply", { minArgs: 2, maxArgs: 2, signature: "dotMultiply(a, b)", apply: ([a, b]) => mul(a!, b!) }],
  ["dotDivide", { minArgs: 2, maxArgs: 2, signature: "dotDivide(a, b)", apply: ([a, b]) => div(a!, b!) }],
  ["dotPow", { minArgs: 2, maxArgs: 2, signature: "dotPow(a, b)", apply: ([a, b]) => pow(a!, b!) }],
  unary("unaryMinus", neg),
  unary("unaryPlus", (x) => x),
]);

