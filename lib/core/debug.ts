/**
 * Hooks for debugging options (e.g. NaN checking). `null` when off, so the hot path pays one
 * comparison and nothing else.
 * @module
 */
import type { Primitive } from "./primitive.ts";
import type { Value } from "./value.ts";

export const debugHooks: {
  /** Called with each primitive's concrete forward result (and its arguments, to tell a new NaN from one passed in). */
  onPrimal: ((prim: Primitive<any>, out: Value, args: readonly Value[]) => void) | null;
  /**
   * Called with each tangent a JVP rule produced (during the user's function), or cotangent a
   * VJP rule produced (during the backward pass; `site` is where the op was recorded, when
   * `captureSites` is on).
   */
  onDerivative: ((prim: Primitive<any>, mode: "forward" | "reverse", value: Value, site?: Error) => void) | null;
  /** Record an Error (for its stack) with each tape node, so backward-pass reports can say where the op was called. */
  captureSites: boolean;
  /**
   * True while any of the above is on. The scalar fast paths (core/entry.ts) read only this one
   * flag per op; whoever sets a hook sets it too.
   */
  watching: boolean;
} = { onPrimal: null, onDerivative: null, captureSites: false, watching: false };
