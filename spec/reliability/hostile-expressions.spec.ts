// Hostile formulas: compileExpression and the `cotangent` command are fed random strings (fast-
// check), token soups and a corpus of known expression-parser escape attempts. Every one must end
// in an ExpressionError or a correct result (checked against mathjs's own evaluation where that
// is a real number), never in running code (a canary and the built-ins are checked after each
// case), a crash (the child process dying, or an error that is not a CotangentError) or a hang
// (each case is time-boxed, generously). The deepest accepted nesting, MAX_EXPRESSION_DEPTH, is
// accepted and one level more is rejected. The cases run in a child process (hostile-runner.ts).
import test from "ava";
import fc from "fast-check";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from "../../lib/index.ts";
import type { HostileCase, HostileResult } from "./hostile-runner.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** No single case may take longer than this: far above any legitimate compile, so only a hang trips it. */
const CASE_TIME_LIMIT_MS = 30_000;

// ------------------------------------------------------------------ what each case must do

type Expectation =
  | { kind: "rejected" } // an ExpressionError while compiling
  | { kind: "either" } // an ExpressionError, or a correct value (mathjs agrees where it gives a real number)
  | { kind: "value"; value: number } // compiles, and gives this value at the default point
  | { kind: "cli" } // the command exits with 2 and explains on stderr
  | { kind: "tampered" }; // the runner's self-test: the canary check must notice

interface Planned {
  case: HostileCase;
  expect: Expectation;
  /** Where the case comes from, for the counts and failure messages. */
  origin: string;
}

const REJECTED: Expectation = { kind: "rejected" };
const EITHER: Expectation = { kind: "either" };

/** Known escape attempts against expression parsers (mathjs's own security notes and common JS sandbox breaks). */
const ESCAPES: readonly string[] = [
  // prototypes and constructors
  'constructor.constructor("return process")()',
  'x.constructor.constructor("globalThis.__cotangentHostileCanary = 1")()',
  'cos["constructor"]["constructor"]("globalThis.__cotangentHostileCanary = 1")()',
  "sin.constructor",
  "[].constructor",
  "(1).constructor",
  'x["constructor"]',
  "x.__proto__",
  "__proto__.polluted = 1",
  "x.__proto__.polluted = 1",
  '{}["__proto__"]["polluted"] = 1',
  "prototype.x",
  "sin.prototype",
  "Object.prototype",
  "x.toString()",
  'x.hasOwnProperty("a")',
  "x.valueOf",
  // function definitions and assignments
  "f(x) = x^2",
  "f(x) = globalThis",
  "g(a, b) = a + b",
  "f(x) = x^2; f(2)",
  "f(x) = x\nf(2)",
  "x = 1",
  "a = 5",
  "__proto__ = 1",
  "constructor = 1",
  "x[1] = 2",
  "x.y = 2",
  "a.b.c = 1",
  "x = x + 1",
  // mathjs's functions that reach outside a formula
  "import({ x: 1 })",
  'import({ sin: 1 }, { override: true })',
  'evaluate("1+1")',
  'evaluate("__proto__.polluted = 1")',
  'parse("x")',
  'compile("x").evaluate()',
  'createUnit("foo")',
  'createUnit("cotangentUnit", "5 cm")',
  'simplify("x+x")',
  'derivative("x^2", "x")',
  'config({ number: "BigNumber" })',
  "chain(3).add(4).done()",
  "help(sin)",
  "typeOf(x)",
  "format(x)",
  'print("$a", { a: 1 })',
  "map([1, 2], sin)",
  "forEach([1], sin)",
  "filter([1], sin)",
  "matrix([1])",
  "range(1, 1e9)",
  "zeros(1e9)",
  "ones(100000, 100000)",
  "identity(1e6)",
  "random()",
  'bignumber("1e999")',
  "complex(1, 2)",
  "fraction(1, 3)",
  'unit("5 cm")',
  "string(x)",
  'concat("a", "b")',
  "resolve(x)",
  // literals and operators outside the language
  '"hello"',
  "'x'",
  '"constructor"',
  "{a: 1}",
  "{}",
  "true",
  "false",
  "null",
  "undefined",
  "x ? 1 : 2",
  "1:3",
  "x == 1",
  "x > 1",
  "x and y",
  "not x",
  "x | y",
  "x & y",
  "x << 1",
  "x!",
  "x mod 2",
  "x to cm",
  "5 cm to inch",
  "x; y",
  "x\ny",
  // JavaScript that a naive evaluator would run
  "this.x",
  "globalThis.process",
  "process.exit(1)",
  'require("fs")',
  'import("fs")',
  'eval("1")',
  'Function("return this")()',
  'new Function("x")',
  "() => 1",
  "x => x",
  "function() {}",
  "${x}",
  "`x`",
  "x; globalThis.__cotangentHostileCanary = 1",
  "\u0000",
  "x\u0000",
  "@",
  "x\u202e + y",
];

