// Bad input, clear errors. Every public function and every op, called with the wrong number of
// arguments, values of the wrong kind, mismatched shapes, bad axes and options, mismatched
// tangents and cotangents, empty tensors and non-finite values where they matter: each must throw
// a CotangentError subclass whose message names the op, says what it got and what to do.
import test from "ava";
import type { ExecutionContext } from "ava";
import * as api from "../../lib/index.ts";
import {
  CotangentError, ExpressionError, GradientCheckError, PrimitiveDefinitionError, ShapeError, Tensor, TransformError, TypeMismatchError,
  arange, bind, broadcastTo, checkGrads, chooseJacobianMode, concat, defineBinary, definePrimitive, defineUnary, dot, expandDims, eye,
  full, getPrimitive, grad, hessian, hvp, jacfwd, jacobian, jacrev, jvp, linspace, logSoftmax, logsumexp, matmul, max, mean, min, mul,
  ones, pad, prod, reshape, sin, slice, softmax, squeeze, stack, sum, tensor, transpose, valueAndGrad, vjp, zeros, type Value,
} from "../../lib/index.ts";
import { openLevelCount } from "../../lib/core/level.ts";

type ErrorClass = abstract new (...args: any[]) => CotangentError;

interface Case {
  /** The public function this case is about (the coverage test checks every export has one). */
  api: string;
  what: string;
  call: () => unknown;
  error: ErrorClass;
  /** The op named at the start of the message (before the colon). */
  op: string;
  /** What the message must say it got. */
  got: string | RegExp;
  /** What the message must say to do. */
  todo: string | RegExp;
}

const T = (): Tensor => tensor([[1, 2], [3, 4]]);
const V2 = (): Tensor => tensor([1, 2]);
const sq = (x: Value): Value => sum(mul(x, x));
const f1 = (x: Value): Value => sin(x);

/** What is wrong with how `c` fails, or null if it throws as it should. */
function problemWith(c: Case): string | null {
  let thrown: unknown = null;
  try {
    c.call();
  } catch (e) {
    thrown = e;
  }
  const label = `${c.api}: ${c.what}`;
  if (thrown === null) return `${label}: did not throw`;
  if (!(thrown instanceof CotangentError)) return `${label}: threw ${(thrown as Error)?.name} (not a CotangentError): ${(thrown as Error)?.message}`;
  const message = thrown.message;
  const name = thrown.name;
  if (!(thrown instanceof c.error)) return `${label}: threw ${name}, expected ${c.error.name}: ${message}`;
  if (thrown.name !== thrown.constructor.name) return `${label}: error name ${thrown.name}`;
  if (!message.startsWith(`${c.op}:`) && !message.startsWith(`${c.op} `)) return `${label}: message should start with "${c.op}": ${message}`;
  const has = (p: string | RegExp) => (typeof p === "string" ? message.includes(p) : p.test(message));
  if (!has(c.got)) return `${label}: message should say what it got (${c.got}): ${message}`;
  if (!has(c.todo)) return `${label}: message should say what to do (${c.todo}): ${message}`;
  if (openLevelCount() !== 0) return `${label}: left a level open`;
  return null;
}

function expectErrors(t: ExecutionContext, cases: readonly Case[]): void {
  const problems = cases.map(problemWith).filter((p) => p !== null);
  t.deepEqual(problems, [], `${problems.length} of ${cases.length} cases fail:\n${problems.join("\n")}`);
}

// ------------------------------------------------------------------ the transformations

