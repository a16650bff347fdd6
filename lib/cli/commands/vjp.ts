/**
 * `cotangent vjp`: value and vector-Jacobian product uᵀJ, in one reverse-mode pass.
 * @module
 */
import { shapeOf, type Value } from "../../core/value.ts";
import { vjp } from "../../api/vjp.ts";
import { formatShape, sameShape } from "../../tensor/shape.ts";
import { UsageError } from "../usage-error.ts";
import { single } from "../argv.ts";
import { parseValue } from "../values.ts";
import { byVariable, header, jsonHeader, jsonValue, labelled, show } from "../output.ts";
import type { CommandContext } from "./context.ts";

/** The cotangent option, checked against the output's shape (default 1 for a scalar output). */
export function cotangentFor(option: string | undefined, output: Value): Value {
  const shape = shapeOf(output);
  if (option === undefined) {
    if (shape.length === 0) return 1;
    throw new UsageError(`the output has shape ${formatShape(shape)}; give a cotangent of that shape, e.g. --cotangent [${Array.from({ length: shape[0]! }, () => 1).join(",")}].`);
  }
  const u = parseValue("--cotangent", "the cotangent", option);
  if (!sameShape(shapeOf(u), shape)) throw new UsageError(`--cotangent has shape ${formatShape(shapeOf(u))}, but the output has shape ${formatShape(shape)}; they must match.`);
  return u;
}

/** Prints f and uᵀJ, one cotangent per variable, for the --cotangent u. */
export function vjpCommand({ problem, invocation, style, json }: CommandContext): string {
  const { f, vars, point } = problem;
  const [value, pullback] = vjp(f, ...point);
  const u = cotangentFor(single(invocation, "cotangent"), value as Value);
  const result = vars.length === 0 ? [] : (pullback(u as never) as unknown as Value[]);
  if (json) return JSON.stringify({ ...jsonHeader("vjp", problem), cotangent: jsonValue(u), value: jsonValue(value as Value), vjp: byVariable(vars, result) });
  const rows: [string, string][] = [["f", show(style, value as Value)], ...vars.map((v, i): [string, string] => [`uᵀJ w.r.t. ${v}`, show(style, result[i]!)])];
  return `${header(style, problem, [`cotangent u = ${show(style, u)}`])}\n\n${labelled(rows)}`;
}