/** Names that mathjs parses as plain symbols: they may become variables, harmlessly. */
const HARMLESS_NAMES: readonly string[] = [
  "constructor", "__proto__", "prototype", "toString", "hasOwnProperty", "valueOf", "eval", "Function", "this", "globalThis",
  "process", "require", "window", "module", "exports", "Object", "constructor + 1", "__proto__ * x", "5 cm", "2 inch + x", "i", "phi",
  "end", "x # comment", "x'", "1e999999", "0x10", "0b101", "NaN", "Infinity", "-Infinity",
  // JavaScript keywords are plain symbols to mathjs: "await x" is await times x
  "await x", "delete x", "typeof x", "void 0", "new x", "$", "_",
];

/** Valid formulas with known values at the default point x = 0.3, y = 0.47. */
const VALID: readonly [string, number][] = [
  ["x", 0.3],
  ["sin(x)^2 + cos(x)^2", 1],
  ["2^3", 8],
  ["-(-(-x))", -0.3],
  ["x * y", 0.3 * 0.47],
  ["log(8, 2)", 3],
  ["sum([1, 2, 3]) * x", 1.8],
  ["pi", Math.PI],
];

/** Deep, long and huge inputs, around the documented limits (evaluated at x = 0.5 where it matters). */
function limitCases(): [string, string, Expectation, number[]?][] {
  const D = MAX_EXPRESSION_DEPTH;
  const nestedParens = (n: number) => "(".repeat(n) + "x" + ")".repeat(n);
  const nestedSin = (n: number) => "sin(".repeat(n) + "x" + ")".repeat(n);
  let sinValue = 0.3;
  for (let i = 0; i < D / 2; i++) sinValue = Math.sin(sinValue);
  const sumOf = (n: number) => Array.from({ length: n }, () => "x").join("+"); // 2n - 1 characters
  const longestSum = Math.floor((MAX_EXPRESSION_LENGTH + 1) / 2);
  const atLimit = sumOf(longestSum).padEnd(MAX_EXPRESSION_LENGTH, " ");
  return [
    [`${D} nested parentheses (the documented limit)`, nestedParens(D), { kind: "value", value: 0.3 }],
    [`${D + 1} nested parentheses`, nestedParens(D + 1), REJECTED],
    ["100,000 nested parentheses", nestedParens(100_000), REJECTED],
    ["4,999 nested parentheses (within the length limit)", nestedParens(4_999), REJECTED],
    [`${D / 2} nested sin calls`, nestedSin(D / 2), { kind: "value", value: sinValue }],
    ["5,000 nested sin calls", nestedSin(5_000).slice(0, MAX_EXPRESSION_LENGTH), REJECTED],
    [`${D + 1} nested brackets`, "[".repeat(D + 1) + "x" + "]".repeat(D + 1), REJECTED],
    ["9,999 unary minus signs", "-".repeat(9_999) + "x", REJECTED],
    ["a 5,000-level power tower", "x" + "^x".repeat(4_999), REJECTED],
    ["5,000 transposes", "x" + "'".repeat(5_000), REJECTED],
    ["5,000 opening parentheses, unclosed", "(".repeat(5_000), REJECTED],
    ["5,000 closing parentheses", ")".repeat(5_000), REJECTED],
    [`a flat sum of exactly ${MAX_EXPRESSION_LENGTH} characters (the length limit)`, atLimit, { kind: "value", value: 0.5 * longestSum }, [0.5]],
    [`${MAX_EXPRESSION_LENGTH + 1} characters`, atLimit + " ", REJECTED],
    ["a million characters", "x+".repeat(500_000) + "x", REJECTED],
    ["a 9,999-digit number", "9".repeat(9_999), { kind: "value", value: Infinity }],
    ["a 9,999-character name", "a".repeat(9_999), { kind: "value", value: 0.3 }],
    ["a 3,000-element vector", "sum([" + Array.from({ length: 3_000 }, () => "1").join(",") + "])", { kind: "value", value: 3_000 }],
    ["a matrix to the power 1e9", "sum([[1, 2], [3, 4]]^1000000000)", { kind: "value", value: Infinity }],
    ["max of 3,000 arguments", "max(" + Array.from({ length: 3_000 }, (_, i) => (i === 1_234 ? "2" : "1")).join(",") + ")", { kind: "value", value: 2 }],
  ];
}