const transformCases: Case[] = [
  // wrong arity / not a function
  { api: "grad", what: "no function", call: () => (grad as any)(), error: TransformError, op: "grad", got: "got undefined", todo: "must be the function to differentiate" },
  { api: "grad", what: "a number instead of the function", call: () => grad(3 as any), error: TransformError, op: "grad", got: "number 3", todo: "must be the function" },
  { api: "grad", what: "called with no arguments", call: () => grad(f1)(...([] as unknown as [number])), error: TransformError, op: "grad", got: "no arguments", todo: "call it with the point" },
  { api: "valueAndGrad", what: "no function", call: () => (valueAndGrad as any)(null), error: TransformError, op: "valueAndGrad", got: "got null", todo: "must be the function" },
  // wrong types where a value belongs
  { api: "grad", what: "string argument", call: () => grad(f1)("1" as any), error: TypeMismatchError, op: "grad", got: 'the string "1"', todo: "may hold only numbers, tensors" },
  { api: "grad", what: "boolean argument", call: () => grad(f1)(true as any), error: TypeMismatchError, op: "grad", got: "boolean true", todo: "may hold only numbers" },
  { api: "grad", what: "undefined argument", call: () => grad(f1)(undefined as any), error: TypeMismatchError, op: "grad", got: "is undefined", todo: "may hold only numbers" },
  { api: "grad", what: "null argument", call: () => grad(f1)(null as any), error: TypeMismatchError, op: "grad", got: "is null", todo: "may hold only numbers" },
  { api: "grad", what: "a Map inside a container", call: () => grad((p: any) => sin(p.w))({ w: new Map() } as any), error: TypeMismatchError, op: "grad", got: "at .w is an object (Map)", todo: "pass other data in an argument that argnums does not select" },
  { api: "grad", what: "a cyclic container", call: () => { const a: any[] = [1]; a.push(a); return grad((x: any) => sin(x[0]))(a); }, error: TypeMismatchError, op: "grad", got: "holds itself", todo: "pass a tree" },
  // non-scalar output and bad outputs
  { api: "grad", what: "vector output", call: () => grad((x: Value) => mul(x, 2))(V2()), error: TransformError, op: "grad", got: "got shape [2]", todo: "use jacobian" },
  { api: "grad", what: "output [y, aux] without hasAux", call: () => grad((x: Value) => [sin(x), 1])(1), error: TransformError, op: "grad", got: "an array of length 2", todo: "pass { hasAux: true }" },
  { api: "grad", what: "undefined output", call: () => grad((_x: Value) => undefined as any)(1), error: TypeMismatchError, op: "grad", got: "the function's output is undefined", todo: "must return numbers, tensors" },
  { api: "grad", what: "JS operator on a tracer", call: () => grad((x: any) => x * 2)(1), error: TransformError, op: "reverse-mode (vjp/grad)", got: "JavaScript operator", todo: "Use the library's ops" },
  { api: "valueAndGrad", what: "hasAux output not a pair", call: () => valueAndGrad(f1, { hasAux: true })(1), error: TransformError, op: "valueAndGrad", got: "got an object", todo: "must return a pair [output, aux]" },
  // argnums
  { api: "grad", what: "argnums out of range", call: () => grad(f1, { argnums: 3 })(1), error: TransformError, op: "grad", got: "argnums 3 is out of range", todo: "choose another index" },
  { api: "grad", what: "argnums not an integer", call: () => grad(f1, { argnums: 0.5 })(1), error: TransformError, op: "grad", got: "number 0.5", todo: "Use e.g. 0" },
  { api: "grad", what: "argnums NaN", call: () => grad(f1, { argnums: NaN })(1), error: TransformError, op: "grad", got: "number NaN", todo: "Use e.g. 0" },
  { api: "grad", what: "argnums Infinity", call: () => grad(f1, { argnums: [Infinity] })(1), error: TransformError, op: "grad", got: "number Infinity", todo: "Use e.g. 0" },
  { api: "grad", what: "argnums listed twice", call: () => grad(mul, { argnums: [0, 0] })(1, 2), error: TransformError, op: "grad", got: "twice", todo: "list each argument once" },
  { api: "grad", what: "argnums empty", call: () => grad(mul, { argnums: [] })(1, 2), error: TransformError, op: "grad", got: "an array of length 0", todo: "non-empty array" },
  { api: "valueAndGrad", what: "argnums a string", call: () => valueAndGrad(f1, { argnums: "0" as any })(1), error: TransformError, op: "valueAndGrad", got: 'the string "0"', todo: "must be an argument index" },
  // options
  { api: "grad", what: "misspelled option", call: () => grad(f1, { argnum: 1 } as any), error: TransformError, op: "grad", got: 'unknown option "argnum"', todo: "Check the spelling" },
  { api: "grad", what: "options a string", call: () => grad(f1, "x" as any), error: TransformError, op: "grad", got: 'the string "x"', todo: "options must be an object" },
  { api: "grad", what: "hasAux not a boolean", call: () => grad(f1, { hasAux: "yes" } as any), error: TransformError, op: "grad", got: 'the string "yes"', todo: "must be true or false" },
  // jvp: tangents
  { api: "jvp", what: "no primals", call: () => (jvp as any)(f1), error: TransformError, op: "jvp", got: "undefined", todo: "must be arrays with one entry per argument" },
  { api: "jvp", what: "primals not an array", call: () => jvp(f1, 1 as any, 1 as any), error: TransformError, op: "jvp", got: "number 1", todo: "must be arrays" },
  { api: "jvp", what: "fewer tangents than primals", call: () => jvp(mul, [1, 2], [1] as any), error: TransformError, op: "jvp", got: "2 primal(s) but 1 tangent(s)", todo: "give one tangent per primal" },
  { api: "jvp", what: "tangent of the wrong shape", call: () => jvp(f1, [V2()], [tensor([1, 2, 3])]), error: ShapeError, op: "jvp", got: "got [3]", todo: "should have shape [2]" },
  { api: "jvp", what: "tangent tensor for a number", call: () => jvp(f1, [1], [tensor([1])] as any), error: ShapeError, op: "jvp", got: "got [1]", todo: "should have shape []" },
  { api: "jvp", what: "tangent structure differs", call: () => jvp((p: any) => sin(p.a), [{ a: 1 }], [{ b: 1 }] as any), error: ShapeError, op: "jvp", got: "got [.b]", todo: "in the same containers" },
  { api: "jvp", what: "tangent a string", call: () => jvp(f1, [1], ["1"] as any), error: TypeMismatchError, op: "jvp", got: 'the string "1"', todo: "Give numbers and tensors" },
  { api: "jvp", what: "primal null", call: () => jvp(f1, [null] as any, [1] as any), error: TypeMismatchError, op: "jvp", got: "is null", todo: "may hold only numbers" },
  // vjp: cotangents
  { api: "vjp", what: "no function", call: () => (vjp as any)(undefined, 1), error: TransformError, op: "vjp", got: "undefined", todo: "must be the function" },
  { api: "vjp", what: "primal a string", call: () => vjp(f1, "1" as any), error: TypeMismatchError, op: "vjp", got: 'the string "1"', todo: "may hold only numbers" },
  { api: "vjp", what: "cotangent missing", call: () => (vjp(f1, 1)[1] as any)(), error: TypeMismatchError, op: "vjp pullback", got: "the cotangent is undefined", todo: "Give numbers and tensors" },
  { api: "vjp", what: "cotangent of the wrong shape", call: () => vjp(f1, V2())[1](tensor([1, 2, 3])), error: ShapeError, op: "vjp pullback", got: "got [3]", todo: "should have shape [2]" },
  { api: "vjp", what: "cotangent structure differs", call: () => vjp((x: Value) => [sin(x), x], 1)[1]([1] as any), error: ShapeError, op: "vjp pullback", got: "got [[0]]", todo: "in the same containers" },
  { api: "vjp", what: "cotangent a boolean", call: () => vjp(f1, 1)[1](false as any), error: TypeMismatchError, op: "vjp pullback", got: "boolean false", todo: "Give numbers and tensors" },
  // jacobians
  { api: "jacobian", what: "options null", call: () => jacobian(f1, null as any), error: TransformError, op: "jacobian", got: "got null", todo: "options must be an object" },
  { api: "jacobian", what: "unknown mode", call: () => jacobian(f1, { mode: "sideways" as any }), error: TransformError, op: "jacobian", got: 'the string "sideways"', todo: '"auto", "forward" or "reverse"' },
  { api: "jacobian", what: "argnums out of range", call: () => jacobian(f1, { argnums: 2 })(1), error: TransformError, op: "jacobian", got: "argnums 2 is out of range", todo: "choose another index" },
  { api: "jacobian", what: "string argument", call: () => jacobian(f1)("x" as any), error: TypeMismatchError, op: "jacobian", got: 'the string "x"', todo: "may hold only numbers" },
  { api: "jacfwd", what: "mode is not an option of jacfwd", call: () => jacfwd(f1, { mode: "reverse" } as any), error: TransformError, op: "jacfwd", got: 'unknown option "mode"', todo: "Check the spelling" },
  { api: "jacfwd", what: "no function", call: () => (jacfwd as any)(), error: TransformError, op: "jacfwd", got: "undefined", todo: "must be the function" },
  { api: "jacrev", what: "object argument", call: () => jacrev(f1)(new Date() as any), error: TypeMismatchError, op: "jacrev", got: "an object (Date)", todo: "may hold only numbers" },
  { api: "jacrev", what: "called with no arguments", call: () => (jacrev(f1) as any)(), error: TransformError, op: "jacrev", got: "no arguments", todo: "call it with the point" },
  { api: "chooseJacobianMode", what: "sizes not integers", call: () => chooseJacobianMode("3" as any, -1), error: TransformError, op: "chooseJacobianMode", got: 'the string "3" and number -1', todo: "must be non-negative integers" },
  // second order
  { api: "hessian", what: "string argument", call: () => hessian(sq)("1" as any), error: TypeMismatchError, op: "hessian", got: 'the string "1"', todo: "may hold only numbers" },
  { api: "hessian", what: "options null", call: () => hessian(sq, null as any), error: TransformError, op: "hessian", got: "got null", todo: "options must be an object" },
  { api: "hessian", what: "argnums out of range", call: () => hessian(sq, { argnums: 1 })(1), error: TransformError, op: "hessian", got: "argnums 1 is out of range", todo: "choose another index" },
  { api: "hvp", what: "tangents missing", call: () => (hvp as any)(sq, [1]), error: TransformError, op: "hvp", got: "undefined", todo: "must be arrays of the same length" },
  { api: "hvp", what: "no primals", call: () => hvp(sq, [] as any, [] as any), error: TransformError, op: "hvp", got: "got none", todo: "needs at least one primal" },
  { api: "hvp", what: "tangent of the wrong shape", call: () => hvp(sq, [V2()], [tensor([1])]), error: ShapeError, op: "hvp", got: "got [1]", todo: "should have shape [2]" },
  { api: "hvp", what: "vector output", call: () => hvp((x: Value) => mul(x, x), [V2()], [V2()]), error: TransformError, op: "hvp", got: "got shape [2]", todo: "Reduce it" },
  // checkGrads
  { api: "checkGrads", what: "args not an array", call: () => checkGrads(f1, 1 as any), error: TransformError, op: "checkGrads", got: "number 1", todo: "must be an array" },
  { api: "checkGrads", what: "order 0", call: () => checkGrads(f1, [1], { order: 0 }), error: TransformError, op: "checkGrads", got: "number 0", todo: "must be a positive integer" },
  { api: "checkGrads", what: "unknown mode", call: () => checkGrads(f1, [1], { modes: ["sideways"] as any }), error: TransformError, op: "checkGrads", got: "an array of length 1", todo: '"forward" and/or "reverse"' },
  { api: "checkGrads", what: "eps NaN", call: () => checkGrads(f1, [1], { eps: NaN }), error: TransformError, op: "checkGrads", got: "number NaN", todo: "positive finite number" },
  { api: "checkGrads", what: "eps negative", call: () => checkGrads(f1, [1], { eps: -1e-5 }), error: TransformError, op: "checkGrads", got: "number -0.00001", todo: "positive finite number" },
  { api: "checkGrads", what: "tolerance a string", call: () => checkGrads(f1, [1], { tolerance: "1e-5" as any }), error: TransformError, op: "checkGrads", got: 'the string "1e-5"', todo: "non-negative number" },
  { api: "checkGrads", what: "misspelled option", call: () => checkGrads(f1, [1], { tol: 1 } as any), error: TransformError, op: "checkGrads", got: 'unknown option "tol"', todo: "Check the spelling" },
  { api: "checkGrads", what: "a wrong derivative", call: () => checkGrads(wrongDerivative, [0.5]), error: GradientCheckError, op: "checkGrads", got: /checks failed; worst: order \d/, todo: "a derivative rule is wrong" },
  { api: "checkGrads", what: "a point outside the domain", call: () => checkGrads((x: Value) => api.log(x), [-1]), error: GradientCheckError, op: "checkGrads", got: "NaN or infinite", todo: "move the point into f's domain" },
];

