/**
 * Seeded randomness for the scripts (tour, benchmark, docs measurements), so every run uses the same data.
 * @module
 */

/** The library's own seeded generator (mulberry32), so scripts and tests share one. */
export { seededRandom } from "../../lib/tensor/seeded-random.ts";

/** Standard normal samples from uniform ones (Box-Muller). */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
