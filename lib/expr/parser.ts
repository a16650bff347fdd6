/**
 * Parsing an expression string with mathjs's `parse` (and only `parse`: nothing here or in the
 * translator ever evaluates mathjs nodes), after the checks that keep the parser safe.
 * @module
 */
import type { MathNode, parse as MathjsParse } from "mathjs";
import { ExpressionError } from "../errors.ts";
import { describe } from "../tensor/tensor.ts";
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from "./limits.ts";
import { errorAt } from "./source-error.ts";

let mathjsParse: typeof MathjsParse | null = null;

/** What the host offers for loading CommonJS synchronously (Node >= 20.16), if anything. */
type ProcessWithBuiltins = { getBuiltinModule?: (id: string) => { createRequire(from: string): (id: string) => unknown } | undefined };

/**
 * mathjs's parser, loaded on first use from mathjs's single-file build: importing the package's
 * ES modules costs about a second (hundreds of files), which every `import "cotangent"` and every
 * command-line call would pay; the single file loads in well under 100 ms.
 *
 * Node's `require` is reached through `process.getBuiltinModule` rather than a static
 * `import ... from "node:module"`, so that the library still loads in a browser (where only
 * formulas are unavailable, with an error that says what to do instead).
 */
function parser(): typeof MathjsParse {
  if (mathjsParse === null) {
    const host = (globalThis as { process?: ProcessWithBuiltins }).process;
    const moduleApi = host?.getBuiltinModule?.("node:module");
    if (moduleApi === undefined) {
      throw new ExpressionError(
        "compileExpression: formula strings need mathjs's parser, which is loaded through Node (>= 20.16). " +
          "In other environments write the function with the library's ops (add, mul, sin, ...) instead.",
      );
    }
    const require = moduleApi.createRequire(import.meta.url);
    mathjsParse = (require("mathjs/lib/browser/math.js") as { parse: typeof MathjsParse }).parse;
  }
  return mathjsParse;
}

/** Rejects sources that are not strings, empty, too long, or nested deeper than the limit. */
function checkSource(api: string, source: unknown): asserts source is string {
  if (typeof source !== "string") {
    throw new ExpressionError(`${api}: the expression must be a string such as "x * sin(y)", got ${describe(source)}.`);
  }
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      `${api}: the expression is ${source.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}. ` +
        `Split it into smaller expressions, or write it as code with the library's ops.`,
    );
  }
  if (source.trim() === "") throw new ExpressionError(`${api}: the expression is empty; give a formula such as "x^2 + y".`);
  // mathjs's recursive-descent parser overflows the stack at a few hundred nested brackets,
  // so brackets are counted before it runs.
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === "(" || c === "[" || c === "{") {
      depth++;
      if (depth > MAX_EXPRESSION_DEPTH) {
        throw errorAt(source, { start: i, end: i + 1 }, `${api}: the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`, "Simplify it, or write it as code with the library's ops.");
      }
    } else if (c === ")" || c === "]" || c === "}") {
      depth = Math.max(0, depth - 1);
    }
  }
}

/**
 * Parses `source` into a mathjs syntax tree. Syntax errors become {@link ExpressionError}s
 * pointing at the character mathjs stopped at.
 */
export function parseExpression(api: string, source: unknown): MathNode {
  checkSource(api, source);
  const parse = parser(); // outside the try: failing to load it is not a syntax error
  try {
    // mathjs rejects the carriage return of Windows line ends; a space keeps every position.
    return parse(source.replace(/\r/g, " "));
  } catch (e) {
    if (e instanceof RangeError) {
      // Only reachable through long chains that nest without brackets (e.g. "----...x"),
      // which the translator would reject for depth anyway.
      throw new ExpressionError(`${api}: the expression is nested too deeply for the parser (the limit is ${MAX_EXPRESSION_DEPTH} levels).`);
    }
    const err = e as { message?: unknown; char?: unknown };
    const message = String(err.message ?? e).replace(/\s*\(char \d+\)\s*$/, "");
    const char = typeof err.char === "number" ? Math.min(Math.max(err.char - 1, 0), source.length) : null;
    throw errorAt(source, char === null ? null : { start: char, end: char + 1 }, `${api}: syntax error: ${message}`);
  }
}
