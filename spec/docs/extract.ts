/**
 * Finds the runnable examples of the documentation: every fenced `ts` block under an `@example`
 * tag in the TSDoc of lib/**\/*.ts, every fenced `ts` block in the guides docs/*.md, and every
 * `$ cotangent ...` command with its printed output in the guides' `console` blocks.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/** One code block to run. */
export interface DocExample {
  /** Where it comes from, repository-relative (e.g. `lib/api/grad.ts`). */
  file: string;
  /** 1-based line of the block's first code line in that file. */
  line: number;
  /**
   * File line (1-based) of each code line, when the example joins several blocks (see
   * {@link CONTINUED}); absent when the code is one block starting at `line`.
   */
  lineMap?: number[];
  /** For test titles: `lib/api/grad.ts:42 grad` or `docs/01-getting-started.md:30`. */
  label: string;
  /** The code, with the comment decoration (` * `) removed; empty for a command-line example. */
  code: string;
  /**
   * Everything the example prints, when a ```text output block follows its (last) ts block:
   * for output too long for a `// expected` comment, such as a table.
   */
  output?: { text: string; line: number };
  /** For a command-line example: the program (must be `cotangent`), its arguments, and the output shown below it. */
  cli?: { command: string; argv: string[]; expected: string };
}

const TS_FENCE = /^```(ts|typescript)\s*$/;
const CONSOLE_FENCE = /^```console\s*$/;
const OUTPUT_FENCE = /^```text output\s*$/;
const FENCE_CLOSE = /^```\s*$/;

/** Fenced blocks of a list of lines: `{ start, lines }` with `start` the 0-based index of the first code line. */
function fencedBlocks(lines: readonly string[], opening = TS_FENCE): { start: number; lines: string[] }[] {
  const blocks: { start: number; lines: string[] }[] = [];
  let open: { start: number; lines: string[] } | null = null;
  lines.forEach((line, i) => {
    if (open === null) {
      if (opening.test(line.trim())) open = { start: i + 1, lines: [] };
    } else if (FENCE_CLOSE.test(line.trim())) {
      blocks.push(open);
      open = null;
    } else {
      open.lines.push(line);
    }
  });
  return blocks;
}