/** Hostile command lines: each must exit with 2 and say why on stderr. */
const COMMAND_LINES: readonly string[][] = [
  ["grad", 'constructor.constructor("return process")()', "--at", "x=1"],
  ["grad", "__proto__.polluted", "--at", "x=1"],
  ["jvp", "f(x) = x", "--at", "x=1", "--tangent", "x=1"],
  ["hessian", "import({})", "--at", "x=1"],
  ["graph", 'evaluate("1")'],
  ["grad", "(".repeat(100_000) + "x" + ")".repeat(100_000), "--at", "x=1"],
  ["grad", "x", "--at", "x=constructor"],
  ["grad", "x", "--at", "x=" + "[".repeat(1_000)],
  ["grad", "x", "--at", "x=a=b"],
  ["grad", "x", "--at", "__proto__=1"],
  ["grad", "x^2", "--at", "x=3", "--__proto__", "1"],
  ["grad", "x^2", "--at", "x=3", "--digits", "constructor"],
  ["__proto__"],
  ["constructor", "x"],
  ["toString"],
];

// ------------------------------------------------------------------ random inputs (fast-check)

const MATH_CHARS = [..."xyz0123456789.+-*/^()[],;'\"=:?!{}<>&|#@$ e\n", "sin", "pi"];
const TOKENS = [
  "x", "y", "z", "2", "0.5", "1e3", "1e999", "pi", "e", "tau", "+", "-", "*", "/", "^", ".*", "./", ".^", "'", "(", ")", "[", "]",
  ",", ";", " ", "sin", "cos", "exp", "log", "sqrt", "max", "min", "sum", "mean", "pow", "abs", "atan2", "hypot", "nthRoot", "dot",
  "transpose", "=", ".", ":", "?", "!", "{", "}", '"', "constructor", "__proto__", "prototype", "import", "evaluate", "parse",
  "f(x)=", "cm", "true", "==", "and", "#", "\n", "toString", "hasOwnProperty", "Function", "globalThis", "process", "require",
  "eval", "this", "createUnit", "end", "i", "NaN", "Infinity",
];

function randomSources(): [string, string[]][] {
  return [
    ["random strings (any code point)", fc.sample(fc.string({ unit: "binary", maxLength: 30 }), { numRuns: 1_000, seed: 601 })],
    ["random strings (formula characters)", fc.sample(fc.string({ unit: fc.constantFrom(...MATH_CHARS), maxLength: 40 }), { numRuns: 2_000, seed: 602 })],
    ["token soups", fc.sample(fc.array(fc.constantFrom(...TOKENS), { maxLength: 20 }).map((t) => t.join("")), { numRuns: 3_000, seed: 603 })],
  ];
}

