/**
 * Values on the command line: `--at x=2,W=[[1,2],[3,4]],t=pi/4`. Each value is itself a
 * constant formula (numbers, pi, e, tau, arithmetic, `[...]` for tensors), compiled with the
 * same expression language and no variables.
 * @module
 */
import type { Value } from "../core/value.ts";
import { ExpressionError } from "../errors.ts";
import { compileExpression } from "../expr/compile.ts";
import { UsageError } from "./usage-error.ts";

/**
 * Splits at the commas that are not inside brackets or parentheses: `x=[1,2],y=3` gives
 * `x=[1,2]` and `y=3`. Pieces are trimmed; empty pieces are dropped.
 */
export function splitTopLevel(text: string): { text: string; start: number }[] {
  const pieces: { text: string; start: number }[] = [];
  let depth = 0;
  let from = 0;
  const push = (end: number) => {
    const raw = text.slice(from, end);
    const lead = raw.length - raw.trimStart().length;
    if (raw.trim() !== "") pieces.push({ text: raw.trim(), start: from + lead });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      push(i);
      from = i + 1;
    }
  }
  push(text.length);
  return pieces;
}

/** A constant formula's value (`2`, `-1.5e-3`, `pi/4`, `[1, 2]`, `[[1, 0], [0, 1]]`). */
export function parseValue(option: string, name: string, text: string): Value {
  try {
    return compileExpression(text, { vars: [] })();
  } catch (e) {
    if (e instanceof ExpressionError) {
      throw new UsageError(`${option}: the value of ${name} is not a number or a constant formula.\n${e.message.replace(/^compileExpression: /, "")}`);
    }
    throw e;
  }
}

/**
 * Parses the assignments of `--at`, `--tangent`: every occurrence of the option, each a
 * comma-separated list of `name=value`. A name given twice is an error.
 */
export function parseAssignments(option: string, occurrences: readonly string[]): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const occurrence of occurrences) {
    for (const { text } of splitTopLevel(occurrence)) {
      const eq = text.indexOf("=");
      const name = eq < 0 ? "" : text.slice(0, eq).trim();
      if (eq < 0 || name === "" || !/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)) {
        throw new UsageError(`${option}: expected name=value pairs such as ${option} x=2,y=3, got ${JSON.stringify(text)}.`);
      }
      if (values.has(name)) throw new UsageError(`${option}: ${name} is given twice.`);
      values.set(name, parseValue(option, name, text.slice(eq + 1).trim()));
    }
  }
  return values;
}
