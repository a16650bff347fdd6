/**
 * Reductions over axes: sum, mean, prod, max, min, logsumexp. `axis` is a number, an array of
 * numbers (negative counts from the end) or omitted for all axes; `keepdims` keeps reduced axes
 * with size 1. Reducing to a 0-d result gives a number.
 * @module
 */
import { bind } from "../core/bind.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { definePrimitive } from "../core/primitive.ts";
import { concrete, shapeOf, type Value } from "../core/value.ts";
import { mapUnary, reduceAxes, sumAxes, type Raw } from "../tensor/elementwise.ts";
import { isDeferredSum } from "../tensor/fusion.ts";
import { formatShape, normalizeAxes, reducedShape, sizeOf, type Shape } from "../tensor/shape.ts";
import { ShapeError, TypeMismatchError } from "../errors.ts";
import { describe } from "../tensor/tensor.ts";
import { add, div, mul, mulNoNan, sub } from "./arithmetic.ts";
import { equal } from "./comparison.ts";
import { exp, log } from "./exponential.ts";
import { where } from "./piecewise.ts";
import { broadcastTo, reshape } from "./shape.ts";
import { drawTensor, pick } from "./sampling.ts";

/** The axis argument every reduction takes. */
export type Axis = number | readonly number[] | undefined;

interface ReduceParams {
  axes: number[];
  keepdims: boolean;
}

function reduceRaw(x: Raw, { axes, keepdims }: ReduceParams, init: number, combine: (a: number, v: number) => number): Raw {
  if (typeof x === "number" || axes.length === 0) return x;
  const out = reduceAxes(x, axes, keepdims, init, combine);
  return out.shape.length === 0 ? out.data[0]! : out;
}

/**
 * Sum has its own loop (no call per element); 0-d results are numbers, except a deferred sum
 * (the full sum of a deferred tensor, tensor/fusion.ts): bind turns it into its number, unless
 * reverse mode records it to add it up in the gradient's loop (core/bind.ts).
 */
function sumRaw(x: Raw, { axes, keepdims }: ReduceParams): Raw {
  return scaledSumRaw(x, axes, keepdims, 1);
}

/** The sum over `axes` times `scale`, each element as `sum * scale` (see sumRaw for 0-d results). */
function scaledSumRaw(x: Raw, axes: number[], keepdims: boolean, scale: number): Raw {
  if (typeof x === "number" || axes.length === 0) return x;
  const out = sumAxes(x, axes, keepdims, scale);
  return out.shape.length === 0 && !isDeferredSum(out) ? out.data[0]! : out;
}

/** Shape of the input with the reduced axes kept as size 1. */
function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return reducedShape(shape, axes, true);
}

/** The (co)tangent of a reduced value, spread back over the input's shape. */
function spread(v: Value, x: Value, axes: readonly number[]): Value {
  return broadcastTo(reshape(v, keptShape(shapeOf(x), axes)), shapeOf(x));
}

function params(op: string, x: Value, axis: Axis, keepdims: boolean): ReduceParams {
  if (typeof keepdims !== "boolean") throw new TypeMismatchError(`${op}: keepdims must be true or false, got ${describe(keepdims)}.`);
  return { axes: normalizeAxes(op, axis, shapeOf(x, op).length), keepdims };
}

const SAMPLE_AXES: readonly { axes: number[]; keepdims: boolean }[] = [
  { axes: [0, 1], keepdims: false },
  { axes: [1], keepdims: false },
  { axes: [0], keepdims: true },
];
const sampleReduction = (domain = { min: -2, max: 2 }) => (random: () => number) => ({
  args: [drawTensor(random, [2, 3], domain)],
  params: pick(random, SAMPLE_AXES),
});

const sumPrim = definePrimitive<ReduceParams>({
  name: "sum",
  arity: 1,
  impl: ([x], p) => sumRaw(x!, p),
  jvp: (_p, [t], _o, p) => sum(t!, p.axes, p.keepdims),
  vjp: (ct, [x], _o, p) => [spread(ct, x!, p.axes)],
  doc: { summary: "sum over axes", derivative: "VJP broadcasts the cotangent back over the summed axes" },
  sample: sampleReduction(),
});

