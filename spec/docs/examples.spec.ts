// Examples are tests: every `@example` block in lib/ and every ```ts block in docs/*.md runs,
// type-checks, and prints what its `// expected` comments say (see compare.ts for how leniently);
// every `$ cotangent ...` command in a guide prints the output shown under it; and every function
// the public API exports has an example.
import test from "ava";
import type { ExampleRun } from "./driver.ts";
import { exportedCallables, type ExportedCallable } from "./api-coverage.ts";
import { collectExamples } from "./extract.ts";
import { compareOutput } from "./compare.ts";
import {
  examplesDir, prepareExamples, removeExamplesDir, runExamples, typecheckExamples, ROOT, type PreparedExample, type TypeErrorAt,
} from "./run-examples.ts";

const CACHE = examplesDir("spec");
const prepared: PreparedExample[] = prepareExamples(collectExamples(ROOT), CACHE);

let runs: ExampleRun[] = [];
let typeErrors: TypeErrorAt[][] = [];
let callables: ExportedCallable[] = [];

test.before(async () => {
  const running = runExamples(prepared, CACHE);
  const checked = typecheckExamples(prepared);
  typeErrors = checked.errors;
  callables = exportedCallables(checked.program);
  runs = await running;
});

test.after.always(() => removeExamplesDir(CACHE));

test("every exported function has an @example in its TSDoc", (t) => {
  t.true(callables.length > 50 && callables.some((c) => c.name === "grad"), `the scan found only ${callables.length} exported functions`);
  const missing = callables.filter((c) => !c.hasExample).map((c) => `${c.name} (${c.file})`);
  t.deepEqual(missing, [], `add an @example (a \`\`\`ts block printing with console.log and a // expected comment) to: ${missing.join(", ")}`);
});

test("the documentation has examples in both the source and the guides", (t) => {
  t.true(prepared.some((p) => p.file.startsWith("lib/")), "no @example blocks found in lib/");
  t.true(prepared.some((p) => p.file.startsWith("docs/")), "no ts blocks found in docs/*.md");
  t.log(`${prepared.length} examples: ${prepared.filter((p) => p.file.startsWith("lib/")).length} in lib/, ${prepared.filter((p) => p.file.startsWith("docs/")).length} in docs/`);
});

for (const [i, ex] of prepared.entries()) {
  const cli = ex.cli;
  if (cli !== undefined) {
    test(`command ${ex.label}`, (t) => {
      t.is(cli.command, "cotangent", `${ex.file}:${ex.line}: only \`cotangent\` commands can be checked in a console block; show other commands in a sh block`);
      const run = runs[i]!;
      t.is(run.error, null, `${ex.label} threw`);
      const mismatch = compareOutput(run.logs[0]?.[0] ?? "", cli.expected);
      t.is(mismatch, null, `${ex.file}:${ex.line}: ${mismatch}`);
    });
    continue;
  }
  test(`example ${ex.label}`, (t) => {
    const run = runs[i]!;
    const where = (line: number) => `${ex.file}:${ex.lineMap?.[line - 1] ?? ex.line + line - 1}`;
    t.deepEqual(typeErrors[i]!.map((e) => `${where(e.line)}: ${e.message}`), [], `${ex.label} does not type-check`);
    t.is(run.error, null, `${ex.label} threw`);
    for (const [k, site] of ex.sites.entries()) {
      if (site.misplaced) {
        t.fail(`${where(site.line)}: the expected output seems to be on the next line; put it at the end of the console.log line (\`console.log(x); // 42\`), where it is checked.`);
        continue;
      }
      if (site.expected === null) continue;
      const printed = run.logs[k] ?? [];
      if (printed.length !== 1) {
        t.fail(`${where(site.line)}: a console.log with an expected-output comment must print exactly once; it printed ${printed.length} times.`);
        continue;
      }
      const mismatch = compareOutput(printed[0]!, site.expected);
      t.is(mismatch, null, `${where(site.line)}: ${mismatch}`);
    }
    if (ex.output !== undefined) {
      const mismatch = compareOutput(run.printed.join("\n"), ex.output.text);
      t.is(mismatch, null, `${ex.file}:${ex.output.line}: the output block does not match what the example prints: ${mismatch}`);
    }
    t.pass();
  });
}
