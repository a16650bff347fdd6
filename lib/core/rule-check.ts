/**
 * Checks on what a primitive's rules return. A rule that returns a (co)tangent of the wrong
 * shape would otherwise surface far away, as a broadcasting error in an unrelated op or as a
 * silently wrong Jacobian; here the error names the primitive and its rule. Built-in rules pass
 * by construction (the property tests check them); this is for user-defined primitives.
 * @module
 */
import { TransformError } from "../errors.ts";
import { formatShape, sameShape } from "../tensor/shape.ts";
import { describe } from "../tensor/tensor.ts";
import type { Primitive } from "./primitive.ts";
import { shapeOf, type Value } from "./value.ts";

/** Throws unless the JVP rule's tangent is shaped like the primitive's output. */
export function checkTangent(prim: Primitive, tangent: Value, out: Value): void {
  const got = shapeOf(tangent, `${prim.name} (its jvp rule's result)`);
  const want = shapeOf(out);
  if (!sameShape(got, want)) {
    throw new TransformError(
      `${prim.name}: its jvp rule returned a tangent of shape ${formatShape(got)}, but the output has shape ${formatShape(want)}. ` +
        `A JVP rule must return a tangent shaped like the output (broadcast it with broadcastTo if needed).`,
    );
  }
}

/** Throws unless the VJP rule returned one cotangent per argument, each shaped like its argument. */
export function checkCotangents(prim: Primitive, cts: unknown, primals: readonly Value[]): asserts cts is (Value | null | undefined)[] {
  if (!Array.isArray(cts) || cts.length !== primals.length) {
    throw new TransformError(
      `${prim.name}: its vjp rule must return an array with one cotangent (or null) per argument (${primals.length}), got ${describe(cts)}.`,
    );
  }
  cts.forEach((c, i) => {
    if (c === null || c === undefined) return;
    const got = shapeOf(c as Value, `${prim.name} (its vjp rule's cotangent for argument ${i + 1})`);
    const want = shapeOf(primals[i]!);
    if (!sameShape(got, want)) {
      throw new TransformError(
        `${prim.name}: its vjp rule returned a cotangent of shape ${formatShape(got)} for argument ${i + 1}, whose shape is ${formatShape(want)}. ` +
          `Each cotangent must be shaped like its argument (sum over broadcast axes, e.g. with sum(ct, axes) and reshape).`,
      );
    }
  });
}
