// The `cotangent` command in-process (runCli is what lib/cli/main.ts calls with process.argv):
// every subcommand's output, the value syntax, and the usage errors.
import test from "ava";
import { runCli } from "../../lib/cli/program.ts";

function cli(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function json(...argv: string[]): any {
  const run = cli(...argv, "--json");
  if (run.code !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

test("grad: tensor variables get tensors of partials; --digits rounds", (t) => {
  const run = cli("grad", "x' * A * x", "--at", "x=[1,2],A=[[2,0],[0,3]]");
  t.is(run.code, 0, run.stderr);
  t.is(run.stdout, "f(A, x) = x' * A * x\nat A = [[2, 0], [0, 3]], x = [1, 2]\n\nf      14\ndf/dA  [[1, 2], [2, 4]]\ndf/dx  [4, 12]\n");
  t.regex(cli("grad", "x / 3", "--at", "x=1", "--digits", "3").stdout, /\nf      0\.333\ndf\/dx  0\.333\n$/);
  t.regex(cli("grad", "[x, x]", "--at", "x=1").stderr, /grad needs a scalar formula, but this one has shape \[2\]/);
});

test("values on the command line are constant formulas", (t) => {
  const out = json("grad", "sin(t) * k", "--at", "t=pi/6,k=2^3");
  t.true(Math.abs(out.at.t - Math.PI / 6) < 1e-15);
  t.is(out.at.k, 8);
  t.true(Math.abs(out.value - 4) < 1e-14);
  const bad = cli("grad", "x", "--at", "x=y+1");
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--at: the value of x is not a number or a constant formula/);
  t.regex(cli("grad", "x", "--at", "x").stderr, /expected name=value pairs/);
  t.regex(cli("grad", "x", "--at", "x=1,x=2").stderr, /x is given twice/);
  t.regex(cli("grad", "x", "--at", "x=1,y=2").stderr, /--at gives y, which the expression does not use; its variables are x/);
});

test("--vars sets the order and may list unused variables", (t) => {
  const out = json("grad", "x - y", "--vars", "y,x,w", "--at", "x=1,y=5,w=0");
  t.deepEqual(out.vars, ["y", "x", "w"]);
  t.deepEqual(out.gradient, { y: -1, x: 1, w: 0 });
  t.regex(cli("grad", "x - q", "--vars", "x", "--at", "x=1").stderr, /unknown symbol `q`/);
});

test("jvp: the directional derivative; unlisted variables get 0; shapes are checked", (t) => {
  t.deepEqual(json("jvp", "x^2 * z", "--at", "x=2,z=3", "--tangent", "x=1"), {
    command: "jvp", expression: "x^2 * z", vars: ["x", "z"], at: { x: 2, z: 3 }, tangent: { x: 1, z: 0 }, value: 12, jvp: 12,
  });
  t.deepEqual(json("jvp", "v .* v", "--at", "v=[1,2]", "--tangent", "v=[1,0]").jvp, [2, 0]);
  t.regex(cli("jvp", "x", "--at", "x=1").stderr, /jvp needs a direction: --tangent x=1/);
  t.regex(cli("jvp", "sum(v)", "--at", "v=[1,2]", "--tangent", "v=1").stderr, /v has shape \[2\] but its tangent has shape \[\]/);
  const text = cli("jvp", "x*y", "--at", "x=2,y=3", "--tangent", "x=1,y=1").stdout;
  t.regex(text, /along v: x = 1, y = 1\n\nf    6\nJ·v  5\n$/);
});

test("vjp: uᵀJ for the given cotangent (default 1 for a scalar output)", (t) => {
  t.deepEqual(json("vjp", "x*y, sin(x)", "--at", "x=2,y=3", "--cotangent", "[1,-1]").vjp, { x: 3 - Math.cos(2), y: 2 });
  t.deepEqual(json("vjp", "x*y", "--at", "x=2,y=3").vjp, { x: 3, y: 2 });
  t.regex(cli("vjp", "[x, y]", "--at", "x=2,y=3").stderr, /give a cotangent of that shape, e\.g\. --cotangent \[1,1\]/);
  t.regex(cli("vjp", "[x, y]", "--at", "x=2,y=3", "--cotangent", "[1,2,3]").stderr, /--cotangent has shape \[3\], but the output has shape \[2\]/);
});

test("jacobian: rows are outputs, columns input elements; auto picks the cheaper mode; --mode forces one", (t) => {
  const tall = json("jacobian", "[sum(v .^ 2)]", "--at", "v=[1,2,3]");
  t.is(tall.mode, "reverse");
  t.is(tall.autoMode, "reverse");
  t.deepEqual(tall.rows, ["f[0]"]);
  t.deepEqual(tall.columns, ["v[0]", "v[1]", "v[2]"]);
  t.deepEqual(tall.jacobian, [[2, 4, 6]]);
  const forced = json("jacobian", "[sum(v .^ 2)]", "--at", "v=[1,2,3]", "--mode", "forward");
  t.is(forced.mode, "forward");
  t.deepEqual(forced.jacobian, tall.jacobian);
  const text = cli("jacobian", "x*y, sin(x)", "--at", "x=2,y=3", "--mode", "reverse").stdout;
  t.regex(text, /mode  reverse \(as requested; auto would choose forward \(2 input\(s\) <= 2 output\(s\)/);
  t.regex(text, /Jacobian \(2 × 2\): rows are outputs, columns inputs\n +d\/dx +d\/dy\nx\*y +3 +2\nsin\(x\) +-0\.4161468365471424 +0\n$/);
  const matrixInput = json("jacobian", "W * x", "--at", "W=[[1,2],[3,4]],x=[1,-1]");
  t.deepEqual(matrixInput.columns, ["W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]", "x[0]", "x[1]"]);
  t.deepEqual(matrixInput.jacobian, [[1, -1, 0, 0, 1, 2], [0, 0, 1, -1, 3, 4]]);
  t.regex(cli("jacobian", "x", "--at", "x=1", "--mode", "sideways").stderr, /--mode must be auto, forward or reverse/);
  t.regex(cli("jacobian", "2, 3").stdout, /no variables, so the Jacobian has no columns/);
});

test("hessian: second derivatives of a scalar formula over all input elements", (t) => {
  const out = json("hessian", "x^2 * y + sin(y)", "--at", "x=1,y=2");
  t.deepEqual(out.inputs, ["x", "y"]);
  t.deepEqual(out.hessian, [[4, 2], [2, -Math.sin(2)]]);
  t.deepEqual(json("hessian", "v' * v", "--at", "v=[1,2]").hessian, [[2, 0], [0, 2]]);
  t.regex(cli("hessian", "[x, y]", "--at", "x=1,y=2").stderr, /hessian needs a scalar formula/);
  t.regex(cli("hessian", "x * y", "--at", "x=1,y=2").stdout, /Hessian \(2 × 2\)\n +d\/dx +d\/dy\nx +0 +1\ny +1 +0\n$/);
});

test("graph: the notes' table, JSON nodes, DOT, and a seeded vector output", (t) => {
  const table = cli("graph", "(x + y) * z", "--at", "x=-2,y=5,z=-4").stdout;
  t.true(table.includes("node  formula  value  dF/dnode\nx     input     -2    -4\n"), table);
  t.true(table.includes("v2    v1 * z   -12     1        output\n"), table);
  const out = json("graph", "x / (x + y)", "--at", "x=-1,y=2");
  t.deepEqual(out.nodes.map((n: any) => [n.name, n.formula, n.value, n.adjoint]), [["x", "x", -1, 2], ["y", "y", 2, 1], ["v1", "x + y", 1, 1], ["v2", "x / v1", -1, 1]]);
  t.deepEqual(out.nodes[3].operands, [{ node: 0 }, { node: 2 }]);
  t.regex(cli("graph", "x * y", "--at", "x=3,y=4", "--dot").stdout, /^digraph "computation" \{\n/);
  const vector = cli("graph", "x * y, x + y", "--at", "x=2,y=3").stdout;
  t.regex(vector, /No adjoints: the output is not a scalar/);
  const seeded = json("graph", "x * y, x + y", "--at", "x=2,y=3", "--cotangent", "[1, -1]");
  t.deepEqual(seeded.nodes.slice(0, 2).map((n: any) => n.adjoint), [2, 1]);
});

test("several comma-separated outputs: errors name the output", (t) => {
  const run = cli("jacobian", "x*y, foo(x)", "--at", "x=1,y=2");
  t.is(run.code, 2);
  t.regex(run.stderr, /^cotangent: output 2 of 2 \(foo\(x\)\): unknown function `foo` at chars 1-3/);
});

test("NaN and Infinity are strings in JSON", (t) => {
  const out = json("grad", "sqrt(x)", "--at", "x=0");
  t.is(out.value, 0);
  t.is(out.gradient.x, "Infinity");
  t.is(json("grad", "log(x)", "--at", "x=-1").value, "NaN");
});

test("usage: options, commands, help", (t) => {
  t.regex(cli("grad", "x", "--at").stderr, /--at needs a value/);
  t.regex(cli("grad", "x", "--frobnicate").stderr, /unknown option --frobnicate/);
  t.regex(cli("grad", "x", "--json=yes", "--at", "x=1").stderr, /--json is a flag and takes no value/);
  t.regex(cli("grad").stderr, /grad needs an expression/);
  t.regex(cli("grad", "x", "+", "y").stderr, /unexpected argument "\+": give the expression as one argument, in quotes/);
  t.regex(cli("grad", "x", "--at", "x=1", "--digits", "40").stderr, /--digits must be an integer from 1 to 17/);
  t.regex(cli("grad", "x", "--at", "x=1", "--mode", "forward").stderr, /--mode is not an option of grad/);
  t.regex(cli("frobnicate").stderr, /unknown command "frobnicate"; the commands are grad, jvp, vjp, jacobian, hessian, graph/);
  for (const command of ["grad", "jvp", "vjp", "jacobian", "hessian", "graph"]) {
    const help = cli(command, "--help");
    t.is(help.code, 0);
    t.regex(help.stdout, new RegExp(`^Usage: cotangent ${command} "<expression>`));
    t.is(cli("help", command).stdout, help.stdout);
  }
  t.regex(cli("--help").stdout, /^cotangent: derivatives of formulas/);
  t.regex(cli("--version").stdout, /^\d+\.\d+\.\d+\n$/);
  t.regex(cli("grad", "--", "-x", "--at", "x=1").stderr, /unexpected argument "--at"/);
});

test("an expression starting with a minus is an expression, not an option", (t) => {
  t.deepEqual(json("grad", "-x^2", "--at", "x=3").gradient, { x: -6 });
});

test("every failure exits with 2 and nothing on stdout", (t) => {
  for (const argv of [["grad", "x +"], ["grad", "x", "--at", "x=[1,2"], ["grad", "A * x", "--at", "A=[[1,2]],x=[1,2,3]"]]) {
    const run = cli(...argv);
    t.is(run.code, 2, argv.join(" "));
    t.is(run.stdout, "");
    t.regex(run.stderr, /^cotangent: /);
  }
  t.regex(cli("grad", "A * x", "--at", "A=[[1,2]],x=[1,2,3]").stderr, /matmul: shapes \[1, 2\] and \[3\].*while computing `A \* x`/s);
});
