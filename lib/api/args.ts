/**
 * Argument handling shared by the transformations: argnums, function checks, casting results
 * back to the kind of the input (numbers in give numbers out).
 * @module
 */
import { TransformError } from "../errors.ts";
import { settledSum, shapeOf, type Value } from "../core/value.ts";
import { Tensor, describe } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import { broadcastTo } from "../primitives/shape.ts";

/** Which arguments to differentiate: an index, or an array of indices. */
export type Argnums = number | readonly number[];

export function checkFunction(api: string, f: unknown): asserts f is (...args: any[]) => any {
  if (typeof f !== "function") {
    throw new TransformError(`${api}: the first argument must be the function to differentiate, got ${describe(f)}.`);
  }
}

/** Validated, non-negative argnums as a list. */
export function resolveArgnums(api: string, argnums: Argnums, argCount: number): number[] {
  const list = typeof argnums === "number" ? [argnums] : Array.isArray(argnums) ? [...argnums] : null;
  if (list === null || list.length === 0) {
    throw new TransformError(`${api}: argnums must be an argument index or a non-empty array of indices, got ${describe(argnums)}.`);
  }
  if (argCount === 0) {
    throw new TransformError(`${api}: the function was called with no arguments, so there is nothing to differentiate; call it with the point, e.g. ${api}(f)(x).`);
  }
  const seen = new Set<number>();
  return list.map((k) => {
    if (!Number.isInteger(k)) {
      throw new TransformError(`${api}: argnums must hold integer argument indices, got ${describe(k)}. Use e.g. 0 for the first argument.`);
    }
    const i = k < 0 ? k + argCount : k;
    if (i < 0 || i >= argCount) {
      throw new TransformError(
        `${api}: argnums ${k} is out of range: the function was called with ${argCount} argument${argCount === 1 ? "" : "s"} ` +
          `(valid indices 0..${argCount - 1}, or -${argCount}..-1 from the end). Pass the argument, or choose another index.`,
      );
    }
    if (seen.has(i)) throw new TransformError(`${api}: argnums lists argument ${i} twice (${JSON.stringify(list)}); list each argument once.`);
    seen.add(i);
    return i;
  });
}

/** For each known option: a validity check and what a valid value is, for the message. */
export type OptionSpecs = Readonly<Record<string, readonly [check: (v: unknown) => boolean, expected: string]>>;

/**
 * Checks an options object: `undefined`, or a plain object whose keys are all known and whose
 * values pass their check (`undefined` counts as absent). Catches typos like `argnum`.
 */
export function checkOptions(api: string, options: unknown, known: OptionSpecs): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TransformError(`${api}: options must be an object such as { ${Object.keys(known).join(", ")} }, got ${describe(options)}.`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (!Object.hasOwn(known, key)) {
      throw new TransformError(`${api}: unknown option ${JSON.stringify(key)}; the options are ${Object.keys(known).join(", ")}. Check the spelling.`);
    }
    const [check, expected] = known[key]!;
    if (value !== undefined && !check(value)) throw new TransformError(`${api}: option ${key} must be ${expected}, got ${describe(value)}.`);
  }
}

/** The `argnums` option as {@link checkOptions} checks it (the indices are checked at call time). */
export const ARGNUMS_OPTION = [(v: unknown) => typeof v === "number" || Array.isArray(v), "an argument index or an array of indices"] as const;
/** A boolean option. */
export const BOOLEAN_OPTION = [(v: unknown) => typeof v === "boolean", "true or false"] as const;

/** The zero (co)tangent for a value: 0 for numbers, a zero tensor of its shape otherwise. */
export function zerosLike(v: Value): Value {
  return typeof v === "number" || shapeOf(v).length === 0 && !(v instanceof Tensor) ? 0 : zeros(shapeOf(v));
}

/**
 * Makes a derivative the same kind as the value it belongs to: a number for a number, a tensor of
 * the same shape for a tensor (rules may return a number for a 0-d tensor, or a broadcastable
 * value). Tracers of outer levels keep their kind; they stand in for the value.
 */
export function castLike(d: Value | null, like: Value): Value {
  if (d === null) return zerosLike(like);
  if (like instanceof Tensor && typeof d === "number") return settled(like.shape.length === 0 ? new Tensor(Float64Array.of(d), []) : broadcastTo(d, like.shape));
  return settled(d);
}

/**
 * The value with its numbers computed. Large elementwise results may be deferred and computed
 * when first read (tensor/fusion.ts); what a transformation hands back is computed before it
 * returns, so its cost shows where it was asked for, and it holds no inputs of the computation.
 * A deferred 0-d sum (a loss that reverse mode recorded without computing it) becomes its number.
 */
export function settled(v: Value): Value {
  const value = settledSum(v);
  if (value instanceof Tensor) void value.data;
  return value;
}