/**
 * Sum over `axis` (all axes if omitted). The VJP spreads the cotangent back over the summed axes.
 * Shape: that of `x` without the reduced axes (kept with size 1 when `keepdims`); reducing every
 * axis gives a number.
 * @example
 * ```ts
 * import { sum, tensor, type Tensor } from "cotangent";
 * const m = tensor([[1, 2], [3, 4]]);
 * // Reducing every axis gives a number; otherwise a tensor (typed Value: cast when you know).
 * console.log(sum(m), (sum(m, 0) as Tensor).toArray(), (sum(m, -1, true) as Tensor).toArray()); // 10 [ 4, 6 ] [ [ 3 ], [ 7 ] ]
 * ```
 */
export function sum(x: number, axis?: Axis, keepdims?: boolean): number;
export function sum(x: Value, axis?: undefined, keepdims?: false): number;
export function sum(x: Tensor, axis: Axis, keepdims: true): Tensor;
export function sum(x: Value, axis?: Axis, keepdims?: boolean): Value;
export function sum(x: Value, axis?: Axis, keepdims = false): Value {
  const p = params("sum", x, axis, keepdims);
  if (p.axes.length === 0) return x;
  return bind(sumPrim, [x], p);
}

interface MeanParams extends ReduceParams {
  /** One over the number of elements reduced. */
  scale: number;
}

// A primitive of its own rather than sum times 1/count, with the same arithmetic (each result
// is `sum * (1 / count)`, bit for bit): as one op, a mean of a deferred tensor is itself a
// deferred sum, which a loss can then add up in its gradient's loop (tensor/fusion.ts).
const meanPrim = definePrimitive<MeanParams>({
  name: "mean",
  arity: 1,
  impl: ([x], p) => scaledSumRaw(x!, p.axes, p.keepdims, p.scale),
  jvp: (_p, [t], _o, p) => mul(sum(t!, p.axes, p.keepdims), p.scale),
  vjp: (ct, [x], _o, p) => [spread(mul(ct, p.scale), x!, p.axes)],
  doc: { summary: "mean over axes", derivative: "VJP spreads the cotangent divided by the count back over the reduced axes" },
  sample: (random) => {
    const { args, params: p } = sampleReduction()(random);
    const count = p.axes.reduce((n, a) => n * (args[0] as Tensor).shape[a]!, 1);
    return { args, params: { ...p, scale: 1 / count } };
  },
});

/**
 * Mean over `axis` (all axes if omitted): the sum divided by the number of elements reduced.
 * Shape: that of `x` without the reduced axes (kept with size 1 when `keepdims`); reducing every
 * axis gives a number.
 * @example
 * ```ts
 * import { mean, tensor } from "cotangent";
 * console.log(mean(tensor([1, 2, 3, 4]))); // 2.5
 * ```
 */
export function mean(x: number, axis?: Axis, keepdims?: boolean): number;
export function mean(x: Value, axis?: undefined, keepdims?: false): number;
export function mean(x: Tensor, axis: Axis, keepdims: true): Tensor;
export function mean(x: Value, axis?: Axis, keepdims?: boolean): Value;
export function mean(x: Value, axis?: Axis, keepdims = false): Value {
  const p = params("mean", x, axis, keepdims);
  const count = sizeOf(p.axes.map((a) => shapeOf(x)[a]!));
  if (count === 0) {
    throw new ShapeError(`mean: the axes to average over have no elements (shape ${formatShape(shapeOf(x))}), so the mean is undefined; use a non-empty tensor, or sum if 0 is the answer you want.`);
  }
  if (p.axes.length === 0) return x;
  return bind(meanPrim, [x], { ...p, scale: 1 / count });
}

/**
 * d prod / dx_i = product of the other elements, never dividing by a zero, and written so that
 * its own derivatives are right too (Hessians of prod are exact with any number of zeros).
 */
