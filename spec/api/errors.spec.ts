/**
 * Errors say what was wrong and what to do: each case asserts the error class and the key words
 * of the message. And a function that throws inside any transformation leaves no level open, so
 * the next derivative is exact.
 */
import test from "ava";
import {
  add, checkGrads, grad, hessian, hvp, jacfwd, jacobian, jacrev, jvp, matmul, mul, sin, sum, tensor, valueAndGrad, vjp,
  ShapeError, TransformError, TypeMismatchError, Tensor, type Value,
} from "../../lib/index.ts";
import { openLevelCount } from "../../lib/core/level.ts";

const square = (x: Value) => mul(x, x);

test("grad of a non-scalar output: TransformError naming the shape and pointing to jacobian and vjp", (t) => {
  const e = t.throws(() => grad((x: Tensor) => mul(x, 2))(tensor([1, 2, 3])), { instanceOf: TransformError });
  t.regex(e.message, /scalar/);
  t.regex(e.message, /\[3\]/);
  t.regex(e.message, /jacobian/);
  t.regex(e.message, /vjp/);
  t.throws(() => valueAndGrad((x: Tensor) => x)(tensor([[1]])), { instanceOf: TransformError, message: /\[1, 1\].*jacobian/ });
});

test("grad of a function returning [output, aux] without hasAux says to pass hasAux", (t) => {
  t.throws(() => grad((x: number) => [x, "aux"] as never)(1), { instanceOf: TypeMismatchError, message: /hasAux/ });
  t.throws(() => grad((x: number) => mul(x, x), { hasAux: true })(1), { instanceOf: TransformError, message: /pair|\[output, aux\]/ });
});

test("shape mismatch: ShapeError naming the op and both shapes, also inside transformations", (t) => {
  for (const run of [
    () => add(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 2])),
    () => grad((x: Tensor) => sum(add(x, tensor([1, 2]))))(tensor([[1, 2, 3], [4, 5, 6]])),
    () => jvp((x: Tensor) => add(x, tensor([1, 2])), [tensor([[1, 2, 3], [4, 5, 6]])], [tensor([[1, 2, 3], [4, 5, 6]])]),
  ]) {
    const e = t.throws(run, { instanceOf: ShapeError });
    t.regex(e.message, /^add\b/);
    t.regex(e.message, /\[2, 3\]/);
    t.regex(e.message, /\[2\]/);
  }
  const m = t.throws(() => matmul(tensor([[1, 2]]), tensor([[1, 2]])), { instanceOf: ShapeError });
  t.regex(m.message, /matmul.*\[1, 2\].*\[1, 2\]/);
});

test("wrong tangents: count (TransformError), shape and structure (ShapeError naming the leaf)", (t) => {
  const f = (a: Tensor, b: number) => mul(a, b);
  t.throws(() => jvp(f, [tensor([1, 2]), 3], [tensor([1, 1])] as never), { instanceOf: TransformError, message: /2 primal.*1 tangent/ });
  const s = t.throws(() => jvp(f, [tensor([1, 2]), 3], [tensor([1, 1, 1]), 1]), { instanceOf: ShapeError });
  t.regex(s.message, /tangent 0/);
  t.regex(s.message, /\[2\]/);
  t.regex(s.message, /\[3\]/);
  const g = (p: { w: Tensor; c: number }) => mul(p.w, p.c);
  const st = t.throws(() => jvp(g, [{ w: tensor([1]), c: 2 }], [{ w: tensor([1]) } as never]), { instanceOf: ShapeError });
  t.regex(st.message, /structure/);
  t.regex(st.message, /\.c/);
  t.throws(() => hvp(square, [tensor([1, 2])], [tensor([1])]), { instanceOf: ShapeError, message: /\[2\].*\[1\]/ });
});

