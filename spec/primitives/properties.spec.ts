/**
 * Registry-driven properties: every registered primitive, at several random valid points drawn
 * by its own `sample`, with random tangents and cotangents (seeded per primitive, so a failure
 * reproduces). Differentiable primitives must satisfy every property of
 * spec/support/derivatives.ts; non-differentiable ones must have zero derivative and return
 * plain values under every transformation. Adding a primitive adds its tests here.
 */
import test from "ava";
import * as lib from "../../lib/index.ts";
import { bind, checkGrads, jvp, vjp, grad, primitives, Tensor, sum, mul, type Primitive, type Value } from "../../lib/index.ts";
import { checkDerivatives } from "../support/derivatives.ts";
import { seededRandom, seedOf } from "../support/random.ts";
import { flatNumbers, randomLike, structureDifference } from "../support/trees.ts";

/** Points per primitive; PROPERTY_SAMPLES=<n> explores further (the seeds stay deterministic). */
const SAMPLES_PER_PRIMITIVE = process.env.PROPERTY_SAMPLES ? Number(process.env.PROPERTY_SAMPLES) : 6;

function drawSample(prim: Primitive, k: number) {
  const seed = seedOf(prim.name, k);
  const random = seededRandom(seed);
  const s = prim.sample!(random);
  return { seed, random, args: s.args, params: s.params, constant: s.constant ?? [] };
}

function describeArgs(args: readonly Value[]): string {
  return args.map((a) => (typeof a === "number" ? a.toPrecision(4) : `Tensor[${a.shape.join(", ")}]`)).join(", ");
}

const all = primitives();

/**
 * The public op behind each elementwise primitive (exported functions carry `.primitive`). Ops
 * may take shortcuts that bind does not (e.g. a scalar fast path on plain numbers), so the
 * properties are checked through both.
 */
const publicOp = new Map<Primitive, (...xs: Value[]) => Value>();
for (const v of Object.values(lib)) {
  if (typeof v === "function" && "primitive" in v) publicOp.set((v as { primitive: Primitive }).primitive, v as (...xs: Value[]) => Value);
}

test("the public elementwise ops are found for the property checks", (t) => {
  for (const name of ["sin", "add", "mul", "pow", "sigmoid", "maximum"]) t.true([...publicOp.keys()].some((p) => p.name === name), name);
});

test("the registry lists the primitives the issue asks for", (t) => {
  const names = new Set(all.map((p) => p.name));
  for (const name of ["add", "sub", "mul", "div", "neg", "pow", "exp", "log", "sin", "cos", "tanh", "abs", "maximum", "where", "sum", "prod", "max", "min", "matmul", "transpose", "reshape", "broadcastTo", "slice", "concat", "greater", "relu", "sigmoid", "softplus", "stopGradient"]) {
    t.true(names.has(name), `primitive ${name} is not registered`);
  }
});

