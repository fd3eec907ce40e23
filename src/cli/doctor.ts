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
