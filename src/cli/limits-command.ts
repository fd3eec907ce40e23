import { Option, type Command } from "commander";
import { roles } from "../users/caller.ts";
import type { CliContext } from "./io.ts";
import type { LimitsSetOptions } from "./limits.ts";
import type { UsersCommonOptions } from "./users.ts";

// Registration only: each action loads its implementation when it runs (see users-command.ts).

/** Adds `courseforge limits show|set|clear` to `program`; each action reports its exit code through `setExitCode`. */
export function registerLimitsCommand(
  program: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): Command {
  const limits = program
    .command("limits")
    .description(
      "Show and change rate limits and quotas (through the running service when it holds the embedded database)",
    );
  const dataDir = () => new Option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)");
  limits
    .command("show")
    .description("Show every role's limits, the global limit and the per-user overrides")
    .addOption(dataDir())
    .option("--json", "print the limits as JSON")
    .action(async (options: UsersCommonOptions) =>
      setExitCode(await (await import("./limits.ts")).limitsShowCommand(options, context)),
    );
  limits
    .command("set")
    .description('Change the limits of a role, a user or the whole service; a value is a whole number or "none"')
    .addOption(new Option("--role <role>", "change this role's limits").choices([...roles]))
    .option("--user <id>", "change this user's overrides (none: back to the role's value)")
    .option("--global", "change the service-wide courses per hour")
    .option("--courses-per-hour <n>", "courses per hour")
    .option("--courses-per-day <n>", "courses per day")
    .option("--tokens-per-day <n>", "model tokens per UTC day")
    .option("--burst <n>", "courses allowed at once over the hourly rate")
    .addOption(dataDir())
    .option("--json", "print the result as JSON")
    .action(async (options: LimitsSetOptions) =>
      setExitCode(await (await import("./limits.ts")).limitsSetCommand(options, context)),
    );
  limits
    .command("clear")
    .description("Remove a user's overrides")
    .requiredOption("--user <id>", "the user's id")
    .addOption(dataDir())
    .option("--json", "print the result as JSON")
    .action(async (options: UsersCommonOptions & { user: string }) =>
      setExitCode(await (await import("./limits.ts")).limitsClearCommand(options, context)),
    );
  return limits;
}
