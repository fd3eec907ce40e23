import type { Command } from "commander";
import { loadConfig } from "../config/index.ts";
import { formatDoctorReport, runDoctor } from "../observability/index.ts";
import { exitCodes, type CliContext } from "./io.ts";

/** `courseforge doctor [--json]`: checks the setup, one PASS/FAIL line each; exit 1 on any failure. */
export async function doctorCommand(
  options: { readonly json?: boolean; readonly dataDir?: string },
  context: CliContext,
): Promise<number> {
  const config = loadConfig(
    context.environment,
    options.dataDir === undefined ? {} : { dataDir: options.dataDir },
    context.workingDirectory,
  );
  const checks = await runDoctor(config, { ...(context.signal ? { signal: context.signal } : {}) });
  const ok = checks.every((check) => check.ok);
  context.stdout.write(
    options.json === true ? `${JSON.stringify({ ok, checks }, null, 2)}\n` : formatDoctorReport(checks),
  );
  return ok ? exitCodes.success : exitCodes.failure;
}

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
      setExitCode(await doctorCommand(options, context));
    });
}
