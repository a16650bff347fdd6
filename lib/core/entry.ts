/**
 * The functions users call for elementwise ops (`sin(x)`, `add(x, y)`), built per op by
 * defineUnary and defineBinary. They hold the two fast paths of scalar code:
 *
 * - On plain numbers they call the op's scalar function directly (no registry, no arrays),
 *   except while a debugging hook (debugNans) must see every op.
 * - On a tracer whose level has a scalar fast path (forward-scalar.ts, reverse-scalar.ts) they
 *   call that path, which returns undefined when the values are not plain numbers.
 *   Each entry remembers the last level kind it saw and that kind's path for its op: an inline
 *   cache, so the call is monomorphic and the engine can inline the whole op into it.
 *
 * Everything else goes through {@link bind}. Each op gets its own compiled copy of these
 * functions (core/specialize.ts), so the scalar function and the cached path are called
 * monomorphically.
 * @module
 */
import { bind } from "./bind.ts";
import { debugHooks } from "./debug.ts";
import type { Level, ScalarBinaryPath, ScalarUnaryPath } from "./level.ts";
import type { Primitive } from "./primitive.ts";
import type { ScalarRule } from "./scalar-rule.ts";
import { specializer } from "./specialize.ts";
import { Tracer } from "./tracer.ts";
import type { Value } from "./value.ts";

type Hooks = typeof debugHooks;
type Bind = typeof bind;
type MakeUnary = (this: Level, rule: ScalarRule) => ScalarUnaryPath;
type MakeBinary = (this: Level, rule: ScalarRule) => ScalarBinaryPath;

// Templates: self-contained (everything they use is a parameter), see core/specialize.ts.
const unaryTemplate = (scalar: (x: number) => number, prim: Primitive, rule: ScalarRule, TracerClass: typeof Tracer, hooks: Hooks, bindOp: Bind) => {
  // The inline cache: the path-maker of the last level kind seen, and its path for this op.
  let cachedMaker: MakeUnary | null = null;
  let cachedPath: ScalarUnaryPath | null = null;
  // Split in two so that the number case is a tiny function the engine inlines into callers
  // (derivative rules call ops on numbers all the time).
  function unaryEntry(x: Value): Value {
    return typeof x === "number" && hooks.onPrimal === null ? scalar(x) : traced(x);
  }
  function traced(x: Value): Value {
    const a: unknown = x;
    if (a instanceof TracerClass && !hooks.watching) {
      const level = a.level;
      const maker = level.scalarUnary;
      if (maker !== undefined && level.active) {
        if (maker !== cachedMaker) {
          cachedPath = maker.call(level, rule);
          cachedMaker = maker;
        }
        const out = cachedPath!(level, x);
        if (out !== undefined) return out;
      }
    }
    return bindOp(prim, [x]);
  }
  return unaryEntry;
};

const binaryTemplate = (scalar: (x: number, y: number) => number, prim: Primitive, rule: ScalarRule, TracerClass: typeof Tracer, hooks: Hooks, bindOp: Bind) => {
  let cachedMaker: MakeBinary | null = null;
  let cachedPath: ScalarBinaryPath | null = null;
  function binaryEntry(x: Value, y: Value): Value {
    return typeof x === "number" && typeof y === "number" && hooks.onPrimal === null ? scalar(x, y) : traced(x, y);
  }
  function traced(x: Value, y: Value): Value {
    const a: unknown = x;
    const b: unknown = y;
    if (!hooks.watching) {
      // The innermost level among the tracers handles the call (as in bind).
      let level: Level | null = a instanceof TracerClass ? a.level : null;
      if (b instanceof TracerClass && (level === null || b.level.depth > level.depth)) level = b.level;
      if (level !== null && level.active) {
        const maker = level.scalarBinary;
        if (maker !== undefined) {
          if (maker !== cachedMaker) {
            cachedPath = maker.call(level, rule);
            cachedMaker = maker;
          }
          const out = cachedPath!(level, x, y);
          if (out !== undefined) return out;
        }
      }
    }
    return bindOp(prim, [x, y]);
  }
  return binaryEntry;
};

const makeUnary = specializer(unaryTemplate);
const makeBinary = specializer(binaryTemplate);

/** The function users call for a unary elementwise op (a compiled copy of its own). */
export function unaryEntry(scalar: (x: number) => number, prim: Primitive, rule: ScalarRule): (x: Value) => Value {
  return makeUnary(scalar, prim, rule, Tracer, debugHooks, bind);
}

/** The function users call for a binary elementwise op (a compiled copy of its own). */
export function binaryEntry(scalar: (x: number, y: number) => number, prim: Primitive, rule: ScalarRule): (x: Value, y: Value) => Value {
  return makeBinary(scalar, prim, rule, Tracer, debugHooks, bind);
}