// A primitive whose VJP is off by a factor of 2: checkGrads must catch it.
const badVjp = definePrimitive({
  name: "reliability_wrong_vjp",
  arity: 1,
  impl: ([x]) => (typeof x === "number" ? Math.sin(x) : x!),
  jvp: ([x], [t]) => mul(t!, api.cos(x!)),
  vjp: (ct, [x]) => [mul(mul(ct, api.cos(x!)), 2)],
  doc: { summary: "sin with a wrong VJP", derivative: "cos(x), but the VJP says 2 cos(x)" },
});
function wrongDerivative(x: Value): Value {
  return bind(badVjp, [x]);
}

// ------------------------------------------------------------------ values, registry, debugging

const otherCases: Case[] = [
  { api: "tensor", what: "no values", call: () => (tensor as any)(), error: TypeMismatchError, op: "tensor", got: "got undefined", todo: "expected a number, nested arrays of numbers" },
  { api: "tensor", what: "a string", call: () => tensor("1, 2" as any), error: TypeMismatchError, op: "tensor", got: 'the string "1, 2"', todo: "expected a number, nested arrays" },
  { api: "tensor", what: "a string element", call: () => tensor([1, "2"] as any), error: TypeMismatchError, op: "tensor", got: 'element [1] is the string "2"', todo: "every element must be a number" },
  { api: "tensor", what: "an array-like of strings", call: () => tensor({ length: 2, 0: "a", 1: "b" } as any), error: TypeMismatchError, op: "tensor", got: 'element [0] is the string "a"', todo: "every element must be a number" },
  { api: "tensor", what: "ragged rows", call: () => tensor([[1, 2], [3]]), error: ShapeError, op: "tensor", got: "got an array of length 1", todo: "All rows must have the same length" },
  { api: "tensor", what: "values do not fill the shape", call: () => tensor([1, 2, 3], [2, 2]), error: ShapeError, op: "tensor", got: "3 values do not fill shape [2, 2]", todo: "(4 elements)" },
  { api: "tensor", what: "a NaN in the shape", call: () => tensor([1, 2], [NaN]), error: ShapeError, op: "tensor", got: "got [NaN]", todo: "must be an array of non-negative integers" },
  { api: "Tensor.item", what: "more than one element", call: () => V2().item(), error: ShapeError, op: "item", got: "shape [2] (2 elements)", todo: "reduce first" },
  { api: "zeros", what: "a number instead of a shape", call: () => zeros(3 as any), error: ShapeError, op: "zeros", got: "got 3", todo: "must be an array of non-negative integers" },
  { api: "zeros", what: "an infinite axis", call: () => zeros([Infinity]), error: ShapeError, op: "zeros", got: "got [Infinity]", todo: "non-negative integers" },
  { api: "zeros", what: "too many elements", call: () => zeros([1e6, 1e6]), error: ShapeError, op: "zeros", got: "1000000000000 elements", todo: "use a smaller shape" },
  { api: "ones", what: "negative axis", call: () => ones([-1]), error: ShapeError, op: "ones", got: "got [-1]", todo: "non-negative integers" },
  { api: "full", what: "a string fill value", call: () => full([2], "7" as any), error: TypeMismatchError, op: "full", got: 'the string "7"', todo: "must be a number" },
  { api: "eye", what: "no size", call: () => (eye as any)(), error: ShapeError, op: "eye", got: "got undefined and undefined", todo: "must be non-negative integers" },
  { api: "eye", what: "fractional size", call: () => eye(1.5), error: ShapeError, op: "eye", got: "number 1.5", todo: "must be non-negative integers" },
  { api: "arange", what: "step 0", call: () => arange(0, 1, 0), error: CotangentError, op: "arange", got: "got (0, 1, 0)", todo: "step non-zero" },
  { api: "arange", what: "infinite stop", call: () => arange(0, Infinity), error: CotangentError, op: "arange", got: "got (0, Infinity, 1)", todo: "must be finite" },
  { api: "arange", what: "too many elements", call: () => arange(1e12), error: ShapeError, op: "arange", got: "1000000000000 elements", todo: "use a smaller shape" },
  { api: "linspace", what: "count missing", call: () => (linspace as any)(0, 1), error: ShapeError, op: "linspace", got: "got undefined", todo: "must be a non-negative integer" },
  { api: "linspace", what: "a NaN endpoint", call: () => linspace(0, NaN, 3), error: TypeMismatchError, op: "linspace", got: "number NaN", todo: "must be finite numbers" },
  { api: "definePrimitive", what: "no spec", call: () => (definePrimitive as any)(), error: PrimitiveDefinitionError, op: "definePrimitive", got: "needs a non-empty string name", todo: "needs a non-empty string name" },
  { api: "definePrimitive", what: "a rule missing", call: () => definePrimitive({ name: "reliability_no_vjp", arity: 1, impl: ([x]) => x!, jvp: () => null, doc: { summary: "s", derivative: "d" } }), error: PrimitiveDefinitionError, op: 'definePrimitive("reliability_no_vjp")', got: "the vjp rule is missing", todo: "Give both rules" },
  { api: "definePrimitive", what: "a name taken", call: () => definePrimitive({ name: "sin", arity: 1, impl: ([x]) => x!, differentiable: false, doc: { summary: "s", derivative: "d" } }), error: PrimitiveDefinitionError, op: 'definePrimitive("sin")', got: "already registered", todo: "choose another name" },
  { api: "defineUnary", what: "empty spec", call: () => defineUnary({} as any), error: PrimitiveDefinitionError, op: "defineUnary", got: "an object (Object)", todo: "needs a non-empty string name" },
  { api: "defineUnary", what: "derivative missing", call: () => defineUnary({ name: "reliability_u", scalar: Math.sin, doc: { summary: "s", derivative: "d" } } as any), error: PrimitiveDefinitionError, op: 'defineUnary("reliability_u")', got: "got undefined", todo: "derivative must be a function" },
  { api: "defineBinary", what: "one partial", call: () => defineBinary({ name: "reliability_b", scalar: Math.max, partials: [() => 1], doc: { summary: "s", derivative: "d" } } as any), error: PrimitiveDefinitionError, op: 'defineBinary("reliability_b")', got: "an array of length 1", todo: "partials must be a pair" },
  { api: "getPrimitive", what: "a number name", call: () => getPrimitive(1 as any), error: TypeMismatchError, op: "getPrimitive", got: "number 1", todo: 'must be a string such as "sin"' },
  { api: "bind", what: "not a primitive", call: () => bind({} as any, [1]), error: TypeMismatchError, op: "bind", got: "an object (Object)", todo: "must be a registered primitive" },
  { api: "bind", what: "too few arguments", call: () => bind(getPrimitive("add")!, [1]), error: TypeMismatchError, op: "add", got: "got 1", todo: "takes 2 arguments" },
  { api: "bind", what: "arguments not in an array", call: () => bind(getPrimitive("sin")!, 1 as any), error: TypeMismatchError, op: "sin", got: "number 1", todo: "as an array, e.g. bind(prim, [x])" },
  { api: "bind", what: "a string argument", call: () => bind(getPrimitive("sin")!, ["x" as any]), error: TypeMismatchError, op: "sin", got: 'argument 1 is the string "x"', todo: "Convert it first" },
  { api: "compileExpression", what: "not a string", call: () => api.compileExpression(1 as any), error: ExpressionError, op: "compileExpression", got: "number 1", todo: 'must be a string such as "x * sin(y)"' },
  { api: "compileExpression", what: "a syntax error", call: () => api.compileExpression("x +"), error: ExpressionError, op: "compileExpression", got: "syntax error", todo: /at char \d+:\n.*x \+\n\s*\^/ },
  { api: "compileExpression", what: "an unknown function", call: () => api.compileExpression("foo(x)"), error: ExpressionError, op: "compileExpression", got: "unknown function `foo`", todo: "Supported functions:" },
  { api: "compileExpression", what: "options a string", call: () => api.compileExpression("x", "x" as any), error: ExpressionError, op: "compileExpression", got: 'the string "x"', todo: "options must be an object" },
  { api: "compileExpression", what: "a compiled formula called with too few values", call: () => (api.compileExpression("x * y") as any)(1), error: ExpressionError, op: 'expression "x * y"', got: "got 1", todo: "Pass one value per variable" },
  { api: "compileExpression", what: "a compiled formula called with a string", call: () => (api.compileExpression("x * 2") as any)("a"), error: TypeMismatchError, op: 'expression "x * 2"', got: 'the string "a"', todo: "expected a number or a Tensor" },
  { api: "compileExpression", what: "a scope without a variable", call: () => (api.compileExpression("x + toString") as any)({ x: 1 }), error: ExpressionError, op: 'expression "x + toString"', got: "no value for toString", todo: "it needs variables" },
  { api: "traceGraph", what: "no function", call: () => (api.traceGraph as any)(), error: TransformError, op: "traceGraph", got: "got undefined", todo: "must be the function" },
  { api: "traceGraph", what: "a string argument", call: () => api.traceGraph(f1)("1" as any), error: TypeMismatchError, op: "traceGraph", got: 'the string "1"', todo: "may hold only numbers" },
  { api: "renderGraphTable", what: "not a graph", call: () => api.renderGraphTable({} as any), error: TypeMismatchError, op: "renderGraphTable", got: "an object (Object)", todo: "Trace the function first" },
  { api: "renderGraphDot", what: "no graph", call: () => (api.renderGraphDot as any)(), error: TypeMismatchError, op: "renderGraphDot", got: "got undefined", todo: "Trace the function first" },
  { api: "debugNans", what: "a string setting", call: () => api.debugNans("on" as any), error: TypeMismatchError, op: "debugNans", got: 'the string "on"', todo: "expected true, false or an options object" },
  { api: "setCodeGeneration", what: "a string setting", call: () => api.setCodeGeneration("off" as any), error: TypeMismatchError, op: "setCodeGeneration", got: 'the string "off"', todo: "expected true or false" },
  { api: "withDebugNans", what: "no function", call: () => (api.withDebugNans as any)(), error: TypeMismatchError, op: "withDebugNans", got: "got undefined", todo: "must be the function to run" },
];

