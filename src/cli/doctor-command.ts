import type { Command } from "commander";
import type { CliContext } from "./io.ts";

// Registration only: the checks load when the command runs (see users-command.ts).

/** Adds `doctor` to the program. */
export function registerDoctorCommand(
  program: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): void {
  program
    .command("doctor")
    .description(
      "Check the setup end to end: database and migrations, limits, provider and key, models, prices (through the running service when it holds the embedded database)",
    )
    .option("--data-dir <dir>", "embedded database folder (default: ./.courseforge)")
    .option("--json", "print the checks as JSON")
    .action(async (options: { json?: boolean; dataDir?: string }) => {
      setExitCode(await (await import("./doctor.ts")).doctorCommand(options, context));
    });
}
