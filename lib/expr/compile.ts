/**
 * compileExpression: a formula string (mathjs syntax) becomes a differentiable function: mathjs
 * parses it, {@link Translator} checks it and turns it into a straight-line {@link Program} of
 * library ops, and the returned function runs that program on its arguments.
 * @module
 */
import { isValue, type Value } from "../core/value.ts";
import { ExpressionError, TypeMismatchError } from "../errors.ts";
import { describe } from "../tensor/tensor.ts";
import { builtinFunctions, type ExpressionFunction } from "./functions.ts";
import { parseExpression } from "./parser.ts";
import { Program } from "./program.ts";
import { Translator, type MathNode } from "./translate.ts";

/** Options of {@link compileExpression}. */
export interface CompileOptions {
  /**
   * The variables, in argument order. Default: the formula's free symbols (those that are not
   * constants or functions) sorted alphabetically. A listed name shadows a constant (`e`); a
   * symbol that is not listed is an error.
   */
  vars?: readonly string[];
  /**
   * Extra functions callable from the formula, by name (they take precedence over the
   * built-ins). Each must be written with the library's ops to be differentiable; its
   * `length` is the number of arguments it takes (0 = any number).
   */
  functions?: Readonly<Record<string, (...args: Value[]) => Value>>;
}

/** The function {@link compileExpression} returns. */
export interface CompiledExpression {
  /**
   * The value at the variables, given in the order of {@link CompiledExpression.vars}, or as one
   * scope object `{ x: 2, y: 3 }` holding every variable.
   */
  (...args: Value[] | [scope: Readonly<Record<string, Value>>]): Value;
  /** The variables, in argument order. */
  readonly vars: readonly string[];
  /** The formula it was compiled from. */
  readonly source: string;
}

/** The default order of variables: natural alphabetical order (x2 before x10, b before W). */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Validates the vars option. */
function checkVars(api: string, vars: unknown): ReadonlySet<string> | null {
  if (vars === undefined) return null;
  if (!Array.isArray(vars) || vars.some((v) => typeof v !== "string" || v === "")) {
    throw new ExpressionError(`${api}: vars must be an array of variable names such as ["x", "y"], got ${describe(vars)}.`);
  }
  const set = new Set(vars as string[]);
  if (set.size !== vars.length) {
    const dup = (vars as string[]).find((v, i) => vars.indexOf(v) !== i);
    throw new ExpressionError(`${api}: vars lists ${JSON.stringify(dup)} twice; each variable must appear once.`);
  }
  return set;
}

/** The built-ins plus the user's functions (which take precedence). */
function functionTable(api: string, extra: CompileOptions["functions"]): ReadonlyMap<string, ExpressionFunction> {
  if (extra === undefined) return builtinFunctions;
  if (typeof extra !== "object" || extra === null) throw new ExpressionError(`${api}: functions must be an object of name -> function, got ${describe(extra)}.`);
  const table = new Map(builtinFunctions);
  for (const [name, f] of Object.entries(extra)) {
    if (typeof f !== "function") throw new ExpressionError(`${api}: functions.${name} must be a function, got ${describe(f)}.`);
    const n = f.length;
    table.set(name, { minArgs: n, maxArgs: n === 0 ? Infinity : n, signature: `${name}(${n === 0 ? "..." : Array.from({ length: n }, (_, i) => `x${i + 1}`).join(", ")})`, apply: (args) => f(...args) });
  }
  return table;
}

