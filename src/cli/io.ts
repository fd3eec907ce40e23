import type { Writable } from "node:stream";

/** What a CLI command may touch of the outside world; injected so commands run in tests. */
export interface CliContext {
  readonly environment: Readonly<Record<string, string | undefined>>;
  readonly workingDirectory: string;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Fires on Ctrl-C; defaults to the process's SIGINT. */
  readonly signal?: AbortSignal;
}

/** Exit codes: 0 success, 1 the job failed, 2 bad usage or configuration, 130 interrupted. */
export const exitCodes = { success: 0, failure: 1, usage: 2, interrupted: 130 } as const;
