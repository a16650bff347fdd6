/**
 * How the command prints: a short header (the function and the point), then aligned label/value
 * lines or tables; or one JSON object with `--json`.
 * @module
 */
import { concrete, type Value } from "../core/value.ts";
import { alignColumn, formatValue, renderTextTable } from "../graph/format.ts";
import type { Problem } from "./problem.ts";

/** Number formatting chosen with `--digits` (undefined: every digit). */
export interface Style {
  readonly digits: number | undefined;
}

/** A value as text in the chosen style. */
export function show(style: Style, v: Value): string {
  return formatValue(v, style.digits);
}

/** `f(x, z) = <expression>` and `at x = 2, z = 3`, then any extra lines. */
export function header(style: Style, problem: Problem, extra: readonly string[] = []): string {
  const expr = problem.outputs.length > 1 ? `[${problem.outputs.join(", ")}]` : problem.source.trim();
  const at = problem.vars.map((v, i) => `${v} = ${show(style, problem.point[i]!)}`).join(", ");
  return [`f(${problem.vars.join(", ")}) = ${expr}`, problem.vars.length === 0 ? "(no variables)" : `at ${at}`, ...extra].join("\n");
}

/** Label/value lines: labels padded to one width, numeric values aligned on the decimal point. */
export function labelled(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  const values = alignColumn(rows.map(([, v]) => v));
  return rows.map(([l], i) => `${l.padEnd(width)}  ${values[i]}`.trimEnd()).join("\n");
}

/** A matrix with row and column labels. */
export function matrixTable(style: Style, rowLabels: readonly string[], columnLabels: readonly string[], entry: (i: number, j: number) => number): string {
  const rows = rowLabels.map((r, i) => [r, ...columnLabels.map((_, j) => show(style, entry(i, j)))]);
  return renderTextTable(["", ...columnLabels], rows);
}

/** A value for JSON: nested arrays for tensors; NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity". */
export function jsonValue(v: Value): unknown {
  const c = concrete(v);
  const num = (x: number) => (Number.isFinite(x) ? x : String(x));
  if (typeof c === "number") return num(c);
  if (c.shape.length === 0) return num(c.data[0]!);
  let at = 0;
  const build = (axis: number): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < c.shape[axis]!; i++) out.push(axis === c.shape.length - 1 ? num(c.data[at++]!) : build(axis + 1));
    return out;
  };
  return build(0);
}

/** `{ x: ..., z: ... }` from the variables and one value per variable. */
export function byVariable(vars: readonly string[], values: readonly Value[]): Record<string, unknown> {
  return Object.fromEntries(vars.map((v, i) => [v, jsonValue(values[i]!)]));
}

/** The JSON fields every command shares. */
export function jsonHeader(command: string, problem: Problem): Record<string, unknown> {
  return {
    command,
    expression: problem.source,
    ...(problem.outputs.length > 1 ? { outputs: problem.outputs } : {}),
    vars: problem.vars,
    at: byVariable(problem.vars, problem.point),
  };
}
