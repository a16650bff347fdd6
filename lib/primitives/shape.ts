/**
 * Shape ops: reshape, broadcastTo, squeeze, expandDims, slice, pad, concat, stack. They move
 * values without arithmetic, so each JVP applies the same op to the tangent and each VJP is the
 * transpose (slice <-> pad, broadcast <-> sum, concat <-> slices).
 * @module
 */
import { bind } from "../core/bind.ts";
import { definePrimitive } from "../core/primitive.ts";
import { isValue, shapeOf, type Value } from "../core/value.ts";
import { ShapeError, TypeMismatchError } from "../errors.ts";
import { broadcastData, type Raw } from "../tensor/elementwise.ts";
import { concatData, padData, sliceData } from "../tensor/layout.ts";
import { broadcastShapes, checkShape, formatShape, normalizeAxes, normalizeAxis, sameShape, sizeOf, type Shape } from "../tensor/shape.ts";
import { Tensor, describe } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import { sum } from "./reduction.ts";
import { drawTensor, drawValue, pick } from "./sampling.ts";

const ANY = { min: -2, max: 2 };

/** A raw value with new shape and the same data; 0-d results are numbers. */
function withShape(x: Raw, shape: Shape): Raw {
  if (shape.length === 0) return typeof x === "number" ? x : x.data[0]!;
  return new Tensor(typeof x === "number" ? Float64Array.of(x) : x.data, shape);
}

const reshapePrim = definePrimitive<{ shape: number[] }>({
  name: "reshape",
  arity: 1,
  impl: ([x], { shape }) => withShape(x!, shape),
  jvp: (_p, [t], _o, { shape }) => reshape(t!, shape),
  vjp: (ct, [x]) => [reshape(ct, shapeOf(x!))],
  doc: { summary: "same values, new shape (row-major order)", derivative: "reshape the (co)tangent" },
  sample: (random) => ({ args: [drawTensor(random, [2, 3], ANY)], params: { shape: pick(random, [[3, 2], [6], [1, 6, 1]]) } }),
});

/**
 * Same values in a new shape (row-major order, no copy). One entry may be -1: it is inferred.
 * Reshaping to `[]` gives a number.
 * @example
 * ```ts
 * import { reshape, arange, type Tensor } from "cotangent";
 * // Typed Value (reshaping to [] gives a number); cast when the shape is known.
 * console.log((reshape(arange(6), [2, -1]) as Tensor).toArray()); // [ [ 0, 1, 2 ], [ 3, 4, 5 ] ]
 * console.log(reshape(arange(1), [])); // 0
 * ```
 */
export function reshape<const S extends readonly number[]>(x: Value, shape: S): S extends readonly [] ? number : Tensor;
export function reshape(x: Value, shape: readonly number[]): Value;
export function reshape(x: Value, shape: readonly number[]): Value {
  const from = shapeOf(x, "reshape");
  const size = sizeOf(from);
  const target = resolveShape("reshape", shape, size, from);
  if (sameShape(from, target)) return x;
  return bind(reshapePrim, [x], { shape: target });
}

function resolveShape(op: string, shape: readonly number[], size: number, from: Shape): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < -1)) {
    throw new ShapeError(`${op}: a shape must be an array of non-negative integers (one may be -1), got ${JSON.stringify(shape)}.`);
  }
  const out = shape.slice();
  const free = out.indexOf(-1);
  if (free !== out.lastIndexOf(-1)) throw new ShapeError(`${op}: only one axis may be -1, got ${formatShape(shape)}.`);
  if (free >= 0) {
    const rest = sizeOf(out.filter((d) => d !== -1));
    if (rest === 0 || size % rest !== 0) throw new ShapeError(`${op}: cannot infer the -1 in ${formatShape(shape)} for ${size} elements (shape ${formatShape(from)}).`);
    out[free] = size / rest;
  }
  if (sizeOf(out) !== size) {
    throw new ShapeError(`${op}: cannot reshape ${formatShape(from)} (${size} elements) into ${formatShape(out)} (${sizeOf(out)} elements); the sizes must match.`);
  }
  return out;
}

