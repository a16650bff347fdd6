/**
 * `cotangent jvp`: value and directional derivative J·v, in one forward-mode pass.
 * @module
 */
import { shapeOf, type Value } from "../../core/value.ts";
import { jvp } from "../../api/jvp.ts";
import { formatShape, sameShape } from "../../tensor/shape.ts";
import { zeros } from "../../tensor/creation.ts";
import { UsageError } from "../usage-error.ts";
import { parseAssignments } from "../values.ts";
import { byVariable, header, jsonHeader, jsonValue, labelled, show } from "../output.ts";
import type { CommandContext } from "./context.ts";

/** Prints f and J·v for the --tangent v (unlisted variables get a zero tangent). */
export function jvpCommand({ problem, invocation, style, json }: CommandContext): string {
  const { f, vars, point } = problem;
  const given = parseAssignments("--tangent", invocation.values.get("tangent") ?? []);
  if (given.size === 0) throw new UsageError("jvp needs a direction: --tangent x=1 (variables not listed get 0).");
  const unknown = [...given.keys()].filter((k) => !vars.includes(k));
  if (unknown.length > 0) throw new UsageError(`--tangent gives ${unknown.join(", ")}, which the expression does not use; its variables are ${vars.join(", ")}.`);
  const tangent: Value[] = vars.map((v, i) => {
    const shape = shapeOf(point[i]!);
    const t = given.get(v);
    if (t === undefined) return shape.length === 0 ? 0 : zeros(shape);
    if (!sameShape(shapeOf(t), shape)) throw new UsageError(`--tangent: ${v} has shape ${formatShape(shape)} but its tangent has shape ${formatShape(shapeOf(t))}.`);
    return t;
  });
  const [value, derivative] = jvp(f, [...point], tangent) as [Value, Value];
  if (json) return JSON.stringify({ ...jsonHeader("jvp", problem), tangent: byVariable(vars, tangent), value: jsonValue(value), jvp: jsonValue(derivative) });
  const along = vars.map((v, i) => `${v} = ${show(style, tangent[i]!)}`).join(", ");
  return `${header(style, problem, [`along v: ${along}`])}\n\n${labelled([["f", show(style, value)], ["J·v", show(style, derivative)]])}`;
}
