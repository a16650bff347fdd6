/**
 * `cotangent jacobian`: the Jacobian over all input elements, with the mode that computed it and
 * why (lib/api/jacobian.ts's chooseJacobianMode).
 * @module
 */
import type { Value } from "../../core/value.ts";
import { chooseJacobianMode, jacobian } from "../../api/jacobian.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { UsageError } from "../usage-error.ts";
import { single } from "../argv.ts";
import { flatInputs, flatOutput, outputLabels } from "../problem.ts";
import { header, jsonHeader, jsonValue, labelled, matrixTable, show } from "../output.ts";
import type { CommandContext } from "./context.ts";

const MODES = ["auto", "forward", "reverse"] as const;

/** Prints the Jacobian over all input elements and which mode computed it, and why. */
export function jacobianCommand({ problem, invocation, style, json }: CommandContext): string {
  const requested = single(invocation, "mode") ?? "auto";
  if (!(MODES as readonly string[]).includes(requested)) throw new UsageError(`--mode must be auto, forward or reverse, got ${JSON.stringify(requested)}.`);
  const flat = flatInputs(problem);
  const value = problem.f(...problem.point);
  const rows = outputLabels(problem, value);
  const columns = flat.labels;
  const n = columns.length;
  const m = rows.length;
  const auto = chooseJacobianMode(n, m);
  const mode = requested === "auto" ? auto.mode : (requested as "forward" | "reverse");
  const reason = requested === "auto" ? `auto: ${auto.reason}` : `as requested; auto would choose ${auto.mode} (${auto.reason})`;
  const F = (x: Value) => flatOutput(problem.f(...flat.unflatten(x)));
  const J = n === 0 ? null : (jacobian(F, { mode })(flat.x) as Tensor);
  const entry = (i: number, j: number) => J!.data[i * n + j]!;
  if (json) {
    const matrix = rows.map((_, i) => columns.map((__, j) => jsonValue(entry(i, j))));
    return JSON.stringify({ ...jsonHeader("jacobian", problem), value: jsonValue(value), mode, requestedMode: requested, autoMode: auto.mode, autoReason: auto.reason, rows, columns, jacobian: matrix });
  }
  const head = `${header(style, problem)}\n\n${labelled([["f", show(style, value)], ["mode", `${mode} (${reason})`]])}`;
  if (J === null) return `${head}\n\nThe formula has no variables, so the Jacobian has no columns.`;
  return `${head}\n\nJacobian (${m} × ${n}): rows are outputs, columns inputs\n${matrixTable(style, rows, columns.map((c) => `d/d${c}`), entry)}`;
}