// ------------------------------------------------------------------ ops: shapes, axes, options, empty tensors

const opCases: Case[] = [
  { api: "add", what: "shapes that do not broadcast", call: () => api.add(V2(), tensor([1, 2, 3])), error: ShapeError, op: "add", got: "shapes [2] and [3]", todo: "make the sizes equal, or 1 on one side" },
  { api: "where", what: "shapes that do not broadcast", call: () => api.where(V2(), tensor([1, 2, 3]), 0), error: ShapeError, op: "where", got: "shapes [2] and [3]", todo: "make the sizes equal" },
  { api: "matmul", what: "inner sizes differ", call: () => matmul(zeros([2, 3]), zeros([2, 3])), error: ShapeError, op: "matmul", got: "shapes [2, 3] and [2, 3] do not align", todo: "must equal" },
  { api: "matmul", what: "scalars", call: () => matmul(1, 2), error: ShapeError, op: "matmul", got: "shapes [] and []", todo: "use mul to scale by a number" },
  { api: "matmul", what: "batch axes that do not broadcast", call: () => matmul(zeros([2, 2, 3]), zeros([3, 3, 1])), error: ShapeError, op: "matmul (batch axes)", got: "shapes [2] and [3]", todo: "make the sizes equal" },
  { api: "dot", what: "vectors of different lengths", call: () => dot(V2(), tensor([1, 2, 3])), error: ShapeError, op: "dot", got: "[2] and [3]", todo: "they must match" },
  { api: "sum", what: "axis out of range", call: () => sum(V2(), 1), error: ShapeError, op: "sum", got: "axis 1 is out of range", todo: "use an axis in [-1, 0]" },
  { api: "sum", what: "axis a string", call: () => sum(V2(), "0" as any), error: ShapeError, op: "sum", got: 'got "0"', todo: "use e.g. 0 for the first axis" },
  { api: "sum", what: "axis an object", call: () => sum(V2(), {} as any), error: ShapeError, op: "sum", got: "got an object", todo: "use e.g. 0 for the first axis" },
  { api: "sum", what: "axis NaN", call: () => sum(V2(), NaN), error: ShapeError, op: "sum", got: "got NaN", todo: "use e.g. 0" },
  { api: "sum", what: "axis listed twice", call: () => sum(T(), [0, -2]), error: ShapeError, op: "sum", got: "axis -2 is listed twice", todo: "list each axis once" },
  { api: "sum", what: "keepdims not a boolean", call: () => sum(T(), 0, "yes" as any), error: TypeMismatchError, op: "sum", got: 'the string "yes"', todo: "must be true or false" },
  { api: "mean", what: "an empty tensor", call: () => mean(zeros([0])), error: ShapeError, op: "mean", got: "shape [0]", todo: "use a non-empty tensor" },
  { api: "mean", what: "an empty axis", call: () => mean(zeros([2, 0]), 1), error: ShapeError, op: "mean", got: "shape [2, 0]", todo: "use a non-empty tensor" },
  { api: "max", what: "an empty tensor", call: () => max(zeros([0])), error: ShapeError, op: "max", got: "shape [0]", todo: "Use a non-empty tensor" },
  { api: "min", what: "an empty axis", call: () => min(zeros([0, 2]), 0), error: ShapeError, op: "min", got: "shape [0, 2]", todo: "Use a non-empty tensor" },
  { api: "prod", what: "axis out of range", call: () => prod(T(), -3), error: ShapeError, op: "prod", got: "axis -3 is out of range", todo: "use an axis in [-2, 1]" },
  { api: "logsumexp", what: "axis on a scalar", call: () => logsumexp(3, 0), error: ShapeError, op: "logsumexp", got: "the value is a scalar", todo: "omit the axis" },
  { api: "softmax", what: "axis out of range", call: () => softmax(V2(), 1), error: ShapeError, op: "softmax", got: "axis 1 is out of range", todo: "use an axis in [-1, 0]" },
  { api: "logSoftmax", what: "a scalar", call: () => logSoftmax(1), error: ShapeError, op: "logSoftmax", got: "the value is a scalar", todo: "pass a tensor" },
  { api: "reshape", what: "sizes differ", call: () => reshape(T(), [3]), error: ShapeError, op: "reshape", got: "cannot reshape [2, 2] (4 elements) into [3]", todo: "the sizes must match" },
  { api: "reshape", what: "shape not an array", call: () => reshape(T(), "4" as any), error: ShapeError, op: "reshape", got: 'got "4"', todo: "must be an array of non-negative integers" },
  { api: "reshape", what: "two -1 entries", call: () => reshape(T(), [-1, -1]), error: ShapeError, op: "reshape", got: "[-1, -1]", todo: "only one axis may be -1" },
  { api: "broadcastTo", what: "incompatible target", call: () => broadcastTo(V2(), [3]), error: ShapeError, op: "broadcastTo", got: "shapes [2] and [3]", todo: "make the sizes equal" },
  { api: "broadcastTo", what: "target missing", call: () => (broadcastTo as any)(V2()), error: ShapeError, op: "broadcastTo", got: "got undefined", todo: "must be an array of non-negative integers" },
  { api: "squeeze", what: "an axis of size 2", call: () => squeeze(V2(), 0), error: ShapeError, op: "squeeze", got: "has size 2", todo: "only size-1 axes can be squeezed" },
  { api: "expandDims", what: "axis missing", call: () => (expandDims as any)(V2()), error: ShapeError, op: "expandDims", got: "got undefined", todo: "use e.g. 0" },
  { api: "expandDims", what: "axis out of range", call: () => expandDims(V2(), 5), error: ShapeError, op: "expandDims", got: "axis 5 is out of range", todo: "use an axis in [-2, 1]" },
  { api: "transpose", what: "not a permutation", call: () => transpose(T(), [0, 0]), error: ShapeError, op: "transpose", got: "[0,0]", todo: "list each axis once" },
  { api: "transpose", what: "axes a string", call: () => transpose(T(), "10" as any), error: ShapeError, op: "transpose", got: 'the string "10"', todo: "list each axis once" },
  { api: "slice", what: "end past the size", call: () => slice(V2(), [0], [5]), error: ShapeError, op: "slice", got: "range 0:5 is invalid for axis 0 of size 2", todo: "need 0 <= start <= end <= size" },
  { api: "slice", what: "NaN start", call: () => slice(V2(), [NaN], [1]), error: ShapeError, op: "slice", got: "range NaN:1", todo: "need 0 <= start <= end <= size" },
  { api: "slice", what: "ranges missing", call: () => (slice as any)(V2()), error: ShapeError, op: "slice", got: "got start undefined", todo: "need one entry per axis" },
  { api: "pad", what: "block does not fit", call: () => pad(V2(), [3], [2]), error: ShapeError, op: "pad", got: "cannot place shape [2] at [2] inside [3]", todo: "the block must fit" },
  { api: "pad", what: "start not an array", call: () => pad(V2(), [4], "1" as any), error: ShapeError, op: "pad", got: 'the string "1"', todo: "must be an array of integer offsets" },
  { api: "pad", what: "NaN start", call: () => pad(V2(), [4], [NaN]), error: ShapeError, op: "pad", got: "[null]", todo: "must be an array of integer offsets" },
  { api: "pad", what: "shape missing", call: () => (pad as any)(V2()), error: ShapeError, op: "pad", got: "got undefined", todo: "must be an array of non-negative integers" },
  { api: "concat", what: "an empty list", call: () => concat([]), error: ShapeError, op: "concat", got: "an array of length 0", todo: "needs a non-empty array" },
  { api: "concat", what: "not a list", call: () => concat(V2() as any), error: ShapeError, op: "concat", got: "a tensor of shape [2]", todo: "needs a non-empty array" },
  { api: "concat", what: "other axes differ", call: () => concat([zeros([2, 2]), zeros([2, 3])], 0), error: ShapeError, op: "concat", got: "element 1 has shape [2, 3]", todo: "only the joined axis may differ" },
  { api: "concat", what: "scalars", call: () => concat([1, 2]), error: ShapeError, op: "concat", got: "cannot join scalars", todo: "use stack" },
  { api: "concat", what: "axis out of range", call: () => concat([V2(), V2()], 1), error: ShapeError, op: "concat", got: "axis 1 is out of range", todo: "use an axis in [-1, 0]" },
  { api: "stack", what: "shapes differ", call: () => stack([V2(), tensor([1, 2, 3])]), error: ShapeError, op: "stack", got: "element 1 has shape [3]", todo: "must all have the same shape" },
  { api: "stack", what: "axis out of range", call: () => stack([V2(), V2()], 3), error: ShapeError, op: "stack", got: "axis 3 is out of range", todo: "use an axis in [-2, 1]" },
];