function isScope(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null || isValue(x) || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** The arguments of a call, in vars order, checked. */
function argumentsOf(source: string, vars: readonly string[], args: unknown[]): Value[] {
  const what = `expression ${JSON.stringify(source.length > 40 ? source.slice(0, 37) + "..." : source)}`;
  const list = vars.length === 0 ? "no variables" : `variables ${vars.join(", ")}`;
  let values: unknown[];
  if (args.length === 1 && isScope(args[0])) {
    const scope = args[0];
    const extra = Object.keys(scope).filter((k) => !vars.includes(k));
    if (extra.length > 0) throw new ExpressionError(`${what}: the scope gives ${extra.join(", ")}, which ${extra.length === 1 ? "is not a variable" : "are not variables"}; it has ${list}.`);
    const missing = vars.filter((v) => !Object.hasOwn(scope, v)); // own keys only: "constructor" is not in {}
    if (missing.length > 0) throw new ExpressionError(`${what}: the scope has no value for ${missing.join(", ")}; it needs ${list}.`);
    values = vars.map((v) => scope[v]);
  } else {
    if (args.length !== vars.length) {
      throw new ExpressionError(
        `${what} takes ${vars.length} argument${vars.length === 1 ? "" : "s"} (${list}, in that order), got ${args.length}. ` +
          `Pass one value per variable, or a scope object such as { ${vars.map((v) => `${v}: ...`).join(", ")} }.`,
      );
    }
    values = args;
  }
  values.forEach((v, i) => {
    if (!isValue(v)) throw new TypeMismatchError(`${what}: the value of ${vars[i]} is ${describe(v)}; expected a number or a Tensor.`);
  });
  return values as Value[];
}

/**
 * Compiles a formula in mathjs syntax into a differentiable function of its variables: it works
 * with every transformation (`grad`, `jvp`, `vjp`, `jacobian`, `hessian`, nested).
 *
 * The language: numbers; the constants `pi`, `e`, `tau`; operators `+ - * / ^`, unary `-` `+`,
 * elementwise `.* ./ .^`, transpose `'`; parentheses; `[a, b, c]` (a vector) and
 * `[[a, b], [c, d]]` or `[a, b; c, d]` (a matrix); and the library's functions under their
 * mathjs names (sin ... atan2, sinh ... atanh, exp, expm1, log (1 or 2 args), log1p, log2,
 * log10, sqrt, cbrt, nthRoot, square, cube, abs, sign, pow, max, min, hypot, sum, mean,
 * transpose, dot, and the operators' names add, multiply, dotPow, ...). As in mathjs, `*` between
 * vectors/matrices is the matrix product (a dot product for two vectors), `/` needs a scalar
 * divisor, and `A^k` is a matrix power (constant integer k >= 0); functions apply elementwise to
 * tensors. Values are real: where mathjs would give a complex number the result is NaN.
 *
 * Everything else (assignments, function definitions, property or index access, objects,
 * strings, ranges, conditionals, comparisons, unknown functions or symbols) is rejected with an
 * {@link ExpressionError} naming the construct and its position, before anything runs; mathjs
 * is used only to parse. Limits: {@link MAX_EXPRESSION_LENGTH} characters and
 * {@link MAX_EXPRESSION_DEPTH} levels of nesting. Errors while running (e.g. shapes that do not
 * fit) keep their class and say which part of the formula failed.
 *
 * The returned function takes one value per variable, in the order of its `.vars` (default: the
 * free symbols, sorted), or one scope object `{ x: 2, y: 3 }`.
 *
 * @throws ExpressionError if the formula cannot be compiled.
 * @example
 * ```ts
 * import { compileExpression, grad } from "cotangent";
 * const f = compileExpression("x*y + sin(x)");
 * console.log(f.vars, f(0, 3)); // [ 'x', 'y' ] 0
 * console.log(grad(f, { argnums: [0, 1] })(0, 3)); // [ 4, 0 ]
 * console.log(grad(f)({ x: 0, y: 3 })); // { x: 4, y: 0 }
 * ```
 */
export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  const api = "compileExpression";
  if (typeof options !== "object" || options === null) throw new ExpressionError(`${api}: options must be an object such as { vars: ["x", "y"] }, got ${describe(options)}.`);
  const explicitVars = checkVars(api, options.vars);
  const functions = functionTable(api, options.functions);
  const tree = parseExpression(api, source) as unknown as MathNode;
  const translator = new Translator(api, source, explicitVars, functions);
  const result = translator.visit(tree, 0);
  const vars = options.vars !== undefined ? [...options.vars] : [...translator.slotOfVar.keys()].sort(compareNames);
  const varSlots = vars.map((v) => translator.slotOfVar.get(v) ?? -1);
  const program = new Program(source, translator.template, varSlots, translator.steps, result);
  const compiled = (...args: unknown[]): Value => program.run(argumentsOf(source, vars, args));
  Object.defineProperty(compiled, "length", { value: vars.length });
  Object.defineProperty(compiled, "name", { value: "compiledExpression" });
  Object.defineProperty(compiled, "vars", { value: Object.freeze(vars), enumerable: true });
  Object.defineProperty(compiled, "source", { value: source, enumerable: true });
  return compiled as unknown as CompiledExpression;
}

/** Is `f` a function made by {@link compileExpression}? (Used to name a graph's inputs.) */
export function isCompiledExpression(f: unknown): f is CompiledExpression {
  return typeof f === "function" && Array.isArray((f as { vars?: unknown }).vars) && typeof (f as { source?: unknown }).source === "string";
}
