/**
 * Elementwise primitives state their local derivative once; both rules are derived from it,
 * as ChainRules' `@scalar_rule` does:
 *   jvp:  tangent_out = sum_i  d_i(x) * tangent_i
 *   vjp:  ct_i        = unbroadcast(d_i(x) * ct, shape of x_i)
 * The product is {@link mulNoNan}: an exactly-zero (co)tangent contributes zero even through an
 * infinite local derivative. That is why `where(x > 0, log(x), 0)` has the same finite
 * derivative at 0 in both modes (reverse mode elsewhere gives 0 * inf = NaN).
 * @module
 */
import { bind } from "../core/bind.ts";
import { definePrimitive, type Primitive, type PrimitiveDoc, type Sampler } from "../core/primitive.ts";
import { shapeOf, type Value } from "../core/value.ts";
import { mapUnary, zipBinary } from "../tensor/elementwise.ts";
import { Tensor } from "../tensor/tensor.ts";
import { sameShape } from "../tensor/shape.ts";
import { mulNoNan, neg } from "./arithmetic.ts";
import { broadcastTo, unbroadcast } from "./shape.ts";
import { add } from "./arithmetic.ts";
import { sampleBinary, sampleUnary, type Domain } from "./sampling.ts";

/** An op of one argument: numbers map to numbers, tensors to tensors. */
export interface UnaryOp {
  (x: number): number;
  (x: Tensor): Tensor;
  (x: Value): Value;
  /** The registered primitive behind this op. */
  readonly primitive: Primitive;
}

/** An elementwise op of two arguments with broadcasting. */
export interface BinaryOp {
  (x: number, y: number): number;
  (x: Tensor, y: Value): Tensor;
  (x: Value, y: Tensor): Tensor;
  (x: Value, y: Value): Value;
  readonly primitive: Primitive;
}

/** Local derivative of a unary op, given the input and the output (reuse it, as exp does). */
export type UnaryDerivative = (x: Value, out: Value) => Value;
/** Partial derivative of a binary op w.r.t. one argument. */
export type BinaryPartial = (x: Value, y: Value, out: Value) => Value;

/** `d * t`, skipping the multiply for the common d = 1 and d = -1. */
export function scaleBy(d: Value, t: Value): Value {
  if (d === 1) return t;
  if (d === -1) return neg(t);
  return mulNoNan(d, t);
}

/** What {@link defineUnary} takes. */
export interface UnarySpec {
  name: string;
  /** The function on one float64. */
  scalar: (x: number) => number;
  /** Local derivative, written with the library's ops. */
  derivative: UnaryDerivative;
  doc: PrimitiveDoc;
  /** Where the property tests draw points (default: real numbers in [-2, 2]). */
  domain?: Domain;
}

/**
 * Defines and registers an elementwise op of one argument from its scalar function and local
 * derivative; the JVP and VJP rules are derived. Returns the op, ready to call.
 * @example
 * ```ts
 * import { defineUnary, mul, grad } from "cotangent";
 * const triple = defineUnary({
 *   name: "triple_example",
 *   scalar: (x) => 3 * x,
 *   derivative: () => 3,
 *   doc: { summary: "3x", derivative: "3" },
 * });
 * console.log(triple(2), grad(triple)(2)); // 6 3
 * ```
 */
export function defineUnary(spec: UnarySpec): UnaryOp {
  const { scalar, derivative } = spec;
  const prim = definePrimitive<undefined>({
    name: spec.name,
    arity: 1,
    impl: ([x]) => mapUnary(x!, scalar),
    jvp: ([x], [t], out) => (t === null ? null : scaleBy(derivative(x!, out), t!)),
    vjp: (ct, [x], out) => [scaleBy(derivative(x!, out), ct)],
    doc: spec.doc,
    sample: sampleUnary(spec.domain ?? { min: -2, max: 2 }),
  });
  const op = (x: Value): Value => (typeof x === "number" ? scalar(x) : bind(prim, [x]));
  return Object.assign(op, { primitive: prim as Primitive }) as UnaryOp;
}

/** What {@link defineBinary} takes. */
export interface BinarySpec {
  name: string;
  scalar: (x: number, y: number) => number;
  /** `[d/dx, d/dy]`, each written with the library's ops. */
  partials: readonly [BinaryPartial, BinaryPartial];
  doc: PrimitiveDoc;
  /** Domains for the two arguments in property tests, or a custom sampler. */
  domain?: readonly [Domain, Domain];
  sample?: Sampler<undefined>;
}

/**
 * Defines and registers an elementwise op of two arguments with NumPy broadcasting, from its
 * scalar function and two partial derivatives. Cotangents are summed back to each input's shape.
 * @example
 * ```ts
 * import { defineBinary, grad } from "cotangent";
 * const weighted = defineBinary({
 *   name: "weighted_example",
 *   scalar: (x, y) => 2 * x + y,
 *   partials: [() => 2, () => 1],
 *   doc: { summary: "2x + y", derivative: "(2, 1)" },
 * });
 * console.log(weighted(1, 1), grad(weighted, { argnums: [0, 1] })(1, 1)); // 3 [ 2, 1 ]
 * ```
 */
export function defineBinary(spec: BinarySpec): BinaryOp {
  const { scalar, partials } = spec;
  const name = spec.name;
  const prim = definePrimitive<undefined>({
    name,
    arity: 2,
    impl: ([x, y]) => zipBinary(name, x!, y!, scalar),
    jvp: ([x, y], [tx, ty], out) => {
      let t: Value | null = null;
      if (tx !== null) t = scaleBy(partials[0](x!, y!, out), tx!);
      if (ty !== null) {
        const ty2 = scaleBy(partials[1](x!, y!, out), ty!);
        t = t === null ? ty2 : add(t, ty2);
      }
      if (t === null) return null;
      return sameShape(shapeOf(t), shapeOf(out)) ? t : broadcastTo(t, shapeOf(out));
    },
    vjp: (ct, [x, y], out, _params, needs) => [
      needs[0] ? unbroadcast(scaleBy(partials[0](x!, y!, out), ct), x!) : null,
      needs[1] ? unbroadcast(scaleBy(partials[1](x!, y!, out), ct), y!) : null,
    ],
    doc: spec.doc,
    sample: spec.sample ?? sampleBinary(spec.domain ?? [{ min: -2, max: 2 }, { min: -2, max: 2 }]),
  });
  const op = (x: Value, y: Value): Value =>
    typeof x === "number" && typeof y === "number" ? scalar(x, y) : bind(prim, [x, y]);
  return Object.assign(op, { primitive: prim as Primitive }) as BinaryOp;
}
