/**
 * What every command works on: the function compiled from the expression (one output, or
 * several comma-separated outputs stacked into a vector), its variables, and the point given
 * with `--at`.
 * @module
 */
import { shapeOf, type Value } from "../core/value.ts";
import { ExpressionError } from "../errors.ts";
import { compileExpression, compareNames, type CompiledExpression } from "../expr/compile.ts";
import { reshape, slice, stack } from "../primitives/shape.ts";
import { sizeOf, type Shape } from "../tensor/shape.ts";
import { Tensor } from "../tensor/tensor.ts";
import { UsageError } from "./usage-error.ts";
import { splitTopLevel } from "./values.ts";

/** The function the command differentiates, at the point it was asked about. */
export interface Problem {
  /** The expression as given. */
  readonly source: string;
  /** The comma-separated outputs (one entry for a single expression). */
  readonly outputs: readonly string[];
  /** The variables, in argument order. */
  readonly vars: readonly string[];
  /** The function of the variables (several outputs are stacked into a vector). */
  readonly f: (...args: Value[]) => Value;
  /** The value of each variable, in `vars` order. */
  readonly point: readonly Value[];
}

/** Compiles the expression, naming the output in errors when there are several. */
function compileOutputs(source: string, vars: readonly string[] | undefined): { pieces: string[]; compiled: CompiledExpression[] } {
  const pieces = splitTopLevel(source).map((p) => p.text);
  if (pieces.length === 0) throw new UsageError("the expression is empty; give a formula such as \"x^2 + y\".");
  const compiled = pieces.map((piece, k) => {
    try {
      return compileExpression(piece, vars === undefined ? {} : { vars });
    } catch (e) {
      if (e instanceof ExpressionError && pieces.length > 1) {
        throw new ExpressionError(`output ${k + 1} of ${pieces.length} (${piece}): ${e.message.replace(/^compileExpression: /, "")}`);
      }
      throw e;
    }
  });
  return { pieces, compiled };
}

/**
 * Builds the problem from the expression, the `--vars` option (if given) and the `--at`
 * values, checking that every variable has a value and every value a variable.
 */
export function buildProblem(source: string, varsOption: readonly string[] | undefined, at: ReadonlyMap<string, Value>): Problem {
  const { pieces, compiled } = compileOutputs(source, varsOption);
  const vars = varsOption ?? [...new Set(compiled.flatMap((c) => c.vars))].sort(compareNames);
  const missing = vars.filter((v) => !at.has(v));
  if (missing.length > 0) {
    throw new UsageError(`no value for ${missing.join(", ")}; give every variable a value, e.g. --at ${vars.map((v) => `${v}=1`).join(",")}.`);
  }
  const unknown = [...at.keys()].filter((k) => !vars.includes(k));
  if (unknown.length > 0) {
    throw new UsageError(`--at gives ${unknown.join(", ")}, which the expression does not use; its variables are ${vars.join(", ") || "(none)"}.`);
  }
  const pick = (c: CompiledExpression, args: Value[]) => c.vars.map((v) => args[vars.indexOf(v)]!);
  const f = compiled.length === 1
    ? (...args: Value[]) => compiled[0]!(...pick(compiled[0]!, args))
    : (...args: Value[]) => stack(compiled.map((c) => c(...pick(c, args))));
  return { source, outputs: pieces, vars, f, point: vars.map((v) => at.get(v)!) };
}

/** Labels of the elements of a value named `name`: `x` for a number, `W[0,1]` for a tensor. */
export function elementLabels(name: string, shape: Shape): string[] {
  if (shape.length === 0) return [name];
  const labels: string[] = [];
  const index = shape.map(() => 0);
  for (let k = 0; k < sizeOf(shape); k++) {
    labels.push(`${name}[${index.join(",")}]`);
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++index[a]! < shape[a]!) break;
      index[a] = 0;
    }
  }
  return labels;
}

/** Labels of the output's elements: the comma-separated outputs, or `f`, `f[0]`, `f[1]`, ... */
export function outputLabels(problem: Problem, value: Value): string[] {
  if (problem.outputs.length > 1) return [...problem.outputs];
  return elementLabels("f", shapeOf(value));
}

/** All inputs as one flat vector, and how to cut such a vector back into the variables (differentiably). */
export interface FlatInputs {
  readonly x: Tensor;
  readonly labels: string[];
  unflatten(v: Value): Value[];
}

/** Flattens the point, so Jacobians and Hessians are matrices over "all input elements". */
export function flatInputs(problem: Problem): FlatInputs {
  const shapes = problem.point.map((v) => shapeOf(v));
  const data: number[] = [];
  for (const v of problem.point) {
    if (typeof v === "number") data.push(v);
    else data.push(...(v as Tensor).data);
  }
  const labels = problem.vars.flatMap((name, i) => elementLabels(name, shapes[i]!));
  const unflatten = (flat: Value) => {
    let at = 0;
    return shapes.map((shape) => {
      const n = sizeOf(shape);
      const piece = slice(flat, [at], [at + n]);
      at += n;
      return reshape(piece, shape);
    });
  };
  return { x: new Tensor(Float64Array.from(data), [data.length]), labels, unflatten };
}

/** A value as a flat vector (a number becomes a 1-element vector). */
export function flatOutput(v: Value): Value {
  return reshape(v, [-1]);
}