const broadcastPrim = definePrimitive<{ shape: number[] }>({
  name: "broadcastTo",
  arity: 1,
  impl: ([x], { shape }) => broadcastData(x!, shape),
  jvp: (_p, [t], _o, { shape }) => broadcastTo(t!, shape),
  vjp: (ct, [x]) => [unbroadcast(ct, x!)],
  doc: { summary: "repeats x along size-1 or new leading axes", derivative: "VJP sums over the broadcast axes" },
  sample: (random) => {
    const [from, to] = pick(random, [[[3], [2, 3]], [[2, 1], [2, 4]], [[], [3]]] as const);
    return { args: [drawValue(random, from, ANY)], params: { shape: to.slice() } };
  },
});

/**
 * Broadcasts `x` to `shape` by NumPy rules (materialized): size-1 axes and missing leading axes
 * are repeated. The result has shape `shape`; the VJP sums the cotangent over the repeated axes.
 * @example
 * ```ts
 * import { broadcastTo, tensor, type Tensor } from "cotangent";
 * console.log((broadcastTo(tensor([1, 2]), [2, 2]) as Tensor).toArray()); // [ [ 1, 2 ], [ 1, 2 ] ]
 * ```
 */
export function broadcastTo<const S extends readonly number[]>(x: Value, shape: S): S extends readonly [] ? number : Tensor;
export function broadcastTo(x: Value, shape: readonly number[]): Value;
export function broadcastTo(x: Value, shape: readonly number[]): Value {
  const from = shapeOf(x, "broadcastTo");
  const target = checkShape("broadcastTo", shape);
  if (sameShape(from, target)) return x;
  if (!sameShape(broadcastShapes("broadcastTo", from, target), target)) {
    throw new ShapeError(`broadcastTo: cannot broadcast ${formatShape(from)} to ${formatShape(target)}; each axis must match the target or be 1.`);
  }
  return bind(broadcastPrim, [x], { shape: target });
}

/**
 * Sums `ct` back to the shape of `like`: the transpose of broadcasting, used by VJP rules of
 * broadcasting ops. A 0-d target gives a number.
 */
export function unbroadcast(ct: Value, like: Value): Value {
  const target = shapeOf(like);
  const from = shapeOf(ct);
  if (sameShape(from, target)) return ct;
  const lead = from.length - target.length;
  const axes: number[] = [];
  for (let i = 0; i < from.length; i++) {
    if (i < lead || (target[i - lead] === 1 && from[i] !== 1)) axes.push(i);
  }
  return reshape(sum(ct, axes), target);
}

/**
 * Removes size-1 axes (all of them, or the listed ones): `[1, 3, 1]` becomes `[3]`. Removing every
 * axis gives a number.
 * @example
 * ```ts
 * import { squeeze, zeros, type Tensor } from "cotangent";
 * console.log((squeeze(zeros([1, 3, 1])) as Tensor).shape); // [ 3 ]
 * ```
 */