test("wrong cotangents: shape and structure (ShapeError); the pullback still works afterwards", (t) => {
  const [, pullback] = vjp((x: Tensor) => ({ y: mul(x, 2), s: sum(x) }), tensor([1, 2]));
  const e = t.throws(() => pullback({ y: tensor([1, 1, 1]), s: 1 }), { instanceOf: ShapeError });
  t.regex(e.message, /cotangent/);
  t.regex(e.message, /\.y/);
  t.regex(e.message, /\[2\]/);
  t.throws(() => pullback({ y: tensor([1, 1]) } as never), { instanceOf: ShapeError, message: /structure/ });
  t.throws(() => pullback(tensor([1, 1]) as never), { instanceOf: ShapeError });
  t.deepEqual(Array.from((pullback({ y: tensor([1, 0]), s: 1 })[0] as Tensor).data), [3, 1]);
  t.is(openLevelCount(), 0);
});

test("argnums out of range: TransformError with the index and the valid range", (t) => {
  const f = (a: number, b: number) => mul(a, b);
  for (const [api, run] of [
    ["grad", () => grad(f, { argnums: 2 })(1, 2)],
    ["grad", () => grad(f, { argnums: [0, 5] })(1, 2)],
    ["grad", () => grad(f, { argnums: -3 })(1, 2)],
    ["valueAndGrad", () => valueAndGrad(f, { argnums: 2 })(1, 2)],
    ["jacobian", () => jacobian(f, { argnums: 2 })(1, 2)],
    ["jacfwd", () => jacfwd(f, { argnums: 2 })(1, 2)],
    ["jacrev", () => jacrev(f, { argnums: 2 })(1, 2)],
    ["hessian", () => hessian(f, { argnums: 2 })(1, 2)],
  ] as const) {
    const e = t.throws(run, { instanceOf: TransformError }, api);
    t.regex(e.message, new RegExp(`^${api}`), `${api}: ${e.message}`);
    t.regex(e.message, /argnums/);
    t.regex(e.message, /out of range/);
    t.regex(e.message, /0\.\.1/);
  }
  t.throws(() => grad(f, { argnums: 0.5 })(1, 2), { instanceOf: TransformError, message: /argnums/ });
  t.throws(() => grad(f, { argnums: [] as never })(1, 2), { instanceOf: TransformError, message: /argnums/ });
});

test("non-differentiable values where a number or tensor is expected: TypeMismatchError saying what was given", (t) => {
  for (const [given, pattern] of [["3", /string/], [true, /boolean/], [undefined, /undefined/], [null, /null/], [[1, "a"], /string/]] as const) {
    const e = t.throws(() => grad(square)(given as never), { instanceOf: TypeMismatchError }, String(given));
    t.regex(e.message, pattern);
    t.regex(e.message, /grad/);
  }
  const inOp = t.throws(() => sin("1" as never), { instanceOf: TypeMismatchError });
  t.regex(inOp.message, /sin/);
  t.regex(inOp.message, /string/);
  t.throws(() => mul(tensor([1]), true as never), { instanceOf: TypeMismatchError, message: /mul.*argument 2.*boolean/ });
  const nested = t.throws(() => grad((p: { w: number; tag: string }) => p.w)({ w: 1, tag: "x" }), { instanceOf: TypeMismatchError });
  t.regex(nested.message, /\.tag/);
  t.regex(nested.message, /argnums/, "it should suggest passing such data in an argument that is not differentiated");
  t.throws(() => jvp(square, [2], ["1" as never]), { instanceOf: TypeMismatchError, message: /tangent/ });
  t.throws(() => grad((x: number) => add(x, undefined as never))(1), { instanceOf: TypeMismatchError, message: /add.*undefined/ });
  t.throws(() => grad((_x: number) => "no" as never)(1), { instanceOf: TypeMismatchError, message: /output.*string/ });
});

test("a JavaScript operator on a traced value: TransformError saying to use the ops", (t) => {
  const e = t.throws(() => grad((x: number) => (x as unknown as { valueOf(): number }).valueOf() * 2 + (x as never) * 2)(3), { instanceOf: TransformError });
  t.regex(e.message, /operator/);
  t.regex(e.message, /add, mul/);
  t.throws(() => grad((x: number) => ((x as never) > 0 ? x : 0))(3), { instanceOf: TransformError, message: /operator/ });
  t.throws(() => jvp((x: number) => (x as never) + 1, [3], [1]), { instanceOf: TransformError, message: /operator/ });
  t.throws(() => grad((x: Tensor) => (x as Tensor).toArray() as never)(tensor([1])), { instanceOf: TransformError, message: /toArray/ });
  t.is(openLevelCount(), 0);
});

