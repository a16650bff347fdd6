// NaN hunting (debugNans / withDebugNans): the first primitive whose forward value, tangent or
// cotangent is NaN or ±Infinity throws a NonFiniteError naming the primitive, the mode and the
// line of the user's code that applied it. Off by default; free when off (the hooks are null).
import test from "ava";
import type { ExecutionContext } from "ava";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  CotangentError, NonFiniteError, TypeMismatchError, bind, debugNans, definePrimitive, grad, greater, hessian, jacfwd, jacrev, jvp,
  log, mul, sqrt, sub, sum, tensor, vjp, where, withDebugNans, type NonFiniteMode, type Value,
} from "../../lib/index.ts";
import { debugHooks } from "../../lib/core/debug.ts";
import { openLevelCount } from "../../lib/core/level.ts";

const SOURCE = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
/** 1-based line of the line holding `marker` (a comment), so the site assertions are exact. */
const lineOf = (marker: string): number => {
  const i = SOURCE.findIndex((l) => l.includes(marker) && !l.includes("lineOf("));
  if (i < 0) throw new Error(`marker ${marker} not found`);
  return i + 1;
};

// The user's functions, one op per marked line.
function logLoss(x: Value): Value {
  return sum(log(x)); // SITE:log
}
function sqrtLoss(x: Value): Value {
  const r = sqrt(x); // SITE:sqrt
  return sum(r);
}
function scaledLog(x: Value): Value {
  return mul(2, log(x)); // SITE:scaled-log
}

/** Runs `body` under withDebugNans and returns the NonFiniteError it must throw. */
function hunt(t: ExecutionContext, body: () => unknown, options?: { infinities?: boolean }): NonFiniteError {
  const e = t.throws(() => withDebugNans(body, options), { instanceOf: NonFiniteError })!;
  t.true(e instanceof CotangentError);
  t.is(openLevelCount(), 0, "a level was left open");
  return e as NonFiniteError;
}

function expectReport(t: ExecutionContext, e: NonFiniteError, primitive: string, mode: NonFiniteMode, marker: string, value?: number): void {
  t.is(e.primitive, primitive);
  t.is(e.mode, mode);
  if (value !== undefined) t.true(Object.is(e.value, value), `value ${e.value}, expected ${value}`);
  const line = lineOf(marker);
  t.truthy(e.site, `no site in: ${e.message}`);
  t.regex(e.site!, new RegExp(`debug-nans\\.spec\\.ts:${line}:\\d+\\)?$`), `site ${e.site} should point at line ${line}`);
  t.true(e.message.startsWith(`debugNans: ${primitive} gave `), e.message);
  t.true(e.message.includes(mode), e.message);
  t.true(e.message.includes(e.site!), e.message);
}

function assertOff(t: ExecutionContext): void {
  t.is(debugHooks.onPrimal, null);
  t.is(debugHooks.onDerivative, null);
  t.false(debugHooks.captureSites);
}

test.serial("off by default: the hooks are null and non-finite results pass through", (t) => {
  assertOff(t);
  t.is(grad(sqrt)(0), Infinity);
  t.true(Number.isNaN(scaledLog(-1)));
  t.true(Number.isNaN(grad(sqrtLoss)(-1)));
});

test.serial("forward value: the op that made the NaN, with the user's line", (t) => {
  const e = hunt(t, () => grad(logLoss)(tensor([1, -1])));
  expectReport(t, e, "log", "forward value", "SITE:log", NaN);
  t.true(e.message.includes("element 1"), e.message);
  t.true(e.message.includes("inputs were finite"), e.message);
  assertOff(t);
});

test.serial("forward value in every evaluator and outside any transformation", (t) => {
  for (const run of [
    () => scaledLog(-1), // plain numbers, no transformation
    () => scaledLog(tensor([-1, 2])),
    () => jvp(scaledLog, [-1], [1]),
    () => vjp(scaledLog, -1),
    () => jacfwd(scaledLog)(-1),
    () => jacrev(scaledLog)(-1),
    () => hessian(scaledLog)(-1),
  ]) {
    expectReport(t, hunt(t, run), "log", "forward value", "SITE:scaled-log", NaN);
  }
});

test.serial("forward-mode tangent: sqrt at 0 has an infinite derivative", (t) => {
  const e = hunt(t, () => jvp(sqrtLoss, [tensor([4, 0])], [tensor([1, 1])]));
  expectReport(t, e, "sqrt", "forward-mode tangent", "SITE:sqrt", Infinity);
  t.true(e.message.includes("derivative is infinite or undefined"), e.message);
  expectReport(t, hunt(t, () => jacfwd(sqrtLoss)(0)), "sqrt", "forward-mode tangent", "SITE:sqrt", Infinity);
});

test.serial("reverse-mode cotangent: reported at the line where the op was recorded", (t) => {
  const e = hunt(t, () => grad(sqrtLoss)(tensor([4, 0])));
  expectReport(t, e, "sqrt", "reverse-mode cotangent", "SITE:sqrt", Infinity);
  expectReport(t, hunt(t, () => grad(sqrtLoss)(0)), "sqrt", "reverse-mode cotangent", "SITE:sqrt", Infinity);
  expectReport(t, hunt(t, () => vjp(sqrtLoss, 0)[1](1)), "sqrt", "reverse-mode cotangent", "SITE:sqrt", Infinity);
});

