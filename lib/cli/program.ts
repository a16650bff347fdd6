/**
 * The `cotangent` command: parses the command line, runs a subcommand, and reports errors on
 * stderr with exit code 2 (bad command line, bad expression or values) or 1 (a bug).
 * @module
 */
import { createRequire } from "node:module";
import { CotangentError } from "../errors.ts";
import { parseArgv, single, type Invocation } from "./argv.ts";
import { COMMAND_HELP, COMMON_OPTIONS, GENERAL_HELP } from "./help.ts";
import { buildProblem } from "./problem.ts";
import { UsageError } from "./usage-error.ts";
import { parseAssignments, splitTopLevel } from "./values.ts";
import type { Command } from "./commands/context.ts";
import { gradCommand } from "./commands/grad.ts";
import { jvpCommand } from "./commands/jvp.ts";
import { vjpCommand } from "./commands/vjp.ts";
import { jacobianCommand } from "./commands/jacobian.ts";
import { hessianCommand } from "./commands/hessian.ts";
import { graphCommand } from "./commands/graph.ts";

/** Where the command writes. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  grad: gradCommand,
  jvp: jvpCommand,
  vjp: vjpCommand,
  jacobian: jacobianCommand,
  hessian: hessianCommand,
  graph: graphCommand,
};

function version(): string {
  const require = createRequire(import.meta.url);
  return (require("../../package.json") as { version: string }).version;
}

/** Rejects options the command does not take (e.g. --tangent for grad). */
function checkOptions(command: string, inv: Invocation): void {
  const allowed = new Set([...COMMON_OPTIONS, ...COMMAND_HELP[command]!.options]);
  for (const name of [...inv.values.keys(), ...inv.flags]) {
    if (!allowed.has(name)) throw new UsageError(`--${name} is not an option of ${command}; see cotangent ${command} --help.`);
  }
}

function parseDigits(inv: Invocation): number | undefined {
  const text = single(inv, "digits");
  if (text === undefined) return undefined;
  const digits = Number(text);
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new UsageError(`--digits must be an integer from 1 to 17, got ${JSON.stringify(text)}.`);
  return digits;
}

function parseVars(inv: Invocation): string[] | undefined {
  const text = single(inv, "vars");
  return text === undefined ? undefined : splitTopLevel(text).map((p) => p.text);
}

function run(argv: readonly string[], io: CliIO): number {
  const inv = parseArgv(argv);
  const help = inv.flags.has("help");
  if (inv.flags.has("version")) {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (inv.command === null || inv.command === "help") {
    const topic = inv.command === "help" ? inv.rest[0] : undefined;
    const text = topic !== undefined && Object.hasOwn(COMMAND_HELP, topic) ? COMMAND_HELP[topic]!.text : GENERAL_HELP;
    if (inv.command === null && !help) {
      io.stderr(`${text}\n`);
      return 2;
    }
    io.stdout(`${text}\n`);
    return 0;
  }
  // Own properties only: "__proto__" or "constructor" must not find Object.prototype's members.
  const command = Object.hasOwn(COMMANDS, inv.command) ? COMMANDS[inv.command] : undefined;
  if (command === undefined) {
    throw new UsageError(`unknown command ${JSON.stringify(inv.command)}; the commands are ${Object.keys(COMMANDS).join(", ")} (cotangent --help).`);
  }
  if (help) {
    io.stdout(`${COMMAND_HELP[inv.command]!.text}\n`);
    return 0;
  }
  checkOptions(inv.command, inv);
  if (inv.rest.length === 0) throw new UsageError(`${inv.command} needs an expression, e.g. cotangent ${inv.command} "x^2 * y" --at x=3,y=2.`);
  if (inv.rest.length > 1) {
    throw new UsageError(`unexpected argument ${JSON.stringify(inv.rest[1])}: give the expression as one argument, in quotes (cotangent ${inv.command} "x + y" ...).`);
  }
  const style = { digits: parseDigits(inv) };
  const at = parseAssignments("--at", inv.values.get("at") ?? []);
  const problem = buildProblem(inv.rest[0]!, parseVars(inv), at);
  io.stdout(`${command({ problem, invocation: inv, style, json: inv.flags.has("json") })}\n`);
  return 0;
}

/**
 * Runs `cotangent` with the given arguments (without the node and script paths) and returns
 * the exit code: 0 on success, 2 for a bad command line, expression or value (the message on
 * stderr), 1 for an unexpected failure.
 */
export function runCli(argv: readonly string[], io: CliIO): number {
  try {
    return run(argv, io);
  } catch (e) {
    if (e instanceof CotangentError) {
      io.stderr(`cotangent: ${e.message.replace(/^compileExpression: /, "")}\n`);
      return 2;
    }
    io.stderr(`cotangent: unexpected error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
