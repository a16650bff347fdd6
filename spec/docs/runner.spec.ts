// The examples runner itself: it must find the examples, and it must be able to fail.
import test from "ava";
import { compareOutput } from "./compare.ts";
import { examplesInMarkdown, examplesInSource, shellWords } from "./extract.ts";
import { instrument } from "./instrument.ts";
import { examplesDir, prepareExamples, removeExamplesDir, runExamples, typecheckExamples } from "./run-examples.ts";

test("output comparison ignores whitespace and compares numbers as numbers", (t) => {
  t.is(compareOutput("12 [ 4, 3 ] [ 8, 6 ]", "12 [4, 3] [8, 6]"), null);
  t.is(compareOutput("[\n  1, 2,\n  3\n]", "[ 1, 2, 3 ]"), null);
  t.is(compareOutput("0.30000000000000004", "0.3"), null, "1e-16 relative is within 1e-12");
  t.is(compareOutput("-1.3604310785982792", "-1.360431078598279"), null);
  t.is(compareOutput("true Infinity NaN -0", "true Infinity NaN 0"), null);
  t.is(compareOutput("{ w: 12 }", "{ w: 12 }"), null);
});

test("output comparison reports differences", (t) => {
  t.not(compareOutput("0.3001", "0.3"), null);
  t.not(compareOutput("12 12", "1212"), null, "whitespace separates numbers");
  t.not(compareOutput("[ 1, 2 ]", "[ 1, 2, 3 ]"), null, "missing output");
  t.not(compareOutput("[ 1, 2, 3 ]", "[ 1, 2 ]"), null, "extra output");
  t.not(compareOutput("true", "false"), null);
  t.not(compareOutput("NaN", "0"), null);
  t.not(compareOutput("Infinity", "-Infinity"), null);
  t.regex(compareOutput("5", "6")!, /printed "5" but the comment expects "6"/);
});

test("≈ compares numbers to the digits shown", (t) => {
  t.is(compareOutput("1.2753204214157405", "≈ 1.2753"), null);
  t.is(compareOutput("[ 0.123456, 41.99 ]", "~ [ 0.1235, 42.0 ]"), null);
  t.not(compareOutput("1.2753204214157405", "≈ 1.2754"), null);
  t.is(compareOutput("1.5e-7", "≈ 1.5e-7"), null);
  t.not(compareOutput("1.7e-7", "≈ 1.5e-7"), null);
});

test("@example blocks are found in doc comments, with their lines and names", (t) => {
  const source = [
    "/**",
    " * Doubles.",
    " * @example",
    " * ```ts",
    " * import { twice } from \"cotangent\";",
    " * console.log(twice(2)); // 4",
    " * ```",
    " * @throws never",
    " */",
    "export function twice(x: number): number {",
    "  return 2 * x;",
    "}",
    "/** No example here. */",
    "export const y = 1;",
  ].join("\n");
  const found = examplesInSource("lib/x.ts", source);
  t.is(found.length, 1);
  t.is(found[0]!.line, 5);
  t.is(found[0]!.label, "lib/x.ts:5 twice");
  t.is(found[0]!.code, "import { twice } from \"cotangent\";\nconsole.log(twice(2)); // 4");
});

test("continued markdown blocks run as one program", (t) => {
  const md = ["# Guide", "```ts", "const a = 1;", "```", "text", "```ts", "// (continued)", "console.log(a); // 1", "```", "```ts", "console.log(2); // 2", "```"].join("\n");
  const found = examplesInMarkdown("docs/g.md", md);
  t.is(found.length, 2);
  t.deepEqual(found[0]!.lineMap, [3, 7, 8]);
  t.is(found[0]!.code, "const a = 1;\n// (continued)\nconsole.log(a); // 1");
  t.is(found[1]!.line, 11);
});

test("console blocks give one command-line example per `$ cotangent` line, with the output under it", (t) => {
  const md = ["```console", "$ cotangent grad \"x*y\" --at x=2,y=3", "f = 6", "$ cotangent grad 'x^2' --at x=1", "", "f = 1", "```"].join("\n");
  const found = examplesInMarkdown("docs/g.md", md);
  t.deepEqual(found.map((e) => e.cli), [
    { command: "cotangent", argv: ["grad", "x*y", "--at", "x=2,y=3"], expected: "f = 6" },
    { command: "cotangent", argv: ["grad", "x^2", "--at", "x=1"], expected: "\nf = 1" },
  ]);
  t.deepEqual(found.map((e) => e.line), [2, 4]);
});

