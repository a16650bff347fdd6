// compileExpression: the language (every operator and function against plain JavaScript and
// against mathjs itself on tensors), the call conventions, and that the compiled function works
// under every transformation, including the notes' worked examples.
import test from "ava";
import { createRequire } from "node:module";
import {
  compileExpression, grad, jvp, vjp, jacobian, jacfwd, jacrev, hessian, valueAndGrad, traceGraph,
  tensor, Tensor, ShapeError, ExpressionError, TypeMismatchError, mul, sin, type Value,
} from "../../lib/index.ts";
import { notesExamples } from "../fixtures/notes-examples.ts";

const mathjs = createRequire(import.meta.url)("mathjs") as typeof import("mathjs");

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b));
const toArray = (v: Value): unknown => (typeof v === "number" ? v : v.toArray());

/** Deep comparison of nested arrays of numbers to a relative tolerance. */
function sameNumbers(a: unknown, b: unknown, tol = 1e-12): boolean {
  if (typeof a === "number" && typeof b === "number") return close(a, b, tol);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameNumbers(x, b[i], tol));
  return false;
}

test("default variables are the free symbols in natural alphabetical order; constants and functions are not variables", (t) => {
  t.deepEqual(compileExpression("z * x + y").vars, ["x", "y", "z"]);
  t.deepEqual(compileExpression("x10 + x2 + x1").vars, ["x1", "x2", "x10"]);
  t.deepEqual(compileExpression("W * x + b").vars, ["b", "W", "x"]);
  t.deepEqual(compileExpression("sin(pi * t) + e^tau").vars, ["t"]);
  t.deepEqual(compileExpression("2 + 3").vars, []);
  const f = compileExpression("x - y", { vars: ["y", "x"] });
  t.deepEqual(f.vars, ["y", "x"]);
  t.is(f.source, "x - y");
  t.is(f(1, 10), 9, "arguments follow vars");
  t.is(f.length, 2);
});

test("a listed variable shadows a constant; unused listed variables are allowed", (t) => {
  const f = compileExpression("e * x", { vars: ["e", "x", "unused"] });
  t.is(f(2, 3, 100), 6);
  t.is(compileExpression("e * x")(3), 3 * Math.E);
});

test("the compiled function takes positional values or one scope object, and checks them", (t) => {
  const f = compileExpression("x / y");
  t.is(f(1, 4), 0.25);
  t.is(f({ y: 4, x: 1 }), 0.25);
  t.throws(() => f(1), { instanceOf: ExpressionError, message: /takes 2 arguments \(variables x, y, in that order\), got 1/ });
  t.throws(() => f({ x: 1 }), { instanceOf: ExpressionError, message: /no value for y/ });
  t.throws(() => f({ x: 1, y: 2, z: 3 }), { instanceOf: ExpressionError, message: /gives z, which is not a variable/ });
  t.throws(() => f(1, "2" as never), { instanceOf: TypeMismatchError, message: /value of y is the string "2"/ });
  t.is(compileExpression("2 * pi")(), 2 * Math.PI);
});