const allCases = [...transformCases, ...otherCases, ...opCases];

test("every case throws the right CotangentError, naming the op, what it got and what to do", (t) => {
  expectErrors(t, allCases);
  t.log(`${allCases.length} hand-written cases`);
});

// ------------------------------------------------------------------ ops: every value position with every wrong kind

/** Each op with valid arguments; the listed positions hold values (others hold shapes, axes...). */
const OP_CALLS: Record<string, { args: () => unknown[]; values: number[]; inList?: true }> = {};
const unary = ["neg", "square", "reciprocal", "exp", "expm1", "log", "log2", "log10", "log1p", "sqrt", "cbrt", "sin", "cos", "tan", "asin", "acos", "atan",
  "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "abs", "sign", "relu", "sigmoid", "softplus", "stopGradient",
  "sum", "mean", "prod", "max", "min", "logsumexp", "softmax", "logSoftmax", "transpose", "squeeze"];
for (const name of unary) OP_CALLS[name] = { args: () => [T()], values: [0] };
const binary = ["add", "sub", "mul", "div", "pow", "mulNoNan", "hypot", "atan2", "maximum", "minimum",
  "greater", "greaterEqual", "less", "lessEqual", "equal", "notEqual", "matmul", "dot", "outer"];
for (const name of binary) OP_CALLS[name] = { args: () => [T(), T()], values: [0, 1] };
Object.assign(OP_CALLS, {
  where: { args: () => [T(), T(), T()], values: [0, 1, 2] },
  clip: { args: () => [T(), 0, 1], values: [0, 1, 2] },
  reshape: { args: () => [T(), [4]], values: [0] },
  broadcastTo: { args: () => [T(), [2, 2, 2]], values: [0] },
  expandDims: { args: () => [T(), 0], values: [0] },
  slice: { args: () => [T(), [0, 0], [1, 1]], values: [0] },
  pad: { args: () => [T(), [3, 3], [0, 0]], values: [0] },
  concat: { args: () => [T(), T()], values: [0, 1], inList: true },
  stack: { args: () => [T(), T()], values: [0, 1], inList: true },
});

