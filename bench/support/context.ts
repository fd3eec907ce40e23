/** What the dispatcher hands each benchmark subcommand. */
export interface BenchContext {
  /** The subcommand's own arguments (after its name). */
  readonly args: readonly string[];
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Machine-readable output: with `--json`, the last line is one JSON object. */
  readonly stdout: { write(text: string): unknown };
  /** Progress, diagnostics and human-readable results. */
  readonly stderr: { write(text: string): unknown };
  /** Fires on Ctrl-C. */
  readonly signal: AbortSignal;
}

/** A benchmark subcommand: resolves to the exit code (0 even when a target is missed). */
export interface BenchCommand {
  readonly summary: string;
  readonly usage: string;
  run(context: BenchContext): Promise<number>;
}
