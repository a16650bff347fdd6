/**
 * Seeded randomness for reproducible tests: every failure message carries the seed that made it.
 */
import { Tensor } from "../../lib/index.ts";
import { seededRandom } from "../../lib/tensor/seeded-random.ts";

/** The library's seeded generator (mulberry32), shared with checkGrads and the scripts. */
export { seededRandom };

/** A stable seed from a name, so each primitive gets its own reproducible stream. */
export function seedOf(name: string, salt = 0): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Uniform in [lo, hi). */
export function uniform(random: () => number, lo = -1, hi = 1): number {
  return lo + (hi - lo) * random();
}

/** A tensor of the given shape with entries uniform in [lo, hi); a number for shape []. */
export function randomValue(random: () => number, shape: readonly number[], lo = -1, hi = 1): number | Tensor {
  if (shape.length === 0) return uniform(random, lo, hi);
  return randomTensor(random, shape, lo, hi);
}

export function randomTensor(random: () => number, shape: readonly number[], lo = -1, hi = 1): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = uniform(random, lo, hi);
  return new Tensor(data, shape);
}
