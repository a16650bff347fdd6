/**
 * checkGrads: compares forward mode, reverse mode and central finite differences on random
 * directions, to a given order, as JAX's `check_grads` and PyTorch's `gradcheck` do.
 * @module
 */
import { concrete, shapeOf } from "../core/value.ts";
import { GradientCheckError, TransformError } from "../errors.ts";
import { Tensor, describe } from "../tensor/tensor.ts";
import { zipBinary } from "../tensor/elementwise.ts";
import { sizeOf } from "../tensor/shape.ts";
import { seededRandom } from "../tensor/seeded-random.ts";
import { ARGNUMS_OPTION, BOOLEAN_OPTION, checkFunction, checkOptions, resolveArgnums, type Argnums, type OptionSpecs } from "./args.ts";
import { jvp } from "./jvp.ts";
import { vjp } from "./vjp.ts";
import { flatten } from "./tree.ts";
import type { AnyFunction } from "./types.ts";

/** Options of {@link checkGrads}. */
export interface CheckGradsOptions {
  /** Highest derivative order to check (default 2). */
  order?: number;
  /** Which modes to check (default both). */
  modes?: readonly ("forward" | "reverse")[];
  /** Finite-difference step (default 1e-5; central differences have O(eps²) error). */
  eps?: number;
  /** Largest accepted error against finite differences, relative to max(1, |value|) (default 1e-5). */
  tolerance?: number;
  /** Largest accepted disagreement between forward and reverse mode (default 1e-9). */
  modeTolerance?: number;
  /** Which arguments to differentiate (default: all). The others are held fixed. */
  argnums?: Argnums;
  /** Seed of the random directions (default 0). */
  seed?: number;
  /** Throw a {@link GradientCheckError} when a check fails (default true). */
  throwOnFailure?: boolean;
}

/** One comparison made by {@link checkGrads}. */
export interface GradCheck {
  /** Which derivative was checked: 1 for the first derivatives of f, 2 for the derivatives of its JVP and VJP, ... */
  order: number;
  /** What was compared, e.g. "forward vs finite differences". */
  check: string;
  /** The disagreement, relative to max(1, |a|, |b|) of the two compared numbers (Infinity for NaN). */
  error: number;
  /** The largest error accepted for this comparison. */
  tolerance: number;
  /** Whether `error <= tolerance`. */
  ok: boolean;
}

/** What {@link checkGrads} found: every comparison and the worst one. */
export interface CheckGradsReport {
  /** True when every comparison passed. */
  ok: boolean;
  /** Every comparison made, in the order they ran. */
  checks: GradCheck[];
  /** The comparison with the largest error relative to its tolerance. */
  worst: GradCheck;
}


/** A random direction with the structure of `tree`, entries in [-1, 1]. */
function randomLike(tree: unknown, random: () => number, what: string): unknown {
  const flat = flatten(tree, what);
  return flat.rebuild(
    flat.leaves.map((leaf) => {
      const shape = shapeOf(leaf);
      if (typeof leaf === "number" || (shape.length === 0 && !(leaf instanceof Tensor))) return 2 * random() - 1;
      const data = new Float64Array(sizeOf(shape));
      for (let i = 0; i < data.length; i++) data[i] = 2 * random() - 1;
      return new Tensor(data, shape);
    }),
  );
}

/** `x + s * v` leafwise on concrete values. */
function axpy(x: unknown, v: unknown, s: number): unknown {
  const fx = flatten(x, "checkGrads");
  const fv = flatten(v, "checkGrads").leaves;
  return fx.rebuild(fx.leaves.map((a, i) => zipBinary("checkGrads", concrete(a), concrete(fv[i]!), (p, q) => p + s * q)));
}

/** Inner product of two trees of the same structure. */
function inner(a: unknown, b: unknown): number {
  const la = flatten(a, "checkGrads").leaves;
  const lb = flatten(b, "checkGrads").leaves;
  let s = 0;
  la.forEach((x, i) => {
    const p = zipBinary("checkGrads", concrete(x), concrete(lb[i]!), (u, w) => u * w);
    if (typeof p === "number") s += p;
    else for (const e of p.data) s += e;
  });
  return s;
}

const isNonNegative = (v: unknown): boolean => typeof v === "number" && v >= 0; // NaN fails
const CHECK_GRADS_OPTIONS: OptionSpecs = {
  order: [(v) => Number.isInteger(v) && (v as number) >= 1, "a positive integer"],
  modes: [(v) => Array.isArray(v) && v.length > 0 && v.every((m) => m === "forward" || m === "reverse"), 'a non-empty array of "forward" and/or "reverse"'],
  eps: [(v) => typeof v === "number" && v > 0 && Number.isFinite(v), "a positive finite number (the finite-difference step)"],
  tolerance: [isNonNegative, "a non-negative number"],
  modeTolerance: [isNonNegative, "a non-negative number"],
  argnums: ARGNUMS_OPTION,
  seed: [(v) => typeof v === "number" && Number.isFinite(v), "a finite number"],
  throwOnFailure: BOOLEAN_OPTION,
};

