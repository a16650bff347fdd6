/**
 * Reverse mode: a tape. The forward pass records each primitive applied to this level's
 * tracers; the backward pass walks the tape in reverse topological (= reverse recording) order,
 * calling each VJP rule and summing cotangents where a value was used more than once.
 * @module
 */
import { Level } from "../core/level.ts";
import type { Primitive } from "../core/primitive.ts";
import { bind } from "../core/bind.ts";
import { Tracer } from "../core/tracer.ts";
import type { Value } from "../core/value.ts";
import { debugHooks } from "../core/debug.ts";
import { addCotangents } from "./accumulate.ts";

/** A value recorded on one reverse level's tape; `id` is the index of the node that made it. */
export class ReverseTracer extends Tracer {
  constructor(level: ReverseLevel, primal: Value, readonly id: number) {
    super(level, primal);
  }
}

/** One recorded application. Inputs that are not this level's tracers have id -1 (constants). */
export interface TapeNode {
  /** null for an input (leaf). */
  readonly prim: Primitive | null;
  readonly primals: Value[];
  readonly inputIds: number[];
  readonly out: Value;
  readonly params: unknown;
  /** Where the op was called, when debugHooks.captureSites is on. */
  readonly site?: Error;
}

export class ReverseLevel extends Level {
  readonly kind = "reverse-mode (vjp/grad)";
  private readonly tape: TapeNode[] = [];

  /** A new input variable of this level. */
  leaf(primal: Value): ReverseTracer {
    const id = this.tape.length;
    this.tape.push({ prim: null, primals: [], inputIds: [], out: primal, params: undefined });
    return new ReverseTracer(this, primal, id);
  }

  process(prim: Primitive, args: Value[], params: unknown): Value {
    const n = args.length;
    const primals = new Array<Value>(n);
    const inputIds = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const a = args[i]!;
      if (a instanceof ReverseTracer && a.level === this) {
        primals[i] = a.primal;
        inputIds[i] = a.id;
      } else {
        primals[i] = a;
        inputIds[i] = -1;
      }
    }
    const out = bind(prim, primals, params);
    const id = this.tape.length;
    this.tape.push(debugHooks.captureSites ? { prim, primals, inputIds, out, params, site: new Error(prim.name) } : { prim, primals, inputIds, out, params });
    return new ReverseTracer(this, out, id);
  }

  /** The recorded nodes, in recording (topological) order; index = tape id. Read-only. */
  nodes(): readonly TapeNode[] {
    return this.tape;
  }

  /** The tape id of a value if it is this level's tracer, else -1 (a constant). */
  idOf(v: Value): number {
    return v instanceof ReverseTracer && v.level === this ? v.id : -1;
  }

  /**
   * Runs the tape backwards from the given seeds (output node id -> cotangent) and returns the
   * cotangent of each requested node (`null` where none flowed). Does not modify the tape, so a
   * recording can be pulled back many times.
   */
  backward(seeds: ReadonlyArray<readonly [number, Value]>, wanted: readonly number[]): (Value | null)[] {
    const tape = this.tape;
    const cts = new Array<Value | undefined>(tape.length);
    let start = -1;
    for (const [id, ct] of seeds) {
      cts[id] = cts[id] === undefined ? ct : addCotangents(cts[id]!, ct);
      if (id > start) start = id;
    }
    const keep = new Uint8Array(tape.length);
    for (const id of wanted) if (id >= 0) keep[id] = 1;
    const needs: boolean[] = [];
    for (let i = start; i >= 0; i--) {
      const ct = cts[i];
      const node = tape[i]!;
      if (ct === undefined || node.prim === null) continue;
      const ids = node.inputIds;
      needs.length = ids.length;
      let any = false;
      for (let j = 0; j < ids.length; j++) any = (needs[j] = ids[j]! >= 0) || any;
      if (!any) continue;
      const inCts = node.prim.vjp!(ct, node.primals, node.out, node.params, needs);
      if (keep[i] === 0) cts[i] = undefined; // free as we go: peak memory stays near the forward pass
      for (let j = 0; j < ids.length; j++) {
        const id = ids[j]!;
        const c = inCts[j];
        if (id < 0 || c === null || c === undefined) continue;
        if (debugHooks.onDerivative !== null) debugHooks.onDerivative(node.prim, "reverse", c, node.site);
        cts[id] = cts[id] === undefined ? c : addCotangents(cts[id]!, c);
      }
    }
    return wanted.map((id) => (id >= 0 ? (cts[id] ?? null) : null));
  }
}

/** Is `v` a tracer of `level`? */
export function isTracerOf(v: unknown, level: Level): v is Tracer {
  return v instanceof Tracer && v.level === level;
}
