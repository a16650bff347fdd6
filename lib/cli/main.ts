#!/usr/bin/env node
/**
 * The `cotangent` executable (package.json `bin`, built to dist/cli/main.js).
 * @module
 */
import { runCli } from "./program.ts";

process.exitCode = runCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});