// ------------------------------------------------------------------ running the child

interface Outcome {
  results: Map<number, HostileResult>;
  /** Why the child stopped early, if it did. */
  failure: string | null;
}

function runChild(planned: readonly Planned[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import=tsx", "spec/reliability/hostile-runner.ts"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    const results = new Map<number, HostileResult>();
    let buffer = "";
    let stderr = "";
    let failure: string | null = null;
    const current = () => planned[results.size];
    const describeCase = (p: Planned | undefined) => (p === undefined ? "(none)" : `${p.origin} #${p.case.id}: ${JSON.stringify(p.case.source ?? p.case.argv ?? p.case.kind).slice(0, 200)}`);
    let watchdog: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        failure = `a case ran longer than ${CASE_TIME_LIMIT_MS / 1000} s (a hang): ${describeCase(current())}`;
        child.kill("SIGKILL");
      }, CASE_TIME_LIMIT_MS);
    };
    arm();
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!line.startsWith("RESULT ")) continue;
        const r = JSON.parse(line.slice(7)) as HostileResult;
        results.set(r.id, r);
        arm();
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => void (stderr += chunk));
    child.on("close", (code, signal) => {
      clearTimeout(watchdog);
      if (failure === null && results.size < planned.length) {
        failure = `the runner died (exit ${code}, signal ${signal}) at ${describeCase(current())}:\n${stderr.slice(-2000)}`;
      }
      resolve({ results, failure });
    });
    child.stdin.end(planned.map((p) => JSON.stringify(p.case)).join("\n") + "\n");
  });
}

const sameNumber = (a: string, b: string): boolean => {
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x), Math.abs(y));
};

/** What is wrong with a result, or null. */
function judge(p: Planned, r: HostileResult | undefined): string | null {
  const what = `${p.origin}: ${JSON.stringify(p.case.source ?? p.case.argv ?? p.case.kind).slice(0, 160)}`;
  if (r === undefined) return `${what}: no result`;
  if (p.expect.kind === "tampered") return r.tampered === undefined ? `${what}: the canary check did not notice a change` : null;
  if (r.tampered !== undefined) return `${what}: ran code: ${r.tampered}`;
  const fault = (r.stage === "compile-error" || r.stage === "run-error") && !r.cotangent;
  if (fault) return `${what}: crashed with ${r.errorName} (not a CotangentError): ${r.message?.slice(0, 300)}`;
  switch (p.expect.kind) {
    case "cli":
      if (r.exitCode !== 2) return `${what}: exit code ${r.exitCode}, expected 2; stderr: ${r.stderr?.slice(0, 300)}`;
      if (!r.stderr?.startsWith("cotangent: ") || r.stderr.trim().length < 20) return `${what}: no explanation on stderr: ${JSON.stringify(r.stderr)}`;
      if (r.stdout !== "") return `${what}: printed on stdout: ${r.stdout?.slice(0, 100)}`;
      return null;
    case "rejected":
      if (r.stage !== "compile-error" || r.errorName !== "ExpressionError") {
        return `${what}: expected an ExpressionError, got ${r.stage}${r.errorName ? ` ${r.errorName}` : ""} ${r.value ?? ""}`;
      }
      if (!r.message?.startsWith("compileExpression: ")) return `${what}: the message does not name compileExpression: ${r.message}`;
      return null;
    case "value":
      if (r.stage !== "value" || r.value === undefined || !sameNumber(r.value, String(p.expect.value))) {
        return `${what}: expected the value ${p.expect.value}, got ${r.stage} ${r.value ?? r.message?.slice(0, 200) ?? ""}`;
      }
      return null;
    case "either":
      if (r.stage === "compile-error" && r.errorName !== "ExpressionError") return `${what}: compile error ${r.errorName}, expected an ExpressionError`;
      if (r.stage === "value" && r.oracle !== undefined && !sameNumber(r.value!, r.oracle)) return `${what}: value ${r.value}, but mathjs gives ${r.oracle}`;
      return null;
  }
}