function prodPartials(x: Value, p: ReduceParams): Value {
  const isZero = equal(concrete(x), 0);
  const zeros = broadcastTo(reduceRaw(isZero, { axes: p.axes, keepdims: true }, 0, (a, v) => a + v), shapeOf(x));
  const nonZero = where(isZero, 1, x);
  // At a non-zero x_i: prod(x) / x_i. As a function of every element (zeros included) it is the
  // product of the others, so its own derivatives (Hessians) are right even where x has zeros.
  const atNonZero = div(spread(prod(x, p.axes, true), x, p.axes), nonZero);
  // At a zero: the product of the others. With no other zero that is the product of the non-zero
  // elements; with one other zero it is that element (the sum over the zeros minus this one) times
  // them: a value of 0 with the right derivative. With three or more zeros it is 0, exact up to
  // second order.
  const prodNonZero = spread(prod(nonZero, p.axes, true), x, p.axes);
  const otherZero = sub(spread(sum(where(isZero, x, 0), p.axes, true), x, p.axes), x);
  const atZero = where(equal(zeros, 1), prodNonZero, where(equal(zeros, 2), mul(otherZero, prodNonZero), 0));
  return where(isZero, atZero, atNonZero);
}

const prodPrim = definePrimitive<ReduceParams>({
  name: "prod",
  arity: 1,
  impl: ([x], p) => reduceRaw(x!, p, 1, (a, v) => a * v),
  jvp: ([x], [t], _o, p) => sum(mulNoNan(prodPartials(x!, p), t!), p.axes, p.keepdims),
  vjp: (ct, [x], _o, p) => [mulNoNan(prodPartials(x!, p), spread(ct, x!, p.axes))],
  doc: { summary: "product over axes", derivative: "d/dx_i = product of the other elements (exact with zeros)" },
  sample: sampleReduction({ min: 0.5, max: 1.5 }),
});

/**
 * Product over `axis` (all axes if omitted). The derivative with respect to an element is the
 * product of the others, computed without dividing, so gradients are exact even when elements
 * are 0.
 * Shape: that of `x` without the reduced axes (kept with size 1 when `keepdims`); reducing every
 * axis gives a number.
 * @example
 * ```ts
 * import { prod, grad, tensor, type Tensor } from "cotangent";
 * console.log(prod(tensor([2, 3, 4])), grad((x: Tensor) => prod(x))(tensor([2, 0, 4])).toArray()); // 24 [ 0, 8, 0 ]
 * ```
 */
export function prod(x: number, axis?: Axis, keepdims?: boolean): number;
export function prod(x: Value, axis?: undefined, keepdims?: false): number;
export function prod(x: Tensor, axis: Axis, keepdims: true): Tensor;
export function prod(x: Value, axis?: Axis, keepdims?: boolean): Value;
export function prod(x: Value, axis?: Axis, keepdims = false): Value {
  const p = params("prod", x, axis, keepdims);
  if (p.axes.length === 0) return x;
  return bind(prodPrim, [x], p);
}

/**
 * Where the extreme was attained, as weights: 1/k at each of the k tied positions, 0 elsewhere
 * (the average of the one-sided derivatives). Piecewise constant, so computed on concrete values.
 */
function extremeShare(x: Value, out: Value, axes: readonly number[]): Value {
  const xs = concrete(x);
  const hit = equal(xs, spread(concrete(out), xs, axes));
  const count = reduceRaw(hit, { axes: [...axes], keepdims: true }, 0, (a, v) => a + v);
  return div(hit, count);
}

function defineExtreme(name: "max" | "min", combine: (a: number, v: number) => number, init: number) {
  return definePrimitive<ReduceParams>({
    name,
    arity: 1,
    impl: ([x], p) => {
      if (typeof x !== "number" && x.size === 0) throw new ShapeError(`${name}: cannot reduce an empty tensor (shape ${formatShape(x.shape)}); it has no ${name}imum. Use a non-empty tensor.`);
      return reduceRaw(x!, p, init, combine);
    },
    jvp: ([x], [t], out, p) => sum(mul(extremeShare(x!, out, p.axes), t!), p.axes, p.keepdims),
    vjp: (ct, [x], out, p) => [mul(extremeShare(x!, out, p.axes), spread(ct, x!, p.axes))],
    doc: {
      summary: `${name}imum over axes`,
      derivative: `routes the derivative to the ${name}imal element`,
      nonSmooth: "ties split it evenly (1/k to each of k tied elements)",
    },
    sample: sampleReduction(),
  });
}
const maxPrim = defineExtreme("max", (a, v) => (v > a || Number.isNaN(v) ? v : a), -Infinity);
const minPrim = defineExtreme("min", (a, v) => (v < a || Number.isNaN(v) ? v : a), Infinity);

