/**
 * Hooks for debugging options (e.g. NaN checking). `null` when off, so the hot path pays one
 * comparison and nothing else.
 * @module
 */
import type { Primitive } from "./primitive.ts";
import type { Value } from "./value.ts";

export const debugHooks: {
  /** Called with each primitive's concrete forward result. */
  onPrimal: ((prim: Primitive<any>, out: Value) => void) | null;
  /** Called with each cotangent a VJP rule produced, or tangent a JVP rule produced. */
  onDerivative: ((prim: Primitive<any>, mode: "forward" | "reverse", value: Value) => void) | null;
} = { onPrimal: null, onDerivative: null };
