/**
 * The two ways of running a user function under a transformation, shared by every API function:
 * recording it on a reverse-mode tape (then pulling cotangents back, as often as needed), or
 * pushing tangents forward through it.
 * @module
 */
import { withLevel } from "../core/level.ts";
import { Tracer } from "../core/tracer.ts";
import { isValue, settledSum, type Value } from "../core/value.ts";
import { TransformError } from "../errors.ts";
import { describe, Tensor } from "../tensor/tensor.ts";
import { computeTogether } from "../tensor/fusion.ts";
import { ForwardLevel } from "../modes/forward.ts";
import { ReverseLevel } from "../modes/reverse.ts";
import { pushTangentsThroughTape } from "../modes/replay.ts";
import { castLike, settled, zerosLike } from "./args.ts";
import { checkSameStructure, flatten, mapValues, type Flat } from "./tree.ts";

/** A reverse-mode recording of one call. */
export interface Recording {
  /**
   * The output with this level's tracers replaced by their values: computed, unless the
   * recording was asked to keep it deferred; then the first pullback computes it (see
   * {@link record}) and {@link settled} turns each leaf into what it would have been.
   */
  out: unknown;
  /** The flattened output (values). */
  outFlat: Flat;
  /** The auxiliary data (hasAux), unwrapped. */
  aux: unknown;
  /** The flattened differentiated arguments, one per selected argument. */
  inputs: Flat[];
  /**
   * Pulls back a cotangent for each output leaf (`null` = zero) and returns the cotangents of
   * the inputs, rebuilt in the structure of each selected argument.
   */
  pullbackLeaves(cts: readonly (Value | null)[]): unknown[];
  /** The same, as one flat list over all input leaves (in `inputs` order). */
  pullbackFlat(cts: readonly (Value | null)[]): Value[];
  /**
   * Forward mode over the recording: the output tangents (one per output leaf) for a tangent per
   * input leaf (`null` = zero), without running the function again.
   */
  pushforwardFlat(tangents: readonly (Value | null)[]): Value[];
  /** Gives the tape's memory back for reuse; for callers that will not pull back again. */
  release(): void;
}

/** Output of a transformed call: the plain value, or [value, aux] with hasAux. */
function splitAux(api: string, result: unknown, hasAux: boolean): [unknown, unknown] {
  if (!hasAux) return [result, undefined];
  if (!Array.isArray(result) || result.length !== 2) {
    throw new TransformError(`${api}: with hasAux the function must return a pair [output, aux], got ${describe(result)}.`);
  }
  return [result[0], result[1]];
}

function unwrapAt(level: { active: boolean }, v: Value): Value {
  return v instanceof Tracer && v.level === level ? v.primal : v;
}

/**
 * Runs `f(...args)` recording on a new reverse level, with the `argnums` arguments as inputs.
 * With `deferOutput`, output values still deferred stay so until the first pullback, which
 * computes them together with the cotangents: a loss that is the sum of a large elementwise
 * expression is then added up in its gradient's loop, which recomputes the same intermediate
 * values anyway (tensor/fusion.ts, computeTogether). For a caller that pulls back at once.
 */
