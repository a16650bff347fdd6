/**
 * Running a fixture where code generation is disallowed, as under a strict Content-Security-
 * Policy: the library must then fall back to uncompiled paths with identical results. A fixture
 * calls {@link printResultsIfMain}; a test calls {@link runWithoutCodeGeneration} and compares.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What a fixture prints: whether it could generate code, and its results. */
export interface FixtureOutput<T> {
  codegen: boolean;
  results: T;
}

/** Runs `fixture` (a path from the repository root) with code generation disallowed; returns what it printed. */
export function runWithoutCodeGeneration<T>(fixture: string): FixtureOutput<T> {
  const run = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", "--import=tsx", fixture], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(`${fixture} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as FixtureOutput<T>;
}

/** In a fixture: when it is the program being run, prints `{ codegen, results }` as JSON. */
export function printResultsIfMain(meta: ImportMeta, results: () => unknown): void {
  const main = process.argv[1];
  if (main === undefined || !meta.url.endsWith(main.replace(/\\/g, "/"))) return;
  let codegen = true;
  try {
    new Function("return 1");
  } catch {
    codegen = false;
  }
  console.log(JSON.stringify({ codegen, results: results() }));
}
