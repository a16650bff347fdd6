/**
 * The error hierarchy. Every error the library throws is a {@link CotangentError}; the subclass
 * says what kind of mistake it was, the message names the operation, what it got and what to do.
 * @module
 */

/** Base class of every error thrown by cotangent. */
export class CotangentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit together: broadcasting, matmul, reshape, tangents vs primals... */
export class ShapeError extends CotangentError {}

/** A value of the wrong kind: a string, boolean or undefined where a number or tensor belongs. */
export class TypeMismatchError extends CotangentError {}

/** A transformation used wrongly: non-scalar output for grad, bad argnums, escaped tracers... */
export class TransformError extends CotangentError {}

/** A formula string that cannot be compiled (syntax, unsupported construct, unknown symbol). */
export class ExpressionError extends CotangentError {}

/** A primitive definition that is incomplete or malformed. */
export class PrimitiveDefinitionError extends CotangentError {}

/** Thrown by {@link checkGrads} when derivatives disagree with each other or finite differences. */
export class GradientCheckError extends CotangentError {}

/** Which computation produced a non-finite value, as reported by {@link NonFiniteError}. */
export type NonFiniteMode = "forward value" | "forward-mode tangent" | "reverse-mode cotangent";

/**
 * Thrown by the NaN checker (`debugNans` / `withDebugNans`) at the first primitive whose result
 * contains NaN (or ±Infinity, unless infinities are allowed). The fields repeat what the message
 * says, for programs that handle the error.
 */
export class NonFiniteError extends CotangentError {
  constructor(
    message: string,
    /** Name of the primitive whose result was not finite, e.g. `"log"`. */
    readonly primitive: string,
    /** Whether the primitive's value, its tangent (forward mode) or its cotangent (reverse mode) was not finite. */
    readonly mode: NonFiniteMode,
    /** The offending number: NaN, Infinity or -Infinity. */
    readonly value: number,
    /** The stack frame in the caller's code where the primitive was applied, e.g. `loss (/app/model.ts:12:9)`, if found. */
    readonly site: string | undefined,
  ) {
    super(message);
  }
}
