/**
 * A fused expression compiled into one JavaScript loop.
 *
 * Evaluated op by op, an expression of k ops makes k passes over its elements (fused-blocks.ts
 * keeps those passes in cache, but each is still a loop with its own loads and stores). Here the
 * whole expression becomes one loop that keeps every intermediate value in a register:
 *
 *     for (let i = 0; i < n; i++) { const x0 = in0[i]; const s0 = op1(x0, x0); const s1 = op2(c0, s0); out[i] = s1; }
 *
 * Each `opK` is the op's own scalar function (the one its kernel loop computes, kernels.ts),
 * given to the loop's factory: in a compiled copy of its own, every call site sees one function
 * only, so V8 inlines it and the loop runs as if written by hand. Values are the same bits as the
 * op-by-op evaluation: the same functions on the same numbers, and a full sum adds the values in
 * the same (row-major) order.
 *
 * A step marked as carried (fusion-plan.ts: the same op one element back, as where both `x[1:]`
 * and `x[:-1]` lead to one value) is not computed again: the loop keeps the value the other
 * step had at the previous element in a local. So is an input that is another input's memory
 * one element back (not loaded again). The first element, which has no previous one, loads and
 * computes everything; the values are the same either way, only computed once.
 *
 * One loop is compiled per expression *structure* (ops and where their operands come from) and
 * cached (at most {@link LOOP_CACHE_SIZE}, least recently used dropped); inputs and constants
 * are arguments, so an expression run again on other data reuses its loop. Each structure's
 * source text states its structure: V8 caches compiled functions by source text, and two
 * structures sharing one function would share its type feedback and stop inlining.
 *
 * Where code generation is disallowed (a Content-Security-Policy without 'unsafe-eval', or
 * `node --disallow-code-generation-from-strings`), or switched off with
 * {@link setFusedLoopCompilation}, {@link fusedLoopOf} returns null and the caller evaluates
 * block by block instead, with the same results.
 * @module
 */
import { CONSTANT, INPUT, NONE, STEP, type Plan } from "./fusion-plan.ts";

/**
 * A compiled expression: computes elements `0 .. n` of the plan it was made for from `inputs`
 * and `constants`. With `out`, writes them there and returns `acc` plus the sum of the plan's
 * `alsoSum` step (`acc` itself when it has none); with `out` null, returns `acc` plus their
 * sum. Sums are added in order.
 */
export type FusedLoop = (inputs: Float64Array[], constants: number[], out: Float64Array | null, n: number, acc: number) => number;

/** Most compiled loops kept; a program with more distinct expressions recompiles some. */
export const LOOP_CACHE_SIZE = 256;

/**
 * A compiled loop and the structure it was made for. The structure is kept as numbers
 * ({@link codeOf}): finding a loop is then a hash and an array comparison, where building the
 * structure's text for every evaluation cost about a microsecond (measured with Node 20), as
 * much as a small tensor's arithmetic.
 */
interface CachedLoop {
  readonly code: number[];
  /** The structure as text (see {@link structureOf}), for the source and {@link compiledStructures}. */
  readonly key: string;
  readonly loop: FusedLoop;
  /** When last used, for dropping the least recently used loop. */
  used: number;
}

/** Cached loops by the hash of their code (loops whose codes collide share a list). */
const cache = new Map<number, CachedLoop[]>();
let cached = 0;
let clock = 0;
/** Whether code generation works here: unknown until first tried. */
let available: boolean | undefined;
let enabled = true;

/**
 * Turns compiled fused loops on or off (on by default) and returns the previous setting. Off, no
 * code is generated and fused expressions are evaluated block by block: same results, slower.
 * For tests of that path, and for pages whose Content-Security-Policy must report no violation.
 */
export function setFusedLoopCompilation(on: boolean): boolean {
  const previous = enabled;
  enabled = on;
  return previous;
}

/** The compiled loop for `plan` (a full sum when `sum`), or null where code cannot be generated. */
export function fusedLoopOf(plan: Plan, sum: boolean): FusedLoop | null {
  if (!enabled || available === false) return null;
  const code = codeOf(plan, sum);
  const hash = hashOf(code);
  const bucket = cache.get(hash);
  if (bucket !== undefined) {
    for (const entry of bucket) {
      if (sameCode(entry.code, code)) {
        entry.used = ++clock;
        return entry.loop;
      }
    }
  }
  const functions: ((x: number, y: number) => number)[] = [];
  const key = structureOf(plan, sum, functions);
  const made = compile(plan, sum, key, functions);
  if (made === null) return null;
  if (cached >= LOOP_CACHE_SIZE) dropLeastRecentlyUsed();
  const entry: CachedLoop = { code, key, loop: made, used: ++clock };
  if (bucket !== undefined) bucket.push(entry);
  else cache.set(hash, [entry]);
  cached++;
  return made;
}