export function record(api: string, f: (...a: any[]) => unknown, args: unknown[], argnums: readonly number[], hasAux: boolean, deferOutput = false): Recording {
  const level = new ReverseLevel();
  const inputs: Flat[] = [];
  const inputIds: number[][] = [];
  const [rawOut, rawAux] = withLevel(level, () => {
    const traced = args.slice();
    for (const i of argnums) {
      const flat = flatten(args[i], `${api}: argument ${i}`);
      const leaves = flat.leaves.map((v) => level.leaf(v));
      inputs.push(flat);
      inputIds.push(leaves.map((t) => t.id));
      traced[i] = flat.rebuild(leaves);
    }
    return splitAux(api, f(...traced), hasAux);
  });
  const outTraced = flatten(rawOut, `${api}: the function's output`);
  const outIds = outTraced.leaves.map((v) => level.idOf(v));
  const outLeaves = outTraced.leaves.map((v) => (deferOutput ? unwrapAt(level, v) : settled(unwrapAt(level, v))));
  const outFlat: Flat = { ...outTraced, leaves: outLeaves };
  const allIds = inputIds.flat();
  return {
    out: outFlat.rebuild(outLeaves),
    outFlat,
    // Unwrapped when read: for valueAndGrad after the pullback, so that a loss returned in aux
    // too can still be added up in its gradient's loop.
    get aux() {
      return mapValues(rawAux, (v) => settledSum(unwrapAt(level, v)));
    },
    inputs,
    pullbackFlat(cts) {
      const seeds: [number, Value][] = [];
      cts.forEach((ct, k) => {
        if (ct !== null && outIds[k]! >= 0) seeds.push([outIds[k]!, ct]);
      });
      const got = seeds.length === 0 ? allIds.map(() => null) : level.backward(seeds, allIds);
      // Outputs still deferred (deferOutput) are computed here, in one loop with a cotangent
      // that shares their ops where there is one.
      if (deferOutput) computeTogether([...outLeaves, ...got].filter((v): v is Tensor => v instanceof Tensor));
      const like = inputs.flatMap((flat) => flat.leaves);
      return like.map((leaf, k) => castLike(got[k]!, leaf));
    },
    pushforwardFlat(tangents) {
      const seeds: [number, Value][] = [];
      tangents.forEach((t, k) => {
        if (t !== null) seeds.push([allIds[k]!, t]);
      });
      const got = seeds.length === 0 ? outIds.map(() => null) : pushTangentsThroughTape(level, seeds, outIds);
      return outLeaves.map((leaf, k) => castLike(got[k]!, leaf));
    },
    release() {
      level.release();
    },
    pullbackLeaves(cts) {
      const flatCts = this.pullbackFlat(cts);
      let at = 0;
      return inputs.map((flat) => flat.rebuild(flat.leaves.map(() => flatCts[at++])));
    },
  };
}

/** Checks a user cotangent against the recorded output and flattens it. */
export function cotangentLeaves(api: string, rec: Recording, ct: unknown): Value[] {
  const flat = flatten(ct, `${api}: the cotangent`);
  checkSameStructure(`${api}: the cotangent`, rec.outFlat, flat);
  return flat.leaves;
}

/** Result of pushing tangents through a call. */
export interface Pushforward {
  out: unknown;
  tangentOut: unknown;
  aux: unknown;
}

/**
 * Runs `f(...args)` on a new forward level; `tangents[k]` is the tangent of `args[argnums[k]]`
 * (already checked to match its structure).
 */
export function pushforward(
  api: string, f: (...a: any[]) => unknown, args: unknown[], argnums: readonly number[], tangents: readonly unknown[], hasAux: boolean,
): Pushforward {
  const level = new ForwardLevel();
  const [rawOut, rawAux] = withLevel(level, () => {
    const traced = args.slice();
    argnums.forEach((i, k) => {
      const flat = flatten(args[i], `${api}: primal ${k}`);
      const tflat = flatten(tangents[k], `${api}: tangent ${k}`);
      checkSameStructure(`${api}: tangent ${k}`, flat, tflat);
      traced[i] = flat.rebuild(flat.leaves.map((v, j) => level.lift(v, tflat.leaves[j]!)));
    });
    return splitAux(api, f(...traced), hasAux);
  });
  const outFlat = flatten(rawOut, `${api}: the function's output`);
  const primals: Value[] = [];
  const tangentsOut: Value[] = [];
  for (const v of outFlat.leaves) {
    const { primal, tangent } = level.unlift(v);
    primals.push(settled(primal));
    tangentsOut.push(tangent === null ? zerosLike(primal) : castLike(tangent, primal));
  }
  return {
    out: outFlat.rebuild(primals),
    tangentOut: outFlat.rebuild(tangentsOut),
    aux: mapValues(rawAux, (v) => (isValue(v) ? level.unlift(v).primal : v)),
  };
}
