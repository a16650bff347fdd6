/**
 * Linear algebra: matmul, dot, outer, transpose. The VJP of `Y = A B` is `(G B^T, A^T G)`:
 * matrix products with the cotangent, never a Jacobian.
 * @module
 */
import { bind } from "../core/bind.ts";
import { definePrimitive } from "../core/primitive.ts";
import { checkValues, shapeOf, type Value } from "../core/value.ts";
import { ShapeError } from "../errors.ts";
import { matmulData } from "../tensor/matmul.ts";
import { transposeData } from "../tensor/layout.ts";
import { broadcastShapes, formatShape } from "../tensor/shape.ts";
import { describe, type Tensor } from "../tensor/tensor.ts";
import { add, mul } from "./arithmetic.ts";
import { sum } from "./reduction.ts";
import { expandDims, reshape, squeeze, unbroadcast } from "./shape.ts";
import { drawTensor, pick } from "./sampling.ts";

const ANY = { min: -2, max: 2 };

/** Which operands a matmul reads transposed (last two axes swapped). */
interface MatmulParams {
  transA: boolean;
  transB: boolean;
}
const PLAIN: MatmulParams = Object.freeze({ transA: false, transB: false });

/** `op(a) op(b)` on operands of rank >= 2 whose shapes agree, as one primitive call. */
function mm(a: Value, b: Value, transA: boolean, transB: boolean): Value {
  return bind(matmulPrim, [a, b], transA || transB ? { transA, transB } : PLAIN);
}

// One primitive for the plain and the transposed products, so that the VJP (G Bᵀ, Aᵀ G) reads
// its operands transposed instead of materializing a transpose: for C = op(A) op(B),
//   plain:       dA = G Bᵀ,       dB = Aᵀ G
//   A read as Aᵀ: dA = B Gᵀ,       dB = A G
//   B read as Bᵀ: dA = G B,        dB = Gᵀ A
//   both:        dA = Bᵀ Gᵀ,      dB = Gᵀ Aᵀ
const matmulPrim = definePrimitive<MatmulParams | undefined>({
  name: "matmul",
  arity: 2,
  impl: ([a, b], p) => matmulData(a as Tensor, b as Tensor, p?.transA === true, p?.transB === true),
  jvp: ([a, b], [ta, tb], _o, p) => {
    const tA = p?.transA === true;
    const tB = p?.transB === true;
    const left = ta === null ? null : mm(ta!, b!, tA, tB);
    const right = tb === null ? null : mm(a!, tb!, tA, tB);
    return left === null ? right : right === null ? left : add(left, right);
  },
  vjp: (ct, [a, b], _o, p, needs) => {
    const tA = p?.transA === true;
    const tB = p?.transB === true;
    const dA = !needs[0] ? null : tA ? mm(b!, ct, tB, true) : mm(ct, b!, false, !tB);
    const dB = !needs[1] ? null : tB ? mm(ct, a!, true, tA) : mm(a!, ct, !tA, false);
    return [dA === null ? null : unbroadcast(dA, a!), dB === null ? null : unbroadcast(dB, b!)];
  },
  doc: { summary: "matrix product [..., n, k] x [..., k, m] -> [..., n, m], batch axes broadcast", derivative: "VJP: (G Bᵀ, Aᵀ G)" },
  sample: (random) => {
    const [sa, sb, params] = pick(random, [
      [[2, 3], [3, 4], PLAIN],
      [[2, 2, 3], [3, 2], PLAIN],
      [[1, 3], [2, 3, 2], PLAIN],
      [[3, 2], [3, 4], { transA: true, transB: false }],
      [[2, 3], [4, 3], { transA: false, transB: true }],
      [[2, 3, 2], [4, 3], { transA: true, transB: true }],
    ] as const);
    return { args: [drawTensor(random, sa, ANY), drawTensor(random, sb, ANY)], params: { ...params } };
  },
});

/**
 * Matrix product with NumPy's `matmul` rules: 2-D x 2-D is the matrix product; a 1-D first
 * argument is a row vector and a 1-D second argument a column vector (that axis is removed from
 * the result); leading axes are batch axes and broadcast. Shapes: `[..., n, k]` times `[..., k, m]`
 * gives `[..., n, m]`. The VJP is `(G Bᵀ, Aᵀ G)`, never a Jacobian.
 * @example
 * ```ts
 * import { matmul, tensor } from "cotangent";
 * const A = tensor([[1, 2], [3, 4]]);
 * console.log(matmul(A, tensor([1, 1])).toArray()); // [ 3, 7 ]
 * ```
 */