/** The structure keys of the loops compiled and cached now (oldest first), e.g. to see in a test which were made. */
export function compiledStructures(): string[] {
  const entries = [...cache.values()].flat();
  entries.sort((p, q) => p.used - q.used);
  return entries.map((entry) => entry.key);
}

/** Drops the loop used longest ago (a scan: it happens only when a new loop is compiled, which costs far more). */
function dropLeastRecentlyUsed(): void {
  let oldest: CachedLoop | null = null;
  let oldestHash = 0;
  for (const [hash, bucket] of cache) {
    for (const entry of bucket) {
      if (oldest === null || entry.used < oldest.used) {
        oldest = entry;
        oldestHash = hash;
      }
    }
  }
  if (oldest === null) return;
  const bucket = cache.get(oldestHash)!;
  bucket.splice(bucket.indexOf(oldest), 1);
  if (bucket.length === 0) cache.delete(oldestHash);
  cached--;
}

/** Ids of the ops' scalar functions, so that a structure's key names its ops. */
const opIds = new WeakMap<object, number>();
let nextOpId = 0;

function opId(f: object): number {
  let id = opIds.get(f);
  if (id === undefined) {
    id = nextOpId++;
    opIds.set(f, id);
  }
  return id;
}

/**
 * The structure as numbers: what {@link structureOf} spells out (each step's op, operands and
 * carry, each input's carry, sum or store, the result step and the step summed alongside), so
 * that two plans have equal codes exactly when they have equal keys and can share a loop.
 */
function codeOf(plan: Plan, sum: boolean): number[] {
  const code = [sum ? 1 : 0, plan.steps.length, plan.inputs.length, plan.constants.length, plan.output, plan.alsoSum];
  for (const step of plan.steps) code.push(opId(step.scalar), step.aKind, step.aIndex, step.bKind, step.bIndex, step.carry);
  for (const from of plan.inputCarry) code.push(from);
  return code;
}

function hashOf(code: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const v of code) h = Math.imul(h ^ v, 0x01000193);
  return h;
}

function sameCode(p: readonly number[], q: readonly number[]): boolean {
  if (p.length !== q.length) return false;
  for (let k = 0; k < p.length; k++) if (p[k] !== q[k]) return false;
  return true;
}

/**
 * The structure's key, e.g. `sum;f3(i0,c0);f7(s0,s0)`: each step's op and operands, then the
 * result if it is not the last step and a step summed alongside (`;out s1;sum s2`). Collects
 * the distinct scalar functions into `functions`, in the order of their `f` names in the key.
 */
function structureOf(plan: Plan, sum: boolean, functions: ((x: number, y: number) => number)[]): string {
  const local = new Map<object, number>();
  let key = sum ? "sum" : "store";
  for (const step of plan.steps) {
    let k = local.get(step.scalar);
    if (k === undefined) {
      k = functions.length;
      local.set(step.scalar, k);
      functions.push(step.scalar);
    }
    key += `;f${k}#${opId(step.scalar)}(${operand(step.aKind, step.aIndex)}${step.bKind === NONE ? "" : `,${operand(step.bKind, step.bIndex)}`})`;
    if (step.carry >= 0) key += `~s${step.carry}`;
  }
  plan.inputCarry.forEach((from, k) => {
    if (from >= 0) key += `;x${k}~x${from}`;
  });
  if (plan.output !== plan.steps.length - 1) key += `;out s${plan.output}`;
  if (plan.alsoSum >= 0) key += `;sum s${plan.alsoSum}`;
  return key;
}

function operand(kind: number, index: number): string {
  return kind === INPUT ? `x${index}` : kind === CONSTANT ? `c${index}` : `s${index}`;
}