for (const prim of all) {
  if (!prim.differentiable) continue;

  test(`${prim.name}: derivative properties at ${SAMPLES_PER_PRIMITIVE} random points`, (t) => {
    if (typeof prim.sample !== "function") {
      t.fail(`primitive ${prim.name} is differentiable but has no sample: give it a sample (lib/primitives/sampling.ts) so the property tests can check its rules`);
      return;
    }
    const failures: string[] = [];
    let checks = 0;
    for (let k = 0; k < SAMPLES_PER_PRIMITIVE; k++) {
      const { seed, random, args, params, constant } = drawSample(prim, k);
      const diff = args.map((_, i) => i).filter((i) => !constant.includes(i));
      t.true(diff.length > 0, `${prim.name}: sample ${k} marks every argument constant`);
      const f = (...xs: Value[]): Value => {
        const full = args.slice();
        diff.forEach((i, j) => (full[i] = xs[j]!));
        return bind(prim, full, params);
      };
      const what = `${prim.name} (sample ${k}, seed ${seed}, args ${describeArgs(args)}${params === undefined ? "" : `, params ${JSON.stringify(params)}`})`;
      const r = checkDerivatives(f, diff.map((i) => args[i]!), { what, random });
      failures.push(...r.failures);
      checks += r.checks;
      // The public checker must agree (it is what a user registering a primitive would run).
      const report = checkGrads(f, diff.map((i) => args[i]!) as never, { order: 2, seed, throwOnFailure: false });
      checks += report.checks.length;
      if (!report.ok) failures.push(`${what}: checkGrads: worst ${report.worst.check} at order ${report.worst.order}, error ${report.worst.error.toExponential(2)} > ${report.worst.tolerance}`);
      const op = publicOp.get(prim);
      if (op !== undefined && params === undefined) {
        const viaOp = (...xs: Value[]): Value => {
          const full = args.slice();
          diff.forEach((i, j) => (full[i] = xs[j]!));
          return op(...full);
        };
        const r2 = checkDerivatives(viaOp, diff.map((i) => args[i]!), { what: `${what} through the public op`, random });
        failures.push(...r2.failures);
        checks += r2.checks;
      }
    }
    t.deepEqual(failures, [], `${failures.length} failed propert${failures.length === 1 ? "y" : "ies"}:\n${failures.join("\n")}`);
    t.true(checks >= SAMPLES_PER_PRIMITIVE * 10, `${prim.name}: only ${checks} comparisons were made`);
  });
}

const isPlain = (v: unknown): boolean => typeof v === "number" || v instanceof Tensor;

for (const prim of all) {
  if (prim.differentiable) continue;

  test(`${prim.name} (not differentiable): zero derivative and plain values under every transformation`, (t) => {
    t.is(typeof prim.sample, "function", `${prim.name} has no sample`);
    for (let k = 0; k < SAMPLES_PER_PRIMITIVE; k++) {
      const { seed, random, args, params } = drawSample(prim, k);
      const where = `${prim.name} (sample ${k}, seed ${seed})`;
      const expected = bind(prim, args, params);
      const seen: unknown[] = [];
      const f = (...xs: Value[]): Value => {
        const out = bind(prim, xs, params);
        seen.push(out);
        // Use it in a differentiable expression too: d/dx sum(x0 * p(x)) must be p(x) (p' = 0).
        return out;
      };
      const v = randomLike(args, () => 2 * random() - 1) as Value[];
      const [y, tangent] = jvp(f, args as never, v as never);
      t.deepEqual(flatNumbers(y), flatNumbers(expected), `${where}: jvp changed the value`);
      t.true(flatNumbers(tangent).every((d) => d === 0), `${where}: jvp tangent is not zero: ${flatNumbers(tangent)}`);
      const [, pullback] = vjp(f, ...(args as never[]));
      const cts = pullback(randomLike(expected, () => 1) as never);
      t.is(structureDifference(args, cts), null, `${where}: cotangents not shaped like the arguments`);
      t.true(flatNumbers(cts).every((d) => d === 0), `${where}: vjp cotangent is not zero`);
      // Nested: under grad over jvp the result is still a plain value.
      const one = randomLike(args[0], () => 1) as Value;
      grad((a: Value) => sum(jvp((b: Value) => mul(b, sum(f(...[b, ...args.slice(1)]) as Value)), [a], [one])[1]))(args[0]!);
      t.true(seen.length >= 3 && seen.every(isPlain), `${where}: returned a traced value inside a transformation`);
      // The product rule with a zero derivative: d/dx0 sum(x0 * p(x)) = sum over p(x) broadcast to x0.
      const gx = grad((a: Value) => sum(mul(a, f(...[a, ...args.slice(1)]))))(args[0]!);
      const direct = grad((a: Value) => sum(mul(a, expected)))(args[0]!);
      t.deepEqual(flatNumbers(gx), flatNumbers(direct), `${where}: derivative of x0 * ${prim.name}(x) is not ${prim.name}(x)`);
    }
  });
}
