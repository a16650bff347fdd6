/**
 * Numbers and values as people read them in tables: a fixed number of significant digits (or
 * the exact shortest form), small tensors as nested lists, large ones summarised.
 * @module
 */
import { concrete, type Value } from "../core/value.ts";
import { Tensor } from "../tensor/tensor.ts";

/**
 * A number as text: with `digits`, rounded to that many significant digits without trailing
 * zeros (exponent notation outside 1e-4 ... 1e7); without, the shortest text that reads back
 * as the same float64 (JavaScript's `String`).
 */
export function formatNumber(v: number, digits?: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Object.is(v, -0)) return "0";
  if (digits === undefined) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) {
    const [mantissa, exponent] = v.toExponential(digits - 1).split("e");
    return `${trimZeros(mantissa!)}e${exponent!.replace("+", "")}`;
  }
  return trimZeros(v.toPrecision(digits));
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** Tensors with at most this many elements are shown in full. */
const SHOW_ALL = 8;

/**
 * A value as text: a number, a small tensor as nested lists, a larger one as its shape and first
 * elements. Tracers show the value they stand for.
 */
export function formatValue(value: Value, digits?: number): string {
  const v = concrete(value);
  if (typeof v === "number") return formatNumber(v, digits);
  if (v.shape.length === 0) return formatNumber(v.data[0]!, digits);
  if (v.size <= SHOW_ALL) return nested(v, digits);
  const head = Array.from(v.data.subarray(0, 4), (x) => formatNumber(x, digits)).join(", ");
  return `[${v.shape.join("×")}: ${head}, …]`;
}

function nested(t: Tensor, digits: number | undefined): string {
  let at = 0;
  const build = (axis: number): string => {
    const n = t.shape[axis]!;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(axis === t.shape.length - 1 ? formatNumber(t.data[at++]!, digits) : build(axis + 1));
    return `[${parts.join(", ")}]`;
  };
  return build(0);
}

/** Does this cell hold a plain number (so it is aligned on its decimal point)? */
const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$|^[-+]?(Infinity|NaN)$/;

/**
 * Aligns a column of cells: numbers on their decimal point, other text to the left; every
 * result has the same width.
 */
export function alignColumn(cells: readonly string[]): string[] {
  const split = cells.map((c) => {
    if (!NUMERIC.test(c)) return null;
    const m = /[.e]/.exec(c);
    const cut = m === null ? c.length : m.index;
    return { int: c.slice(0, cut), frac: c.slice(cut) };
  });
  const intWidth = Math.max(0, ...split.map((s) => (s === null ? 0 : s.int.length)));
  const fracWidth = Math.max(0, ...split.map((s) => (s === null ? 0 : s.frac.length)));
  const aligned = cells.map((c, i) => {
    const s = split[i];
    return s === null || s === undefined ? c : s.int.padStart(intWidth) + s.frac.padEnd(fracWidth);
  });
  const width = Math.max(0, ...aligned.map((c) => c.length));
  return aligned.map((c) => c.padEnd(width));
}

/**
 * Lays out rows of cells as a text table with a header line; numeric columns are aligned on
 * the decimal point. Lines have no trailing spaces.
 */
export function renderTextTable(headers: readonly string[], rows: readonly (readonly string[])[], gap = "  "): string {
  const columns = headers.map((h, j) => {
    const body = alignColumn(rows.map((r) => r[j] ?? ""));
    const width = Math.max(h.length, body[0]?.length ?? 0);
    return { header: h.padEnd(width), body: body.map((c) => c.padEnd(width)) };
  });
  const lines = [columns.map((c) => c.header).join(gap)];
  rows.forEach((_, i) => lines.push(columns.map((c) => c.body[i]!).join(gap)));
  return lines.map((l) => l.trimEnd()).join("\n");
}
