/**
 * `npm run bench -- <subcommand> [flags]`: the Courseforge benchmarks (see docs/benchmarks.md).
 * Exit codes: 0 done (even when a target is missed), 1 the benchmark failed, 2 bad usage,
 * 130 interrupted.
 */
import { AbortedError } from "../src/errors/index.ts";
import { apiCommand } from "./api.ts";
import { cliStartupCommand } from "./cli-startup.ts";
import { costCommand } from "./cost.ts";
import { knowledgeCommand } from "./knowledge.ts";
import { loadCommand } from "./load.ts";
import { regenerateCommand } from "./regenerate.ts";
import { qualityCommand } from "./quality.ts";
import { reuseCommand } from "./reuse.ts";
import { singleCommand } from "./single.ts";
import { sseCommand } from "./sse.ts";
import { tickCommand } from "./tick.ts";
import { UsageError } from "./support/arguments.ts";
import type { BenchCommand } from "./support/context.ts";

const commands: Readonly<Record<string, BenchCommand>> = {
  single: singleCommand,
  api: apiCommand,
  load: loadCommand,
  sse: sseCommand,
  "cli-startup": cliStartupCommand,
  knowledge: knowledgeCommand,
  tick: tickCommand,
  regenerate: regenerateCommand,
  quality: qualityCommand,
  reuse: reuseCommand,
  cost: costCommand,
};

function overview(): string {
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return `Usage: npm run bench -- <subcommand> [flags]   (--help after a subcommand for its flags)\n\nSubcommands:\n${lines.join("\n")}\n`;
}

async function main(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h") {
    (name === undefined ? process.stderr : process.stdout).write(overview());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    process.stderr.write(`error: unknown benchmark "${name}".\n${overview()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(command.usage);
    return 0;
  }

  const interrupt = new AbortController();
  process.once("SIGINT", () => interrupt.abort(new AbortedError("Interrupted (Ctrl-C).")));
  try {
    return await command.run({
      args: rest,
      environment: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: interrupt.signal,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n${command.usage}`);
      return 2;
    }
    if (interrupt.signal.aborted) {
      process.stderr.write("Interrupted.\n");
      return 130;
    }
    process.stderr.write(
      `error: the ${name} benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
