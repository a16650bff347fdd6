// The `cotangent` command through its real entry point (a child process running
// lib/cli/main.ts, the file the package's bin is built from): output, exit codes, stderr.
// Each run costs a Node start-up, so the details are tested in-process in run-cli.spec.ts.
import test from "ava";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(ROOT, "lib", "cli", "main.ts");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cotangent(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: ROOT, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

test("grad prints the value and gradient of the issue's example, and JSON with --json", async (t) => {
  const [run, asJson] = await Promise.all([
    cotangent("grad", "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "--at", "x=2,z=3"),
    cotangent("grad", "x^2 * y", "--at", "x=3", "--at", "y=-1", "--json"),
  ]);
  t.is(run.code, 0, run.stderr);
  t.is(run.stderr, "");
  t.is(
    run.stdout,
    [
      "f(x, z) = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
      "at x = 2, z = 3",
      "",
      "f       412.19145728412116",
      "df/dx  1208.3812151266095",
      "df/dz   809.707479218564",
      "",
    ].join("\n"),
  );
  t.is(asJson.code, 0, asJson.stderr);
  t.deepEqual(JSON.parse(asJson.stdout), { command: "grad", expression: "x^2 * y", vars: ["x", "y"], at: { x: 3, y: -1 }, value: -9, gradient: { x: -6, y: 9 } });
});

test("jacobian says which mode auto chose and why", async (t) => {
  const wide = await cotangent("jacobian", "x*y, sin(x), x + y", "--at", "x=2,y=3");
  t.is(wide.code, 0, wide.stderr);
  t.regex(wide.stdout, /mode +forward \(auto: 2 input\(s\) <= 3 output\(s\)/);
  t.regex(wide.stdout, /x\*y +3 +2\n/);
});

test("a bad expression exits with 2 and explains on stderr", async (t) => {
  const run = await cotangent("grad", "x + foo(y)", "--at", "x=1,y=2");
  t.is(run.code, 2);
  t.is(run.stdout, "");
  t.regex(run.stderr, /^cotangent: unknown function `foo` at chars 5-7:\n {4}x \+ foo\(y\)\n {8}\^\^\^\n/);
});

test("bad usage exits with 2 and the help goes to stderr when no command is given", async (t) => {
  const [unknown, none] = await Promise.all([cotangent("grad", "x", "--at", "x=1", "--tangent", "x=1"), cotangent()]);
  t.is(unknown.code, 2);
  t.is(unknown.stdout, "");
  t.regex(unknown.stderr, /--tangent is not an option of grad/);
  t.is(none.code, 2);
  t.regex(none.stderr, /Usage: cotangent <command>/);
});

test("--help exits with 0 and prints on stdout", async (t) => {
  const run = await cotangent("jacobian", "--help");
  t.is(run.code, 0, run.stderr);
  t.regex(run.stdout, /--mode auto\|forward\|reverse/);
});

test("the package's bin is the built entry point, which keeps its shebang", (t) => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin?: Record<string, string>; files?: string[] };
  t.deepEqual(pkg.bin, { cotangent: "dist/cli/main.js" });
  t.true(pkg.files?.includes("dist"));
  t.true(readFileSync(MAIN, "utf8").startsWith("#!/usr/bin/env node\n"));
});
