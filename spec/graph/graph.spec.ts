// traceGraph and its renderings: the notes' hand-drawn forward/backward tables reappear in the
// recorded graph (every intermediate value with its adjoint dF/d(node)), for expression strings
// and for plain functions, and the table and DOT renderings show them.
import test from "ava";
import {
  traceGraph, renderGraphTable, renderGraphDot, compileExpression, grad, add, mul, exp, sum, tanh, matmul, tensor,
  Tensor, TransformError, type Value,
} from "../../lib/index.ts";
import { notesExamples } from "../fixtures/notes-examples.ts";

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

for (const ex of notesExamples.filter((e) => e.intermediates !== undefined)) {
  test(`notes example ${ex.id}: every row of the notes' table is a node with the same value and adjoint`, (t) => {
    const graph = traceGraph(compileExpression(ex.expression, { vars: ex.vars }))(...ex.at);
    t.true(graph.hasAdjoints);
    for (const row of ex.intermediates!) {
      const match = graph.nodes.find((n) => close(n.value as number, row.value) && (row.adjoint === undefined || close(n.adjoint as number, row.adjoint)));
      t.truthy(match, `${row.name} = ${row.formula} (value ${row.value}, adjoint ${row.adjoint}) not found in\n${renderGraphTable(graph, { digits: "exact" })}`);
    }
    // The inputs' adjoints are the gradient, and the output's adjoint is 1.
    graph.inputs.forEach((id, i) => t.true(close(graph.nodes[id]!.adjoint as number, ex.gradient[i]!), `dF/d${ex.vars[i]}`));
    t.is(graph.nodes[graph.outputs[0]!]!.adjoint, 1);
    t.true(close(graph.output as number, ex.value));
  });
}

test("the sqrt/exp/cos example has exactly the notes' six nodes, in their order", (t) => {
  const graph = traceGraph(compileExpression("sqrt(x^2 + exp(x^2)) + cos(x^2 + exp(x^2))"))(0.5);
  t.deepEqual(graph.nodes.map((n) => `${n.name} = ${n.formula}`), ["x = x", "v1 = x ^ 2", "v2 = exp(v1)", "v3 = v1 + v2", "v4 = sqrt(v3)", "v5 = cos(v3)", "v6 = v4 + v5"]);
  t.deepEqual(graph.nodes.map((n) => n.op), ["input", "pow", "exp", "add", "sqrt", "cos", "add"]);
  t.deepEqual(graph.nodes[3]!.operands, [{ kind: "node", id: 1 }, { kind: "node", id: 2 }]);
  t.deepEqual(graph.nodes[1]!.operands, [{ kind: "node", id: 0 }, { kind: "constant", value: 2 }]);
  t.deepEqual(graph.outputs, [6]);
});

test("a node used twice gets the sum of both paths (branching, notes 3.3)", (t) => {
  const graph = traceGraph(compileExpression("x / (x + y)"))(-1, 2);
  // x feeds the division directly (1/v1 = 1) and through v1 = x + y (-x/v1^2 = 1): 2 in all.
  t.is(graph.nodes[0]!.adjoint, 2);
  t.is(graph.nodes[1]!.adjoint, 1);
});

test("plain functions, container arguments, tensors, argnums and names", (t) => {
  const loss = (p: { W: Tensor; b: Tensor }, x: Tensor) => sum(tanh(add(matmul(p.W, x), p.b)));
  const params = { W: tensor([[0.5, -1], [2, 0.25]]), b: tensor([0.1, -0.2]) };
  const x = tensor([1, 2]);
  const graph = traceGraph(loss, { argnums: 0, names: ["p"] })(params, x);
  t.deepEqual(graph.nodes.filter((n) => n.op === "input").map((n) => n.name), ["p.W", "p.b"]);
  t.deepEqual(graph.nodes.map((n) => n.op).filter((op) => op !== "reshape"), ["input", "input", "matmul", "add", "tanh", "sum"]);
  const xOperand = graph.nodes[2]!.operands[1]!;
  t.true(xOperand.kind === "constant" && Array.from((xOperand.value as Tensor).data).join() === "1,2", "x is not traced: a constant operand");
  const g = grad(loss)(params, x) as { W: Tensor; b: Tensor };
  t.deepEqual((graph.nodes[0]!.adjoint as Tensor).toArray(), g.W.toArray());
  t.deepEqual((graph.nodes[1]!.adjoint as Tensor).toArray(), g.b.toArray());
  const defaultNames = traceGraph((a: Value, b: Value) => mul(a, exp(b)))(2, 0);
  t.deepEqual(defaultNames.nodes.map((n) => `${n.name} = ${n.formula}`), ["x1 = x1", "x2 = x2", "v1 = exp(x2)", "v2 = x1 * v1"]);
  t.deepEqual(traceGraph((v: Value) => mul(v, v))(3).nodes.map((n) => n.name), ["x", "v1"]);
  t.throws(() => traceGraph(loss, { names: ["a", "b", "c"] })(params, x), { instanceOf: TransformError, message: /one string per input argument \(2\)/ });
});

