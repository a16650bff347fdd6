/**
 * `cotangent hessian`: the Hessian of a scalar formula over all input elements
 * (forward-over-reverse).
 * @module
 */
import { shapeOf, type Value } from "../../core/value.ts";
import { hessian } from "../../api/hessian.ts";
import { formatShape } from "../../tensor/shape.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { UsageError } from "../usage-error.ts";
import { flatInputs } from "../problem.ts";
import { header, jsonHeader, jsonValue, labelled, matrixTable, show } from "../output.ts";
import type { CommandContext } from "./context.ts";

/** Prints f and its Hessian over all input elements. */
export function hessianCommand({ problem, style, json }: CommandContext): string {
  const value = problem.f(...problem.point);
  if (shapeOf(value).length !== 0) {
    throw new UsageError(`hessian needs a scalar formula, but this one has shape ${formatShape(shapeOf(value))}. Reduce it (e.g. sum(...)) first.`);
  }
  const flat = flatInputs(problem);
  const n = flat.labels.length;
  const F = (x: Value) => problem.f(...flat.unflatten(x));
  const H = n === 0 ? null : (hessian(F)(flat.x) as Tensor);
  const entry = (i: number, j: number) => H!.data[i * n + j]!;
  if (json) {
    const matrix = flat.labels.map((_, i) => flat.labels.map((__, j) => jsonValue(entry(i, j))));
    return JSON.stringify({ ...jsonHeader("hessian", problem), value: jsonValue(value), inputs: flat.labels, hessian: matrix });
  }
  const head = `${header(style, problem)}\n\n${labelled([["f", show(style, value)]])}`;
  if (H === null) return `${head}\n\nThe formula has no variables, so the Hessian is empty.`;
  return `${head}\n\nHessian (${n} × ${n})\n${matrixTable(style, flat.labels, flat.labels.map((c) => `d/d${c}`), entry)}`;
}
