/**
 * Levels: every transformation call (jvp, vjp, grad, ...) opens one. The stack of open levels is
 * the only global state in the library, and {@link withLevel} always pops what it pushed.
 * @module
 */
import type { Primitive } from "./primitive.ts";
import type { Value } from "./value.ts";

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
