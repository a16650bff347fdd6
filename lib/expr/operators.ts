/**
 * mathjs's operators, implemented with the library's ops so they work under every
 * transformation. The matrix operators keep mathjs's meaning: `*` is the matrix product (a dot
 * product for two vectors), `/` divides by a scalar, `^` on a square matrix is the matrix power;
 * the dotted forms `.*` `./` `.^` are elementwise, with broadcasting.
 * @module
 */
import { shapeOf, type Value } from "../core/value.ts";
import { ExpressionError } from "../errors.ts";
import { formatShape } from "../tensor/shape.ts";
import { eye } from "../tensor/creation.ts";
import { add, div, mul, neg, pow, sub } from "../primitives/arithmetic.ts";
import { dot, matmul, transpose } from "../primitives/linalg.ts";

/** One operator of the expression language. */
export interface OperatorRule {
  /** What it is called in messages, e.g. "matrix product". */
  readonly name: string;
  readonly apply: (args: Value[]) => Value;
}

/**
 * mathjs's `*`: scaling when either side is a scalar, the dot product of two vectors, and the
 * matrix product otherwise (a vector on the left is a row, on the right a column).
 */
export function multiply(a: Value, b: Value): Value {
  return dot(a, b);
}

/** mathjs's `/`: only scalar divisors (mathjs divides by a matrix through its inverse). */
export function divide(a: Value, b: Value): Value {
  const sb = shapeOf(b);
  if (sb.length !== 0) {
    throw new ExpressionError(
      `a / b with b of shape ${formatShape(sb)}: in mathjs, dividing by a matrix multiplies by its inverse, which cotangent does not support. ` +
        `Use ./ to divide elementwise.`,
    );
  }
  return div(a, b);
}

/**
 * mathjs's `^`: the power of scalars, or the matrix power `A^k` of a square matrix for a
 * constant integer `k >= 0` (computed by repeated squaring with matrix products, so it is
 * differentiable in `A`). Use `.^` for elementwise powers.
 */
export function power(a: Value, b: Value): Value {
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (sb.length !== 0) {
    throw new ExpressionError(`a ^ b with an exponent of shape ${formatShape(sb)}: ^ needs a scalar exponent. Use .^ for elementwise powers.`);
  }
  if (sa.length === 0) return pow(a, b);
  if (sa.length !== 2 || sa[0] !== sa[1]) {
    throw new ExpressionError(
      `A ^ k with A of shape ${formatShape(sa)}: ^ on a matrix is the matrix power (as in mathjs) and needs a square matrix. Use .^ for elementwise powers.`,
    );
  }
  if (typeof b !== "number" || !Number.isInteger(b) || b < 0) {
    throw new ExpressionError(
      `A ^ k: the exponent of a matrix power must be a constant integer k >= 0 (it cannot be differentiated), got ${typeof b === "number" ? b : "a traced value"}. ` +
        `Use .^ for elementwise powers.`,
    );
  }
  let result: Value | null = null;
  let base = a;
  for (let k = b; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = result === null ? base : matmul(result, base);
    if (k > 1) base = matmul(base, base);
  }
  return result ?? eye(sa[0]!);
}

/** Binary operators by mathjs's `op` text. */
export const binaryOperators: ReadonlyMap<string, OperatorRule> = new Map<string, OperatorRule>([
  ["+", { name: "addition", apply: ([a, b]) => add(a!, b!) }],
  ["-", { name: "subtraction", apply: ([a, b]) => sub(a!, b!) }],
  ["*", { name: "multiplication (matrix product)", apply: ([a, b]) => multiply(a!, b!) }],
  ["/", { name: "division", apply: ([a, b]) => divide(a!, b!) }],
  ["^", { name: "power", apply: ([a, b]) => power(a!, b!) }],
  [".*", { name: "elementwise multiplication", apply: ([a, b]) => mul(a!, b!) }],
  ["./", { name: "elementwise division", apply: ([a, b]) => div(a!, b!) }],
  [".^", { name: "elementwise power", apply: ([a, b]) => pow(a!, b!) }],
]);

/** Unary operators by mathjs's `op` text (`'` is the postfix transpose). */
export const unaryOperators: ReadonlyMap<string, OperatorRule> = new Map<string, OperatorRule>([
  ["-", { name: "negation", apply: ([a]) => neg(a!) }],
  ["+", { name: "unary plus", apply: ([a]) => a! }],
  ["'", { name: "transpose", apply: ([a]) => transpose(a!) }],
]);

/** For error messages: the operators the language has. */
export const SUPPORTED_OPERATORS = "+ - * / ^ .* ./ .^, unary - and +, and the transpose '";
