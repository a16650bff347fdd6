/**
 * Turns an example into a module the runner can execute and check: imports of "cotangent" point
 * at lib/index.ts, and every `console.log(...)` call site reports what it printed, together with
 * the expected output written as a `// comment` at the end of its line.
 */
import ts from "typescript";

/** A `console.log` call site of an example. */
export interface LogSite {
  /** 1-based line in the example's code. */
  line: number;
  /** The `// comment` ending the statement, or null when the output is not annotated. */
  expected: string | null;
  /**
   * True when the output is not annotated on the line but the next line is a lone `// ...`
   * comment: almost certainly an expectation in the wrong place, which would go unchecked.
   */
  misplaced?: boolean;
}

/** An example rewritten for the runner. */
export interface Instrumented {
  code: string;
  sites: LogSite[];
}

/** The global through which instrumented examples report their output. */
export const LOG_HOOK = "__cotangentDocLog";

function isConsoleLog(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === "console" &&
    node.expression.name.text === "log"
  );
}

/** The `// ...` comment right after the statement that is exactly this call, if any. */
function expectedComment(call: ts.CallExpression, text: string): string | null {
  const statement = call.parent;
  if (!ts.isExpressionStatement(statement) || statement.expression !== call) return null;
  const comment = ts.getTrailingCommentRanges(text, statement.end)?.[0];
  if (comment === undefined || comment.kind !== ts.SyntaxKind.SingleLineCommentTrivia) return null;
  return text.slice(comment.pos + 2, comment.end).trim();
}

/** Whether the line after the call's statement holds nothing but a `//` comment. */
function commentOnNextLine(call: ts.CallExpression, text: string): boolean {
  const lineEnd = text.indexOf("\n", call.parent.end);
  if (lineEnd < 0) return false;
  const next = text.slice(lineEnd + 1).split("\n", 1)[0]!;
  return /^\s*\/\/(?!\s*\(continued\))/.test(next);
}

/**
 * Rewrites `code` (an example) into a module: `import ... from "cotangent"` imports from
 * `libSpecifier`; each `console.log(args)` becomes a call that records the formatted output for
 * its call site. Lines are kept, so stack traces and type errors point at the example's lines.
 */
export function instrument(code: string, libSpecifier: string): Instrumented {
  const source = ts.createSourceFile("example.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const sites: LogSite[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (node.moduleSpecifier.text === "cotangent") {
        edits.push({ start: node.moduleSpecifier.getStart(source), end: node.moduleSpecifier.end, text: JSON.stringify(libSpecifier) });
      }
    }
    if (isConsoleLog(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      edits.push({
        start: node.expression.getStart(source),
        end: node.expression.end,
        text: `(globalThis as any).${LOG_HOOK}(${sites.length})`,
      });
      const expected = expectedComment(node, code);
      sites.push(expected === null && commentOnNextLine(node, code) ? { line, expected, misplaced: true } : { line, expected });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  // `export {}` keeps the file a module even when it has no imports.
  return { code: `${out}\nexport {};\n`, sites };
}
