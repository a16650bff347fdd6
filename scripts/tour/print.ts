/**
 * The tour's typography: section titles, wrapped paragraphs, indented blocks, durations, and a
 * progress line that rewrites itself on a terminal (and prints milestones elsewhere).
 * @module
 */

const tty = process.stdout.isTTY === true;
const color = tty && process.env.NO_COLOR === undefined;
const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);

export function line(text = ""): void {
  process.stdout.write(`${text}\n`);
}

/** A numbered section title with a rule under it. */
export function section(title: string): void {
  line();
  line(bold(title));
  line(dim("━".repeat(Math.min(88, title.length))));
}

/** A sub-heading. */
export function heading(title: string): void {
  line();
  line(bold(title));
}

/** A paragraph wrapped at `width` columns, indented. */
export function paragraph(text: string, indent = 2, width = 92): void {
  const words = text.split(/\s+/).filter(Boolean);
  let current = "";
  for (const w of words) {
    if (current !== "" && indent + current.length + 1 + w.length > width) {
      line(" ".repeat(indent) + current);
      current = w;
    } else current = current === "" ? w : `${current} ${w}`;
  }
  if (current !== "") line(" ".repeat(indent) + current);
}

/** A block of text (a table), indented. */
export function block(text: string, indent = 2): void {
  for (const l of text.split("\n")) line(l === "" ? "" : " ".repeat(indent) + l);
}

/** A subdued remark. */
export function aside(text: string, indent = 2): void {
  line(dim(" ".repeat(indent) + text));
}

/** Milliseconds as "830 µs", "12.4 ms" or "1.52 s". */
export function duration(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * A progress line: on a terminal it is rewritten in place (at most ~20 times a second);
 * otherwise only the lines marked as milestones are printed.
 */
export class Progress {
  private last = 0;

  update(text: string, milestone: boolean): void {
    if (tty) {
      const now = performance.now();
      if (now - this.last < 50 && !milestone) return;
      this.last = now;
      process.stdout.write(`\r  ${text}\x1b[K`);
      if (milestone) process.stdout.write("\n");
    } else if (milestone) {
      line(`  ${text}`);
    }
  }
}