export function squeeze(x: Value, axis?: number | readonly number[]): Value {
  const shape = shapeOf(x, "squeeze");
  const axes = axis === undefined ? shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes("squeeze", axis, shape.length);
  for (const a of axes) {
    if (shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of shape ${formatShape(shape)} has size ${shape[a]}, not 1; only size-1 axes can be squeezed.`);
  }
  return reshape(x, shape.filter((_, i) => !axes.includes(i)));
}

/**
 * Inserts a size-1 axis at position `axis` (negative counts from the end of the new shape):
 * `[2]` becomes `[1, 2]` at axis 0.
 * @example
 * ```ts
 * import { expandDims, tensor, type Tensor } from "cotangent";
 * console.log((expandDims(tensor([1, 2]), 0) as Tensor).shape); // [ 1, 2 ]
 * ```
 */
export function expandDims(x: Value, axis: number): Tensor {
  const shape = shapeOf(x, "expandDims");
  const at = normalizeAxis("expandDims", axis, shape.length + 1);
  return reshape(x, [...shape.slice(0, at), 1, ...shape.slice(at)]);
}

const slicePrim = definePrimitive<{ start: number[]; end: number[] }>({
  name: "slice",
  arity: 1,
  impl: ([x], { start, end }) => sliceData(x as Tensor, start, end),
  jvp: (_p, [t], _o, { start, end }) => slice(t!, start, end),
  vjp: (ct, [x], _o, { start }) => [pad(ct, shapeOf(x!), start)],
  doc: { summary: "the block x[start:end] (one range per axis)", derivative: "VJP pads the cotangent with zeros" },
  sample: (random) => ({ args: [drawTensor(random, [3, 4], ANY)], params: pick(random, [{ start: [0, 1], end: [2, 4] }, { start: [1, 0], end: [3, 2] }]) }),
});

/**
 * The block `x[start[0]:end[0], start[1]:end[1], ...]`, one entry per axis as JAX's
 * `lax.slice`; negative indices count from the end. The result has shape `end - start` per axis;
 * the VJP pads the cotangent with zeros back to the shape of `x`.
 * @example
 * ```ts
 * import { slice, arange, type Tensor } from "cotangent";
 * console.log((slice(arange(5), [1], [-1]) as Tensor).toArray()); // [ 1, 2, 3 ]
 * ```
 */
export function slice(x: Value, start: readonly number[], end: readonly number[]): Tensor {
  const shape = shapeOf(x, "slice");
  if (shape.length === 0) throw new ShapeError(`slice: cannot slice a scalar; slice needs a tensor with at least one axis.`);
  if (!Array.isArray(start) || !Array.isArray(end) || start.length !== shape.length || end.length !== shape.length) {
    throw new ShapeError(`slice: start and end need one entry per axis (${shape.length} for shape ${formatShape(shape)}), got start ${JSON.stringify(start)} and end ${JSON.stringify(end)}.`);
  }
  const s = start.map((v, i) => (v < 0 ? v + shape[i]! : v));
  const e = end.map((v, i) => (v < 0 ? v + shape[i]! : v));
  for (let i = 0; i < shape.length; i++) {
    if (!Number.isInteger(s[i]) || !Number.isInteger(e[i]) || s[i]! < 0 || e[i]! > shape[i]! || s[i]! > e[i]!) {
      throw new ShapeError(`slice: range ${start[i]}:${end[i]} is invalid for axis ${i} of size ${shape[i]} (shape ${formatShape(shape)}); need 0 <= start <= end <= size.`);
    }
  }
  if (s.every((v) => v === 0) && e.every((v, i) => v === shape[i])) return x as Tensor;
  return bind(slicePrim, [x], { start: s, end: e }) as Tensor;
}

const padPrim = definePrimitive<{ shape: number[]; start: number[] }>({
  name: "pad",
  arity: 1,
  impl: ([x], { shape, start }) => padData(x as Tensor, shape, start),
  jvp: (_p, [t], _o, { shape, start }) => pad(t!, shape, start),
  vjp: (ct, [x], _o, { start }) => [slice(ct, start, start.map((s, i) => s + shapeOf(x!)[i]!))],
  doc: { summary: "embeds x in zeros of a larger shape at an offset (the transpose of slice)", derivative: "VJP slices the cotangent" },
  sample: (random) => ({ args: [drawTensor(random, [2, 2], ANY)], params: { shape: [3, 4], start: [1, pick(random, [0, 1, 2])] } }),
});

/**
 * Embeds `x` into a tensor of zeros of `shape`, with `x[0, 0, ...]` at `start`: the transpose of
 * {@link slice}.
 * @example
 * ```ts
 * import { pad, tensor, type Tensor } from "cotangent";
 * console.log((pad(tensor([1, 2]), [4], [1]) as Tensor).toArray()); // [ 0, 1, 2, 0 ]
 * ```
 */
export function pad(x: Value, shape: readonly number[], start: readonly number[]): Tensor {
  const from = shapeOf(x, "pad");
  checkShape("pad", shape);
  if (!Array.isArray(start) || !start.every((v) => Number.isInteger(v))) {
    throw new ShapeError(`pad: start must be an array of integer offsets, one per axis, got ${describe(start)}${Array.isArray(start) ? ` ${JSON.stringify(start)}` : ""}.`);
  }
  if (from.length === 0 || shape.length !== from.length || start.length !== from.length || from.some((d, i) => start[i]! < 0 || start[i]! + d > shape[i]!)) {
    throw new ShapeError(`pad: cannot place shape ${formatShape(from)} at ${formatShape(start)} inside ${formatShape(shape)}; ranks must match and the block must fit.`);
  }
  if (sameShape(from, shape)) return x as Tensor;
  return bind(padPrim, [x], { shape: shape.slice(), start: start.slice() }) as Tensor;
}

const concatPrim = definePrimitive<{ axis: number }>({
  name: "concat",
  arity: "variadic",
  impl: (xs, { axis }) => concatData(xs as Tensor[], axis),
  jvp: (primals, tangents, _o, { axis }) =>
    tangents.every((t) => t === null) ? null : concat(tangents.map((t, i) => t ?? zeros(shapeOf(primals[i]!))), axis),
  vjp: (ct, primals, _o, { axis }, needs) => {
    let at = 0;
    return primals.map((p, i) => {
      const shape = shapeOf(p);
      const start = shape.map((_, k) => (k === axis ? at : 0));
      const end = shape.map((d, k) => (k === axis ? at + d : shapeOf(ct)[k]!));
      at += shape[axis]!;
      return needs[i] ? slice(ct, start, end) : null;
    });
  },
  doc: { summary: "joins tensors along an existing axis", derivative: "VJP slices the cotangent back into pieces" },
  sample: (random) => ({ args: [drawTensor(random, [2, 3], ANY), drawTensor(random, [1, 3], ANY), drawTensor(random, [2, 3], ANY)], params: { axis: 0 } }),
});

/**
 * Joins tensors along an existing axis; the other axes must match. The result's size along
 * `axis` is the sum of the inputs' sizes; the VJP slices the cotangent back into pieces.
 * @example
 * ```ts
 * import { concat, tensor, type Tensor } from "cotangent";
 * console.log((concat([tensor([1, 2]), tensor([3])], 0) as Tensor).toArray()); // [ 1, 2, 3 ]
 * ```
 */
export function concat(xs: readonly Value[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ShapeError(`concat: needs a non-empty array of tensors, got ${describe(xs)}.`);
  const shapes = xs.map((x, i) => {
    if (!isValue(x)) throw new TypeMismatchError(`concat: element ${i} is ${describe(x)}; expected a tensor. Convert it first (e.g. tensor([...])).`);
    return shapeOf(x);
  });
  const rank = shapes[0]!.length;
  if (rank === 0) throw new ShapeError(`concat: cannot join scalars along an axis; use stack to build a vector from numbers.`);
  const ax = normalizeAxis("concat", axis, rank);
  shapes.forEach((s, i) => {
    if (s.length !== rank || s.some((d, k) => k !== ax && d !== shapes[0]![k])) {
      throw new ShapeError(
        `concat: element ${i} has shape ${formatShape(s)}, which does not match ${formatShape(shapes[0]!)} on the axes other than ${ax}; ` +
          `only the joined axis may differ (reshape or slice the pieces to fit).`,
      );
    }
  });
  if (xs.length === 1) return xs[0] as Tensor;
  return bind(concatPrim, [...xs], { axis: ax }) as Tensor;
}

/**
 * Stacks values of equal shape along a new axis (numbers make a vector): k values of shape `s`
 * give shape `[k, ...s]` at axis 0.
 * @example
 * ```ts
 * import { stack } from "cotangent";
 * console.log(stack([1, 2, 3]).toArray()); // [ 1, 2, 3 ]
 * ```
 */
export function stack(xs: readonly Value[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ShapeError(`stack: needs a non-empty array of values, got ${describe(xs)}.`);
  const shapes = xs.map((x, i) => {
    if (!isValue(x)) throw new TypeMismatchError(`stack: element ${i} is ${describe(x)}; expected a number or a tensor. Convert it first (e.g. tensor([...])).`);
    return shapeOf(x);
  });
  shapes.forEach((s, i) => {
    if (!sameShape(s, shapes[0]!)) {
      throw new ShapeError(`stack: element ${i} has shape ${formatShape(s)} but element 0 has shape ${formatShape(shapes[0]!)}; stacked values must all have the same shape.`);
    }
  });
  const rank = shapes[0]!.length;
  const at = normalizeAxis("stack", axis, rank + 1);
  return concat(xs.map((x) => expandDims(x, at)), at) as Tensor;
}
