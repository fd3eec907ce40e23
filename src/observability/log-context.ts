import { AsyncLocalStorage } from "node:async_hooks";

/** Who and what a log line is about; set once per job or request and added to every line logged within. */
export interface LogContext {
  readonly jobId?: string;
  readonly userId?: string;
  readonly traceId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `context` merged into the current one: every line logged inside carries its fields. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

/** The context of the code running now (empty outside {@link withLogContext}). */
export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
