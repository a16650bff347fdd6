/**
 * Child-process side of the examples runner: imports each instrumented example module in turn
 * and records what each console.log call site printed and whether the module threw; runs each
 * command-line example through the CLI's `runCli` and records what it printed.
 *
 * Usage: node --import tsx spec/docs/driver.ts <manifest.json> <results.json>
 * The manifest is a JSON array of tasks (see DriverTask in run-examples.ts); the results a JSON
 * array, one entry per task, in the same order.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { LOG_HOOK } from "./instrument.ts";
import type { DriverTask } from "./run-examples.ts";

/** What one example did when run. */
export interface ExampleRun {
  /** Printed output per call site index (one entry per time the site ran); a command line's output is site 0. */
  logs: Record<number, string[]>;
  /** Everything printed, in order. */
  printed: string[];
  /** A command line's exit status. */
  exitCode?: number;
  /** The error it threw, with its stack, or null. */
  error: string | null;
  /** Wall time of the import, in ms (for finding slow examples; never asserted). */
  ms: number;
}

/** The CLI's entry point, loaded on first use (so module examples run even without a CLI). */
type RunCli = (argv: readonly string[], io: { stdout(text: string): void; stderr(text: string): void }) => number;
let runCli: RunCli | null = null;

async function runCommand(argv: string[], run: ExampleRun): Promise<void> {
  runCli ??= ((await import(new URL("../../lib/cli/program.ts", import.meta.url).href)) as { runCli: RunCli }).runCli;
  let printed = "";
  const io = { stdout: (text: string) => void (printed += text), stderr: (text: string) => void (printed += text) };
  run.exitCode = runCli(argv, io);
  run.logs[0] = [printed];
  run.printed.push(printed);
}

async function main(manifestPath: string, resultsPath: string): Promise<void> {
  const tasks = JSON.parse(readFileSync(manifestPath, "utf8")) as DriverTask[];
  const results: ExampleRun[] = [];
  let current: ExampleRun | null = null;
  (globalThis as Record<string, unknown>)[LOG_HOOK] =
    (site: number) =>
    (...args: unknown[]): void => {
      if (current === null) return;
      const text = format(...args);
      (current.logs[site] ??= []).push(text);
      current.printed.push(text);
    };
  for (const task of tasks) {
    const run: ExampleRun = { logs: {}, printed: [], error: null, ms: 0 };
    current = run;
    const start = performance.now();
    try {
      if ("cli" in task) await runCommand(task.cli, run);
      else await import(pathToFileURL(task.module).href);
    } catch (e) {
      run.error = e instanceof Error ? (e.stack ?? String(e)) : String(e);
    }
    run.ms = performance.now() - start;
    current = null;
    results.push(run);
  }
  writeFileSync(resultsPath, JSON.stringify(results));
}

const [manifest, out] = process.argv.slice(2);
if (manifest === undefined || out === undefined) {
  console.error("usage: node --import tsx spec/docs/driver.ts <manifest.json> <results.json>");
  process.exit(2);
}
await main(manifest, out);
