/**
 * `cotangent grad`: value and gradient of a scalar formula, in one reverse-mode pass.
 * @module
 */
import { shapeOf, type Value } from "../../core/value.ts";
import { valueAndGrad } from "../../api/grad.ts";
import { formatShape } from "../../tensor/shape.ts";
import { UsageError } from "../usage-error.ts";
import { byVariable, header, jsonHeader, jsonValue, labelled, show } from "../output.ts";
import type { CommandContext } from "./context.ts";

/** Prints f and df/dvar for every variable (tensors of partials for tensor variables). */
export function gradCommand({ problem, style, json }: CommandContext): string {
  const { f, vars, point } = problem;
  let value: Value;
  let gradient: Value[];
  if (vars.length === 0) {
    value = f();
    gradient = [];
  } else {
    const probe = f(...point);
    if (shapeOf(probe).length !== 0) {
      throw new UsageError(`grad needs a scalar formula, but this one has shape ${formatShape(shapeOf(probe))}. Use jacobian for every partial derivative, or vjp.`);
    }
    [value, gradient] = valueAndGrad(f, { argnums: vars.map((_, i) => i) })(...point) as [Value, Value[]];
  }
  if (json) return JSON.stringify({ ...jsonHeader("grad", problem), value: jsonValue(value), gradient: byVariable(vars, gradient) });
  const rows: [string, string][] = [["f", show(style, value)], ...vars.map((v, i): [string, string] => [`df/d${v}`, show(style, gradient[i]!)])];
  return `${header(style, problem)}\n\n${labelled(rows)}`;
}
