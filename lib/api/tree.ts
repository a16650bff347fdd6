/**
 * Containers of values ("trees", as in JAX): nested plain objects and arrays whose leaves are
 * numbers and tensors. Transformations flatten them into a list of leaves and rebuild results in
 * the same structure.
 * @module
 */
import { isValue, shapeOf, type Value } from "../core/value.ts";
import { ShapeError, TypeMismatchError } from "../errors.ts";
import { describe } from "../tensor/tensor.ts";
import { formatShape, sameShape } from "../tensor/shape.ts";

/** A flattened container: its leaves in a fixed order and how to rebuild it. */
export interface Flat {
  leaves: Value[];
  /** Where each leaf sits, e.g. `.W` or `[1][0]`, for error messages and structure checks. */
  paths: string[];
  rebuild(leaves: readonly unknown[]): unknown;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Flattens a container of numbers and tensors.
 * @param what names the argument in errors (e.g. "grad: argument 1").
 */
export function flatten(tree: unknown, what: string): Flat {
  // The common case, a bare number or tensor, without building a walker.
  if (isValue(tree)) return { leaves: [tree], paths: [""], rebuild: onlyLeaf };
  const leaves: Value[] = [];
  const paths: string[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, path: string): ((it: Iterator<unknown>) => unknown) => {
    if (isValue(node)) {
      leaves.push(node);
      paths.push(path);
      return (it) => it.next().value;
    }
    if (seen.has(node)) throw new TypeMismatchError(`${what}: the container holds itself at ${path || "the top"} (a cycle); pass a tree of numbers and tensors.`);
    if (Array.isArray(node)) {
      seen.add(node);
      const kids = node.map((v, i) => walk(v, `${path}[${i}]`));
      seen.delete(node);
      return (it) => kids.map((k) => k(it));
    }
    if (isPlainObject(node)) {
      seen.add(node);
      const keys = Object.keys(node);
      const kids = keys.map((k) => walk(node[k], `${path}.${k}`));
      seen.delete(node);
      return (it) => Object.fromEntries(keys.map((k, i) => [k, kids[i]!(it)]));
    }
    throw new TypeMismatchError(`${what}${path ? ` at ${path}` : ""} is ${describe(node)}, which cannot be differentiated. ${adviceFor(what)}`);
  };
  const build = walk(tree, "");
  return { leaves, paths, rebuild: (values) => build(values[Symbol.iterator]()) };
}

/** Rebuilds a tree that is a single leaf. */
function onlyLeaf(values: readonly unknown[]): unknown {
  return values[0];
}

/** What to do about a leaf that is not a value, depending on what was being flattened. */
function adviceFor(what: string): string {
  if (what.endsWith("the function's output")) {
    return "A transformed function must return numbers, tensors, or arrays and plain objects of them (grad and valueAndGrad can pass other data out as aux with { hasAux: true }).";
  }
  if (/tangent( \d+)?$/.test(what)) {
    return "Give numbers and tensors, in arrays and plain objects shaped like the value they belong to (e.g. 1 for a number, ones([...]) for a tensor).";
  }
  return "Differentiated arguments may hold only numbers, tensors, and arrays or plain objects of them; pass other data in an argument that argnums does not select.";
}

/** Checks that `other` has the structure and leaf shapes of `ref`, naming the first difference. */
export function checkSameStructure(what: string, ref: Flat, other: Flat): void {
  const a = ref.paths.join(" ");
  const b = other.paths.join(" ");
  if (a !== b) {
    throw new ShapeError(
      `${what}: the structure does not match: expected leaves at ${listPaths(ref.paths)}, got ${listPaths(other.paths)}. ` +
        `Give one number or tensor for each number or tensor of the original, in the same containers.`,
    );
  }
  ref.leaves.forEach((leaf, i) => {
    const s1 = shapeOf(leaf);
    const s2 = shapeOf(other.leaves[i]!);
    if (!sameShape(s1, s2)) {
      throw new ShapeError(`${what}: the leaf at ${ref.paths[i] || "the top"} should have shape ${formatShape(s1)} like the original, got ${formatShape(s2)}.`);
    }
  });
}

function listPaths(paths: readonly string[]): string {
  if (paths.length === 1 && paths[0] === "") return "the top (a single value)";
  const shown = paths.slice(0, 6).map((p) => p || "(top)").join(", ");
  return `[${shown}${paths.length > 6 ? `, ... (${paths.length} in all)` : ""}]`;
}

/** Maps leaves of any structure, leaving non-value leaves (strings, etc.) alone. Used for aux. */
export function mapValues(tree: unknown, f: (v: Value) => unknown): unknown {
  if (isValue(tree)) return f(tree);
  if (Array.isArray(tree)) return tree.map((v) => mapValues(v, f));
  if (isPlainObject(tree)) return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, mapValues(v, f)]));
  return tree;
}

