/**
 * The size limits of expression strings. They keep every stage (mathjs's recursive-descent
 * parser, our translator) far from the JavaScript call-stack limit, so an oversized or absurdly
 * nested formula is rejected with an {@link ExpressionError} instead of a stack overflow.
 * @module
 */

/**
 * The longest accepted expression, in characters (UTF-16 code units). Formulas written by
 * people are a few hundred characters at most; generated ones longer than this should be
 * written as code with the library's ops.
 * @example
 * ```ts
 * import { MAX_EXPRESSION_LENGTH } from "cotangent";
 * console.log(MAX_EXPRESSION_LENGTH); // 10000
 * ```
 */
export const MAX_EXPRESSION_LENGTH = 10_000;

/**
 * The deepest accepted nesting. Each parenthesis or bracket, function call, unary operator,
 * transpose and the right-hand side of each operator opens one level; a left-to-right chain
 * such as `a + b - c + d` or `x * y * z` stays on one level, so long flat sums and products
 * are fine. mathjs's own parser overflows the stack at a few hundred nested parentheses.
 * @example
 * ```ts
 * import { MAX_EXPRESSION_DEPTH } from "cotangent";
 * console.log(MAX_EXPRESSION_DEPTH); // 100
 * ```
 */
export const MAX_EXPRESSION_DEPTH = 100;