/** Generates, compiles and instantiates the loop; null where code generation is disallowed. */
function compile(plan: Plan, sum: boolean, key: string, functions: ((x: number, y: number) => number)[]): FusedLoop | null {
  const lines: string[] = [];
  for (let k = 0; k < plan.inputs.length; k++) lines.push(`  const in${k} = inputs[${k}];`);
  for (let k = 0; k < plan.constants.length; k++) lines.push(`  const c${k} = constants[${k}];`);
  lines.push("  let total = acc;");
  if (!sum) lines.push("  const dest = out;");
  const everything: Needed = { steps: plan.steps.map(() => true), inputs: plan.inputs.map(() => true) };
  const carried = plan.steps.some((step) => step.carry >= 0) || plan.inputCarry.some((from) => from >= 0);
  if (!carried) {
    lines.push("  for (let i = 0; i < n; i++) {");
    body(plan, functions, sum, everything, false, lines);
    lines.push("  }");
  } else {
    // Carried values are the previous element's, so the first element (which has none) loads
    // and computes everything; each later element only what is still needed.
    const needed = neededWithCarries(plan);
    const steps = plan.steps.flatMap((step, k) => (step.carry >= 0 && needed.steps[k] ? [k] : []));
    const inputs = plan.inputCarry.flatMap((from, k) => (from >= 0 && needed.inputs[k] ? [k] : []));
    const keep: string[] = [...steps.map((k) => `    p${k} = s${plan.steps[k]!.carry};`), ...inputs.map((k) => `    q${k} = x${plan.inputCarry[k]};`)];
    // NaN, not 0: a start that is not a small integer keeps the variables unboxed doubles.
    for (const k of steps) lines.push(`  let p${k} = NaN;`);
    for (const k of inputs) lines.push(`  let q${k} = NaN;`);
    lines.push("  if (n > 0) {");
    lines.push("    const i = 0;");
    body(plan, functions, sum, everything, false, lines);
    lines.push(...keep);
    lines.push("  }");
    lines.push("  for (let i = 1; i < n; i++) {");
    body(plan, functions, sum, needed, true, lines);
    lines.push(...keep);
    lines.push("  }");
  }
  lines.push("  return total;");
  const params = functions.map((_, k) => `f${k}`);
  // The key comment makes each structure's text distinct (see the module comment).
  const source = `"use strict";\n// fused loop ${key}\nreturn function fusedLoop(inputs, constants, out, n, acc) {\n${lines.join("\n")}\n};`;
  try {
    const factory = new Function(...params, source) as (...fs: unknown[]) => FusedLoop;
    available = true;
    return factory(...functions);
  } catch (error) {
    if (available === true) throw error; // code generation works here, so this is a bug
    available = false; // disallowed (CSP, --disallow-code-generation-from-strings)
    return null;
  }
}

/** Which steps and inputs an element computes and loads. */
interface Needed {
  steps: boolean[];
  inputs: boolean[];
}

/**
 * One element's statements: the inputs and steps in `needed`, then the store or addition of the
 * result (and the addition of the step summed alongside). With `kept`, carried steps and inputs
 * are the variables `p<k>` and `q<k>` kept from the previous element instead.
 */
function body(plan: Plan, functions: ((x: number, y: number) => number)[], sum: boolean, needed: Needed, kept: boolean, lines: string[]): void {
  plan.inputs.forEach((_, k) => {
    if (!needed.inputs[k]) return;
    lines.push(kept && plan.inputCarry[k]! >= 0 ? `    const x${k} = q${k};` : `    const x${k} = in${k}[i];`);
  });
  plan.steps.forEach((step, k) => {
    if (!needed.steps[k]) return;
    if (kept && step.carry >= 0) {
      lines.push(`    const s${k} = p${k};`);
      return;
    }
    const f = functions.indexOf(step.scalar);
    const args = operand(step.aKind, step.aIndex) + (step.bKind === NONE ? "" : `, ${operand(step.bKind, step.bIndex)}`);
    lines.push(`    const s${k} = f${f}(${args});`);
  });
  lines.push(sum ? `    total += s${plan.output};` : `    dest[i] = s${plan.output};`);
  if (!sum && plan.alsoSum >= 0) lines.push(`    total += s${plan.alsoSum};`);
}

/**
 * The steps and inputs an element after the first needs when carried values are kept from the
 * previous element: those the result (and the step summed alongside) depend on, where a carried
 * step or input depends on the one it is kept from (needed for the next element) instead of
 * its own operands.
 */
function neededWithCarries(plan: Plan): Needed {
  const needed: Needed = { steps: plan.steps.map(() => false), inputs: plan.inputs.map(() => false) };
  const needInput = (k: number): void => {
    // A chain of carried inputs ends at one that is loaded.
    for (let at = k; at >= 0 && !needed.inputs[at]; at = plan.inputCarry[at]!) needed.inputs[at] = true;
  };
  const pending = plan.alsoSum >= 0 ? [plan.output, plan.alsoSum] : [plan.output];
  while (pending.length > 0) {
    const k = pending.pop()!;
    if (needed.steps[k]) continue;
    needed.steps[k] = true;
    const step = plan.steps[k]!;
    if (step.carry >= 0) {
      pending.push(step.carry);
      continue;
    }
    if (step.aKind === STEP) pending.push(step.aIndex);
    if (step.aKind === INPUT) needInput(step.aIndex);
    if (step.bKind === STEP) pending.push(step.bIndex);
    if (step.bKind === INPUT) needInput(step.bIndex);
  }
  return needed;
}
