// No state left behind: a function that throws at any point inside any transformation, nested
// in any way, leaves no open level, tape or hook behind; the error reaches the caller unchanged,
// and the next computation is exact. Escaped tracers give a clear error.
import test from "ava";
import fc from "fast-check";
import {
  TransformError, add, bind, cos, definePrimitive, exp, grad, hessian, hvp, jacfwd, jacobian, jacrev, jvp, mul, sigmoid, sin, softplus,
  sum, tanh, tensor, valueAndGrad, vjp, type Value,
} from "../../lib/index.ts";
import { openLevelCount } from "../../lib/core/level.ts";
import { debugHooks } from "../../lib/core/debug.ts";

// ------------------------------------------------------------------ the pieces of a random computation

/** The error the test throws on purpose. */
class Boom extends Error {}

type BoomKind = "user code" | "impl" | "jvp rule" | "vjp rule";
/** Which part of the boom primitive throws in the current run (null: none, it is the identity). */
let armed: BoomKind | null = null;
let lastBoom: Boom | null = null;
function explode(kind: BoomKind): never {
  lastBoom = new Boom(`boom in ${kind}`);
  throw lastBoom;
}

/** The identity, whose implementation or rules throw when armed. */
const boomPrim = definePrimitive({
  name: "reliability_boom",
  arity: 1,
  impl: ([x]) => (armed === "impl" ? explode("impl") : x!),
  jvp: (_p, [t]) => (armed === "jvp rule" ? explode("jvp rule") : t),
  vjp: (ct) => (armed === "vjp rule" ? explode("vjp rule") : [ct]),
  doc: { summary: "identity that throws on demand", derivative: "1" },
});
/**
 * The boom op, followed by sin: a non-linear op after it makes every derivative of the output
 * depend on boom's value, so an enclosing reverse pass always reaches its node (a primal that
 * only a derivative transformation discards would never be pulled back).
 */
const boom = (x: Value): Value => {
  if (armed === "user code") explode("user code");
  return sin(bind(boomPrim, [x]));
};

/** Smooth ops on R with no polynomial pieces, so every derivative of any order still depends on x. */
const OPS: readonly ((x: Value) => Value)[] = [
  (x) => sin(x),
  (x) => cos(x),
  (x) => tanh(x),
  (x) => sigmoid(x),
  (x) => softplus(x),
  (x) => exp(mul(x, 0.3)),
  (x) => mul(x, 0.7),
  (x) => add(x, 0.25),
];

type TransformName = "grad" | "jvp" | "vjp" | "jacfwd" | "jacrev" | "hessian" | "hvp";
/** Each transformation turns a scalar function of a scalar into another one, so they nest freely. */
const TRANSFORMS: Record<TransformName, (g: (x: Value) => Value) => (x: Value) => Value> = {
  grad: (g) => grad(g),
  jvp: (g) => (x) => jvp(g, [x], [1])[1],
  vjp: (g) => (x) => vjp(g, x)[1](1)[0] as Value,
  jacfwd: (g) => jacfwd(g),
  jacrev: (g) => jacrev(g),
  hessian: (g) => hessian(g),
  hvp: (g) => (x) => hvp(g, [x], [1])[0],
};
const USES_FORWARD = new Set<TransformName>(["jvp", "jacfwd", "hessian", "hvp"]);
const USES_REVERSE = new Set<TransformName>(["grad", "vjp", "jacrev", "hessian", "hvp"]);

/**
 * A nesting T1(g1)(x0) with g_i(x) = after_i(T_{i+1}(g_{i+1})(before_i(x))) and the innermost
 * g_d(x) = before_d(x). Each `before` chain starts with a non-polynomial op, so derivatives stay
 * functions of x at every order. The boom op sits at one position of one chain.
 */
interface Plan {
  transforms: TransformName[];
  before: number[][];
  after: number[][];
  spot: { chain: number; position: number; kind: BoomKind };
  x0: number;
}

function chainFn(ops: readonly number[], boomAt: number | null): (x: Value) => Value {
  return (x) => {
    let y = x;
    for (let i = 0; i <= ops.length; i++) {
      if (i === boomAt) y = boom(y);
      if (i < ops.length) y = OPS[ops[i]!]!(y);
    }
    return y;
  };
}

