/**
 * Jacobians: jacfwd (one forward pass per input element = one column each), jacrev (one
 * recording, then one backward pass per output element = one row each), and jacobian, which
 * picks the cheaper mode from the sizes.
 * @module
 */
import { shapeOf, type Value } from "../core/value.ts";
import { TransformError } from "../errors.ts";
import { sizeOf } from "../tensor/shape.ts";
import { Tensor, describe } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import { reshape, stack } from "../primitives/shape.ts";
import { ARGNUMS_OPTION, checkFunction, checkOptions, resolveArgnums, zerosLike, type Argnums } from "./args.ts";
import { pushforward, record, type Recording } from "./linearize.ts";
import { flatten, type Flat } from "./tree.ts";
import type { AnyFunction } from "./types.ts";

/** Which evaluator computes a Jacobian. */
export type JacobianMode = "auto" | "forward" | "reverse";

/** Options of {@link jacobian}, {@link jacfwd} and {@link jacrev}. */
export interface JacobianOptions<N extends Argnums = Argnums> {
  /** Which argument(s) to differentiate (default 0). */
  argnums?: N;
}

/**
 * The mode `jacobian` uses for a function from `n` inputs to `m` outputs, and why: forward mode
 * costs one pass per input (a column), reverse mode one backward pass per output (a row).
 * @example
 * ```ts
 * import { chooseJacobianMode } from "cotangent";
 * console.log(chooseJacobianMode(8, 2000).mode, chooseJacobianMode(2000, 8).mode); // forward reverse
 * ```
 */
export function chooseJacobianMode(
  n: number,
  m: number,
): {
  /** The mode `jacobian` uses for these sizes. */
  mode: "forward" | "reverse";
  /** One sentence saying why, with the number of passes. */
  reason: string;
} {
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(m) && m >= 0)) {
    throw new TransformError(`chooseJacobianMode: n and m are the input and output sizes and must be non-negative integers, got ${describe(n)} and ${describe(m)}.`);
  }
  return n <= m
    ? { mode: "forward", reason: `${n} input(s) <= ${m} output(s): 1 recording + ${n} forward pass(es) over it, one Jacobian column each` }
    : { mode: "reverse", reason: `${n} input(s) > ${m} output(s): 1 recording + ${m} backward pass(es), one Jacobian row each` };
}

/** A tangent/cotangent that is 1 at flat position `e` of `like` and 0 elsewhere. */
function basis(like: Value, e: number): Value {
  if (typeof like === "number" || (shapeOf(like).length === 0 && !(like instanceof Tensor))) return 1;
  const t = zeros(shapeOf(like));
  t.data[e] = 1;
  return t;
}

/** Block [...outShape, ...inShape] from per-element pieces (columns or rows). */
function assemble(pieces: Value[], outLeaf: Value, inLeaf: Value, axis: "last" | "first"): Value {
  const so = shapeOf(outLeaf);
  const sl = shapeOf(inLeaf);
  const shape = [...so, ...sl];
  if (pieces.length === 0) return shape.length === 0 ? 0 : zeros(shape);
  const stacked = stack(pieces, axis === "last" ? so.length : 0);
  return reshape(stacked, shape);
}

interface Layout {
  nums: number[];
  inputs: Flat[];
  inLeaves: Value[];
}

function layoutOf(api: string, args: unknown[], argnums: Argnums): Layout {
  const nums = resolveArgnums(api, argnums, args.length);
  const inputs = nums.map((i) => flatten(args[i], `${api}: argument ${i}`));
  return { nums, inputs, inLeaves: inputs.flatMap((f) => f.leaves) };
}

/** Rebuilds `J` as: output structure, each output leaf holding the input structure of blocks. */
function buildResult(outFlat: Flat, layout: Layout, blocks: Value[][], single: boolean): unknown {
  return outFlat.rebuild(
    blocks.map((row) => {
      let at = 0;
      const perArg = layout.inputs.map((flat) => flat.rebuild(flat.leaves.map(() => row[at++])));
      return single ? perArg[0] : perArg;
    }),
  );
}

/** Runs one forward pass per input element; returns columns as [outLeaf][inLeaf][element]. */
function collectColumns(inLeaves: readonly Value[], pass: (li: number, e: number) => Value[]): Value[][][] {
  const cols: Value[][][] = [];
  inLeaves.forEach((leaf, li) => {
    const count = sizeOf(shapeOf(leaf));
    for (let e = 0; e < count; e++) {
      pass(li, e).forEach((t, o) => {
        cols[o] ??= inLeaves.map(() => []);
        cols[o]![li]!.push(t);
      });
    }
  });
  return cols;
}

function columnsToResult(out: Flat, layout: Layout, cols: Value[][][], single: boolean): unknown {
  const blocks = out.leaves.map((o, oi) => layout.inLeaves.map((l, li) => assemble(cols[oi]?.[li] ?? [], o, l, "last")));
  return buildResult(out, layout, blocks, single);
}

