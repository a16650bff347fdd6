/**
 * The functions users call for elementwise ops (`sin(x)`, `add(x, y)`), built per op by
 * defineUnary and defineBinary. They hold the two fast paths of scalar code:
 *
 * - On plain numbers they call the op's scalar function directly (no registry, no arrays),
 *   except while a debugging hook (debugNans) must see every op.
 * - On a tracer whose level has a scalar fast path (forward-scalar.ts, reverse-scalar.ts) they
 *   call that path, which returns undefined when the values are not plain numbers.
 *   Each entry remembers the paths of the level kinds it has seen for its op (an inline cache
 *   with an entry and call sites per kind), so each call is monomorphic and the engine can
 *   inline the whole op into it, also in a program that uses both modes.
 *
 * Everything else goes through {@link bind}. Each op gets its own compiled copy of these
 * functions (core/specialize.ts), so the scalar function and the cached path are called
 * monomorphically.
 * @module
 */
import { bind } from "./bind.ts";
import { debugHooks } from "./debug.ts";
import type { Level, ScalarBinaryPaths, ScalarUnaryPath } from "./level.ts";
import type { Primitive } from "./primitive.ts";
import type { ScalarRule } from "./scalar-rule.ts";
import { specializer } from "./specialize.ts";
import { TRACER, type Tracer } from "./tracer.ts";
import type { Value } from "./value.ts";

type Hooks = typeof debugHooks;
type Bind = typeof bind;
type MakeUnary = (this: Level, rule: ScalarRule) => ScalarUnaryPath;
type MakeBinary = (this: Level, rule: ScalarRule) => ScalarBinaryPaths;

// Templates: self-contained (everything they use is a parameter), see core/specialize.ts.
//
// The inline cache has two entries, each with call sites of its own: forward and reverse mode
// (the library's two level kinds) then each call a path the engine sees as the only target of
// its call site and inlines. With one shared call site, a program that uses both modes made it
// megamorphic: an opaque call on every op, measured at twice the cost of the op itself. A third
// kind would take over the second entry (still correct, only slower).
const unaryTemplate = (scalar: (x: number) => number, prim: Primitive, rule: ScalarRule, brand: typeof TRACER, hooks: Hooks, bindOp: Bind) => {
  let maker0: MakeUnary | null = null;
  let path0: ScalarUnaryPath | null = null;
  let maker1: MakeUnary | null = null;
  let path1: ScalarUnaryPath | null = null;
  // Split in two so that the number case is a tiny function the engine inlines into callers
  // (derivative rules call ops on numbers all the time).
  function unaryEntry(x: Value): Value {
    return typeof x === "number" && hooks.onPrimal === null ? scalar(x) : traced(x);
  }
  function traced(x: Value): Value {
    const a = x as Tracer;
    if (typeof a === "object" && a !== null && a[brand] === true && !hooks.watching) {
      const level = a.level;
      const maker = level.scalarUnary;
      if (maker !== undefined && level.active === true) {
        const out = maker === maker0 ? path0!(level, a) : maker === maker1 ? path1!(level, a) : miss(level, a, maker);
        if (out !== undefined) return out;
      }
    }
    return bindOp(prim, [x]);
  }
  function miss(level: Level, a: Tracer, maker: MakeUnary): Value | undefined {
    const path = maker.call(level, rule);
    if (maker0 === null) {
      maker0 = maker;
      path0 = path;
    } else {
      maker1 = maker;
      path1 = path;
    }
    return path(level, a);
  }
  return unaryEntry;
};

const binaryTemplate = (scalar: (x: number, y: number) => number, prim: Primitive, rule: ScalarRule, brand: typeof TRACER, hooks: Hooks, bindOp: Bind) => {
  let maker0: MakeBinary | null = null;
  let paths0: ScalarBinaryPaths | null = null;
  let maker1: MakeBinary | null = null;
  let paths1: ScalarBinaryPaths | null = null;
  function binaryEntry(x: Value, y: Value): Value {
    return typeof x === "number" && typeof y === "number" && hooks.onPrimal === null ? scalar(x, y) : traced(x, y);
  }
  // The dispatch is split by how the arguments come, each part small enough for the engine to
  // inline (it inlines no function of more than 460 bytes of bytecode).
  function traced(x: Value, y: Value): Value {
    const a = x as Tracer | number;
    const b = y as Tracer | number;
    if (!hooks.watching) {
      // Tracers of two different levels go to bind, which lets the innermost level handle the call.
      const out =
        typeof b === "number" ? (typeof a === "object" && a !== null && a[brand] === true ? tracerNumber(a, b) : undefined)
        : typeof b !== "object" || b === null || b[brand] !== true ? undefined
        : typeof a === "number" ? numberTracer(a, b)
        : typeof a === "object" && a !== null && a[brand] === true && a.level === b.level ? tracerTracer(a, b)
        : undefined;
      if (out !== undefined) return out;
    }
    return bindOp(prim, [x, y]);
  }
  function tracerNumber(a: Tracer, b: number): Value | undefined {
    const level = a.level;
    const maker = level.scalarBinary;
    if (maker === undefined || level.active !== true) return undefined;
    return maker === maker0 ? paths0!.tracerNumber(level, a, b) : maker === maker1 ? paths1!.tracerNumber(level, a, b) : miss(level, maker).tracerNumber(level, a, b);
  }
  function numberTracer(a: number, b: Tracer): Value | undefined {
    const level = b.level;
    const maker = level.scalarBinary;
    if (maker === undefined || level.active !== true) return undefined;
    return maker === maker0 ? paths0!.numberTracer(level, a, b) : maker === maker1 ? paths1!.numberTracer(level, a, b) : miss(level, maker).numberTracer(level, a, b);
  }
  function tracerTracer(a: Tracer, b: Tracer): Value | undefined {
    const level = b.level;
    const maker = level.scalarBinary;
    if (maker === undefined || level.active !== true) return undefined;
    return maker === maker0 ? paths0!.tracerTracer(level, a, b) : maker === maker1 ? paths1!.tracerTracer(level, a, b) : miss(level, maker).tracerTracer(level, a, b);
  }
  function miss(level: Level, maker: MakeBinary): ScalarBinaryPaths {
    const paths = maker.call(level, rule);
    if (maker0 === null) {
      maker0 = maker;
      paths0 = paths;
    } else {
      maker1 = maker;
      paths1 = paths;
    }
    return paths;
  }
  return binaryEntry;
};

const makeUnary = specializer(unaryTemplate);
const makeBinary = specializer(binaryTemplate);

/** The function users call for a unary elementwise op (a compiled copy of its own). */
export function unaryEntry(scalar: (x: number) => number, prim: Primitive, rule: ScalarRule): (x: Value) => Value {
  return makeUnary(scalar, prim, rule, TRACER, debugHooks, bind);
}

/** The function users call for a binary elementwise op (a compiled copy of its own). */
export function binaryEntry(scalar: (x: number, y: number) => number, prim: Primitive, rule: ScalarRule): (x: Value, y: Value) => Value {
  return makeBinary(scalar, prim, rule, TRACER, debugHooks, bind);
}
