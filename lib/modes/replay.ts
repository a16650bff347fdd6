/**
 * Forward mode over a recorded tape (JAX calls this `linearize`): pushes tangents through the
 * nodes a reverse level recorded, applying each primitive's JVP rule to the stored primals,
 * without running the user's function again. With it one recording serves both directions:
 * `jacobian` records once to learn the output size, then either pulls cotangents back (rows)
 * or pushes tangents forward (columns), whichever is cheaper.
 * @module
 */
import { debugHooks } from "../core/debug.ts";
import { checkTangent } from "../core/rule-check.ts";
import type { Value } from "../core/value.ts";
import type { ReverseLevel } from "./reverse.ts";

/**
 * Tangents of the `wanted` nodes given tangents of some recorded nodes (usually the inputs).
 * `null` where no tangent reaches a node (a zero tangent). Like the reverse pass, the rules
 * run through `bind`, so an enclosing transformation sees this computation too.
 */
export function pushTangentsThroughTape(
  level: ReverseLevel,
  seeds: ReadonlyArray<readonly [number, Value]>,
  wanted: readonly number[],
): (Value | null)[] {
  const nodes = level.nodes();
  const tangents = new Array<Value | undefined>(nodes.length);
  let first = nodes.length;
  for (const [id, t] of seeds) {
    tangents[id] = t;
    if (id < first) first = id;
  }
  const last = wanted.reduce((m, id) => Math.max(m, id), -1);
  for (let i = first + 1; i <= last; i++) {
    const node = nodes[i]!;
    if (node.prim === null) continue;
    const ids = node.inputIds;
    const inputTangents = new Array<Value | null>(ids.length);
    let any = false;
    for (let j = 0; j < ids.length; j++) {
      const t = ids[j]! >= 0 ? tangents[ids[j]!] : undefined;
      inputTangents[j] = t ?? null;
      if (t !== undefined) any = true;
    }
    if (!any) continue;
    const t = node.prim.jvp!(node.primals, inputTangents, node.out, node.params);
    if (t === null) continue;
    checkTangent(node.prim, t, node.out);
    if (debugHooks.onDerivative !== null) debugHooks.onDerivative(node.prim, "forward", t, node.site);
    tangents[i] = t;
  }
  return wanted.map((id) => (id >= 0 ? (tangents[id] ?? null) : null));
}
