/**
 * Elementwise primitives state their local derivative once; both rules are derived from it,
 * as ChainRules' `@scalar_rule` does:
 *   jvp:  tangent_out = sum_i  d_i(x) * tangent_i
 *   vjp:  ct_i        = unbroadcast(d_i(x) * ct, shape of x_i)
 * The product is `mulNoNan`: an exactly-zero (co)tangent contributes zero even through an
 * infinite local derivative. That is why `where(x > 0, log(x), 0)` has the same finite
 * derivative at 0 in both modes (reverse mode elsewhere gives 0 * inf = NaN).
 * @module
 */
import { binaryEntry, unaryEntry } from "../core/entry.ts";
import { definePrimitive, type Primitive, type PrimitiveDoc, type PrimitiveSpec, type Sampler } from "../core/primitive.ts";
import { attachScalarRule, makeScalarRule, type ScalarRule } from "../core/scalar-rule.ts";
import { shapeOf, type Value } from "../core/value.ts";
import { mapUnaryRun, zipBinaryRun } from "../tensor/elementwise.ts";
import { binaryRunOf, unaryRunOf, type BinaryRun, type UnaryRun } from "../tensor/kernels.ts";
import { Tensor, describe } from "../tensor/tensor.ts";
import { PrimitiveDefinitionError } from "../errors.ts";
import { sameShape } from "../tensor/shape.ts";
import { sampleBinary, sampleUnary, type Domain } from "./sampling.ts";

/**
 * The ops the derived rules are written with. They are themselves defined with defineUnary and
 * defineBinary, so importing them here would close an import cycle through every file that
 * defines a primitive: a program that happened to load this file first would run those files'
 * definitions before this one had finished loading. arithmetic.ts hands them over instead
 * ({@link provideRuleOps}) when it loads; rules only run later, when something is differentiated.
 */
export interface RuleOps {
  add: (x: Value, y: Value) => Value;
  neg: (x: Value) => Value;
  mulNoNan: (x: Value, y: Value) => Value;
  broadcastTo: (x: Value, shape: readonly number[]) => Value;
  unbroadcast: (ct: Value, like: Value) => Value;
}
let ops: RuleOps | null = null;

/** Gives the derived rules their ops (called once by arithmetic.ts). */
export function provideRuleOps(given: RuleOps): void {
  ops = given;
}

function ruleOps(): RuleOps {
  if (ops === null) throw new PrimitiveDefinitionError("elementwise rules: the arithmetic ops are not loaded; import the library from its index (lib/index.ts).");
  return ops;
}

/** A primitive spec that also carries its scalar form (see core/scalar-rule.ts). */
type WithScalarRule = PrimitiveSpec<undefined> & { scalarRule: ScalarRule };

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
  /** The registered primitive behind this op. */
  readonly primitive: Primitive;
}

/** Local derivative of a unary op, given the input and the output (reuse it, as exp does). */
export type UnaryDerivative = (x: Value, out: Value) => Value;
/** Partial derivative of a binary op w.r.t. one argument. */
export type BinaryPartial = (x: Value, y: Value, out: Value) => Value;

/** `d * t`, skipping the multiply for the common d = 1 and d = -1. */
export function scaleBy(d: Value, t: Value): Value {
  if (d === 1) return t;
  if (d === -1) return ruleOps().neg(t);
  return ruleOps().mulNoNan(d, t);
}

/** Checks the parts definePrimitive cannot see (the scalar function and the derivatives) before they are used. */
function checkRuleSpec(api: string, spec: unknown, key: string, valid: (v: unknown) => boolean, expected: string): void {
  const s = spec as Record<string, unknown> | null;
  const name = typeof s === "object" && s !== null ? s.name : undefined;
  if (typeof name !== "string" || name === "") throw new PrimitiveDefinitionError(`${api}: the spec needs a non-empty string name, got ${describe(spec)}.`);
  if (typeof s!.scalar !== "function") throw new PrimitiveDefinitionError(`${api}(${JSON.stringify(name)}): scalar must be the function on plain numbers, got ${describe(s!.scalar)}.`);
  if (!valid(s![key])) throw new PrimitiveDefinitionError(`${api}(${JSON.stringify(name)}): ${key} must be ${expected}, got ${describe(s![key])}.`);
}

