/**
 * CPU time of this process's threads (Linux `/proc/self/task`; unknown elsewhere): the main
 * thread, where Courseforge's JavaScript (and embedded PGlite) runs, against V8's background
 * threads (optimizing compilers, concurrent GC), which `process.cpuUsage()` also counts.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Nanoseconds on a CPU per thread id (`schedstat`), at one moment. */
export type ThreadCpuSnapshot = ReadonlyMap<string, number>;

/** Reads every thread's CPU time; `undefined` where `/proc` is missing. */
export function takeThreadCpuSnapshot(): ThreadCpuSnapshot | undefined {
  try {
    const snapshot = new Map<string, number>();
    for (const threadId of readdirSync("/proc/self/task")) {
      const text = readFileSync(`/proc/self/task/${threadId}/schedstat`, "utf8");
      snapshot.set(threadId, Number(text.split(" ")[0]));
    }
    return snapshot;
  } catch {
    return undefined;
  }
}

/** Milliseconds of CPU between two snapshots: the main thread, and all other threads together. */
export function threadCpuBetween(
  before: ThreadCpuSnapshot,
  after: ThreadCpuSnapshot,
): { mainMs: number; otherMs: number } {
  const mainThread = String(process.pid);
  let mainMs = 0;
  let otherMs = 0;
  for (const [threadId, nanoseconds] of after) {
    const milliseconds = (nanoseconds - (before.get(threadId) ?? 0)) / 1e6;
    if (threadId === mainThread) mainMs += milliseconds;
    else otherMs += milliseconds;
  }
  return { mainMs, otherMs };
}
