/**
 * A computation graph in Graphviz's DOT language: inputs as ellipses, operations as boxes
 * labelled with their formula, value and adjoint, constants as plain text, edges along the
 * data flow. Render with `dot -Tsvg graph.dot > graph.svg`.
 * @module
 */
import { formatValue } from "./format.ts";
import { checkGraph, type ComputationGraph } from "./trace.ts";

/** A DOT string literal. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** Options of {@link renderGraphDot}. */
export interface GraphDotOptions {
  /** Significant digits in the labels (default 4). */
  digits?: number;
  /** The graph's name (default "computation"). */
  title?: string;
}

/**
 * Renders a {@link ComputationGraph} as Graphviz DOT source, left to right as the notes draw
 * circuits; output nodes have a double border; each label holds the formula, the value and
 * (when computed) the adjoint.
 * @example
 * ```ts
 * import { traceGraph, renderGraphDot, compileExpression } from "cotangent";
 * const dot = renderGraphDot(traceGraph(compileExpression("x * y"))(3, 4));
 * console.log(dot.split("\n").filter((l) => l.includes("->")).length, dot.startsWith("digraph")); // 2 true
 * ```
 */
export function renderGraphDot(graph: ComputationGraph, options: GraphDotOptions = {}): string {
  checkGraph("renderGraphDot", graph);
  const digits = options.digits ?? 4;
  const outputs = new Set(graph.outputs);
  const lines = [
    `digraph ${quote(options.title ?? "computation")} {`,
    "  rankdir=LR;",
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [color="#555555"];',
  ];
  let constants = 0;
  for (const n of graph.nodes) {
    const adjoint = n.adjoint === null ? "" : `\ndF/d${n.name} = ${formatValue(n.adjoint, digits)}`;
    const head = n.op === "input" ? n.name : `${n.name} = ${n.formula}`;
    const shape = n.op === "input" ? "ellipse" : "box";
    const border = outputs.has(n.id) ? ", peripheries=2" : "";
    lines.push(`  n${n.id} [shape=${shape}${border}, label=${quote(`${head}\n= ${formatValue(n.value, digits)}${adjoint}`)}];`);
    for (const o of n.operands) {
      if (o.kind === "node") {
        lines.push(`  n${o.id} -> n${n.id};`);
      } else {
        const c = `c${++constants}`;
        lines.push(`  ${c} [shape=plaintext, fontcolor="#555555", label=${quote(formatValue(o.value, digits))}];`);
        lines.push(`  ${c} -> n${n.id};`);
      }
    }
  }
  lines.push("}");
  return lines.join("\n");
}
