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

export abstract class Tracer {
  constructor(
    /** The transformation this tracer belongs to. */
    readonly level: Level,
    /** The value it stands for; may itself be a tracer of an outer (lower) level. */
    readonly primal: Value,
  ) {}

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
      "A traced value was used with a JavaScript operator (+, -, *, /, <, >, ...) or converted to a number " +
        "inside a transformed function, which would lose its derivative. Use the library's ops instead " +
        "(add, mul, greater, ...); for control flow, `if (greater(x, 0))` works because comparisons return plain values.",
    );
  }
  toString(): string {
    return `Tracer(level ${this.level.depth}, shape [${this.shape.join(", ")}])`;
  }
  toArray(): never {
    throw new TransformError(
      "toArray/item cannot be called on a traced value inside a transformed function: the result would carry no derivative. " +
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
