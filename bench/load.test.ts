import { describe, expect, it } from "vitest";
import { loadCommand } from "./load.ts";
import { UsageError } from "./support/arguments.ts";
import type { BenchContext } from "./support/context.ts";

function context(
  args: readonly string[],
  environment: Record<string, string> = {},
): BenchContext & { readonly stdout: { text: string[] }; readonly stderr: { text: string[] } } {
  const sink = () => {
    const text: string[] = [];
    return { text, write: (chunk: string) => text.push(chunk) };
  };
  return { args, environment, stdout: sink(), stderr: sink(), signal: new AbortController().signal };
}

describe("bench load", () => {
  it.each([
    [["--users", "0"], /--users must be a whole number from 1 to 1000/],
    [["--peers", "round_robin"], /--peers must list strategies among sequential, concurrency_3, promise_all/],
    [["--time-scale", "2"], /--time-scale must be a number from 0.001 to 1/],
  ])("refuses %j before starting anything", async (args, message) => {
    const run = context(args);
    await expect(loadCommand.run(run)).rejects.toThrow(message);
    await expect(loadCommand.run(run)).rejects.toBeInstanceOf(UsageError);
    expect(run.stdout.text).toEqual([]);
  });

  it("says which Postgres server it could not use, and how to go on", async () => {
    const run = context(["--users", "2", "--peers", "none"], {
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/absent",
    });
    await expect(loadCommand.run(run)).rejects.toThrow(
      /Cannot use the Postgres server at postgres:\/\/postgres@127\.0\.0\.1:1\/absent .*pass --database pglite/,
    );
    expect(run.stdout.text).toEqual([]);
  });

  it.each(["postgres", "pglite"])(
    "runs the workload end to end through the jobs service (%s) and a peer, and prints one JSON line last",
    async (database) => {
      const run = context([
        "--users",
        "2",
        "--time-scale",
        "0.01",
        "--peers",
        "promise_all",
        "--json",
        "--database",
        database,
      ]);
      expect(await loadCommand.run(run)).toBe(0);
      const lines = run.stdout.text.join("").trim().split("\n");
      const summary = JSON.parse(lines.at(-1)!) as Record<
        string,
        number | string | Record<string, Record<string, number>>
      >;
      // Two courses of 17 calls each, all answered (the limit does not bind for two users).
      expect(summary).toMatchObject({ bench: "load", users: 2, database, calls: 34, rate_limited: 0, failed: 0 });
      const peer = (summary.peers as Record<string, Record<string, number>>).promise_all!;
      expect(peer).toMatchObject({ calls: 34, rate_limited: 0, failed: 0 });
      // The same requests under both strategies; Courseforge sizes each step's max_tokens from what
      // the step needs, so the provider charges it less than the peer's fixed ceilings.
      expect(summary.charged_tokens as number).toBeLessThan(peer.charged_tokens!);
      expect(summary.charged_to_used as number).toBeGreaterThanOrEqual(1);
      for (const figures of [summary, peer] as Record<string, unknown>[]) {
        expect(figures.ratio).toBeGreaterThanOrEqual(1);
        expect(figures.fairness).toBeGreaterThan(0.5);
        expect(figures.p95_course_ms).toBeGreaterThanOrEqual(figures.p50_course_ms as number);
        expect(figures.bound_ms).toBe(figures.critical_path_ms);
      }
    },
    60_000,
  );
});