test("a vector output has no adjoints unless a cotangent seeds the backward pass", (t) => {
  const f = compileExpression("[x * y, x + y]");
  const plain = traceGraph(f)(2, 3);
  t.false(plain.hasAdjoints);
  t.true(plain.nodes.every((n) => n.adjoint === null));
  t.true(plain.output instanceof Tensor);
  const seeded = traceGraph(f, { cotangent: tensor([1, -1]) })(2, 3);
  t.true(seeded.hasAdjoints);
  t.deepEqual(seeded.inputs.map((id) => seeded.nodes[id]!.adjoint), [3 - 1, 2 - 1]);
});

test("an output that does not depend on the inputs has no output node, and zero adjoints", (t) => {
  const graph = traceGraph(compileExpression("2 + 3", { vars: ["x"] }))(5);
  t.deepEqual(graph.outputs, [-1] as number[]);
  t.deepEqual(graph.nodes.map((n) => [n.name, n.adjoint]), [["x", 0]]);
  t.is(graph.output, 5);
});

test("the table lists nodes in order with aligned numbers and marks the output", (t) => {
  const table = renderGraphTable(traceGraph(compileExpression("(x + y) * z"))(-2, 5, -4));
  t.deepEqual(table.split("\n"), [
    "node  formula  value  dF/dnode",
    "x     input     -2    -4",
    "y     input      5    -4",
    "z     input     -4     3",
    "v1    x + y      3    -4",
    "v2    v1 * z   -12     1        output",
  ]);
  const exact = renderGraphTable(traceGraph(compileExpression("x / 3"))(1), { digits: "exact", columns: [{ header: "note", cell: (n) => (n.op === "input" ? "given" : "") }] });
  t.regex(exact, /0\.3333333333333333/);
  t.regex(exact, /^node +formula +value +dF\/dnode +note/);
  t.regex(exact, /\bgiven\b/);
  const noAdjoints = renderGraphTable(traceGraph(compileExpression("[x, 2 x]"))(1));
  t.false(noAdjoints.includes("dF/dnode"));
  t.regex(noAdjoints, /stack|expandDims|concat/);
});

test("DOT output: inputs as ellipses, operations as boxes, constants as text, one edge per operand", (t) => {
  const dot = renderGraphDot(traceGraph(compileExpression("3 * (x * y + max(z, w))", { vars: ["x", "y", "z", "w"] }))(3, -4, 2, -1), { title: "gates" });
  t.true(dot.startsWith('digraph "gates" {') && dot.endsWith("}"));
  t.is((dot.match(/shape=ellipse/g) ?? []).length, 4);
  t.is((dot.match(/shape=box/g) ?? []).length, 4);
  t.is((dot.match(/shape=plaintext/g) ?? []).length, 1);
  t.is((dot.match(/->/g) ?? []).length, 8);
  t.regex(dot, /n7 \[shape=box, peripheries=2, label="v4 = 3 \* v3\\n= -30\\ndF\/dv4 = 1"\];/);
  t.regex(dot, /label="v2 = max\(z, w\)\\n= 2\\ndF\/dv2 = 3"/);
  t.regex(dot, /label="w\\n= -1\\ndF\/dw = 0"/);
});
