/**
 * traceGraph: the computation graph of a function at given arguments, as the lecture notes draw
 * it by hand: every intermediate value in evaluation (topological) order with the primitive that
 * made it, its inputs, its forward value and, for a scalar output, its adjoint dF/d(node) from
 * one backward pass. JAX's cousin is `make_jaxpr`.
 * @module
 */
import { withLevel } from "../core/level.ts";
import { concrete, isValue, shapeOf, type Value } from "../core/value.ts";
import { TransformError, TypeMismatchError } from "../errors.ts";
import { ReverseLevel } from "../modes/reverse.ts";
import { describe } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import { checkFunction, resolveArgnums, type Argnums } from "../api/args.ts";
import { checkSameStructure, flatten } from "../api/tree.ts";
import type { AnyFunction } from "../api/types.ts";
import { formatValue } from "./format.ts";
import { formulaOf, type OperandText } from "./notation.ts";

/** An input of a node: another node, or a constant the function used. */
export type GraphOperand =
  | {
      /** The operand is a node of the graph. */
      readonly kind: "node";
      /** Its index in {@link ComputationGraph.nodes}. */
      readonly id: number;
    }
  | {
      /** The operand is a value that does not depend on the inputs. */
      readonly kind: "constant";
      /** The constant. */
      readonly value: Value;
    };

/** One node of a {@link ComputationGraph}. */
export interface GraphNode {
  /** Its index in `nodes` (topological order: inputs before the nodes that use them). */
  readonly id: number;
  /** The input's name (`x`, `p.W`), or `v1`, `v2`, ... for intermediate values. */
  readonly name: string;
  /** `"input"`, or the name of the primitive that computed it (`add`, `exp`, `matmul`, ...). */
  readonly op: string;
  /** The arguments the primitive was applied to, in order. */
  readonly operands: readonly GraphOperand[];
  /** The primitive's parameters (axes, shapes, ...), if any. */
  readonly params: unknown;
  /** Readable right-hand side, e.g. `v1 + v2` or `exp(v3)`; the name for an input. */
  readonly formula: string;
  /** The forward value. */
  readonly value: Value;
  /** dF/d(node), same shape as the value; null when no adjoints were computed. */
  readonly adjoint: Value | null;
}

/** What {@link traceGraph} records. */
export interface ComputationGraph {
  /** Every recorded value, in evaluation order. */
  readonly nodes: readonly GraphNode[];
  /** Ids of the input nodes, one per input leaf. */
  readonly inputs: readonly number[];
  /** Id of the node holding each output leaf (-1 where an output does not depend on the inputs). */
  readonly outputs: readonly number[];
  /** The function's result. */
  readonly output: unknown;
  /** Whether `adjoint` is filled in (scalar output, or a cotangent was given). */
  readonly hasAdjoints: boolean;
}

/**
 * Checks that `graph` is a graph made by {@link traceGraph} (by its shape), so the renderers
 * fail with a clear error on anything else.
 */
export function checkGraph(api: string, graph: unknown): asserts graph is ComputationGraph {
  const g = graph as Partial<ComputationGraph> | null;
  if (typeof g !== "object" || g === null || !Array.isArray(g.nodes) || !Array.isArray(g.inputs) || !Array.isArray(g.outputs) || typeof g.hasAdjoints !== "boolean") {
    throw new TypeMismatchError(`${api}: expected a graph made by traceGraph(f)(...args), got ${describe(graph)}. Trace the function first.`);
  }
}

/** Options of {@link traceGraph}. */
export interface TraceGraphOptions {
  /** Which arguments are inputs (the others are constants); default all. */
  argnums?: Argnums;
  /**
   * Names of the input arguments, one per selected argument. Default: the variables of a
   * compiled expression, else `x` for one argument and `x1`, `x2`, ... for several. Leaves of
   * containers get their path appended (`p.W`).
   */
  names?: readonly string[];
  /**
   * Seed of the backward pass for a non-scalar output (same structure as the output). A scalar
   * output is seeded with 1, so adjoints are dF/d(node).
   */
  cotangent?: unknown;
}

function defaultNames(f: AnyFunction, count: number): string[] {
  const vars = (f as { vars?: unknown }).vars;
  if (Array.isArray(vars) && vars.length === count && vars.every((v) => typeof v === "string")) return vars as string[];
  return count === 1 ? ["x"] : Array.from({ length: count }, (_, i) => `x${i + 1}`);
}

/** The name of intermediate number `k` (1-based): v1, v2, ... avoiding the input names. */
function intermediateNames(taken: ReadonlySet<string>): () => string {
  let k = 0;
  return () => {
    let name: string;
    do name = `v${++k}`; while (taken.has(name));
    return name;
  };
}

const isTensorValue = (v: Value) => shapeOf(concrete(v)).length > 0;

function zerosLikeValue(v: Value): Value {
  const c = concrete(v);
  return typeof c === "number" ? 0 : zeros(c.shape);
}

