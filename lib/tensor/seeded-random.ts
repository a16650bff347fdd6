/**
 * A small seeded generator of uniform numbers (mulberry32: 32 bits of state, fast, good enough
 * for test directions and example data, not for cryptography). One copy for the library
 * (checkGrads' random directions), its tests and its scripts, so a given seed means the same
 * numbers everywhere.
 * @module
 */

/** Uniform numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