/** Runs the plan; chains are numbered before_1, after_1, before_2, after_2, ... */
function run(plan: Plan): Value {
  const d = plan.transforms.length;
  const boomAt = (chain: number) => (plan.spot.chain === chain ? plan.spot.position : null);
  const g = (level: number): ((x: Value) => Value) => {
    const before = chainFn(plan.before[level - 1]!, boomAt(2 * (level - 1)));
    if (level === d) return before;
    const after = chainFn(plan.after[level - 1]!, boomAt(2 * (level - 1) + 1));
    const inner = TRANSFORMS[plan.transforms[level]!](g(level + 1));
    return (x) => after(inner(before(x)));
  };
  return TRANSFORMS[plan.transforms[0]!](g(1))(plan.x0);
}

/** Whether the armed part of the boom op runs: code and impl always; a rule if an enclosing transformation uses its mode. */
function mustThrow(plan: Plan): boolean {
  const level = Math.floor(plan.spot.chain / 2) + 1; // chains of g_level are enclosed by T_1..T_level
  const enclosing = plan.transforms.slice(0, level);
  switch (plan.spot.kind) {
    case "user code":
    case "impl":
      return true;
    case "jvp rule":
      return enclosing.some((t) => USES_FORWARD.has(t));
    case "vjp rule":
      return enclosing.some((t) => USES_REVERSE.has(t));
  }
}

const arbPlan: fc.Arbitrary<Plan> = fc
  .integer({ min: 1, max: 3 })
  .chain((d) =>
    fc.record({
      transforms: fc.array(fc.constantFrom(...(Object.keys(TRANSFORMS) as TransformName[])), { minLength: d, maxLength: d }),
      before: fc.array(
        fc.tuple(fc.integer({ min: 0, max: 5 }), fc.array(fc.integer({ min: 0, max: OPS.length - 1 }), { maxLength: 2 })).map(([first, rest]) => [first, ...rest]),
        { minLength: d, maxLength: d },
      ),
      after: fc.array(fc.array(fc.integer({ min: 0, max: OPS.length - 1 }), { maxLength: 2 }), { minLength: d - 1, maxLength: d - 1 }),
      spotChain: fc.integer({ min: 0, max: 2 * d - 2 }),
      spotPosition: fc.nat(),
      kind: fc.constantFrom<BoomKind>("user code", "impl", "jvp rule", "vjp rule"),
      x0: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
    }),
  )
  .map(({ transforms, before, after, spotChain, spotPosition, kind, x0 }) => {
    const chain = spotChain % 2 === 0 ? before[spotChain / 2]! : after[(spotChain - 1) / 2]!;
    return { transforms, before, after, spot: { chain: spotChain, position: spotPosition % (chain.length + 1), kind }, x0 };
  });

// ------------------------------------------------------------------ what must be unchanged afterwards

const probe = (x: Value): Value => mul(x, sin(x));
const EXACT = {
  grad: grad(probe)(0.7) as number,
  second: grad(grad(probe))(0.7) as number,
  hessian: hessian((x: Value) => sum(mul(mul(x, x), sin(x))))(tensor([0.3, -0.4])),
};
// A pullback recorded before any failure must still work after them.
const [, earlyPullback] = vjp(probe, 0.7);

function assertClean(): string | null {
  if (openLevelCount() !== 0) return `${openLevelCount()} level(s) left open`;
  if (debugHooks.onPrimal !== null || debugHooks.onDerivative !== null || debugHooks.captureSites) return "a debug hook was left on";
  if (!Object.is(grad(probe)(0.7), EXACT.grad)) return `grad changed: ${grad(probe)(0.7)} vs ${EXACT.grad}`;
  if (!Object.is(grad(grad(probe))(0.7), EXACT.second)) return "grad(grad) changed";
  if (!Object.is(earlyPullback(1)[0], EXACT.grad)) return "an earlier pullback changed";
  return null;
}

test("the exact values the property compares against are right", (t) => {
  t.true(Math.abs(EXACT.grad - (Math.sin(0.7) + 0.7 * Math.cos(0.7))) < 1e-15);
  t.true(Math.abs(EXACT.second - (2 * Math.cos(0.7) - 0.7 * Math.sin(0.7))) < 1e-15);
});

test("a throw anywhere in random nested transformations propagates and leaves nothing behind", (t) => {
  let runs = 0;
  let thrown = 0;
  fc.assert(
    fc.property(arbPlan, (plan) => {
      runs++;
      armed = null;
      const reference = run(plan); // the boom op is the identity when not armed
      armed = plan.spot.kind;
      lastBoom = null;
      let result: unknown = undefined;
      let error: unknown = null;
      try {
        result = run(plan);
      } catch (e) {
        error = e;
      } finally {
        armed = null;
      }
      const expected = mustThrow(plan);
      if (expected) {
        if (error === null) throw new Error(`expected the ${plan.spot.kind} to throw, got ${String(result)}`);
        if (error !== lastBoom) throw new Error(`the error was replaced on its way out: ${String(error)}`);
        thrown++;
      } else {
        if (error !== null) throw new Error(`did not expect a throw, got ${String(error)}`);
        if (!Object.is(result, reference)) throw new Error(`result ${String(result)} differs from ${String(reference)}`);
      }
      const dirty = assertClean();
      if (dirty !== null) throw new Error(dirty);
    }),
    { numRuns: 1000, seed: 20240606, includeErrorInReport: true },
  );
  t.log(`${runs} random nestings, ${thrown} of them threw on purpose`);
  t.true(thrown > runs / 2);
  t.is(assertClean(), null);
});

