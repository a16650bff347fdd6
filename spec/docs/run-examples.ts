/**
 * Runs the documentation's examples in one batch: each example is instrumented and written as a
 * module under node_modules/.cache/ (see {@link examplesDir}), then a single child process imports
 * them all (see driver.ts). The modules are also type-checked together, in this process, with
 * the project's compiler options, so an example that would not compile for a user fails too.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import type { ExampleRun } from "./driver.ts";
import type { DocExample } from "./extract.ts";
import { instrument, type LogSite } from "./instrument.ts";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * A fresh directory for one run's example modules, inside the repository (so the examples
 * resolve the project's packages and types) but git-ignored, and unique to this process so that
 * concurrent test runs do not overwrite each other's files. Remove it with {@link removeExamplesDir}.
 */
export function examplesDir(purpose: string): string {
  return join(ROOT, "node_modules", ".cache", `cotangent-doc-examples-${purpose}-${process.pid}`);
}

/** Deletes a directory made by {@link examplesDir}. */
export function removeExamplesDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** An example, ready to run: its module file and its console.log call sites (none for a command line). */
export interface PreparedExample extends DocExample {
  /** The instrumented module; empty for a command-line example. */
  modulePath: string;
  sites: LogSite[];
}

/** What the driver runs: a module to import, or a `cotangent` command line. */
export type DriverTask = { module: string } | { cli: string[] };

/** Writes every example as an instrumented module; returns where each went. */
export function prepareExamples(examples: readonly DocExample[], dir: string): PreparedExample[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const lib = join(ROOT, "lib", "index.ts");
  return examples.map((ex, i) => {
    if (ex.cli !== undefined) return { ...ex, modulePath: "", sites: [] };
    const name = `${String(i).padStart(3, "0")}-${ex.file.replace(/[^\w]+/g, "_")}-L${ex.line}.mts`;
    const modulePath = join(dir, name);
    let spec = relative(dir, lib).split("\\").join("/");
    if (!spec.startsWith(".")) spec = `./${spec}`;
    const { code, sites } = instrument(ex.code, spec);
    writeFileSync(modulePath, code);
    return { ...ex, modulePath, sites };
  });
}

/**
 * Runs every prepared example in one child process: imports each module, or runs each command
 * line through the CLI's `runCli`. One result per example, in order.
 */
export async function runExamples(prepared: readonly PreparedExample[], dir: string): Promise<ExampleRun[]> {
  const manifest = join(dir, "manifest.json");
  const results = join(dir, "results.json");
  const tasks: DriverTask[] = prepared.map((p) => (p.cli !== undefined ? { cli: p.cli.argv } : { module: p.modulePath }));
  writeFileSync(manifest, JSON.stringify(tasks));
  const driver = join(ROOT, "spec", "docs", "driver.ts");
  await promisify(execFile)(process.execPath, ["--import", "tsx", driver, manifest, results], {
    cwd: ROOT,
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(readFileSync(results, "utf8")) as ExampleRun[];
}

/** A type error in an example; `line` is 1-based in the example's code. */
export interface TypeErrorAt {
  line: number;
  message: string;
}

/** The type errors of each example, and the program that checked them (it includes lib/index.ts). */
export interface TypeCheck {
  /** Per prepared example, in order; empty when it compiles. */
  errors: TypeErrorAt[][];
  program: ts.Program;
}

/**
 * Type-checks the examples together with the project's compiler options. Node's types are
 * loaded only when an example uses Node (they double the time of the check).
 */
export function typecheckExamples(prepared: readonly PreparedExample[]): TypeCheck {
  const configPath = join(ROOT, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const usesNode = prepared.some((p) => /\bnode:|\bprocess\b|\bBuffer\b|\brequire\(/.test(p.code));
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, rootDir: undefined, types: usesNode ? ["node"] : [] };
  const program = ts.createProgram(prepared.filter((p) => p.cli === undefined).map((p) => p.modulePath), options);
  const errors = prepared.map((p) => {
    if (p.cli !== undefined) return [];
    const source = program.getSourceFile(p.modulePath);
    if (source === undefined) return [{ line: 1, message: `could not load ${p.modulePath}` }];
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => ({
      line: d.start === undefined ? 1 : source.getLineAndCharacterOfPosition(d.start).line + 1,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    }));
  });
  return { errors, program };
}