/**
 * Checks the derivatives of `f` at `args`: for a random tangent v and cotangent u, compares the
 * forward-mode J·v with central finite differences, the reverse-mode uᵀJ with them (through
 * ⟨uᵀJ, v⟩ = ⟨u, J·v⟩), and the two modes with each other; then does the same for the
 * derivative functions, up to `order`. Returns a report; throws {@link GradientCheckError} naming
 * the worst disagreement unless `throwOnFailure` is false.
 *
 * @example
 * ```ts
 * import { checkGrads, sin, mul } from "cotangent";
 * const report = checkGrads((x: number) => mul(x, sin(x)), [0.7]);
 * console.log(report.ok, report.worst.error < 1e-6); // true true
 * ```
 */
export function checkGrads<F extends AnyFunction>(f: F, allArgs: Parameters<F>, options: CheckGradsOptions = {}): CheckGradsReport {
  checkFunction("checkGrads", f);
  if (!Array.isArray(allArgs)) throw new TransformError(`checkGrads: args must be an array with one entry per argument of f, got ${describe(allArgs)}.`);
  checkOptions("checkGrads", options, CHECK_GRADS_OPTIONS);
  // Differentiate only the selected arguments: check g(selected) = f(all, with selected substituted).
  const nums = options.argnums === undefined ? allArgs.map((_, i) => i) : resolveArgnums("checkGrads", options.argnums, allArgs.length);
  const args = nums.map((i) => allArgs[i]);
  const fSelected = (...xs: unknown[]) => {
    const full = allArgs.slice();
    nums.forEach((i, k) => (full[i] = xs[k]));
    return f(...full);
  };
  const { order = 2, modes = ["forward", "reverse"], eps = 1e-5, tolerance = 1e-5, modeTolerance = 1e-9, seed = 0, throwOnFailure = true } = options;
  if (!Number.isInteger(order) || order < 1) throw new TransformError(`checkGrads: order must be a positive integer, got ${order}.`);
  const random = seededRandom(seed);
  const checks: GradCheck[] = [];
  const compare = (ord: number, check: string, a: number, b: number, tol: number) => {
    const error = Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
    checks.push({ order: ord, check, error: Number.isNaN(error) ? Infinity : error, tolerance: tol, ok: error <= tol });
  };

  const checkAt = (g: AnyFunction, ord: number) => {
    const v = randomLike(args, random, "checkGrads: args") as unknown[];
    const y = g(...args);
    const u = randomLike(y, random, "checkGrads: the function's output");
    const plus = g(...(axpy(args, v, eps) as unknown[]));
    const minus = g(...(axpy(args, v, -eps) as unknown[]));
    const fdDirectional = (inner(u, plus) - inner(u, minus)) / (2 * eps); // ⟨u, J v⟩ by differences
    let forward: number | null = null;
    let reverse: number | null = null;
    if (modes.includes("forward")) {
      const [, t] = jvp(g, args as Parameters<typeof g>, v as Parameters<typeof g>);
      forward = inner(u, t);
      compare(ord, "forward (jvp) vs finite differences", forward, fdDirectional, tolerance);
    }
    if (modes.includes("reverse")) {
      const [, pullback] = vjp(g, ...(args as Parameters<typeof g>));
      reverse = inner(pullback(u as never), v);
      compare(ord, "reverse (vjp) vs finite differences", reverse, fdDirectional, tolerance);
    }
    if (forward !== null && reverse !== null) compare(ord, "forward vs reverse: <u, J v> = <J^T u, v>", forward, reverse, modeTolerance);
    if (ord < order) {
      if (modes.includes("forward")) {
        const vFixed = v;
        checkAt((...xs: unknown[]) => jvp(g, xs as never, vFixed as never)[1], ord + 1);
      }
      if (modes.includes("reverse")) {
        const uFixed = u;
        checkAt((...xs: unknown[]) => vjp(g, ...(xs as never[]))[1](uFixed as never), ord + 1);
      }
    }
  };
  checkAt(fSelected, 1);
  const worst = checks.reduce((w, c) => (c.error / c.tolerance > w.error / w.tolerance ? c : w));
  const report: CheckGradsReport = { ok: checks.every((c) => c.ok), checks, worst };
  if (!report.ok && throwOnFailure) {
    const failed = checks.filter((c) => !c.ok).map((c) => `order ${c.order}, ${c.check}: error ${c.error.toExponential(2)} > ${c.tolerance}`);
    const advice = worst.error === Infinity
      ? "Some compared values were NaN or infinite: f or its derivatives are not defined at these arguments; move the point into f's domain (withDebugNans finds the op)."
      : "If f is smooth here, a derivative rule is wrong; if f has a kink or a pole near the point, move the point or use a smaller eps.";
    throw new GradientCheckError(`checkGrads: ${failed.length} of ${checks.length} checks failed; worst: order ${worst.order}, ${worst.check} (error ${worst.error.toExponential(2)}). ${advice}\n  ${failed.join("\n  ")}`);
  }
  return report;
}

