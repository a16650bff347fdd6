/**
 * The primitive registry: every differentiable operation is defined once, here registered with
 * its implementation, its JVP rule and its VJP rule. Nothing else in the library knows any op.
 * @module
 */
import { PrimitiveDefinitionError, TypeMismatchError } from "../errors.ts";
import { describe } from "../tensor/tensor.ts";
import type { Raw } from "../tensor/elementwise.ts";
import type { Value } from "./value.ts";

/**
 * Forward rule: given the primals, their tangents (`null` = zero) and the primal output, returns
 * the output tangent (or `null` if it is zero). Written with the library's ops so it can itself
 * be differentiated.
 */
export type JvpRule<P> = (primals: Value[], tangents: (Value | null)[], out: Value, params: P) => Value | null;

/**
 * Reverse rule: given the output cotangent, the primals and the primal output, returns one
 * cotangent per input (`null` = zero). `needs[i]` is false for inputs that do not depend on
 * what is being differentiated; the rule may skip them. Written with the library's ops.
 */
export type VjpRule<P> = (ct: Value, primals: Value[], out: Value, params: P, needs: readonly boolean[]) => (Value | null)[];

/** Documentation carried by each primitive; the docs' primitives table is generated from it. */
export interface PrimitiveDoc {
  /** One line: what it computes. */
  summary: string;
  /** The derivative, e.g. `d/dx sin(x) = cos(x)`. */
  derivative: string;
  /** Convention at non-smooth points, if any. */
  nonSmooth?: string;
}

/** How property tests (and {@link checkGrads} users) draw valid arguments for a primitive. */
export type Sampler<P> = (random: () => number) => {
  /** The arguments, numbers or tensors of compatible shapes. */
  args: Value[];
  /** The op's static parameters (e.g. axes of a reduction); `undefined` for most ops. */
  params: P;
  /** Indices of arguments that are not differentiated (e.g. where's mask). */
  constant?: number[];
};

/** What {@link definePrimitive} takes. */
export interface PrimitiveSpec<P = unknown> {
  /** Unique name, e.g. `"sin"`. */
  name: string;
  /** Number of array arguments, or `"variadic"` (e.g. concat). */
  arity: number | "variadic";
  /** Computes the op on concrete numbers and tensors (never on tracers). */
  impl: (args: Raw[], params: P) => Raw;
  /** Forward-mode rule; required unless `differentiable` is false. */
  jvp?: JvpRule<P>;
  /** Reverse-mode rule; required unless `differentiable` is false. */
  vjp?: VjpRule<P>;
  /**
   * `false` for ops whose derivative is zero wherever it exists (comparisons, sign,
   * stopGradient): they run on the concrete values under every transformation and return
   * plain values, which is what lets `if (greater(x, 0))` steer control flow.
   */
  differentiable?: boolean;
  /** What the docs' primitives table says about it; required. */
  doc: PrimitiveDoc;
  /** Valid random arguments for the property tests. */
  sample?: Sampler<P>;
}

/** A registered primitive. */
export interface Primitive<P = unknown> extends Readonly<PrimitiveSpec<P>> {
  readonly differentiable: boolean;
}

const registry = new Map<string, Primitive<any>>();

/**
 * Registers a new primitive. It then works in forward and reverse mode, at any order, and is
 * listed by {@link primitives} (so the property tests and docs cover it). Call it through
 * {@link bind}.
 *
 * @throws PrimitiveDefinitionError if the name is taken or a rule is missing.
 * @example
 * ```ts
 * import { definePrimitive, bind, mul, square, grad, type Value } from "cotangent";
 * // cube(x) = x^3 with d/dx = 3x^2, written with the library's own ops.
 * const cubePrim = definePrimitive({
 *   name: "cube_example",
 *   arity: 1,
 *   impl: ([x]) => (typeof x === "number" ? x ** 3 : x.data.reduce((s, v) => s + v ** 3, 0)),
 *   jvp: ([x], [t]) => (t === null ? null : mul(t, mul(3, square(x!)))),
 *   vjp: (ct, [x]) => [mul(ct, mul(3, square(x!)))],
 *   doc: { summary: "x^3", derivative: "3x^2" },
 * });
 * const cube = (x: Value) => bind(cubePrim, [x]);
 * console.log(grad(cube)(2), grad(grad(cube))(2)); // 12 12
 * ```
 */
export function definePrimitive<P = undefined>(spec: PrimitiveSpec<P>): Primitive<P> {
  const where = `definePrimitive(${JSON.stringify(spec?.name)})`;
  if (typeof spec?.name !== "string" || spec.name === "") throw new PrimitiveDefinitionError(`definePrimitive: a primitive needs a non-empty string name.`);
  if (registry.has(spec.name)) {
    throw new PrimitiveDefinitionError(`${where}: a primitive with this name is already registered; choose another name.`);
  }
  if (typeof spec.impl !== "function") throw new PrimitiveDefinitionError(`${where}: impl must be a function (args, params) => value.`);
  const differentiable = spec.differentiable ?? true;
  if (differentiable && (typeof spec.jvp !== "function" || typeof spec.vjp !== "function")) {
    const missing = [typeof spec.jvp !== "function" ? "jvp" : null, typeof spec.vjp !== "function" ? "vjp" : null].filter(Boolean).join(" and ");
    throw new PrimitiveDefinitionError(
      `${where}: the ${missing} rule is missing. Give both rules (written with the library's ops), ` +
        `or set differentiable: false for an op whose derivative is zero.`,
    );
  }
  if (!spec.doc || typeof spec.doc.summary !== "string" || typeof spec.doc.derivative !== "string") {
    throw new PrimitiveDefinitionError(`${where}: doc.summary and doc.derivative are required; the docs table is generated from them.`);
  }
  const prim: Primitive<P> = Object.freeze({ ...spec, differentiable });
  registry.set(spec.name, prim);
  return prim;
}

/**
 * Every registered primitive, in registration order: the catalogue that tests and docs iterate.
 * @example
 * ```ts
 * import { primitives } from "cotangent";
 * console.log(primitives().some((p) => p.name === "sin")); // true
 * ```
 */
export function primitives(): Primitive[] {
  return [...registry.values()];
}

/**
 * Looks up a registered primitive by name; `undefined` if there is none. The primitive carries
 * its `arity`, `doc` and rules, and can be applied with {@link bind}.
 * @example
 * ```ts
 * import { getPrimitive, bind } from "cotangent";
 * const sin = getPrimitive("sin")!;
 * console.log(sin.arity, sin.doc.derivative, bind(sin, [0]), getPrimitive("no_such_op")); // 1 cos x 0 undefined
 * ```
 */
export function getPrimitive(name: string): Primitive | undefined {
  if (typeof name !== "string") throw new TypeMismatchError(`getPrimitive: the name must be a string such as "sin", got ${describe(name)}.`);
  return registry.get(name);
}