test("an escaped tracer: TransformError naming the op and saying to return the value or use hasAux", (t) => {
  let leaked: Value = 0;
  grad((x: number) => {
    leaked = mul(x, 2);
    return x;
  })(1);
  const e = t.throws(() => sin(leaked), { instanceOf: TransformError });
  t.regex(e.message, /^sin/);
  t.regex(e.message, /escaped/);
  t.regex(e.message, /hasAux/);
  t.throws(() => grad((x: number) => mul(x, leaked))(2), { instanceOf: TransformError, message: /escaped/ });
  let leakedFwd: Value = 0;
  jvp((x: number) => (leakedFwd = sin(x)), [1], [1]);
  t.throws(() => add(leakedFwd, 1), { instanceOf: TransformError, message: /forward.*escaped|escaped/ });
  t.is(openLevelCount(), 0);
});

const boom = (x: Value): Value => {
  mul(x, x); // some recorded work before failing
  throw new RangeError("boom");
};

test("a function that throws inside any transformation leaves no level open; the next derivative is exact", (t) => {
  const runs: [string, () => unknown][] = [
    ["grad", () => grad(boom)(2)],
    ["valueAndGrad", () => valueAndGrad(boom)(2)],
    ["jvp", () => jvp(boom, [2], [1])],
    ["vjp", () => vjp(boom, 2)],
    ["jacobian", () => jacobian(boom)(tensor([1, 2]))],
    ["jacfwd", () => jacfwd(boom)(tensor([1, 2]))],
    ["jacrev", () => jacrev(boom)(tensor([1, 2]))],
    ["hessian", () => hessian(boom)(tensor([1, 2]))],
    ["hvp", () => hvp(boom, [2], [1])],
    ["checkGrads", () => checkGrads(boom, [2])],
    ["grad(grad)", () => grad(grad(boom))(2)],
    ["jacfwd(jacrev)", () => jacfwd(jacrev(boom))(tensor([1, 2]))],
    ["jvp of grad", () => jvp(grad(boom), [2], [1])],
  ];
  for (const [name, run] of runs) {
    t.throws(run, { instanceOf: RangeError, message: "boom" }, `${name} should let the user's error through`);
    t.is(openLevelCount(), 0, `${name} left a level open`);
    t.is(grad(grad((x: number) => mul(mul(x, x), sin(x))))(0), 0, `the next derivative after ${name}`);
    t.is(grad(square)(3), 6, `the next grad after ${name}`);
  }
});

test("an inner transformation that throws and is caught inside an outer one does not disturb the outer", (t) => {
  const f = (x: number) => {
    const open = openLevelCount();
    try {
      grad(boom)(x);
    } catch {
      // ignored on purpose: the outer transformation must carry on
    }
    t.is(openLevelCount(), open, "the failed inner grad closed its own level and only that one");
    return mul(mul(x, x), x);
  };
  t.is(grad(f)(2), 12);
  t.is(jvp(f, [2], [1])[1], 12);
  t.is(grad(grad(f))(2), 12);
  t.is(openLevelCount(), 0);
});

test("errors thrown by the library inside a transformation also leave no level open", (t) => {
  t.throws(() => grad((x: Tensor) => sum(add(x, tensor([1, 2, 3]))))(tensor([1, 2])), { instanceOf: ShapeError });
  t.is(openLevelCount(), 0);
  t.throws(() => jacfwd(jacrev((x: number) => (x as never) * 2))(1), { instanceOf: TransformError });
  t.is(openLevelCount(), 0);
  t.is(grad(square)(5), 10);
});

test("not a function, or a bad options object: TransformError", (t) => {
  t.throws(() => grad(3 as never), { instanceOf: TransformError, message: /function/ });
  t.throws(() => jvp("f" as never, [1] as never, [1] as never), { instanceOf: TransformError, message: /function/ });
  t.throws(() => jacobian(square, { mode: "sideways" as never }), { instanceOf: TransformError, message: /mode/ });
});