/** What {@link defineUnary} takes. */
export interface UnarySpec {
  /** Unique primitive name, e.g. `"softsign"`. */
  name: string;
  /** The function on one float64. */
  scalar: (x: number) => number;
  /** Local derivative, written with the library's ops. */
  derivative: UnaryDerivative;
  /** Summary and derivative formula for the primitives table. */
  doc: PrimitiveDoc;
  /** Where the property tests draw points (default: real numbers in [-2, 2]). */
  domain?: Domain;
  /**
   * Optional loop over a whole buffer, the same function as `scalar` (see tensor/kernels.ts).
   * Hot ops have one so tensors do not pay a function call per element.
   */
  kernel?: UnaryRun;
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
  checkRuleSpec("defineUnary", spec, "derivative", (d) => typeof d === "function", "a function (x, out) => local derivative");
  const { scalar, derivative } = spec;
  const kernel = spec.kernel ?? unaryRunOf(scalar);
  const primSpec: WithScalarRule = {
    name: spec.name,
    arity: 1,
    impl: ([x]) => mapUnaryRun(x!, kernel, scalar),
    jvp: ([x], [t], out) => (t === null ? null : scaleBy(derivative(x!, out), t!)),
    vjp: (ct, [x], out) => [scaleBy(derivative(x!, out), ct)],
    doc: spec.doc,
    sample: sampleUnary(spec.domain ?? { min: -2, max: 2 }),
    // The same function and derivative on plain numbers, for the evaluators' scalar fast path.
    scalarRule: makeScalarRule(1, scalar, derivative, derivative),
  };
  const prim = definePrimitive(primSpec);
  attachScalarRule(primSpec.scalarRule, prim as Primitive);
  const op = unaryEntry(scalar, prim as Primitive, primSpec.scalarRule);
  return Object.assign(op, { primitive: prim as Primitive }) as UnaryOp;
}

/** What {@link defineBinary} takes. */
export interface BinarySpec {
  /** Unique primitive name. */
  name: string;
  /** The function on two float64 values (applied elementwise after broadcasting). */
  scalar: (x: number, y: number) => number;
  /** `[d/dx, d/dy]`, each written with the library's ops. */
  partials: readonly [BinaryPartial, BinaryPartial];
  /** Summary and derivative formula for the primitives table. */
  doc: PrimitiveDoc;
  /** Domains for the two arguments in property tests (default: both in [-2, 2]). */
  domain?: readonly [Domain, Domain];
  /** A custom sampler for the property tests, instead of `domain`. */
  sample?: Sampler<undefined>;
  /** Optional strided-run loop, the same function as `scalar` (see tensor/kernels.ts). */
  kernel?: BinaryRun;
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
  checkRuleSpec("defineBinary", spec, "partials", (p) => Array.isArray(p) && p.length === 2 && p.every((f) => typeof f === "function"), "a pair [d/dx, d/dy] of functions (x, y, out) => partial");
  const { scalar, partials } = spec;
  const kernel = spec.kernel ?? binaryRunOf(scalar);
  const name = spec.name;
  const primSpec: WithScalarRule = {
    name,
    arity: 2,
    impl: ([x, y]) => zipBinaryRun(name, x!, y!, kernel, scalar),
    jvp: ([x, y], [tx, ty], out) => {
      let t: Value | null = null;
      if (tx !== null) t = scaleBy(partials[0](x!, y!, out), tx!);
      if (ty !== null) {
        const ty2 = scaleBy(partials[1](x!, y!, out), ty!);
        t = t === null ? ty2 : ruleOps().add(t, ty2);
      }
      if (t === null) return null;
      return sameShape(shapeOf(t), shapeOf(out)) ? t : ruleOps().broadcastTo(t, shapeOf(out));
    },
    vjp: (ct, [x, y], out, _params, needs) => [
      needs[0] ? ruleOps().unbroadcast(scaleBy(partials[0](x!, y!, out), ct), x!) : null,
      needs[1] ? ruleOps().unbroadcast(scaleBy(partials[1](x!, y!, out), ct), y!) : null,
    ],
    doc: spec.doc,
    sample: spec.sample ?? sampleBinary(spec.domain ?? [{ min: -2, max: 2 }, { min: -2, max: 2 }]),
    scalarRule: makeScalarRule(2, scalar, partials[0], partials[1]),
  };
  const prim = definePrimitive(primSpec);
  attachScalarRule(primSpec.scalarRule, prim as Primitive);
  const op = binaryEntry(scalar, prim as Primitive, primSpec.scalarRule);
  return Object.assign(op, { primitive: prim as Primitive }) as BinaryOp;
}
