/**
 * Errors that point into the expression: "at char 7" (1-based, as mathjs counts) plus the
 * source line with a caret under the offending part.
 * @module
 */
import { ExpressionError } from "../errors.ts";

/** A stretch of the source, 0-based, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** How much of a long line to show on each side of the pointer. */
const CONTEXT = 40;

/**
 * The source line containing `span` with `^` markers under it, indented by four spaces; long
 * lines are cut to a window around the span.
 */
export function pointAt(source: string, span: Span): string {
  const lineStart = source.lastIndexOf("\n", span.start - 1) + 1;
  const nl = source.indexOf("\n", span.start);
  const lineEnd = nl < 0 ? source.length : nl;
  const from = Math.max(lineStart, span.start - CONTEXT);
  const to = Math.min(lineEnd, Math.max(span.end, span.start + 1) + CONTEXT);
  const head = from > lineStart ? "…" : "";
  const tail = to < lineEnd ? "…" : "";
  const shown = head + source.slice(from, to).replace(/[\t\r]/g, " ") + tail;
  const caretAt = head.length + (span.start - from);
  const width = Math.max(1, Math.min(span.end, to) - span.start);
  return `    ${shown}\n    ${" ".repeat(caretAt)}${"^".repeat(width)}`;
}

/** "char 7" or "chars 7-9", 1-based like mathjs's syntax errors. */
export function describeSpan(span: Span): string {
  return span.end - span.start > 1 ? `chars ${span.start + 1}-${span.end}` : `char ${span.start + 1}`;
}

/**
 * An {@link ExpressionError} whose message is `what` at the span, the pointer display, and
 * optionally a hint on what to do.
 */
export function errorAt(source: string, span: Span | null, what: string, hint?: string): ExpressionError {
  const where = span === null ? "" : ` at ${describeSpan(span)}`;
  const pointer = span === null ? `    ${source.length > 2 * CONTEXT ? source.slice(0, 2 * CONTEXT) + "…" : source}` : pointAt(source, span);
  return new ExpressionError(`${what}${where}:\n${pointer}${hint ? `\n${hint}` : ""}`);
}
