/**
 * `cotangent graph`: the computation graph with forward values and adjoints, as a table or as
 * Graphviz DOT.
 * @module
 */
import type { Value } from "../../core/value.ts";
import { traceGraph } from "../../graph/trace.ts";
import { renderGraphTable } from "../../graph/table.ts";
import { renderGraphDot } from "../../graph/dot.ts";
import { single } from "../argv.ts";
import { header, jsonHeader, jsonValue } from "../output.ts";
import { cotangentFor } from "./vjp.ts";
import type { CommandContext } from "./context.ts";

/** Prints the computation graph: a table with values and adjoints, DOT with --dot, or JSON. */
export function graphCommand({ problem, invocation, style, json }: CommandContext): string {
  const { f, vars, point } = problem;
  const option = single(invocation, "cotangent");
  const cotangent = option === undefined ? undefined : cotangentFor(option, f(...point));
  const graph = traceGraph(f, { names: vars, ...(cotangent === undefined ? {} : { cotangent }) })(...point);
  if (json) {
    const nodes = graph.nodes.map((n) => ({
      id: n.id,
      name: n.name,
      op: n.op,
      formula: n.formula,
      operands: n.operands.map((o) => (o.kind === "node" ? { node: o.id } : { constant: jsonValue(o.value) })),
      value: jsonValue(n.value),
      ...(n.adjoint === null ? {} : { adjoint: jsonValue(n.adjoint) }),
    }));
    return JSON.stringify({ ...jsonHeader("graph", problem), output: jsonValue(graph.output as Value), outputs: graph.outputs, nodes });
  }
  if (invocation.flags.has("dot")) return renderGraphDot(graph, { digits: style.digits ?? 4 });
  const note = graph.hasAdjoints ? "dF/dnode is the adjoint: the derivative of the output with respect to the node." : "No adjoints: the output is not a scalar (give --cotangent to seed the backward pass).";
  return `${header(style, problem)}\n\n${renderGraphTable(graph, { digits: style.digits ?? 6 })}\n\n${note}`;
}