// Every scalar function against plain JavaScript at a few points. Note mathjs's rule that
// implicit multiplication binds tighter than division: x / 2y is x / (2 y).
const scalarCases: [string, (x: number, y: number) => number][] = [
  ["x + y", (x, y) => x + y], ["x - y", (x, y) => x - y], ["x * y", (x, y) => x * y], ["x / y", (x, y) => x / y],
  ["x ^ y", (x, y) => x ** y], ["x .* y", (x, y) => x * y], ["x ./ y", (x, y) => x / y], ["x .^ y", (x, y) => x ** y],
  ["-x", (x) => -x], ["+x", (x) => x], ["x'", (x) => x], ["-x^2", (x) => -(x ** 2)], ["2^-x", (x) => 2 ** -x],
  ["2^3^x", (x) => 2 ** (3 ** x)], ["2x y", (x, y) => 2 * x * y], ["3(x + y)", (x, y) => 3 * (x + y)], ["x / 2y", (x, y) => x / (2 * y)],
  ["sin(x)", Math.sin], ["cos(x)", Math.cos], ["tan(x)", Math.tan], ["asin(x / 4)", (x) => Math.asin(x / 4)],
  ["acos(x / 4)", (x) => Math.acos(x / 4)], ["atan(x)", Math.atan], ["atan2(x, y)", Math.atan2],
  ["sinh(x)", Math.sinh], ["cosh(x)", Math.cosh], ["tanh(x)", Math.tanh], ["asinh(x)", Math.asinh],
  ["acosh(x^2 + 1)", (x) => Math.acosh(x * x + 1)], ["atanh(x / 4)", (x) => Math.atanh(x / 4)],
  ["exp(x)", Math.exp], ["expm1(x)", Math.expm1], ["log(y)", (_x, y) => Math.log(y)], ["log(y, 3)", (_x, y) => Math.log(y) / Math.log(3)],
  ["log1p(y)", (_x, y) => Math.log1p(y)], ["log1p(y, 2)", (_x, y) => Math.log1p(y) / Math.LN2], ["log2(y)", (_x, y) => Math.log2(y)],
  ["log10(y)", (_x, y) => Math.log10(y)], ["sqrt(y)", (_x, y) => Math.sqrt(y)], ["cbrt(x)", Math.cbrt],
  ["nthRoot(y)", (_x, y) => Math.sqrt(y)], ["nthRoot(x, 3)", Math.cbrt], ["nthRoot(x - 10, 5)", (x) => -(Math.abs(x - 10) ** (1 / 5))],
  ["nthRoot(y, 2.5)", (_x, y) => y ** (1 / 2.5)], ["square(x)", (x) => x * x], ["cube(x)", (x) => x ** 3],
  ["abs(x)", Math.abs], ["sign(x)", Math.sign], ["pow(x, y)", (x, y) => x ** y],
  ["max(x, y, 1)", (x, y) => Math.max(x, y, 1)], ["min(x, y, 1)", (x, y) => Math.min(x, y, 1)], ["max(x)", (x) => x],
  ["hypot(x, y)", Math.hypot], ["hypot(x, y, 2)", (x, y) => Math.hypot(x, y, 2)], ["hypot(x)", (x) => Math.abs(x)],
  ["sum(x, y, 3)", (x, y) => x + y + 3], ["mean(x, y, 3)", (x, y) => (x + y + 3) / 3], ["sum(x)", (x) => x],
  ["add(x, y, 1)", (x, y) => x + y + 1], ["subtract(x, y)", (x, y) => x - y], ["multiply(x, y, 2)", (x, y) => 2 * x * y],
  ["divide(x, y)", (x, y) => x / y], ["dotMultiply(x, y)", (x, y) => x * y], ["dotDivide(x, y)", (x, y) => x / y],
  ["dotPow(y, x)", (x, y) => y ** x], ["unaryMinus(x)", (x) => -x], ["unaryPlus(x)", (x) => x],
  ["pi * x + e - tau", (x) => Math.PI * x + Math.E - 2 * Math.PI], ["PI + E", () => Math.PI + Math.E], ["2e-1 * x + .5 + 0x10", (x) => 0.2 * x + 0.5 + 16],
];

for (const [source, plain] of scalarCases) {
  test(`scalar semantics: ${source}`, (t) => {
    const f = compileExpression(source, { vars: ["x", "y"] });
    for (const [x, y] of [[1.3, 0.7], [-0.6, 2.5], [2, 3]] as const) {
      const got = f(x, y) as number;
      t.is(typeof got, "number");
      t.true(close(got, plain(x, y)), `${source} at (${x}, ${y}): got ${got}, expected ${plain(x, y)}`);
    }
  });
}