test.serial("nested transformations report the op the user wrote", (t) => {
  expectReport(t, hunt(t, () => hessian(sqrtLoss)(tensor([4, 0]))), "sqrt", "reverse-mode cotangent", "SITE:sqrt", Infinity);
  expectReport(t, hunt(t, () => grad(grad(sqrtLoss))(0)), "sqrt", "reverse-mode cotangent", "SITE:sqrt", Infinity);
  // Forward over reverse: the outer tangent through sqrt is infinite before any backward pass runs.
  expectReport(t, hunt(t, () => jvp(grad(sqrtLoss), [0], [1])), "sqrt", "forward-mode tangent", "SITE:sqrt", Infinity);
});

test.serial("infinities: false reports NaN only, so log(0) masked by where is allowed", (t) => {
  const safeLog = (x: Value) => where(greater(x, 0), log(x), 0); // SITE:safe-log
  // log(0) = -Infinity in the forward pass: reported by default...
  expectReport(t, hunt(t, () => grad(safeLog)(0)), "log", "forward value", "SITE:safe-log", -Infinity);
  // ...allowed with infinities: false, and the derivative is finite.
  t.is(withDebugNans(() => grad(safeLog)(0), { infinities: false }), 0);
  // NaN is still caught.
  expectReport(t, hunt(t, () => grad(logLoss)(tensor([-1])), { infinities: false }), "log", "forward value", "SITE:log", NaN);
});

test.serial("with infinities: false, a NaN made from infinite inputs points at those inputs", (t) => {
  const e = hunt(t, () => grad((x: Value) => sub(x, x))(Infinity), { infinities: false }); // SITE:inf-minus-inf
  expectReport(t, e, "sub", "forward value", "SITE:inf-minus-inf", NaN);
  t.true(e.message.includes("input 1 (number Infinity) was already not finite"), e.message);
});

test.serial("values inside derivative rules that a zero cotangent cancels are not reported", (t) => {
  // where's VJP sends an exact 0 to sqrt at x = 0; sqrt's rule computes the infinite local
  // derivative internally and multiplies it by that 0 (mulNoNan): the cotangent is finite.
  const guarded = (x: Value) => where(greater(x, 0), sqrt(x), 0); // SITE:guarded
  t.is(withDebugNans(() => grad(guarded)(0)), 0);
  t.deepEqual((withDebugNans(() => grad((x: Value) => sum(guarded(x)))(tensor([0, 4]))) as { toArray(): unknown }).toArray(), [0, 0.25]);
  // Forward mode has no such rescue: sqrt's tangent itself is infinite before where drops it.
  expectReport(t, hunt(t, () => jvp(guarded, [0], [1])), "sqrt", "forward-mode tangent", "SITE:guarded", Infinity);
});

test.serial("a NaN passed in as data is reported at the first op that receives it", (t) => {
  const e = hunt(t, () => grad(scaledLog)(NaN));
  expectReport(t, e, "log", "forward value", "SITE:scaled-log", NaN);
  t.true(e.message.includes("input 1 (number NaN) was already not finite"), e.message);
});

test.serial("a user primitive whose rules return NaN is named in both modes", (t) => {
  const badRules = definePrimitive({
    name: "reliability_bad_rules",
    arity: 1,
    impl: ([x]) => x!,
    jvp: () => NaN,
    vjp: () => [NaN],
    doc: { summary: "identity with broken rules", derivative: "NaN (on purpose, for the NaN hunting tests)" },
  });
  const f = (x: Value) => bind(badRules, [mul(x, 3)]); // SITE:bad-rules
  expectReport(t, hunt(t, () => grad(f)(1)), "reliability_bad_rules", "reverse-mode cotangent", "SITE:bad-rules", NaN);
  expectReport(t, hunt(t, () => jvp(f, [1], [1])), "reliability_bad_rules", "forward-mode tangent", "SITE:bad-rules", NaN);
});

test.serial("withDebugNans restores the previous setting, also after a throw, and nests", (t) => {
  const limit = Error.stackTraceLimit;
  t.throws(() => withDebugNans(() => grad(sqrtLoss)(0)), { instanceOf: NonFiniteError });
  assertOff(t);
  t.is(Error.stackTraceLimit, limit);

  debugNans({ infinities: false });
  t.not(debugHooks.onPrimal, null);
  t.is(withDebugNans(() => 1 + 1), 2); // inner: infinities on
  t.is(grad(sqrtLoss)(0), Infinity, "the outer setting (NaN only) is back after the inner call");
  debugNans(false);
  assertOff(t);
  t.is(Error.stackTraceLimit, limit);
});

test.serial("bad settings are rejected with a clear error", (t) => {
  for (const bad of ["yes", 1, null, { infinity: true }, { infinities: "no" }, [true]]) {
    const e = t.throws(() => debugNans(bad as never), { instanceOf: TypeMismatchError })!;
    t.true(e.message.startsWith("debugNans: expected true, false or an options object"), e.message);
  }
  const e = t.throws(() => withDebugNans("f" as never), { instanceOf: TypeMismatchError })!;
  t.true(e.message.includes('withDebugNans: the first argument must be the function to run'), e.message);
  assertOff(t);
});
