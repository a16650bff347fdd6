/**
 * A fused expression flattened for evaluation: its ops as steps in evaluation order (operands
 * first), each reading its operands from an input buffer, a constant, or an earlier step. The
 * fusion engine (fusion.ts) builds plans; the compiled loop (fused-loop.ts) and the block
 * evaluator (fused-blocks.ts) run them, with the same arithmetic in the same order.
 * @module
 */
import type { BinaryRun, UnaryRun } from "./kernels.ts";

/** Operand kinds: `plan.inputs[index][i]`, `plan.constants[index]`, or the value of step `index`. */
export const INPUT = 0;
export const CONSTANT = 1;
export const STEP = 2;
/** The missing second operand of a unary step. */
export const NONE = 3;

/** One op of a plan. Exactly one of `unary` and `binary` is set; `scalar` is that op on numbers. */
export interface PlanStep {
  readonly unary: UnaryRun | null;
  readonly binary: BinaryRun | null;
  /** The same function as the loop on one element (two for a binary op). */
  readonly scalar: (x: number, y: number) => number;
  readonly aKind: number;
  readonly aIndex: number;
  readonly bKind: number;
  readonly bIndex: number;
  /**
   * A step whose value at element `i` is step `carry`'s value at element `i - 1`, or -1. It is
   * the same op read one element further back (as `x[:-1]` is `x[1:]` one element back), so a
   * loop can keep step `carry`'s value from the previous element instead of computing it again:
   * the same numbers from the same computation. Evaluators may ignore it and compute the step.
   */
  readonly carry: number;
}

/**
 * An expression ready to run over `0 .. size`: its values are those of step `output`, stored or
 * added up. A second result may ride along: step `alsoSum`'s values added up while `output`'s
 * are stored (a loss and its gradient in one loop, fusion.ts).
 */
export interface Plan {
  readonly steps: PlanStep[];
  /** Distinct input buffers (each read at the element's own index). */
  readonly inputs: Float64Array[];
  /**
   * For each input, another input that is the same memory one element further on, or -1: at
   * element `i` input `k` reads what input `inputCarry[k]` read at `i - 1` (`x[:-1]` beside
   * `x[1:]`), so a loop can keep that value instead of loading it again.
   */
  readonly inputCarry: number[];
  readonly constants: number[];
  /** The step whose values are the result (set once the steps are built). */
  output: number;
  /** A step whose values are added up while `output`'s are stored, or -1. */
  alsoSum: number;
}