/** The name declared right after a doc comment (`export function grad`, `export const abs`, ...). */
function declaredName(textAfter: string): string {
  const m = /^\s*export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/.exec(textAfter)
    ?? /^\s*(?:(?:public|static|readonly|get|set|async)\s+)*([A-Za-z_$][\w$]*)\s*[(<:=]/.exec(textAfter);
  return m ? m[1]! : "";
}

/** The `@example` blocks of one TypeScript source file. */
export function examplesInSource(file: string, text: string): DocExample[] {
  const out: DocExample[] = [];
  const comment = /\/\*\*[\s\S]*?\*\//g;
  for (let m = comment.exec(text); m !== null; m = comment.exec(text)) {
    const firstLine = text.slice(0, m.index).split("\n").length - 1; // 0-based
    const lines = m[0].split("\n").map((l) => l.replace(/^\s*\/?\*+\/?\s?/, "").replace(/\s*\*\/\s*$/, ""));
    const exampleAt = lines.findIndex((l) => /^@example\b/.test(l.trim()));
    if (exampleAt < 0) continue;
    // Only blocks after an @example tag (and before the next tag that is not @example).
    const tail = lines.slice(exampleAt);
    const stop = tail.findIndex((l, i) => i > 0 && /^@(?!example\b)\w/.test(l.trim()));
    const region = stop < 0 ? tail : tail.slice(0, stop);
    const name = declaredName(text.slice(m.index + m[0].length));
    for (const block of fencedBlocks(region)) {
      const line = firstLine + exampleAt + block.start + 1;
      out.push({ file, line, label: `${file}:${line}${name ? ` ${name}` : ""}`, code: block.lines.join("\n") });
    }
  }
  return out;
}

/**
 * A guide's block whose first line is this comment continues the previous block, as notebook
 * cells do: the two run as one program, so it may use what the earlier block defined.
 */
export const CONTINUED = "// (continued)";

/**
 * Splits a command line into words as a POSIX shell would for the simple cases used in docs:
 * whitespace separates words; '...' is literal; "..." allows \" \\ \$ and \` escapes.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let s = "";
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\" && /["\\$`]/.test(line[j + 1] ?? "")) j++;
        s += line[j];
      }
      if (j >= line.length) throw new Error(`unterminated " in: ${line}`);
      word = (word ?? "") + s;
      i = j;
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[++i];
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/**
 * The command-line examples of a guide: in ```console blocks, each `$ cotangent ...` line and the
 * output lines under it, up to the next `$` line or the end of the block.
 */
function commandExamples(file: string, lines: readonly string[]): DocExample[] {
  const out: DocExample[] = [];
  for (const block of fencedBlocks(lines, CONSOLE_FENCE)) {
    block.lines.forEach((line, i) => {
      if (!line.startsWith("$ ")) return;
      const next = block.lines.findIndex((l, k) => k > i && l.startsWith("$ "));
      const expected = block.lines.slice(i + 1, next < 0 ? undefined : next).join("\n");
      const [command, ...argv] = shellWords(line.slice(2));
      const at = block.start + i + 1;
      out.push({ file, line: at, label: `${file}:${at} $ ${line.slice(2, 60)}`, code: "", cli: { command: command ?? "", argv, expected } });
    });
  }
  return out;
}

/** The `ts` blocks and command-line examples of one markdown guide; continued blocks are joined to the one before. */
export function examplesInMarkdown(file: string, text: string): DocExample[] {
  const out: DocExample[] = [];
  for (const block of fencedBlocks(text.split("\n"))) {
    const lines = block.lines.map((_, i) => block.start + i + 1);
    const previous = out[out.length - 1];
    if (block.lines[0]?.trim() === CONTINUED && previous !== undefined) {
      const prevMap = previous.lineMap ?? previous.code.split("\n").map((_, i) => previous.line + i);
      previous.code = `${previous.code}\n${block.lines.join("\n")}`;
      previous.lineMap = [...prevMap, ...lines];
      previous.label = `${file}:${previous.line}-${lines[lines.length - 1]}`;
      continue;
    }
    out.push({ file, line: block.start + 1, label: `${file}:${block.start + 1}`, code: block.lines.join("\n") });
  }
  // Each output block belongs to the example whose block precedes it most closely.
  const tsStarts = fencedBlocks(text.split("\n")).map((b) => b.start + 1);
  for (const block of fencedBlocks(text.split("\n"), OUTPUT_FENCE)) {
    const before = tsStarts.filter((s) => s < block.start).pop();
    const owner = out.find((e) => before !== undefined && (e.lineMap ?? [e.line]).includes(before));
    if (owner === undefined) throw new Error(`${file}:${block.start}: a \`\`\`text output block must follow a \`\`\`ts block`);
    owner.output = { text: block.lines.join("\n"), line: block.start };
  }
  return [...out, ...commandExamples(file, text.split("\n"))];
}

function walk(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), keep) : keep(e.name) ? [join(dir, e.name)] : []));
}

/** Every example of the repository at `root`: lib/**\/*.ts first, then docs/*.md (not docs/api). */
export function collectExamples(root: string): DocExample[] {
  const sources = walk(join(root, "lib"), (n) => n.endsWith(".ts") && !n.endsWith(".d.ts"));
  const guides = readdirSync(join(root, "docs"), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".md"))
    .map((e) => join(root, "docs", e.name))
    .sort();
  return [
    ...sources.flatMap((f) => examplesInSource(relative(root, f), readFileSync(f, "utf8"))),
    ...guides.flatMap((f) => examplesInMarkdown(relative(root, f), readFileSync(f, "utf8"))),
  ];
}
