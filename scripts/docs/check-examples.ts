/**
 * Runs the documentation's examples and prints, for each console.log, what it printed next to
 * what its `// expected` comment says: the quick loop while writing docs. The test suite runs
 * the same examples (spec/docs/examples.spec.ts).
 *
 *   npx tsx scripts/docs/check-examples.ts                 # every example
 *   npx tsx scripts/docs/check-examples.ts docs/03 grad.ts # only files whose path contains one of these
 */
import { collectExamples } from "../../spec/docs/extract.ts";
import { compareOutput } from "../../spec/docs/compare.ts";
import { examplesDir, prepareExamples, removeExamplesDir, runExamples, typecheckExamples, ROOT } from "../../spec/docs/run-examples.ts";

const filters = process.argv.slice(2);
const examples = collectExamples(ROOT).filter((e) => filters.length === 0 || filters.some((f) => e.file.includes(f)));
const dir = examplesDir("check");
const prepared = prepareExamples(examples, dir);
const running = runExamples(prepared, dir);
const typeErrors = typecheckExamples(prepared).errors;
const runs = await running;
removeExamplesDir(dir);

let failures = 0;
prepared.forEach((ex, i) => {
  const run = runs[i]!;
  const at = (line: number) => `${ex.file}:${ex.lineMap?.[line - 1] ?? ex.line + line - 1}`;
  const problems: string[] = [];
  if (ex.cli !== undefined) {
    const printed = run.logs[0]?.[0] ?? "";
    const verdict = run.error ?? (ex.cli.command === "cotangent" ? compareOutput(printed, ex.cli.expected) : "not a cotangent command");
    console.log(`${verdict === null ? "ok  " : "FAIL"} ${ex.label} (exit ${run.exitCode ?? "?"})`);
    if (verdict !== null) {
      console.log(`  ${verdict}`);
      failures++;
    }
    return;
  }
  for (const e of typeErrors[i]!) problems.push(`  type error at ${at(e.line)}: ${e.message}`);
  if (run.error !== null) problems.push(`  threw: ${run.error.split("\n").slice(0, 3).join("\n  ")}`);
  const lines = ex.sites.map((site, k) => {
    const printed = run.logs[k] ?? [];
    const shown = printed.map((p) => p.replace(/\s*\n\s*/g, " ")).join(" | ");
    if (site.misplaced) problems.push(`  ${at(site.line)}: the expected output is on the next line; put it at the end of the console.log line`);
    if (site.expected === null) return `  ${at(site.line)}  ${shown}`;
    const verdict = printed.length === 1 ? compareOutput(printed[0]!, site.expected) : `printed ${printed.length} times`;
    if (verdict !== null) problems.push(`  ${at(site.line)}: ${verdict}`);
    return `  ${at(site.line)}  ${verdict === null ? "ok  " : "FAIL"} ${shown}${verdict === null ? "" : `   (expected: ${site.expected})`}`;
  });
  if (ex.output !== undefined) {
    const verdict = compareOutput(run.printed.join("\n"), ex.output.text);
    if (verdict !== null) problems.push(`  output block at ${ex.file}:${ex.output.line}: ${verdict}`);
  }
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${ex.label} (${run.ms.toFixed(0)} ms)`);
  for (const l of lines) console.log(l);
  for (const p of problems) console.log(p);
  if (problems.length > 0) failures++;
});
console.log(`\n${prepared.length} examples, ${failures} failing`);
process.exitCode = failures === 0 ? 0 : 1;
