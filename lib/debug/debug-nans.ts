/**
 * NaN hunting, like JAX's `debug_nans`: while it is on, every primitive's result is checked and
 * the first one that contains NaN or ±Infinity throws a {@link NonFiniteError} naming the
 * primitive, which computation gave it (its forward value, its forward-mode tangent or its
 * reverse-mode cotangent) and the line of the caller's code that applied the op.
 *
 * How it behaves, and why:
 * - **Off by default, free when off.** It works through the hooks of core/debug.ts, which are
 *   `null` when off: each op then pays one comparison.
 * - **Infinity counts** (by default): an infinite value is usually the step just before a NaN
 *   (`inf - inf`, `0 * inf`) and the place to fix. Pass `{ infinities: false }` to report only
 *   NaN, e.g. for code that computes `log(0) = -Infinity` on purpose and masks it with `where`.
 * - **Derivatives are reported under the op the user wrote.** Values computed inside a JVP or VJP
 *   rule are not reported on their own (a rule may compute an infinite local derivative that a
 *   zero (co)tangent then cancels); the rule's result is checked when the evaluator receives it
 *   and is reported as that primitive's tangent or cotangent.
 * - **Reverse mode names where the op was recorded.** The backward pass runs after the user's
 *   function has returned, so while the check is on the tape keeps a call site for each node.
 * - **Inputs are not checked, results are.** A NaN passed in as data is reported at the first
 *   op that receives it, with a note saying that its input was already not finite.
 * - While on, `Error.stackTraceLimit` is raised to at least 100 (so call sites reach the user's
 *   code through nested transformations); turning the check off restores it.
 * - It checks what runs synchronously while it is on: for `withDebugNans`, until `body` returns.
 * @module
 */
import { debugHooks } from "../core/debug.ts";
import type { Primitive } from "../core/primitive.ts";
import { Tracer } from "../core/tracer.ts";
import { NonFiniteError, TypeMismatchError, type NonFiniteMode } from "../errors.ts";
import { ForwardTracer } from "../modes/forward.ts";
import { formatShape } from "../tensor/shape.ts";
import { Tensor, describe } from "../tensor/tensor.ts";
import { currentFrames, firstUserFrame, framesOf, insideDerivativeRule, type Frame } from "./call-site.ts";

/** Options of {@link debugNans} and {@link withDebugNans}. */
export interface DebugNansOptions {
  /** Report ±Infinity as well as NaN (default true). */
  infinities?: boolean;
}

/** The stack depth kept while the check is on, so call sites reach the user's frame. */
const SITE_STACK_LIMIT = 100;

interface Setting {
  infinities: boolean;
  /** `Error.stackTraceLimit` before the check was turned on, restored when it is turned off. */
  savedStackLimit: number;
}

let setting: Setting | null = null;

/** Where in a value the first offending number is. */
interface Found {
  value: number;
  /** e.g. `element 3 of its shape [2, 2] result`; empty for a number. */
  where: string;
}

function isBad(x: number, infinities: boolean): boolean {
  return infinities ? !Number.isFinite(x) : Number.isNaN(x);
}

/** The first NaN (or infinity) in a value, looking through tracers at their primal and tangent. */
function findNonFinite(v: unknown, infinities: boolean): Found | null {
  if (typeof v === "number") return isBad(v, infinities) ? { value: v, where: "" } : null;
  if (v instanceof Tensor) {
    const data = v.data;
    for (let i = 0; i < data.length; i++) {
      if (isBad(data[i]!, infinities)) return { value: data[i]!, where: ` at element ${i} (flat index) of shape ${formatShape(v.shape)}` };
    }
    return null;
  }
  if (v instanceof Tracer) {
    const inPrimal = findNonFinite(v.primal, infinities);
    if (inPrimal !== null || !(v instanceof ForwardTracer)) return inPrimal;
    const inTangent = findNonFinite(v.tangent, infinities);
    return inTangent === null ? null : { value: inTangent.value, where: `${inTangent.where}, in the tangent an enclosing jvp carries with it` };
  }
  return null;
}

function formatSite(frames: readonly Frame[]): { site: string | undefined; text: string } {
  const user = firstUserFrame(frames);
  return user === undefined
    ? { site: undefined, text: "(no frame of the calling code was found on the stack)" }
    : { site: user.text, text: `applied at ${user.text}` };
}

const TURN_OFF =
  "(debugNans reports NaN and ±Infinity; pass { infinities: false } to report only NaN, or turn the check off with debugNans(false).)";

function report(prim: Primitive<any>, mode: NonFiniteMode, found: Found, frames: readonly Frame[], advice: string): NonFiniteError {
  const { site, text } = formatSite(frames);
  const whose = mode === "forward value" ? "its forward value" : `its ${mode}`;
  return new NonFiniteError(
    `debugNans: ${prim.name} gave ${found.value} in ${whose}${found.where}, ${text}.\n${advice}\n${setting?.infinities === false ? "(debugNans(false) turns the check off.)" : TURN_OFF}`,
    prim.name,
    mode,
    found.value,
    site,
  );
}

function inputAdvice(prim: Primitive<any>, args: readonly unknown[] | undefined): string {
  // Any non-finite input counts, also with { infinities: false }: Infinity - Infinity is NaN, and
  // the infinite input is what to look at.
  const k = args === undefined ? -1 : args.findIndex((a) => findNonFinite(a, true) !== null);
  if (k >= 0) {
    return (
      `Its input ${k + 1} (${describe(args![k])}) was already not finite, so the value came from outside the checked ops: ` +
      `an argument or constant you passed in, or a value computed before the check was turned on. Check that data.`
    );
  }
  return (
    `Its inputs were finite, so ${prim.name} was applied outside its domain or overflowed ` +
    `(e.g. log or sqrt of a negative number, 0/0, exp of a large number). Guard its input (where, clip, maximum) or fix the data.`
  );
}