// Tensor semantics against mathjs itself (mathjs evaluate on our own fixed test strings).
const A = [[1, 2], [3, -4]];
const B = [[0.5, -1], [2, 1.5]];
const u = [1, -2];
const v = [3, 0.5];
const tensorCases: { source: string; scope: Record<string, unknown>; mathjsSource?: string }[] = [
  { source: "A * B", scope: { A, B } },
  { source: "A * u", scope: { A, u } },
  { source: "u * A", scope: { A, u } },
  { source: "u * v", scope: { u, v } },
  { source: "u' * v", scope: { u, v } },
  { source: "A'", scope: { A } },
  { source: "transpose(A) * B", scope: { A, B } },
  { source: "A .* B - 2 * A + B ./ 4", scope: { A, B } },
  { source: "A .^ 2", scope: { A } },
  { source: "A ^ 3", scope: { A } },
  { source: "A ^ 0", scope: { A } },
  { source: "A / 2 + 1", scope: { A } },
  { source: "[u * v, 2, x]", scope: { u, v, x: 5 } },
  { source: "[[x, 1], [2, x^2]]", scope: { x: 3 } },
  { source: "[x, 1; 2, x^2] * u", scope: { x: 3, u } },
  { source: "sum(A)", scope: { A } },
  { source: "sum(A, 1)", scope: { A } },
  { source: "sum(A, 2)", scope: { A } },
  { source: "mean(A, 1)", scope: { A } },
  { source: "mean(B)", scope: { B } },
  { source: "max(A, 1) + min(B, 2)", scope: { A, B } },
  { source: "max(A) - min(B)", scope: { A, B } },
  { source: "hypot(u)", scope: { u } },
  { source: "dot(u, v)", scope: { u, v } },
  { source: "abs(A)", scope: { A } },
  { source: "exp(u)", scope: { u }, mathjsSource: "map(u, exp)" },
  { source: "sin(A) .* cos(B)", scope: { A, B }, mathjsSource: "map(A, sin) .* map(B, cos)" },
];

for (const { source, scope, mathjsSource } of tensorCases) {
  test(`tensor semantics match mathjs: ${source}`, (t) => {
    const f = compileExpression(source);
    const args = f.vars.map((name) => {
      const x = scope[name];
      return typeof x === "number" ? x : tensor(x as number[]);
    });
    const ours = toArray(f(...args));
    const theirs = mathjs.evaluate(mathjsSource ?? source, { ...scope });
    const expected = typeof theirs === "number" || Array.isArray(theirs) ? theirs : (theirs as { toArray(): unknown }).toArray();
    t.true(sameNumbers(ours, expected), `${source}: ours ${JSON.stringify(ours)}, mathjs ${JSON.stringify(expected)}`);
  });
}

test("values are real: where mathjs would give a complex number, the result is NaN", (t) => {
  t.true(Number.isNaN(compileExpression("sqrt(x)")(-1) as number));
  t.true(Number.isNaN(compileExpression("log(x)")(-1) as number));
  t.true(Number.isNaN(compileExpression("nthRoot(x, 2)")(-4) as number));
});

test("matrix power is differentiable in the matrix and agrees with repeated products", (t) => {
  const M = tensor([[0.5, 1], [-1, 2]]);
  const viaPower = compileExpression("sum(A ^ 5)");
  const viaProducts = compileExpression("sum(A * A * A * A * A)");
  t.true(close(viaPower(M) as number, viaProducts(M) as number));
  const g1 = grad(viaPower)(M) as Tensor;
  const g2 = grad(viaProducts)(M) as Tensor;
  t.true(sameNumbers(g1.toArray(), g2.toArray(), 1e-12));
});

test("the compiled function works under every transformation", (t) => {
  const f = compileExpression("x*y + sin(x)");
  t.deepEqual(grad(f, { argnums: [0, 1] })(2, 3), [3 + Math.cos(2), 2]);
  t.deepEqual(grad(f)({ x: 2, y: 3 }), { x: 3 + Math.cos(2), y: 2 });
  const [value, tangent] = jvp(f, [2, 3], [1, 0]);
  t.is(value, 6 + Math.sin(2));
  t.is(tangent, 3 + Math.cos(2));
  const [, pullback] = vjp(f, 2, 3);
  t.deepEqual(pullback(2), [2 * (3 + Math.cos(2)), 4]);
  t.true(close(grad(grad(f))(2, 3) as number, -Math.sin(2)));
  const H = hessian(f, { argnums: [0, 1] })(2, 3) as number[][];
  t.true(close(H[0]![0]!, -Math.sin(2)) && H[0]![1] === 1 && H[1]![0] === 1 && H[1]![1] === 0, JSON.stringify(H));
  // Perturbation confusion: d/dx [x * d/dy (x + y)] = 1.
  const inner = compileExpression("x + y");
  const outer = (x: number) => mul(x, grad((y: number) => inner(x, y))(1) as number);
  t.is(grad(outer)(3), 1);
  const vec = compileExpression("[x * y, sin(x), x + y]");
  for (const jac of [jacobian, jacfwd, jacrev]) {
    const [Jx, Jy] = jac(vec, { argnums: [0, 1] })(2, 3) as [Tensor, Tensor];
    t.deepEqual([Jx.toArray(), Jy.toArray()], [[3, Math.cos(2), 1], [2, 0, 1]], jac.name);
  }
});