const WRONG_KINDS: readonly [string, unknown, string][] = [
  ["string", "oops", 'the string "oops"'],
  ["boolean", true, "boolean true"],
  ["undefined", undefined, "undefined"],
  ["null", null, "null"],
  ["object", { a: 1 }, "an object (Object)"],
  ["array", [1, 2], "an array of length 2"],
  ["function", Math.sin, "a function (sin)"],
  ["bigint", 1n, "bigint 1"],
];

test("every op rejects a wrong kind of value in every value position, naming the op", (t) => {
  const cases: Case[] = [];
  for (const [name, spec] of Object.entries(OP_CALLS)) {
    const op = (api as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    t.is(typeof op, "function", `${name} is not exported`);
    for (const position of spec.values) {
      for (const [kind, value, got] of WRONG_KINDS) {
        const call = () => {
          const args = spec.args();
          args[position] = value;
          return spec.inList ? op!(args) : op!(...args);
        };
        cases.push({ api: name, what: `${kind} as argument ${position + 1}`, call, error: TypeMismatchError, op: name, got, todo: /Convert it first|expected a (number|tensor)/ });
      }
    }
  }
  expectErrors(t, cases);
  t.log(`${cases.length} generated wrong-kind cases over ${Object.keys(OP_CALLS).length} ops`);
});

test("every op rejects a missing argument (wrong arity)", (t) => {
  const cases: Case[] = [];
  for (const [name, spec] of Object.entries(OP_CALLS)) {
    if (spec.inList) continue;
    const op = (api as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    const last = Math.max(...spec.values);
    const args = spec.args().slice(0, last); // drop the last value argument (and what follows)
    cases.push({ api: name, what: "missing argument", call: () => op(...args), error: TypeMismatchError, op: name, got: "undefined", todo: /Convert it first|expected a (number|tensor)/ });
  }
  expectErrors(t, cases);
});

// ------------------------------------------------------------------ what is not an error: empty tensors and non-finite data

test("empty tensors give correct, empty or neutral results", (t) => {
  const empty = zeros([0]);
  t.is(sum(empty), 0);
  t.is(prod(empty), 1);
  t.is(logsumexp(empty), -Infinity);
  t.deepEqual(softmax(empty).shape, [0]);
  t.deepEqual((matmul(zeros([2, 0]), zeros([0, 3])) as Tensor).toArray(), [[0, 0, 0], [0, 0, 0]]);
  t.deepEqual((grad((x: Value) => sum(mul(x, x)))(empty) as Tensor).shape, [0]);
  t.deepEqual((jacobian((x: Value) => mul(x, 2))(empty) as Tensor).shape, [0, 0]);
  t.deepEqual((jacobian((x: Value) => sum(x))(empty) as Tensor).shape, [0]);
  t.deepEqual((hessian((x: Value) => sum(mul(x, x)))(empty) as Tensor).shape, [0, 0]);
  t.deepEqual((concat([zeros([0, 2]), ones([1, 2])], 0) as Tensor).shape, [1, 2]);
  t.is(openLevelCount(), 0);
});

test("NaN and Infinity in data flow through (IEEE semantics); debugNans is the tool to find them", (t) => {
  t.true(Number.isNaN(grad((x: Value) => mul(x, x))(NaN)));
  t.is(grad((x: Value) => api.exp(x))(Infinity), Infinity);
  const g = grad((x: Value) => sum(mul(x, x)))(tensor([1, NaN])) as Tensor;
  t.is(g.data[0], 2);
  t.true(Number.isNaN(g.data[1]));
  t.deepEqual(full([2], NaN).shape, [2]);
});

test("extra arguments are ignored, as in any JavaScript function (so xs.map(sin) and xs.reduce(add) work)", (t) => {
  t.deepEqual([0, 0].map(sin as (x: number) => number), [0, 0]);
  t.is([1, 2, 3].reduce(api.add as (a: number, b: number) => number), 6);
});

// ------------------------------------------------------------------ coverage of the public surface

/** Exports that are not functions to call with bad input, and why. */
const NOT_CALLABLE_WITH_BAD_INPUT: Record<string, string> = {
  primitives: "takes no arguments",
};

test("every exported function has bad-input cases", (t) => {
  const covered = new Set([...allCases.map((c) => c.api), ...Object.keys(OP_CALLS)]);
  const missing: string[] = [];
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== "function") continue;
    const isClass = /^class\b/.test(Function.prototype.toString.call(value));
    if (isClass || name in NOT_CALLABLE_WITH_BAD_INPUT) continue;
    if (!covered.has(name)) missing.push(name);
  }
  t.deepEqual(missing, [], `exports without a bad-input case in spec/reliability/bad-input.spec.ts (add one): ${missing.join(", ")}`);
});