/**
 * Records the computation graph of `f` at the given arguments. Returns a function taking the
 * same arguments as `f` and returning a {@link ComputationGraph}: the nodes in topological order
 * with their primitive, operands, forward values and, for a scalar output, adjoints
 * dF/d(node) (a node used twice gets the sum of both paths, as in the notes). Render it with
 * {@link renderGraphTable} or {@link renderGraphDot}.
 *
 * Only operations that depend on the inputs are nodes; anything computed from constants alone
 * appears as a constant operand.
 *
 * @example
 * ```ts
 * import { traceGraph, compileExpression } from "cotangent";
 * const f = compileExpression("(x + y) * z");
 * const g = traceGraph(f)(-2, 5, -4);
 * console.log(g.nodes.map((n) => `${n.name} = ${n.formula}: ${n.value}, dF/d${n.name} = ${n.adjoint}`)); // [ 'x = x: -2, dF/dx = -4', 'y = y: 5, dF/dy = -4', 'z = z: -4, dF/dz = 3', 'v1 = x + y: 3, dF/dv1 = -4', 'v2 = v1 * z: -12, dF/dv2 = 1' ]
 * ```
 */
export function traceGraph<F extends AnyFunction>(f: F, options: TraceGraphOptions = {}): (...args: Parameters<F>) => ComputationGraph {
  const api = "traceGraph";
  checkFunction(api, f);
  return (...args: Parameters<F>) => {
    const nums = options.argnums === undefined ? args.map((_, i) => i) : resolveArgnums(api, options.argnums, args.length);
    const names = options.names ?? defaultNames(f, nums.length);
    if (!Array.isArray(names) || names.length !== nums.length || names.some((n) => typeof n !== "string")) {
      throw new TransformError(`${api}: names must give one string per input argument (${nums.length}), got ${describe(names)}.`);
    }
    const level = new ReverseLevel();
    const leafNames: string[] = [];
    const rawOut = withLevel(level, () => {
      const traced: unknown[] = args.slice();
      nums.forEach((i, k) => {
        const flat = flatten(args[i], `${api}: argument ${i}`);
        flat.paths.forEach((p) => leafNames.push(`${names[k]}${p}`));
        traced[i] = flat.rebuild(flat.leaves.map((v) => level.leaf(v)));
      });
      return f(...traced);
    });
    const outFlat = flatten(rawOut, `${api}: the function's output`);
    const outputs = outFlat.leaves.map((v) => level.idOf(v));
    const tape = level.nodes();

    // Seeds of the backward pass: 1 for a scalar output, else the given cotangent.
    let seeds: [number, Value][] | null = null;
    if (options.cotangent !== undefined) {
      const ct = flatten(options.cotangent, `${api}: the cotangent`);
      checkSameStructure(`${api}: the cotangent`, { ...outFlat, leaves: outFlat.leaves.map(concrete) }, ct);
      seeds = [];
      ct.leaves.forEach((c, k) => outputs[k]! >= 0 && seeds!.push([outputs[k]!, c]));
    } else if (outFlat.leaves.length === 1 && isValue(outFlat.leaves[0]) && !isTensorValue(outFlat.leaves[0]!)) {
      seeds = outputs[0]! >= 0 ? [[outputs[0]!, 1]] : [];
    }
    const ids = tape.map((_, i) => i);
    const adjoints = seeds === null ? null : seeds.length === 0 ? ids.map(() => null) : level.backward(seeds, ids);

    const taken = new Set(leafNames);
    const nextName = intermediateNames(taken);
    const nodeNames: string[] = [];
    let leafCount = 0;
    const nodes: GraphNode[] = tape.map((t, id) => {
      const value = concrete(t.out);
      const adjoint = adjoints === null ? null : adjoints[id] == null ? zerosLikeValue(value) : concrete(adjoints[id]!);
      if (t.prim === null) {
        const name = leafNames[leafCount++] ?? `input${id}`;
        nodeNames.push(name);
        return { id, name, op: "input", operands: [], params: undefined, formula: name, value, adjoint };
      }
      const name = nextName();
      nodeNames.push(name);
      const operands: GraphOperand[] = t.inputIds.map((inId, j) => (inId >= 0 ? { kind: "node", id: inId } : { kind: "constant", value: concrete(t.primals[j]!) }));
      const texts: OperandText[] = operands.map((o, j) => ({
        text: o.kind === "node" ? nodeNames[o.id]! : formatValue(o.value, 6),
        tensor: isTensorValue(t.primals[j]!),
      }));
      return { id, name, op: t.prim.name, operands, params: t.params, formula: formulaOf(t.prim.name, texts, t.params), value, adjoint };
    });
    const inputs = nodes.filter((n) => n.op === "input").map((n) => n.id);
    const output = outFlat.rebuild(outFlat.leaves.map(concrete));
    return { nodes, inputs, outputs, output, hasAdjoints: adjoints !== null };
  };
}