test("a text output block belongs to the ts block before it", (t) => {
  const md = ["```ts", "console.log(1);", "```", "prints", "```text output", "1", "```", "```ts", "console.log(2); // 2", "```"].join("\n");
  const found = examplesInMarkdown("docs/g.md", md);
  t.deepEqual(found.map((e) => e.output), [{ text: "1", line: 5 }, undefined]);
  t.throws(() => examplesInMarkdown("docs/g.md", "```text output\n1\n```"), { message: /must follow a ```ts block/ });
});

test("shell words: quotes and escapes", (t) => {
  t.deepEqual(shellWords(`a "b c" 'd "e"' f\\ g "h\\"i" j'k'`), ["a", "b c", 'd "e"', "f g", 'h"i', "jk"]);
});

test("instrumenting rewrites the cotangent import and records each console.log with its expectation", (t) => {
  const { code, sites } = instrument(
    ["import { grad } from \"cotangent\";", "console.log(1, 2); // 1 2", "for (const i of [1]) console.log(i);", "console.log(\"a\"); // a // b"].join("\n"),
    "../lib/index.ts",
  );
  t.true(code.includes("from \"../lib/index.ts\""));
  t.false(code.includes("console.log"));
  t.deepEqual(sites, [
    { line: 2, expected: "1 2" },
    { line: 3, expected: null },
    { line: 4, expected: "a // b" },
  ]);
  const next = instrument("console.log(1);\n// 1\nconsole.log(2);\nconst x = 1; // x\n", "lib.ts");
  t.deepEqual(next.sites, [{ line: 1, expected: null, misplaced: true }, { line: 3, expected: null }]);
});

test("the runner catches a wrong expectation, a throw and a type error, and runs command lines", async (t) => {
  const dir = examplesDir("selftest");
  t.teardown(() => removeExamplesDir(dir));
  const prepared = prepareExamples(
    [
      { file: "docs/self.md", line: 1, label: "right", code: "import { grad, sin } from \"cotangent\";\nconsole.log(grad(sin)(0)); // 1" },
      { file: "docs/self.md", line: 5, label: "wrong", code: "import { grad, sin } from \"cotangent\";\nconsole.log(grad(sin)(0)); // 2" },
      { file: "docs/self.md", line: 9, label: "throws", code: "import { grad } from \"cotangent\";\ngrad((x: number) => [x, x])(1);" },
      { file: "docs/self.md", line: 13, label: "ill-typed", code: "import { sin } from \"cotangent\";\nconst s: string = sin(1);\nconsole.log(typeof s); // number" },
      { file: "docs/self.md", line: 17, label: "command", code: "", cli: { command: "cotangent", argv: ["grad", "x*y", "--at", "x=2,y=3"], expected: "" } },
      { file: "docs/self.md", line: 19, label: "bad command", code: "", cli: { command: "cotangent", argv: ["grad", "x*", "--at", "x=2"], expected: "" } },
    ],
    dir,
  );
  const running = runExamples(prepared, dir);
  const typeErrors = typecheckExamples(prepared).errors;
  const runs = await running;
  t.is(compareOutput(runs[0]!.logs[0]![0]!, prepared[0]!.sites[0]!.expected!), null);
  t.not(compareOutput(runs[1]!.logs[0]![0]!, prepared[1]!.sites[0]!.expected!), null);
  t.regex(runs[2]!.error ?? "", /TransformError/);
  t.deepEqual(typeErrors.map((e) => e.length > 0), [false, false, false, true, false, false]);
  t.is(runs[4]!.exitCode, 0, runs[4]!.logs[0]?.[0]);
  t.is(runs[5]!.exitCode, 2, runs[5]!.logs[0]?.[0]);
  t.regex(runs[5]!.logs[0]?.[0] ?? "", /x\*/, "the error quotes the expression");
  t.is(typeErrors[3]![0]!.line, 2);
});