function derivativeAdvice(prim: Primitive<any>, mode: "forward" | "reverse"): string {
  const what = mode === "forward" ? "tangent" : "cotangent";
  return (
    `Its value was finite but its derivative is infinite or undefined at this input (e.g. sqrt or log at 0, pow with a ` +
    `negative base), or the ${what} you passed in was not finite. Keep the input of ${prim.name} away from that point ` +
    `(a small epsilon, clip) or pick a safe branch with where.`
  );
}

function checkPrimal(prim: Primitive<any>, out: unknown, args?: readonly unknown[]): void {
  const infinities = setting!.infinities;
  const found = findNonFinite(out, infinities);
  if (found === null) return;
  const frames = currentFrames();
  if (insideDerivativeRule(frames)) return; // checked as the rule's result
  throw report(prim, "forward value", found, frames, inputAdvice(prim, args));
}

function checkDerivative(prim: Primitive<any>, mode: "forward" | "reverse", value: unknown, site?: Error): void {
  const found = findNonFinite(value, setting!.infinities);
  if (found === null) return;
  const frames = currentFrames();
  if (insideDerivativeRule(frames)) return; // part of an enclosing rule, checked as its result
  const where = site === undefined ? frames : framesOf(site);
  throw report(prim, mode === "forward" ? "forward-mode tangent" : "reverse-mode cotangent", found, where, derivativeAdvice(prim, mode));
}

function parseSetting(api: string, value: unknown): { on: boolean; infinities: boolean } {
  if (typeof value === "boolean") return { on: value, infinities: true };
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const unknown = Object.keys(value).filter((k) => k !== "infinities");
    const inf = (value as DebugNansOptions).infinities;
    if (unknown.length === 0 && (inf === undefined || typeof inf === "boolean")) return { on: true, infinities: inf ?? true };
  }
  throw new TypeMismatchError(
    `${api}: expected true, false or an options object { infinities?: boolean }, got ${describe(value)}` +
      `${typeof value === "object" && value !== null ? ` (keys: ${Object.keys(value).join(", ") || "none"})` : ""}. Pass one of those.`,
  );
}

/**
 * Turns NaN hunting on or off for everything that follows (see the module notes). While on,
 * the first primitive whose forward value, tangent or cotangent contains NaN (or ±Infinity,
 * unless `{ infinities: false }`) throws a {@link NonFiniteError} naming the primitive, the mode
 * and the line of the caller's code that applied it. Off by default; it slows every op down while
 * on, so turn it on to find a NaN, not in production. {@link withDebugNans} scopes it to one call.
 *
 * @param enabled `true` / an options object to turn it on, `false` to turn it off.
 * @throws TypeMismatchError for anything else.
 * @example
 * ```ts
 * import { debugNans, grad, sqrt, type NonFiniteError } from "cotangent";
 * debugNans(true);
 * try {
 *   grad(sqrt)(0); // the derivative of sqrt at 0 is +Infinity
 * } catch (e) {
 *   console.log((e as NonFiniteError).primitive, "/", (e as NonFiniteError).mode); // sqrt / reverse-mode cotangent
 * }
 * debugNans(false);
 * console.log(grad(sqrt)(0)); // Infinity
 * ```
 */
export function debugNans(enabled: boolean | DebugNansOptions = true): void {
  const { on, infinities } = parseSetting("debugNans", enabled);
  if (!on) {
    if (setting !== null) Error.stackTraceLimit = setting.savedStackLimit;
    setting = null;
    debugHooks.onPrimal = null;
    debugHooks.onDerivative = null;
    debugHooks.captureSites = false;
    debugHooks.watching = false;
    return;
  }
  const savedStackLimit = setting?.savedStackLimit ?? Error.stackTraceLimit;
  setting = { infinities, savedStackLimit };
  Error.stackTraceLimit = Math.max(savedStackLimit, SITE_STACK_LIMIT);
  debugHooks.onPrimal = checkPrimal;
  debugHooks.onDerivative = checkDerivative;
  debugHooks.captureSites = true;
  debugHooks.watching = true;
}

/**
 * Runs `body` with NaN hunting on ({@link debugNans}) and puts the previous setting back
 * afterwards, also when `body` throws. Returns what `body` returns. Checks what runs before
 * `body` returns (the library is synchronous; work scheduled for later is not checked).
 *
 * @example
 * ```ts
 * import { withDebugNans, grad, log, type NonFiniteError } from "cotangent";
 * try {
 *   withDebugNans(() => grad((x: number) => log(x))(-1));
 * } catch (e) {
 *   console.log((e as NonFiniteError).primitive, "/", (e as NonFiniteError).mode); // log / forward value
 * }
 * console.log(withDebugNans(() => grad((x: number) => log(x))(2))); // 0.5
 * ```
 */
export function withDebugNans<R>(body: () => R, options: DebugNansOptions = {}): R {
  if (typeof body !== "function") {
    throw new TypeMismatchError(`withDebugNans: the first argument must be the function to run with the check on, got ${describe(body)}.`);
  }
  const { infinities } = parseSetting("withDebugNans", options);
  const previous = setting === null ? null : { infinities: setting.infinities };
  debugNans({ infinities });
  try {
    return body();
  } finally {
    debugNans(previous ?? false);
  }
}
