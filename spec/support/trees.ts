/**
 * Concrete containers (numbers, tensors, nested arrays and plain objects) as the tests see them:
 * flattened to numbers for comparisons, combined leafwise for finite differences. Written
 * independently of lib/api/tree.ts so that the library's own flattening is under test too.
 */
import { Tensor } from "../../lib/index.ts";

export type Leaf = number | Tensor;

/** The leaves of a container in key/array order, with their paths (e.g. `.W`, `[1]`). */
export function leavesOf(tree: unknown, path = ""): { leaf: Leaf; path: string }[] {
  if (typeof tree === "number" || tree instanceof Tensor) return [{ leaf: tree, path }];
  if (Array.isArray(tree)) return tree.flatMap((v, i) => leavesOf(v, `${path}[${i}]`));
  if (typeof tree === "object" && tree !== null) return Object.entries(tree).flatMap(([k, v]) => leavesOf(v, `${path}.${k}`));
  throw new Error(`test helper: ${path || "value"} is ${String(tree)}, not a number, tensor or container`);
}

export function shapeOfLeaf(x: Leaf): number[] {
  return typeof x === "number" ? [] : [...x.shape];
}

/** Every number of a container, leaves in order, each leaf row-major. */
export function flatNumbers(tree: unknown): number[] {
  return leavesOf(tree).flatMap(({ leaf }) => (typeof leaf === "number" ? [leaf] : Array.from(leaf.data)));
}

/** Rebuilds a container with each leaf replaced by `f(leaf)`. */
export function mapTree(tree: unknown, f: (leaf: Leaf) => Leaf): unknown {
  if (typeof tree === "number" || tree instanceof Tensor) return f(tree);
  if (Array.isArray(tree)) return tree.map((v) => mapTree(v, f));
  if (typeof tree === "object" && tree !== null) return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, mapTree(v, f)]));
  throw new Error(`test helper: cannot map ${String(tree)}`);
}

/** `x + s * d` leafwise (same structure and shapes). */
export function axpy(x: unknown, d: unknown, s: number): unknown {
  const dirs = flatNumbers(d);
  let at = 0;
  return mapTree(x, (leaf) => {
    if (typeof leaf === "number") return leaf + s * dirs[at++]!;
    const out = new Float64Array(leaf.size);
    for (let i = 0; i < out.length; i++) out[i] = leaf.data[i]! + s * dirs[at++]!;
    return new Tensor(out, leaf.shape);
  });
}

/** A container like `tree` with entries from `draw()`. */
export function randomLike(tree: unknown, draw: () => number): unknown {
  return mapTree(tree, (leaf) => (typeof leaf === "number" ? draw() : new Tensor(Float64Array.from(leaf.data, () => draw()), leaf.shape)));
}

/** The container like `tree` that is 1 at flat position `k` (over all leaves) and 0 elsewhere. */
export function unitLike(tree: unknown, k: number): unknown {
  let at = 0;
  return mapTree(tree, (leaf) => {
    if (typeof leaf === "number") return at++ === k ? 1 : 0;
    const out = new Float64Array(leaf.size);
    for (let i = 0; i < out.length; i++) out[i] = at++ === k ? 1 : 0;
    return new Tensor(out, leaf.shape);
  });
}

/** Euclidean inner product and the sum of |terms| (the scale a rounding error is relative to). */
export function innerWithScale(a: unknown, b: unknown): { value: number; scale: number } {
  const x = flatNumbers(a);
  const y = flatNumbers(b);
  if (x.length !== y.length) throw new Error(`test helper: inner product of ${x.length} and ${y.length} numbers`);
  let value = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    value += x[i]! * y[i]!;
    scale += Math.abs(x[i]! * y[i]!);
  }
  return { value, scale };
}

/** Same containers, same kinds (number vs tensor) and same shapes; returns a reason or null. */
export function structureDifference(expected: unknown, got: unknown): string | null {
  let a: { leaf: Leaf; path: string }[];
  let b: { leaf: Leaf; path: string }[];
  try {
    a = leavesOf(expected);
    b = leavesOf(got);
  } catch (e) {
    return (e as Error).message;
  }
  const pa = a.map((l) => l.path).join(",");
  const pb = b.map((l) => l.path).join(",");
  if (pa !== pb) return `structure: expected leaves at [${pa}], got [${pb}]`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!.leaf;
    const y = b[i]!.leaf;
    if (typeof x !== typeof y) return `leaf ${a[i]!.path || "(top)"}: expected a ${typeof x === "number" ? "number" : "Tensor"}, got ${typeof y === "number" ? "a number" : "a Tensor"}`;
    if (shapeOfLeaf(x).join(",") !== shapeOfLeaf(y).join(",")) return `leaf ${a[i]!.path || "(top)"}: expected shape [${shapeOfLeaf(x)}], got [${shapeOfLeaf(y)}]`;
  }
  return null;
}

/**
 * Largest elementwise difference between two equally long lists, relative to
 * `max(floor, largest |entry| of either list)`, with where it happened.
 */
export function maxRelDiff(a: readonly number[], b: readonly number[], floor = 1): { error: number; at: number; scale: number } {
  if (a.length !== b.length) return { error: Infinity, at: -1, scale: NaN };
  let scale = floor;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!), Math.abs(b[i]!));
  let error = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i]! - b[i]!) / scale;
    if (!(e <= error)) {
      error = Number.isNaN(e) ? Infinity : e;
      at = i;
      if (error === Infinity) break;
    }
  }
  return { error, at, scale };
}
