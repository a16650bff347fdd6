/**
 * A compiled expression is a straight-line program: a list of steps, each applying one op of
 * the library to earlier results, like the forward table of the lecture notes. Running it is a
 * loop (no recursion, however deep the formula), and every op goes through the library, so the
 * program runs under every transformation.
 * @module
 */
import type { Value } from "../core/value.ts";
import { CotangentError } from "../errors.ts";
import { describeSpan, pointAt, type Span } from "./source-error.ts";

/** One step: `values[out] = apply(values[args[0]], values[args[1]], ...)`. */
export interface Step {
  readonly out: number;
  readonly args: readonly number[];
  readonly apply: (args: Value[]) => Value;
  /** The sub-expression the step computes, for error messages (null if unknown). */
  readonly span: Span | null;
}

/** Errors already annotated with their place in an expression (so nesting does not repeat it). */
const annotated = new WeakSet<Error>();

/**
 * Re-throws a library error raised by a step with the place in the expression appended; the
 * error keeps its class (a ShapeError stays a ShapeError) and the original as `cause`.
 */
function annotate(e: unknown, source: string, span: Span | null): unknown {
  if (!(e instanceof CotangentError) || annotated.has(e) || span === null) return e;
  const snippet = source.slice(span.start, span.end).replace(/\s+/g, " ");
  const shown = snippet.length > 60 ? `${snippet.slice(0, 57)}...` : snippet;
  const Ctor = e.constructor as new (message: string) => CotangentError;
  const err = new Ctor(`${e.message}\nThis happened while computing \`${shown}\` (${describeSpan(span)} of the expression):\n${pointAt(source, span)}`);
  Object.defineProperty(err, "cause", { value: e, enumerable: false, configurable: true, writable: true });
  annotated.add(err);
  return err;
}

/** A compiled expression's program. */
export class Program {
  constructor(
    readonly source: string,
    /** Initial values of every slot: constants filled in, the rest undefined. */
    private readonly template: readonly (Value | undefined)[],
    /** The slot of each variable, in argument order (-1 for a variable the formula does not use). */
    private readonly varSlots: readonly number[],
    readonly steps: readonly Step[],
    /** The slot holding the result. */
    private readonly result: number,
  ) {}

  /** Runs the steps on the arguments (already checked: one value per variable). */
  run(args: readonly Value[]): Value {
    const values = this.template.slice() as Value[];
    const { varSlots, steps } = this;
    for (let k = 0; k < varSlots.length; k++) {
      const slot = varSlots[k]!;
      if (slot >= 0) values[slot] = args[k]!;
    }
    let i = 0;
    try {
      for (; i < steps.length; i++) {
        const step = steps[i]!;
        const ins = step.args;
        const operands = new Array<Value>(ins.length);
        for (let j = 0; j < ins.length; j++) operands[j] = values[ins[j]!]!;
        values[step.out] = step.apply(operands);
      }
    } catch (e) {
      throw annotate(e, this.source, steps[i]?.span ?? null);
    }
    return values[this.result]!;
  }
}
