/**
 * Tour, part 1: the lecture notes' worked examples. Each formula string is compiled, its graph
 * printed the way the notes draw it (forward values, then adjoints from one backward pass), and
 * the gradient computed four ways: forward mode, reverse mode, mathjs's symbolic derivative and
 * the notes' hand derivation.
 * @module
 */
import { createRequire } from "node:module";
import { compileExpression, grad, jvp, traceGraph, renderGraphTable, type GraphNode } from "../../lib/index.ts";
import { formatNumber, renderTextTable } from "../../lib/graph/format.ts";
import { notesExamples, type NotesExample } from "../../spec/fixtures/notes-examples.ts";
import { aside, block, heading, line, paragraph } from "./print.ts";

const mathjs = createRequire(import.meta.url)("mathjs") as typeof import("mathjs");

/** The examples shown, with what to notice in each. */
const TOUR: readonly { id: string; title: string; notice: string }[] = [
  {
    id: "sqrt-exp-cos-x0.5",
    title: "f(x) = sqrt(x^2 + exp(x^2)) + cos(x^2 + exp(x^2)) at x = 0.5",
    notice: "The notes' running example. The formula spells x^2 + exp(x^2) twice; the compiled function computes it once, so the graph is exactly the notes' a, b, c, d, e, f, and the adjoint of c collects both of its uses.",
  },
  {
    id: "add-mul-xyz",
    title: "f(x, y, z) = (x + y) z at (-2, 5, -4)",
    notice: "The add gate hands its output gradient to both inputs unchanged; the multiply gate swaps: df/dz is the other input, x + y = 3.",
  },
  {
    id: "div-branch",
    title: "f(x, y) = x / (x + y) at (-1, 2)",
    notice: "x reaches f along two paths (directly into the division, and through x + y); the gradients of the two paths add up to 2.",
  },
  {
    id: "gates-add-mul-max",
    title: "f(x, y, z, w) = 3 (x y + max(z, w)) at (3, -4, 2, -1)",
    notice: "max routes the whole gradient to its larger input: z gets 3, w gets 0. mathjs has no derivative rule for max.",
  },
  {
    id: "cmu-exp-log-sin",
    title: "y = exp(x z) + x z / ln(x) + sin(ln(x)) / (x z) at x = 2, z = 3",
    notice: "The CMU lecture's graph: a = x z and b = ln x are each computed once and feed three later nodes.",
  },
  {
    id: "logistic-neuron",
    title: "the logistic neuron f = 1 / (1 + exp(-(w0 + w1 x1 + w2 x2)))",
    notice: "The notes' code listing with w = (-3, 2, -3), x = (-1, -2): the neuron outputs 0.73, and the gradient with respect to the weights is what training follows.",
  },
];

const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

/** The notes' name and formula of the node with the same value and adjoint, if any. */
function notesName(ex: NotesExample, node: GraphNode): string {
  if (node.op === "input") return "";
  const row = ex.intermediates?.find((r) => close(node.value as number, r.value) && (r.adjoint === undefined || close(node.adjoint as number, r.adjoint)));
  return row === undefined ? "" : `${row.name} = ${row.formula}`;
}

/** mathjs's symbolic derivative at the point, or why there is none. */
function symbolic(ex: NotesExample, variable: string): string {
  const scope = Object.fromEntries(ex.vars.map((v, i) => [v, ex.at[i]!]));
  try {
    return formatNumber(mathjs.derivative(ex.expression, variable).evaluate(scope) as number);
  } catch {
    return "(no rule)";
  }
}

/** Prints one worked example; returns the largest disagreement among the four gradients. */
function showExample(ex: NotesExample, title: string, notice: string, index: number): number {
  heading(`1.${index}  ${title}`);
  paragraph(notice);
  const f = compileExpression(ex.expression, { vars: ex.vars });
  const graph = traceGraph(f)(...ex.at);
  aside(`compileExpression(${JSON.stringify(ex.expression)})`);
  block(renderGraphTable(graph, { columns: [{ header: "in the notes", cell: (n) => notesName(ex, n) }] }), 4);

  const argnums = ex.vars.map((_, i) => i);
  const reverse = grad(f, { argnums })(...ex.at) as number[];
  let worst = 0;
  const rows = ex.vars.map((v, i) => {
    const forward = jvp(f, ex.at, ex.vars.map((_, k) => (k === i ? 1 : 0)))[1] as number;
    const bySymbols = symbolic(ex, v);
    for (const other of [forward, reverse[i]!, ...(bySymbols === "(no rule)" ? [] : [Number(bySymbols)])]) {
      worst = Math.max(worst, Math.abs(other - ex.gradient[i]!) / Math.max(1, Math.abs(ex.gradient[i]!)));
    }
    return [`df/d${v}`, formatNumber(forward), formatNumber(reverse[i]!), bySymbols, formatNumber(ex.gradient[i]!)];
  });
  line();
  block(renderTextTable(["", "forward (jvp)", "reverse (grad)", "mathjs derivative", "notes, by hand"], rows), 4);
  return worst;
}

/** Part 1 of the tour. */
export function notesSection(): void {
  paragraph(
    "Each formula below is a plain string compiled with compileExpression. The table is its computation graph as " +
      "traceGraph records it: every node in evaluation order with its forward value and its adjoint dF/dnode from " +
      "one backward pass; the last column names the same node in the notes. Below it, the gradient four ways.",
  );
  let worst = 0;
  TOUR.forEach(({ id, title, notice }, i) => {
    const ex = notesExamples.find((e) => e.id === id);
    if (ex === undefined) throw new Error(`the notes fixtures have no example ${id}`);
    worst = Math.max(worst, showExample(ex, title, notice, i + 1));
  });
  heading(`All ${TOUR.length} examples: the four ways agree to ${worst === 0 ? "the last bit" : `a relative ${worst.toExponential(1)}`}.`);
}
