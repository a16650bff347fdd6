/**
 * Summing cotangents where a value branches. It goes through the registry's `add` (looked up
 * late, so modes/ does not import primitives/) so an outer level records the sum too.
 * @module
 */
import { bind } from "../core/bind.ts";
import { getPrimitive, type Primitive } from "../core/primitive.ts";
import type { Value } from "../core/value.ts";

let addPrim: Primitive | undefined;

export function addCotangents(a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") return a + b;
  addPrim ??= getPrimitive("add");
  return bind(addPrim!, [a, b]);
}
