/**
 * What a command gets: the problem (function, variables, point), the parsed command line and
 * the output style. A command returns the text for stdout and throws on errors.
 * @module
 */
import type { Invocation } from "../argv.ts";
import type { Style } from "../output.ts";
import type { Problem } from "../problem.ts";

export interface CommandContext {
  readonly problem: Problem;
  readonly invocation: Invocation;
  readonly style: Style;
  readonly json: boolean;
}

/** A subcommand: computes and formats its result. */
export type Command = (ctx: CommandContext) => string;
