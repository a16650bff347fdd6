/**
 * fast-check arbitraries for shapes and values used by the tensor tests.
 */
import fc from "fast-check";
import { Tensor } from "../../lib/index.ts";
import { seededRandom } from "./random.ts";
import { sizeOfShape, type Plain } from "./reference.ts";

// A failing property reports the assertion's own message, not just the counterexample. The seed
// is fixed so CI is reproducible; FC_SEED=<n> explores other cases.
fc.configureGlobal({ includeErrorInReport: true, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : 20240611 });

/** A shape of rank 0..maxRank with axes of length minDim..maxDim. */
export function shapeArb(maxRank = 4, maxDim = 4, minDim = 1): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: 0, maxLength: maxRank });
}

/**
 * Two shapes that broadcast together: a common shape, with some leading axes dropped from each
 * operand and some axes set to 1.
 */
export const broadcastPairArb: fc.Arbitrary<[number[], number[]]> = shapeArb(4, 4, 0).chain((base) => {
  const operand = fc.tuple(fc.integer({ min: 0, max: base.length }), fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length })).map(([drop, ones]) =>
    base.map((d, i) => (ones[i] ? 1 : d)).slice(drop),
  );
  return fc.tuple(operand, operand);
});

/** Deterministic values for a shape, from a seed: integers and halves in [-4, 4] (some exact zeros and ties). */
export function plainOf(shape: readonly number[], seed: number): Plain {
  const random = seededRandom(seed);
  const data = Array.from({ length: sizeOfShape(shape) }, () => Math.round(16 * random() - 8) / 2);
  return { data, shape: [...shape] };
}

/** Deterministic non-integer values (no ties) for a shape, from a seed, in [-2, 2]. */
export function smoothPlainOf(shape: readonly number[], seed: number): Plain {
  const random = seededRandom(seed);
  return { data: Array.from({ length: sizeOfShape(shape) }, () => 4 * random() - 2), shape: [...shape] };
}

/** The library value of a plain array: a number for shape [], else a Tensor. */
export function toValue(p: Plain): number | Tensor {
  return p.shape.length === 0 ? p.data[0]! : new Tensor(Float64Array.from(p.data), p.shape);
}

/** A plain array from a library result (number or Tensor). */
export function toPlain(v: unknown): Plain {
  if (typeof v === "number") return { data: [v], shape: [] };
  if (v instanceof Tensor) return { data: Array.from(v.data), shape: [...v.shape] };
  throw new Error(`expected a number or a Tensor, got ${String(v)}`);
}

export const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