export function matmul(a: Value, b: Value): Tensor {
  const sa = shapeOf(a, "matmul");
  const sb = shapeOf(b, "matmul");
  if (sa.length === 0 || sb.length === 0) {
    throw new ShapeError(`matmul: both arguments need at least one axis, got shapes ${formatShape(sa)} and ${formatShape(sb)}; use mul to scale by a number.`);
  }
  const a2 = sa.length === 1 ? expandDims(a, 0) : a;
  const b2 = sb.length === 1 ? expandDims(b, -1) : b;
  const k1 = shapeOf(a2).at(-1)!;
  const k2 = shapeOf(b2).at(-2)!;
  if (k1 !== k2) {
    throw new ShapeError(`matmul: shapes ${formatShape(sa)} and ${formatShape(sb)} do not align: the last axis of the first (${k1}) must equal the ${sb.length === 1 ? "length" : "second-to-last axis"} of the second (${k2}).`);
  }
  broadcastShapes("matmul (batch axes)", shapeOf(a2).slice(0, -2), shapeOf(b2).slice(0, -2));
  let out = bind(matmulPrim, [a2, b2], PLAIN);
  if (sb.length === 1) out = squeeze(out, -1);
  if (sa.length === 1) out = squeeze(out, sb.length === 1 ? -1 : -2);
  return out as Tensor;
}

/**
 * Dot product: for two vectors the inner product (a number); for matrices and matrix-vector
 * pairs the matrix product; with a number, plain multiplication. Shapes: `[n]`·`[n]` gives a
 * number, `[n, k]`·`[k]` gives `[n]`, `[n, k]`·`[k, m]` gives `[n, m]`.
 * @example
 * ```ts
 * import { dot, tensor } from "cotangent";
 * console.log(dot(tensor([1, 2, 3]), tensor([4, 5, 6]))); // 32
 * ```
 */
export function dot(a: Value, b: Value): Value {
  const sa = shapeOf(a, "dot");
  const sb = shapeOf(b, "dot");
  if (sa.length === 0 || sb.length === 0) return mul(a, b);
  if (sa.length === 1 && sb.length === 1) {
    if (sa[0] !== sb[0]) throw new ShapeError(`dot: vectors of different lengths, ${formatShape(sa)} and ${formatShape(sb)}; they must match.`);
    return sum(mul(a, b));
  }
  return matmul(a, b);
}

/**
 * Outer product of two vectors (flattened if not 1-D): `out[i, j] = a[i] * b[j]`. Shapes: `[n]`
 * and `[m]` give `[n, m]`.
 * @example
 * ```ts
 * import { outer, tensor } from "cotangent";
 * console.log(outer(tensor([1, 2]), tensor([3, 4])).toArray()); // [ [ 3, 4 ], [ 6, 8 ] ]
 * ```
 */
export function outer(a: Value, b: Value): Tensor {
  checkValues("outer", [a, b]);
  return mul(reshape(a, [-1, 1]), reshape(b, [1, -1])) as Tensor;
}

const transposePrim = definePrimitive<{ perm: number[] }>({
  name: "transpose",
  arity: 1,
  impl: ([x], { perm }) => transposeData(x as Tensor, perm),
  jvp: (_p, [t], _o, { perm }) => transpose(t!, perm),
  vjp: (ct, _x, _o, { perm }) => [transpose(ct, inversePermutation(perm))],
  doc: { summary: "permutes axes", derivative: "VJP applies the inverse permutation" },
  sample: (random) => pick(random, [
    { args: [drawTensor(random, [2, 3], ANY)], params: { perm: [1, 0] } },
    { args: [drawTensor(random, [2, 3, 2], ANY)], params: { perm: [2, 0, 1] } },
  ]),
});

function inversePermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/**
 * Permutes axes: output axis i is input axis `axes[i]`; by default the axes are reversed
 * (the matrix transpose for 2-D). The result's shape is the input's, permuted the same way; the
 * VJP applies the inverse permutation.
 * @example
 * ```ts
 * import { transpose, tensor, type Tensor } from "cotangent";
 * const t = transpose(tensor([[1, 2, 3]])) as Tensor; // typed Value: a number input stays a number
 * console.log(t.toArray()); // [ [ 1 ], [ 2 ], [ 3 ] ]
 * ```
 */
export function transpose(x: number, axes?: readonly number[]): number;
export function transpose(x: Tensor, axes?: readonly number[]): Tensor;
export function transpose(x: Value, axes?: readonly number[]): Value;
export function transpose(x: Value, axes?: readonly number[]): Value {
  const shape = shapeOf(x, "transpose");
  const n = shape.length;
  const perm = axes === undefined ? Array.from({ length: n }, (_, i) => n - 1 - i) : Array.isArray(axes) ? axes.map((a) => (a < 0 ? a + n : a)) : null;
  if (perm === null || perm.length !== n || new Set(perm).size !== n || perm.some((p) => !Number.isInteger(p) || p < 0 || p >= n)) {
    throw new ShapeError(
      `transpose: axes ${perm === null ? describe(axes) : JSON.stringify(axes)} are not a permutation of the ${n} axes of shape ${formatShape(shape)}; ` +
        `list each axis once (e.g. [1, 0] swaps the axes of a matrix), or omit axes to reverse them.`,
    );
  }
  if (perm.every((p, i) => p === i)) return x;
  return bind(transposePrim, [x], { perm });
}