for (const ex of notesExamples) {
  test(`notes example ${ex.id}: value and gradient in both modes from the expression string`, (t) => {
    const f = compileExpression(ex.expression, { vars: ex.vars });
    const argnums = ex.vars.map((_, i) => i);
    const [value, reverse] = valueAndGrad(f, { argnums })(...ex.at) as [number, number[]];
    t.true(close(value, ex.value), `value ${value} vs ${ex.value}`);
    ex.gradient.forEach((g, i) => {
      t.true(close(reverse[i]!, g, 1e-12), `reverse d/d${ex.vars[i]}: ${reverse[i]} vs ${g}`);
      const basis = ex.vars.map((_, k) => (k === i ? 1 : 0));
      const forward = jvp(f, ex.at as Value[], basis)[1] as number;
      t.true(close(forward, g, 1e-12), `forward d/d${ex.vars[i]}: ${forward} vs ${g}`);
    });
  });
}

test("repeated sub-expressions are computed once (one graph node), constants are folded", (t) => {
  const f = compileExpression("sqrt(x^2 + exp(x^2)) + cos(x^2 + exp(x^2))");
  const graph = traceGraph(f)(0.5);
  t.deepEqual(graph.nodes.map((n) => n.op), ["input", "pow", "exp", "add", "sqrt", "cos", "add"]);
  const folded = traceGraph(compileExpression("2 * pi * x + sin(pi / 2)"))(1);
  t.deepEqual(folded.nodes.map((n) => n.formula), ["x", `6.28319 * x`, "v1 + 1"]);
});

test("the functions option adds functions (differentiable when written with the library's ops)", (t) => {
  const f = compileExpression("twice(x) + sinc(x)", {
    functions: { twice: (x: Value) => mul(2, x), sinc: (x: Value) => compileExpression("sin(x) / x")(x) },
  });
  t.true(close(f(1) as number, 2 + Math.sin(1)));
  t.true(close(grad(f)(1) as number, 2 + Math.cos(1) - Math.sin(1)));
  t.throws(() => compileExpression("twice(x, y)", { functions: { twice: (x: Value) => mul(2, x) } }), { message: /twice takes 1 argument, got 2/ });
  const override = compileExpression("sin(x)", { functions: { sin: (x: Value) => mul(3, sin(x)) } });
  t.true(close(override(1) as number, 3 * Math.sin(1)));
});

test("errors while running keep their class and point at the part of the formula that failed", (t) => {
  const f = compileExpression("sum(A * x) + 1");
  const error = t.throws(() => f(tensor([[1, 2]]), tensor([1, 2, 3])), { instanceOf: ShapeError });
  t.regex(error!.message, /^matmul: .*\nThis happened while computing `A \* x` \(chars 5-9 of the expression\):\n {4}sum\(A \* x\) \+ 1\n {8}\^\^\^\^\^$/s);
  t.true(error!.cause instanceof ShapeError);
  t.throws(() => compileExpression("x / y")(1, tensor([1, 2])), { instanceOf: ExpressionError, message: /use \.\/ to divide elementwise.*chars 1-5/is });
  t.throws(() => compileExpression("A ^ k")(tensor([[1, 2], [3, 4]]), 1.5), { instanceOf: ExpressionError, message: /constant integer k >= 0/ });
  t.throws(() => compileExpression("max(x, y, 1)")(tensor([1, 2]), 3), { instanceOf: ExpressionError, message: /max\(a, b, \.\.\.\) takes numbers, but argument 1 has shape \[2\]/ });
  t.throws(() => compileExpression("max(x, y)")(tensor([1, 2]), 3), { instanceOf: ExpressionError, message: /dim must be a constant integer from 1 to 1/ });
});