/** Forward mode proper: each column is a JVP, running `f` on dual numbers. */
function forwardJacobian(api: string, f: AnyFunction, args: unknown[], layout: Layout, single: boolean): unknown {
  const { nums, inputs, inLeaves } = layout;
  let outFlat: Flat | null = null;
  const cols = collectColumns(inLeaves, (li, e) => {
    let at = 0;
    const tangents = inputs.map((flat) => flat.rebuild(flat.leaves.map((leaf) => (at++ === li ? basis(leaf, e) : zerosLike(leaf)))));
    const res = pushforward(api, f, args, nums, tangents, false);
    outFlat ??= flatten(res.out, `${api}: the function's output`);
    return flatten(res.tangentOut, `${api}: the function's output`).leaves;
  });
  if (outFlat === null) {
    // No input elements at all: evaluate once for the output's structure.
    const res = pushforward(api, f, args, nums, inputs.map((flat) => flat.rebuild(flat.leaves.map(zerosLike))), false);
    outFlat = flatten(res.out, `${api}: the function's output`);
  }
  return columnsToResult(outFlat as Flat, layout, cols, single);
}

/**
 * Forward mode over an existing recording: each column pushes a tangent through the tape, so
 * the function is not run again (auto mode has already recorded it to learn the output size).
 */
function forwardJacobianOnTape(rec: Recording, layout: Layout, single: boolean): unknown {
  const { inLeaves } = layout;
  const cols = collectColumns(inLeaves, (li, e) => rec.pushforwardFlat(inLeaves.map((l, k) => (k === li ? basis(l, e) : null))));
  return columnsToResult(rec.outFlat, layout, cols, single);
}

function reverseJacobian(rec: Recording, layout: Layout, single: boolean): unknown {
  const { inLeaves } = layout;
  const outLeaves = rec.outFlat.leaves;
  const blocks = outLeaves.map((o, oi) => {
    const rows: Value[][] = inLeaves.map(() => []);
    const count = sizeOf(shapeOf(o));
    for (let e = 0; e < count; e++) {
      const cts = outLeaves.map((_, k) => (k === oi ? basis(o, e) : null));
      rec.pullbackFlat(cts).forEach((g, li) => rows[li]!.push(g));
    }
    return inLeaves.map((l, li) => assemble(rows[li]!, o, l, "first"));
  });
  return buildResult(rec.outFlat, layout, blocks, single);
}

const MODE_OPTION = [(v: unknown) => v === "auto" || v === "forward" || v === "reverse", '"auto", "forward" or "reverse"'] as const;

/** `fixedMode` is the mode of jacfwd/jacrev; null for jacobian, which takes a `mode` option. */
function makeJacobian(api: string, f: AnyFunction, options: (JacobianOptions & { mode?: JacobianMode }) | undefined, fixedMode: JacobianMode | null) {
  checkFunction(api, f);
  checkOptions(api, options, fixedMode === null ? { argnums: ARGNUMS_OPTION, mode: MODE_OPTION } : { argnums: ARGNUMS_OPTION });
  const argnums = options?.argnums ?? 0;
  const mode = fixedMode ?? options?.mode ?? "auto";
  const single = typeof argnums === "number";
  return (...args: unknown[]): any => {
    const layout = layoutOf(api, args, argnums);
    if (mode === "forward") return forwardJacobian(api, f, args, layout, single);
    const rec = record(api, f, args, layout.nums, false);
    try {
      if (mode === "auto") {
        const n = layout.inLeaves.reduce<number>((s, l) => s + sizeOf(shapeOf(l)), 0);
        const m = rec.outFlat.leaves.reduce<number>((s, l) => s + sizeOf(shapeOf(l)), 0);
        if (chooseJacobianMode(n, m).mode === "forward") return forwardJacobianOnTape(rec, layout, single);
      }
      return reverseJacobian(rec, layout, single);
    } finally {
      rec.release(); // nothing reads this recording again
    }
  };
}

/**
 * The Jacobian by forward mode: one JVP per input element, each giving a column. Best when
 * there are fewer inputs than outputs. Shape `[...outShape, ...inShape]`.
 * @example
 * ```ts
 * import { jacfwd, mul, tensor } from "cotangent";
 * console.log(jacfwd((x) => mul(x, x))(tensor([1, 2])).toArray()); // [ [ 2, 0 ], [ 0, 4 ] ]
 * ```
 */
export function jacfwd<F extends AnyFunction>(f: F, options: JacobianOptions = {}): (...args: Parameters<F>) => any {
  return makeJacobian("jacfwd", f, options, "forward");
}

/**
 * The Jacobian by reverse mode: records `f` once, then one backward pass per output element,
 * each giving a row. Best when there are fewer outputs than inputs. Shape `[...outShape, ...inShape]`.
 * @example
 * ```ts
 * import { jacrev, sum, square, tensor } from "cotangent";
 * console.log(jacrev((x) => sum(square(x)))(tensor([1, 2])).toArray()); // [ 2, 4 ]
 * ```
 */
export function jacrev<F extends AnyFunction>(f: F, options: JacobianOptions = {}): (...args: Parameters<F>) => any {
  return makeJacobian("jacrev", f, options, "reverse");
}

/**
 * The Jacobian of `f`, shape `[...outShape, ...inShape]` (for containers: the output's structure,
 * each leaf holding the input's structure of blocks). With `mode: "auto"` (default) it uses
 * forward mode when the input size is at most the output size and reverse mode otherwise
 * (see {@link chooseJacobianMode}).
 * @example
 * ```ts
 * import { jacobian, sin, tensor } from "cotangent";
 * console.log(jacobian((x) => sin(x))(tensor([0, 0])).toArray()); // [ [ 1, 0 ], [ 0, 1 ] ]
 * ```
 */
export function jacobian<F extends AnyFunction>(f: F, options: JacobianOptions & { mode?: JacobianMode } = {}): (...args: Parameters<F>) => any {
  return makeJacobian("jacobian", f, options, null);
}
