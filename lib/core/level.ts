/**
 * Levels: every transformation call (jvp, vjp, grad, ...) opens one. The stack of open levels is
 * the only global state in the library, and {@link withLevel} always pops what it pushed.
 * @module
 */
import type { Primitive } from "./primitive.ts";
import type { ScalarRule } from "./scalar-rule.ts";
import type { Tracer } from "./tracer.ts";
import type { Value } from "./value.ts";

/**
 * A level's scalar fast path for one elementwise op of one argument: computes (or records) the
 * op on `x`, a tracer of `level` (the caller checks that), when its values are plain numbers, or
 * returns `undefined` when they are not (the caller then takes the generic path through
 * {@link Level.process}).
 */
export type ScalarUnaryPath = (level: Level, x: Tracer) => Value | undefined;

/**
 * {@link ScalarUnaryPath} for an op of two arguments: one function per way the arguments can
 * be given, so that each is small (the engine inlines only small functions) and the caller's
 * checks need not be repeated. Every tracer passed is a tracer of `level`.
 */
export interface ScalarBinaryPaths {
  readonly tracerNumber: (level: Level, x: Tracer, y: number) => Value | undefined;
  readonly numberTracer: (level: Level, x: number, y: Tracer) => Value | undefined;
  readonly tracerTracer: (level: Level, x: Tracer, y: Tracer) => Value | undefined;
}

export abstract class Level {
  /** Position in the stack when opened: inner transformations have larger depths. */
  readonly depth: number;
  /** False once the transformation has returned; tracers of a closed level have escaped. */
  active = true;

  constructor() {
    this.depth = stack.length;
  }

  /** Evaluates `prim` on arguments, some of which are this level's tracers. */
  abstract process(prim: Primitive, args: Value[], params: unknown): Value;

  /**
   * Optional scalar fast paths (see core/scalar-rule.ts and core/entry.ts): the level's path for
   * an elementwise op. It must depend only on the level's kind and the rule, since ops cache it;
   * ops skip it while a debugging hook must see every op.
   */
  scalarUnary?(rule: ScalarRule): ScalarUnaryPath;
  scalarBinary?(rule: ScalarRule): ScalarBinaryPaths;

  /** Name of the transformation, for error messages. */
  abstract readonly kind: string;
}

const stack: Level[] = [];

/** Runs `body` with `level` open; closes it on return and on throw, leaving nothing behind. */
export function withLevel<L extends Level, R>(level: L, body: (level: L) => R): R {
  stack.push(level);
  try {
    return body(level);
  } finally {
    // Pop down to (and including) our level, even if a buggy inner call left one open.
    while (stack.length > level.depth) stack.pop()!.active = false;
    level.active = false;
  }
}

/** How many transformations are open right now (0 outside any). Used by tests and debugging. */
export function openLevelCount(): number {
  return stack.length;
}
