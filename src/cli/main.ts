// Entry point: the only place the CLI reads process.env and process.argv.
import { enableCompileCache } from "node:module";

// Caches the compiled (type-stripped) modules on disk, so that later runs start several times faster.
enableCompileCache();
const { runCli } = await import("./program.ts");

const exitCode = await runCli(process.argv.slice(2), {
  environment: process.env,
  workingDirectory: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = exitCode;
