// Entry point: the only place the CLI reads process.env and process.argv.
import { runCli } from "./program.ts";

const exitCode = await runCli(process.argv.slice(2), {
  environment: process.env,
  workingDirectory: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = exitCode;
