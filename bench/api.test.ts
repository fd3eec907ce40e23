import { describe, expect, it } from "vitest";
import { apiCommand } from "./api.ts";
import { UsageError } from "./support/arguments.ts";
import type { BenchContext } from "./support/context.ts";

function context(args: readonly string[]): BenchContext & { readonly output: string[] } {
  const output: string[] = [];
  const sink = { write: (text: string) => output.push(text) };
  return { args, environment: {}, stdout: sink, stderr: sink, signal: new AbortController().signal, output };
}

describe("bench api flags", () => {
  it.each([
    [["--bogus"], /Unknown flag --bogus/],
    [["--rate", "0"], /--rate must be a number from 1 to 5000/],
    [["--duration", "ten"], /--duration must be a number/],
    [["--database", "mysql"], /--database must be one of both, postgres, pglite/],
    [["--connections", "1.5"], /--connections must be a whole number/],
    [["postgres"], /Unexpected argument "postgres"/],
  ])("refuses %j before starting anything", async (args, message) => {
    const run = context(args);
    await expect(apiCommand.run(run)).rejects.toThrow(message);
    await expect(apiCommand.run(run)).rejects.toBeInstanceOf(UsageError);
    expect(run.output).toEqual([]);
  });

  it("documents every flag it accepts", () => {
    for (const flag of [
      "--json",
      "--rate",
      "--duration",
      "--database",
      "--users",
      "--connections",
      "--warm-up",
      "--cpu-prof",
    ])
      expect(apiCommand.usage).toContain(flag);
  });
});
