/**
 * Child process of hostile-expressions.spec.ts: reads cases (one JSON object per line) from
 * stdin, runs each, and prints one `RESULT {...}` line per case. Running in a child lets the
 * test time-box every case and notice a crash (the process dying) as well as a hang.
 *
 * A case compiles a formula and calls it, or runs the `cotangent` command in-process. After each
 * case the runner checks that no code of the formula ran: a global canary is untouched, no
 * property or global appeared on the built-in prototypes or the global object, and the mathjs
 * instance used for parsing still has the same functions.
 */
import { createRequire } from "node:module";
import { CotangentError, Tensor, compileExpression, type Value } from "../../lib/index.ts";
import { runCli } from "../../lib/cli/program.ts";

export interface HostileCase {
  id: number;
  /** "tamper" is the runner's self-test: it changes the canary, which must be reported. */
  kind: "compile" | "cli" | "tamper";
  /** The formula (compile cases). */
  source?: string;
  /** Explicit arguments (numbers); default 0.3, 0.47, 0.64, ... one per variable. */
  args?: number[];
  /** The command line (cli cases). */
  argv?: string[];
}

export interface HostileResult {
  id: number;
  /** Where it ended: an error while compiling, an error while running, a value, or a CLI exit code. */
  stage: "compile-error" | "run-error" | "value" | "cli";
  errorName?: string;
  /** The error was a CotangentError (a handled, explained failure). */
  cotangent?: boolean;
  message?: string;
  vars?: string[];
  /** The result: a number (as a string, so NaN and the infinities survive JSON) or a tensor's shape. */
  value?: string;
  shape?: number[];
  /** mathjs's own value of the formula at the same point, when it is a real number. */
  oracle?: string;
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  /** What changed in the global state, if anything (a formula ran code). */
  tampered?: string;
}

const CANARY = "__cotangentHostileCanary";
/** The mathjs instance compileExpression parses with (its single-file build). */
const parsingInstance = createRequire(import.meta.url)("mathjs/lib/browser/math.js") as Record<string, unknown>;
/**
 * The oracle: mathjs evaluating the same formula. Only formulas that compileExpression accepted
 * are evaluated (no assignments, imports or definitions), and the instance is checked after each
 * case like everything else.
 */
const oracle = parsingInstance as unknown as { evaluate(source: string, scope: Record<string, unknown>): unknown };
const SENSITIVE = ["parse", "evaluate", "compile", "import", "createUnit", "simplify", "derivative", "config"] as const;

function globalState(): string {
  return JSON.stringify([
    (globalThis as Record<string, unknown>)[CANARY],
    Object.getOwnPropertyNames(globalThis).sort(),
    Object.getOwnPropertyNames(Object.prototype),
    Object.getOwnPropertyNames(Function.prototype),
    Object.getOwnPropertyNames(Array.prototype),
    Object.getOwnPropertyNames(Number.prototype),
    Object.keys(parsingInstance).length,
  ]);
}
const sensitiveBefore = SENSITIVE.map((k) => parsingInstance[k]);

const format = (x: number) => (Object.is(x, -0) ? "0" : String(x));

function runCompile(c: HostileCase, out: HostileResult): void {
  let f: ReturnType<typeof compileExpression>;
  try {
    f = compileExpression(c.source!);
  } catch (e) {
    Object.assign(out, { stage: "compile-error", errorName: (e as Error)?.name, cotangent: e instanceof CotangentError, message: String((e as Error)?.message ?? e) });
    return;
  }
  const args = c.args ?? f.vars.map((_, i) => 0.3 + 0.17 * i);
  out.vars = [...f.vars];
  let value: Value;
  try {
    value = f(...args);
  } catch (e) {
    Object.assign(out, { stage: "run-error", errorName: (e as Error)?.name, cotangent: e instanceof CotangentError, message: String((e as Error)?.message ?? e) });
    return;
  }
  out.stage = "value";
  if (typeof value === "number") {
    out.value = format(value);
    try {
      const expected: unknown = oracle.evaluate(c.source!, Object.fromEntries(f.vars.map((v, i) => [v, args[i]])));
      if (typeof expected === "number") out.oracle = format(expected);
    } catch {
      // mathjs refuses some names (e.g. a variable called "constructor"); no oracle then.
    }
  } else if (value instanceof Tensor) {
    out.shape = [...value.shape];
  } else {
    out.value = `not a value: ${typeof value}`;
  }
}

function runCommand(c: HostileCase, out: HostileResult): void {
  let stdout = "";
  let stderr = "";
  out.stage = "cli";
  out.exitCode = runCli(c.argv!, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  out.stdout = stdout.slice(0, 2000);
  out.stderr = stderr.slice(0, 2000);
}

async function main(): Promise<void> {
  let input = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) input += chunk;
  (globalThis as Record<string, unknown>)[CANARY] = "untouched";
  compileExpression("sin(x)")(1); // loads everything lazily loaded before the state is recorded
  const before = globalState();
  for (const line of input.split("\n")) {
    if (line.trim() === "") continue;
    const c = JSON.parse(line) as HostileCase;
    const out: HostileResult = { id: c.id, stage: "value" };
    try {
      if (c.kind === "compile") runCompile(c, out);
      else if (c.kind === "cli") runCommand(c, out);
      else (globalThis as Record<string, unknown>)[CANARY] = "changed by the self-test";
    } catch (e) {
      // Anything escaping the two runners above is a crash of the runner itself.
      Object.assign(out, { stage: "run-error", errorName: `runner crash: ${(e as Error)?.name}`, cotangent: false, message: String((e as Error)?.stack ?? e) });
    }
    const after = globalState();
    const changed = SENSITIVE.filter((k, i) => parsingInstance[k] !== sensitiveBefore[i]);
    if (after !== before || changed.length > 0) {
      out.tampered = `global state changed${changed.length > 0 ? ` (mathjs ${changed.join(", ")})` : ""}: ${after.slice(0, 300)}`;
      (globalThis as Record<string, unknown>)[CANARY] = "untouched";
    }
    process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
  }
}

await main();
