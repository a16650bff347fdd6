/**
 * Comparisons with messages that say where two arrays differ.
 */
import type { ExecutionContext } from "ava";
import type { Plain } from "./reference.ts";
import { toPlain } from "./arbitraries.ts";

/** Index of the first element where `a` and `b` differ by more than `tol` (relative to max(1, |b|)); NaN equals NaN. */
export function firstDifference(a: readonly number[], b: readonly number[], tol = 0): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (!(Math.abs(x - y) <= tol * Math.max(1, Math.abs(y)))) return i;
  }
  return -1;
}

/** Throws (for fast-check properties) unless `got` has `expected`'s shape and values. */
export function expectPlain(got: unknown, expected: Plain, what: string, tol = 0): void {
  const g = toPlain(got);
  if (g.shape.join(",") !== expected.shape.join(",")) throw new Error(`${what}: shape [${g.shape}] but expected [${expected.shape}]`);
  const i = firstDifference(g.data, expected.data, tol);
  if (i >= 0) throw new Error(`${what}: element ${i} is ${g.data[i]} but expected ${expected.data[i]} (data ${JSON.stringify(g.data.slice(0, 12))} vs ${JSON.stringify(expected.data.slice(0, 12))})`);
}

/** The same as an ava assertion. */
export function assertPlain(t: ExecutionContext, got: unknown, expected: Plain, what: string, tol = 0): void {
  try {
    expectPlain(got, expected, what, tol);
    t.pass();
  } catch (e) {
    t.fail((e as Error).message);
  }
}

/** |a - b| <= tol * max(1, |b|), with a message naming the quantity. */
export function assertClose(t: ExecutionContext, got: number, expected: number, tol: number, what: string): void {
  const err = Math.abs(got - expected) / Math.max(1, Math.abs(expected));
  t.true(err <= tol, `${what}: got ${got}, expected ${expected} (relative error ${err.toExponential(2)} > ${tol})`);
}

/** Elementwise closeness of two numeric arrays (flattened), with the first bad index in the message. */
export function assertAllClose(t: ExecutionContext, got: readonly number[], expected: readonly number[], tol: number, what: string): void {
  t.is(got.length, expected.length, `${what}: ${got.length} values, expected ${expected.length}`);
  const i = firstDifference(got, expected, tol);
  t.is(i, -1, i < 0 ? what : `${what}: element ${i} is ${got[i]}, expected ${expected[i]} (tolerance ${tol})`);
}
