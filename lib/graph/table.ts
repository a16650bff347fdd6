/**
 * A computation graph as the text table the lecture notes draw: one row per node, in evaluation
 * order, with its formula, forward value and adjoint.
 * @module
 */
import { formatValue, renderTextTable } from "./format.ts";
import { checkGraph, type ComputationGraph, type GraphNode } from "./trace.ts";

/** Options of {@link renderGraphTable}. */
export interface GraphTableOptions {
  /** Significant digits of values and adjoints (default 6); `"exact"` prints every digit. */
  digits?: number | "exact";
  /** Extra columns after the standard ones, e.g. the notes' names of the nodes. */
  columns?: readonly {
    /** The column's title. */
    readonly header: string;
    /** The text of the column for one node. */
    readonly cell: (node: GraphNode) => string;
  }[];
}

/**
 * Renders a {@link ComputationGraph} as an aligned text table: node, formula, value and (when
 * the graph has them) the adjoint dF/d(node); the output row is marked.
 * @example
 * ```ts
 * import { traceGraph, renderGraphTable, compileExpression } from "cotangent";
 * const graph = traceGraph(compileExpression("x / (x + y)"))(-1, 2);
 * console.log(renderGraphTable(graph).split("\n")); // [ 'node  formula  value  dF/dnode', 'x     input    -1     2', 'y     input     2     1', 'v1    x + y     1     1', 'v2    x / v1   -1     1         output' ]
 * ```
 */
export function renderGraphTable(graph: ComputationGraph, options: GraphTableOptions = {}): string {
  checkGraph("renderGraphTable", graph);
  const digits = options.digits === "exact" ? undefined : (options.digits ?? 6);
  const outputs = new Set(graph.outputs);
  const extra = options.columns ?? [];
  const headers = ["node", "formula", "value", ...(graph.hasAdjoints ? ["dF/dnode"] : []), ...extra.map((c) => c.header), ""];
  const rows = graph.nodes.map((n) => [
    n.name,
    n.op === "input" ? "input" : n.formula,
    formatValue(n.value, digits),
    ...(graph.hasAdjoints ? [n.adjoint === null ? "" : formatValue(n.adjoint, digits)] : []),
    ...extra.map((c) => c.cell(n)),
    outputs.has(n.id) ? "output" : "",
  ]);
  return renderTextTable(headers, rows);
}
