/**
 * Reading stack traces for debugging reports: which frame is the caller's code (not this library,
 * not Node's internals), and whether a debugging hook was reached from inside a derivative rule.
 * Used only while a debugging option is on and something is about to be reported, so none of it
 * costs anything on the normal path.
 * @module
 */

/** One parsed line of a V8 stack trace. */
export interface Frame {
  /** The line without its leading `at `, e.g. `loss (/app/model.ts:12:9)`. */
  readonly text: string;
  /** The file (a path, with `file://` URLs turned into paths), or null for native frames. */
  readonly file: string | null;
  /** For files of this library: the module path inside it without extension, e.g. `modes/forward`. */
  readonly libraryModule: string | null;
}

/** This library's source folder (`lib/` when run from source, `dist/` when built), as a path. */
const LIBRARY_ROOT = toPath(new URL("../", import.meta.url).href);

function toPath(location: string): string {
  let path = location;
  if (path.startsWith("file://")) path = decodeURIComponent(new URL(path).pathname).replace(/^\/([A-Za-z]:)/, "$1");
  return path.replace(/\\/g, "/");
}

const FRAME = /^\s*at (?:async )?(?:(?:new )?(.*?) \()?(.*?)(?::\d+:\d+)?\)?$/;

/**
 * Code compiled with `new Function` (the library's per-op copies, core/specialize.ts) shows as
 * `eval at <caller> (<file>:<line>:<col>), <anonymous>:<line>:<col>`; it belongs to the file that
 * compiled it.
 */
function evalOrigin(location: string): string {
  if (!location.startsWith("eval at ")) return location;
  const origin = /\(([^()]*?):\d+:\d+\)/.exec(location);
  return origin === null ? "" : origin[1]!;
}

function parseFrame(line: string): Frame | null {
  const m = FRAME.exec(line);
  if (m === null) return null;
  const location = evalOrigin(m[2] ?? "");
  const file = location === "" || location === "native" || location.startsWith("<anonymous>") ? null : toPath(location);
  const libraryModule = file !== null && file.startsWith(LIBRARY_ROOT) ? file.slice(LIBRARY_ROOT.length).replace(/\.[cm]?[jt]s$/, "") : null;
  return { text: line.trim().replace(/^at /, ""), file, libraryModule };
}

/** The frames of an error's stack, innermost first. */
export function framesOf(error: Error): Frame[] {
  const frames: Frame[] = [];
  for (const line of (error.stack ?? "").split("\n")) {
    if (!/^\s*at /.test(line)) continue;
    const frame = parseFrame(line);
    if (frame !== null) frames.push(frame);
  }
  return frames;
}

/**
 * The current stack, innermost first, without this folder's own frames (the hook that asks).
 * Captured in full, whatever `Error.stackTraceLimit` says, since the rule check needs every frame.
 */
export function currentFrames(): Frame[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  const here = new Error("stack");
  Error.stackTraceLimit = limit;
  const frames = framesOf(here);
  let start = 0;
  while (start < frames.length && frames[start]!.libraryModule?.startsWith("debug/")) start++;
  return frames.slice(start);
}

/**
 * The innermost frame of the caller's code: the first frame that is neither this library nor
 * Node's internals. That is the line of the user's function that applied the op.
 */
export function firstUserFrame(frames: readonly Frame[]): Frame | undefined {
  return frames.find((f) => f.file !== null && f.libraryModule === null && !f.file.startsWith("node:"));
}

/** An evaluator's own module (forward or reverse mode, their tape...), but not the summing of cotangents. */
const isEvaluator = (m: string | null): boolean => m !== null && m.startsWith("modes/") && m !== "modes/accumulate";

/**
 * True if the stack passes through a derivative rule: an evaluator frame (any module of modes/)
 * that called something other than `bind` or another evaluator frame, i.e. a JVP rule, a VJP
 * rule or the summing of cotangents. Values computed there are not the user's forward values:
 * the rule's result is checked when the evaluator hands it over. The innermost frame (whoever
 * emitted the hook) is not counted.
 */
export function insideDerivativeRule(frames: readonly Frame[]): boolean {
  for (let i = 1; i < frames.length; i++) {
    if (!isEvaluator(frames[i]!.libraryModule)) continue;
    const callee = frames[i - 1]!.libraryModule;
    if (callee !== "core/bind" && !isEvaluator(callee)) return true;
  }
  return false;
}
