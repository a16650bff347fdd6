/**
 * A tracer stands in for a value inside a transformation: it carries the value (its primal) and
 * belongs to one level, whose evaluator decides what an op on it records or computes.
 * @module
 */
import { TransformError } from "../errors.ts";
import type { Shape } from "../tensor/shape.ts";
import { EMPTY_SHAPE } from "../tensor/elementwise.ts";
import type { Level } from "./level.ts";
import type { Value } from "./value.ts";

/** The key of the flag that marks tracers (see {@link Tracer}). */
export const TRACER: unique symbol = Symbol("cotangent.tracer");

export abstract class Tracer {
  // Declared without initializers: initialized class fields cost a definition per field on
  // every construction, and every op on a traced value constructs a tracer (measured: 15-20%
  // of scalar code's time). The subclasses in modes/ keep their one field a parameter property:
  // with plain assignments there too, V8 kept abandoning the optimization of the tracer
  // constructors (10x slower), so change both together only with the benchmark at hand.
  /** The transformation this tracer belongs to. */
  declare readonly level: Level;
  /** The value it stands for; may itself be a tracer of an outer (lower) level. */
  declare readonly primal: Value;

  /**
   * True on every tracer (set on the prototype): the ops' entries (core/entry.ts) test it instead
   * of `instanceof`, which walks the prototype chain on every op. A symbol, so that no other
   * object has it by accident.
   */
  declare readonly [TRACER]: true;

  constructor(level: Level, primal: Value) {
    (this as { level: Level }).level = level;
    (this as { primal: Value }).primal = primal;
  }

  get shape(): Shape {
    const p = this.primal;
    return typeof p === "number" ? EMPTY_SHAPE : (p as { shape: Shape }).shape;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    let n = 1;
    for (const d of this.shape) n *= d;
    return n;
  }

  // A JS operator on a tracer would silently drop the derivative, so it is an error.
  [Symbol.toPrimitive](hint: string): string {
    if (hint === "string") return this.toString();
    throw new TransformError(
      `${this.level.kind}: a traced value was used with a JavaScript operator (+, -, *, /, <, >, ...) or converted to a number ` +
        "inside a transformed function, which would lose its derivative. Use the library's ops instead " +
        "(add, mul, greater, ...); for control flow, `if (greater(x, 0))` works because comparisons return plain values.",
    );
  }
  toString(): string {
    return `Tracer(level ${this.level.depth}, shape [${this.shape.join(", ")}])`;
  }
  toArray(): never {
    throw new TransformError(
      `${this.level.kind}: toArray/item/data cannot be used on a traced value inside a transformed function` +
        ": the result would carry no derivative. " +
        "Compute with the library's ops, or read the value after the transformation returns.",
    );
  }
  item(): never {
    return this.toArray();
  }
  get data(): never {
    return this.toArray();
  }
}

Object.defineProperty(Tracer.prototype, TRACER, { value: true });
