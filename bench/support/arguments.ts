/** Command-line flags of a benchmark: `--name value`, `--name=value`, or `--name` for a switch. */
import { InvalidInputError } from "../../src/errors/index.ts";

/** A command line the benchmark cannot run with (the dispatcher prints the usage and exits 2). */
export class UsageError extends InvalidInputError {}

/** What each flag of a subcommand takes. */
export type FlagSpec = Readonly<Record<string, "switch" | "value">>;

/** Parsed flags, with typed, validating readers. */
export interface ParsedFlags {
  has(name: string): boolean;
  /** The raw value of a value flag, or `undefined` when absent. */
  text(name: string): string | undefined;
  /** A whole or decimal number within bounds, or `fallback` when the flag is absent. @throws {UsageError} */
  number(
    name: string,
    fallback: number,
    bounds: { readonly min: number; readonly max: number; readonly whole?: boolean },
  ): number;
  /** One of `choices`, or `fallback` when the flag is absent. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T;
}

/**
 * Parses `args` against `spec`.
 * @throws {UsageError} for an unknown flag, a positional argument, a missing or repeated value
 */
export function parseFlags(args: readonly string[], spec: FlagSpec): ParsedFlags {
  const values = new Map<string, string | true>();
  for (let index = 0; index < args.length; index++) {
    const argument = args[index]!;
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(argument);
    if (!match) throw new UsageError(`Unexpected argument "${argument}".`);
    const name = match[1]!;
    const kind = spec[name];
    if (kind === undefined) throw new UsageError(`Unknown flag --${name}.`, { details: { flag: name } });
    if (values.has(name)) throw new UsageError(`--${name} is given twice.`);
    if (kind === "switch") {
      if (match[2] !== undefined) throw new UsageError(`--${name} takes no value.`);
      values.set(name, true);
      continue;
    }
    const value = match[2] ?? args[++index];
    if (value === undefined || (match[2] === undefined && value.startsWith("--")))
      throw new UsageError(`--${name} needs a value.`);
    values.set(name, value);
  }

  const text = (name: string): string | undefined => {
    if (spec[name] !== "value") throw new Error(`--${name} is not a value flag of this subcommand.`);
    const value = values.get(name);
    return typeof value === "string" ? value : undefined;
  };
  return {
    has: (name) => values.has(name),
    text,
    number(name, fallback, bounds) {
      const raw = text(name);
      if (raw === undefined) return fallback;
      const parsed = Number(raw);
      if (
        raw.trim() === "" ||
        !Number.isFinite(parsed) ||
        parsed < bounds.min ||
        parsed > bounds.max ||
        (bounds.whole === true && !Number.isInteger(parsed))
      ) {
        throw new UsageError(
          `--${name} must be ${bounds.whole === true ? "a whole number" : "a number"} from ${bounds.min} to ${bounds.max} (got ${JSON.stringify(raw)}).`,
        );
      }
      return parsed;
    },
    choice(name, choices, fallback) {
      const raw = text(name);
      if (raw === undefined) return fallback;
      const found = choices.find((choice) => choice === raw);
      if (found === undefined)
        throw new UsageError(`--${name} must be one of ${choices.join(", ")} (got ${JSON.stringify(raw)}).`);
      return found;
    },
  };
}