// ------------------------------------------------------------------ the tests

test("hostile formulas and command lines end in a clear error or a correct result, never in running code, a crash or a hang", async (t) => {
  t.timeout(5 * 60_000);
  t.true(Number.isInteger(MAX_EXPRESSION_DEPTH) && MAX_EXPRESSION_DEPTH >= 32, `MAX_EXPRESSION_DEPTH is ${MAX_EXPRESSION_DEPTH}`);
  const planned: Planned[] = [];
  const add = (origin: string, c: Omit<HostileCase, "id">, expect: Expectation) => planned.push({ case: { ...c, id: planned.length }, expect, origin });
  for (const s of ESCAPES) add("escape attempt", { kind: "compile", source: s }, REJECTED);
  for (const s of HARMLESS_NAMES) add("harmless name", { kind: "compile", source: s }, EITHER);
  for (const [s, v] of VALID) add("valid formula", { kind: "compile", source: s }, { kind: "value", value: v });
  for (const [name, s, e, args] of limitCases()) add(`limits: ${name}`, { kind: "compile", source: s, ...(args ? { args } : {}) }, e);
  for (const [origin, sources] of randomSources()) for (const s of sources) add(origin, { kind: "compile", source: s }, EITHER);
  for (const argv of COMMAND_LINES) add("command line", { kind: "cli", argv }, { kind: "cli" });
  add("self-test", { kind: "tamper" }, { kind: "tampered" });
  add("after the self-test", { kind: "compile", source: "x" }, { kind: "value", value: 0.3 });

  const { results, failure } = await runChild(planned);
  t.is(failure, null);
  const problems = planned.map((p) => judge(p, results.get(p.case.id))).filter((x) => x !== null);
  t.deepEqual(problems, [], `${problems.length} of ${planned.length} cases went wrong:\n${problems.slice(0, 30).join("\n")}`);

  // The counts, for the record.
  const byOrigin = new Map<string, { n: number; rejected: number; values: number; runErrors: number; checked: number }>();
  for (const p of planned) {
    if (p.expect.kind === "tampered" || p.origin === "after the self-test") continue;
    const key = p.origin.startsWith("limits") ? "limits" : p.origin;
    const r = results.get(p.case.id);
    const c = byOrigin.get(key) ?? { n: 0, rejected: 0, values: 0, runErrors: 0, checked: 0 };
    c.n++;
    if (r?.stage === "compile-error") c.rejected++;
    if (r?.stage === "value") c.values++;
    if (r?.stage === "run-error") c.runErrors++;
    if (r?.oracle !== undefined) c.checked++;
    byOrigin.set(key, c);
  }
  for (const [origin, c] of byOrigin) {
    t.log(`${origin}: ${c.n} cases, ${c.rejected} ExpressionErrors, ${c.values} values (${c.checked} checked against mathjs), ${c.runErrors} errors while running`);
  }
  t.true(byOrigin.get("token soups")!.values > 100, "the token soups should compile now and then, or the oracle checks nothing");
});

test("the cotangent executable exits with 2 and a message on stderr for hostile input", (t) => {
  for (const argv of [
    ["grad", 'constructor.constructor("return process")()', "--at", "x=1"],
    ["grad", "__proto__.x = 1", "--at", "x=1"],
    ["__proto__"],
  ]) {
    const run = spawnSync(process.execPath, ["--import=tsx", "lib/cli/main.ts", ...argv], { cwd: ROOT, encoding: "utf8", timeout: CASE_TIME_LIMIT_MS });
    t.is(run.status, 2, `${argv.join(" ")}: ${run.stderr}`);
    t.regex(run.stderr, /^cotangent: \S/, argv.join(" "));
    t.is(run.stdout, "", argv.join(" "));
  }
});
