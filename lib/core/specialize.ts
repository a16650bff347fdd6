/**
 * Per-op copies of a hot generic function.
 *
 * V8 keeps type feedback per function literal, shared by every closure made from it. A generic
 * helper such as "apply this rule's scalar function, then its derivative" therefore sees every
 * elementwise op at its call sites, calls them megamorphically, never inlines them, and boxes
 * every intermediate number. A separate copy per op sees one op only: its calls are monomorphic,
 * the engine inlines the op's function and derivative, and the numbers stay unboxed. On scalar
 * code (benchmark W4) that is about twice as fast.
 *
 * {@link specializer} makes such copies from an ordinary, type-checked *template*: a factory
 * that takes everything it uses as parameters and returns the hot function. Each copy is
 * compiled anew from the template's own source text with `new Function`, so it has its own
 * feedback. Templates must therefore be self-contained: no reference to anything outside their
 * parameters except JavaScript globals (`Math`, `Number`...), and plain syntax (no classes,
 * spreads or destructuring that a compiler might rewrite into calls to helpers).
 *
 * Where code generation is not allowed (a browser page whose Content-Security-Policy lacks
 * 'unsafe-eval') or the source text is unavailable, the template itself is used: same results,
 * shared feedback, slower. {@link setCodeGeneration} switches copying (and all other code
 * generation) off.
 * @module
 */

import { TypeMismatchError } from "../errors.ts";
import { describe } from "../tensor/tensor.ts";
import { setFusedLoopCompilation } from "../tensor/fused-loop.ts";
import { setSimdKernels } from "../tensor/simd-gemm.ts";

/** A template: a self-contained factory of the hot function (see the module comment). */
export type Template<Args extends unknown[], F> = (...deps: Args) => F;

let enabled = true;
/** Copies compiled so far (numbers each copy's text, see compile). */
let copies = 0;

/**
 * Turns the library's code generation on or off (on by default). With `new Function` the library
 * compiles a small copy of its scalar fast path for each elementwise op (scalar code runs about
 * twice as fast) and one loop per fused elementwise expression on large tensors (several times
 * faster than op-by-op loops), and it compiles a small WebAssembly SIMD kernel for matrix
 * products (about four times faster). Where a Content-Security-Policy forbids code generation it
 * falls back by itself; turn it off to avoid code generation altogether (for example so that a strict
 * CSP reports no violation). Results are identical either way. For the per-op copies it applies
 * to ops first used after the call: an op keeps the fast path it was first given.
 * @example
 * ```ts
 * import { setCodeGeneration, grad, sin } from "cotangent";
 * setCodeGeneration(false);
 * console.log(grad(sin)(0)); // 1
 * setCodeGeneration(true);
 * ```
 */
export function setCodeGeneration(on: boolean): void {
  if (typeof on !== "boolean") {
    throw new TypeMismatchError(`setCodeGeneration: expected true or false, got ${describe(on)}.`);
  }
  enabled = on;
  // The other places the library generates code: fused loops and the WebAssembly matmul kernel.
  setFusedLoopCompilation(on);
  setSimdKernels(on);
}

/** Whether {@link specializer} currently makes copies. */
export function specializationEnabled(): boolean {
  return enabled;
}

/**
 * Returns a factory that builds a fresh copy of `template`'s result for the given dependencies.
 * Call it once per op and keep the result; each call compiles a new copy. For example,
 * `specializer((f: (x: number) => number) => (x: number) => f(f(x)))` gives a maker whose every
 * result calls its own `f` monomorphically.
 */
export function specializer<Args extends unknown[], F>(template: Template<Args, F>): (...deps: Args) => F {
  let compiled: Template<Args, F> | null | undefined;
  return (...deps: Args): F => {
    if (!enabled) return template(...deps);
    if (compiled === undefined) compiled = compile(template);
    return compiled === null ? template(...deps) : compiled(...deps);
  };
}

/**
 * Compiles a template from its source; null where that is impossible. A probe compiles the
 * text once to see that it can be done; each copy is then compiled from the same text.
 */
function compile<Args extends unknown[], F>(template: Template<Args, F>): Template<Args, F> | null {
  const source = Function.prototype.toString.call(template);
  if (source.includes("[native code]")) return null;
  try {
    // `__name` is the one helper esbuild (and so tsx) inserts into compiled functions when it
    // keeps function names; giving it as the identity makes such output self-contained.
    const body = `return (${source});`;
    const probe = new Function("__name", body) as (name: unknown) => Template<Args, F>;
    if (typeof probe(keepName) !== "function") return null;
    // Each copy's text ends in its own comment: V8 caches compiled Function bodies by their
    // text, and a cache hit would hand back the same function with the same, shared feedback.
    return (...deps: Args): F => {
      const copy = new Function("__name", `${body}\n// copy ${++copies}`) as (name: unknown) => Template<Args, F>;
      return copy(keepName)(...deps);
    };
  } catch {
    return null; // code generation is disallowed here (CSP), or the source does not parse on its own
  }
}

function keepName<T>(fn: T): T {
  return fn;
}