test("throws inside hasAux functions, jacobian modes, nested grads and pullbacks leave nothing behind", (t) => {
  const failing: [string, BoomKind | null, () => unknown][] = [
    ["valueAndGrad with hasAux", null, () => valueAndGrad((x: Value) => [sin(x), explode("user code")], { hasAux: true })(1)],
    ["jacobian (auto)", null, () => jacobian((x: Value) => (explode("user code"), x))(tensor([1, 2]))],
    ["jacobian (reverse), vjp rule", "vjp rule", () => jacobian((x: Value) => sin(bind(boomPrim, [x])), { mode: "reverse" })(tensor([1, 2]))],
    ["jacobian (forward), jvp rule", "jvp rule", () => jacobian((x: Value) => sin(bind(boomPrim, [x])), { mode: "forward" })(tensor([1, 2]))],
    ["grad inside grad", null, () => grad((x: Value) => grad((y: Value) => (explode("user code"), y))(x))(1)],
    ["the second call of a pullback", "vjp rule", () => vjp((x: Value) => sin(bind(boomPrim, [x])), 1)[1](1)],
  ];
  for (const [what, kind, call] of failing) {
    armed = kind;
    lastBoom = null;
    const e = t.throws(call, { instanceOf: Boom }, what);
    armed = null;
    t.is(e as Boom | null, lastBoom, `${what}: the error was replaced on its way out`);
    t.is(assertClean(), null, what);
  }
  // A recording whose pullback threw can be pulled back again once the cause is gone.
  const [, pullback] = vjp((x: Value) => sin(bind(boomPrim, [x])), 1);
  armed = "vjp rule";
  t.throws(() => pullback(1), { instanceOf: Boom });
  armed = null;
  t.is(pullback(1)[0], Math.cos(1));
  t.is(assertClean(), null);
});

// ------------------------------------------------------------------ escaped tracers

const ESCAPE_FROM: Record<TransformName, (inside: (x: Value) => void) => void> = {
  grad: (inside) => grad((x: Value) => (inside(x), sin(x)))(0.5),
  jvp: (inside) => jvp((x: Value) => (inside(x), sin(x)), [0.5], [1]),
  vjp: (inside) => vjp((x: Value) => (inside(x), sin(x)), 0.5),
  jacfwd: (inside) => jacfwd((x: Value) => (inside(x), sin(x)))(0.5),
  jacrev: (inside) => jacrev((x: Value) => (inside(x), sin(x)))(0.5),
  hessian: (inside) => hessian((x: Value) => (inside(x), sin(x)))(0.5),
  hvp: (inside) => hvp((x: Value) => (inside(x), sin(x)), [0.5], [1]),
};

test("a tracer kept after its transformation returned gives a clear error wherever it is used", (t) => {
  for (const [name, transform] of Object.entries(ESCAPE_FROM)) {
    let kept: Value | null = null;
    transform((x) => {
      kept = mul(x, 2);
    });
    t.not(kept, null);
    for (const use of [() => sin(kept!), () => add(1, kept!), () => grad((y: Value) => mul(y, kept!))(1), () => jvp((y: Value) => mul(y, kept!), [1], [1])]) {
      const e = t.throws(use, { instanceOf: TransformError }, name)!;
      t.regex(e.message, /^\w+: got a traced value from a (forward|reverse)-mode .* transformation that has already returned \(an escaped tracer\)/, name);
      t.true(e.message.includes("return it from the function instead"), name);
    }
    t.is(assertClean(), null, name);
  }
});

test("an inner tracer leaking into the enclosing transformation gives the same error", (t) => {
  const e = t.throws(
    () =>
      grad((x: Value) => {
        let inner: Value | null = null;
        grad((y: Value) => {
          inner = y;
          return sin(y);
        })(x);
        return mul(x, inner!);
      })(0.5),
    { instanceOf: TransformError },
  )!;
  t.true(e.message.startsWith("mul: got a traced value from a reverse-mode (vjp/grad) transformation that has already returned"), e.message);
  t.is(assertClean(), null);
});