/**
 * Maximum over `axis` (all if omitted). The derivative goes to the maximal element; tied
 * elements share it evenly (1/k each for k ties: the average of the one-sided derivatives).
 * Shape: that of `x` without the reduced axes (kept with size 1 when `keepdims`); reducing every
 * axis gives a number.
 * @example
 * ```ts
 * import { max, grad, tensor, type Tensor } from "cotangent";
 * console.log(max(tensor([1, 5, 5])), grad((x: Tensor) => max(x))(tensor([1, 5, 5])).toArray()); // 5 [ 0, 0.5, 0.5 ]
 * ```
 */
export function max(x: number, axis?: Axis, keepdims?: boolean): number;
export function max(x: Value, axis?: undefined, keepdims?: false): number;
export function max(x: Tensor, axis: Axis, keepdims: true): Tensor;
export function max(x: Value, axis?: Axis, keepdims?: boolean): Value;
export function max(x: Value, axis?: Axis, keepdims = false): Value {
  const p = params("max", x, axis, keepdims);
  if (p.axes.length === 0) return x;
  return bind(maxPrim, [x], p);
}

/**
 * Minimum over `axis` (all if omitted). The derivative goes to the minimal element; k tied
 * elements get 1/k each.
 * Shape: that of `x` without the reduced axes (kept with size 1 when `keepdims`); reducing every
 * axis gives a number.
 * @example
 * ```ts
 * import { min, tensor, type Tensor } from "cotangent";
 * console.log((min(tensor([[1, 5], [0, 2]]), 1) as Tensor).toArray()); // [ 1, 0 ]
 * ```
 */
export function min(x: number, axis?: Axis, keepdims?: boolean): number;
export function min(x: Value, axis?: undefined, keepdims?: false): number;
export function min(x: Tensor, axis: Axis, keepdims: true): Tensor;
export function min(x: Value, axis?: Axis, keepdims?: boolean): Value;
export function min(x: Value, axis?: Axis, keepdims = false): Value {
  const p = params("min", x, axis, keepdims);
  if (p.axes.length === 0) return x;
  return bind(minPrim, [x], p);
}

/**
 * `log(sum(exp(x)))` over `axis`, computed stably: the maximum is subtracted first (as a
 * constant, which is exact at every order since the identity holds for any shift). Finite with
 * exact gradients (softmax) for inputs like ±1000. The gradient is `softmax(x)` along the reduced
 * axes.
 * Shape: that of `x` without the reduced axes (kept with size 1 when `keepdims`); reducing every
 * axis gives a number.
 * @example
 * ```ts
 * import { logsumexp, tensor } from "cotangent";
 * console.log(logsumexp(tensor([1000, 1000]))); // 1000.6931471805599
 * ```
 */
export function logsumexp(x: number, axis?: Axis, keepdims?: boolean): number;
export function logsumexp(x: Value, axis?: undefined, keepdims?: false): number;
export function logsumexp(x: Tensor, axis: Axis, keepdims: true): Tensor;
export function logsumexp(x: Value, axis?: Axis, keepdims?: boolean): Value;
export function logsumexp(x: Value, axis?: Axis, keepdims = false): Value {
  const p = params("logsumexp", x, axis, keepdims);
  if (p.axes.length === 0) return x;
  const xs = concrete(x);
  // Shift by the max; an all -Infinity (or +Infinity) slice is shifted by 0 instead of NaN.
  const shift = mapUnary(
    typeof xs === "number" ? xs : (reduceRaw(xs, { axes: p.axes, keepdims: true }, -Infinity, (a, v) => (v > a ? v : a)) as Raw),
    (m) => (Number.isFinite(m) ? m : 0),
  );
  const lse = add(log(sum(exp(sub(x, shift)), p.axes, true)), shift);
  return p.keepdims ? lse : reshape(lse, reducedShape(shapeOf(x), p.axes, false));
}

