/**
 * Reading the command line: `cotangent <command> <expression> [options]`. Anything that is not
 * a known option is positional, so an expression may start with a minus (`"-x^2"`).
 * @module
 */
import { UsageError } from "./usage-error.ts";

/** The parsed command line. */
export interface Invocation {
  /** The first positional argument (the subcommand), if any. */
  readonly command: string | null;
  /** The positional arguments after the command. */
  readonly rest: readonly string[];
  /** Every occurrence of each option that takes a value. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** The flags that were given. */
  readonly flags: ReadonlySet<string>;
}

/** Options that take a value, and flags. */
export const VALUE_OPTIONS = ["at", "tangent", "cotangent", "mode", "vars", "digits"] as const;
export const FLAGS = ["dot", "json", "help", "version"] as const;

/** Splits argv into the command, positional arguments, option values and flags. */
export function parseArgv(argv: readonly string[]): Invocation {
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      flags.add("help");
      continue;
    }
    if (!arg.startsWith("--") || arg.length === 2) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    if ((VALUE_OPTIONS as readonly string[]).includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value (e.g. --${name} ${example(name)}).`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if ((FLAGS as readonly string[]).includes(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} is a flag and takes no value.`);
      flags.add(name);
    } else {
      throw new UsageError(`unknown option --${name}. The options are ${[...VALUE_OPTIONS, ...FLAGS].map((o) => `--${o}`).join(", ")}.`);
    }
  }
  return { command: positional[0] ?? null, rest: positional.slice(1), values, flags };
}

function example(name: string): string {
  switch (name) {
    case "at": return "x=2,y=3";
    case "tangent": return "x=1,y=0";
    case "cotangent": return "1";
    case "mode": return "auto";
    case "vars": return "x,y";
    default: return "6";
  }
}

/** The single value of an option that may be given once, or undefined. */
export function single(inv: Invocation, name: string): string | undefined {
  const all = inv.values.get(name);
  if (all === undefined) return undefined;
  if (all.length > 1) throw new UsageError(`--${name} is given ${all.length} times; give it once.`);
  return all[0];
}
