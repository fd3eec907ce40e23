/**
 * The CPU one course's model calls cost through the adapter alone: the measured course's own
 * requests sent again through the same openai-compatible provider to the same simulator, in the
 * course's shape (outline, then every lesson at once, each followed by its quiz), with no
 * pipeline, validation or database. Subtracted from the course's CPU, it leaves what the pipeline
 * itself spends per call; on a VM every wake-up from idle is charged to the process, so this floor
 * grows with the time scale as the course does.
 */
import type { ModelProvider, ProviderRequest } from "../../src/llm/index.ts";

/** A provider that keeps every request it passes on. */
export interface RecordingProvider {
  readonly provider: ModelProvider;
  /** The requests since the last `take`, oldest first; starts a new recording. */
  take(): ProviderRequest[];
}

/** Wraps `inner` so that the requests of one course can be replayed. */
export function recordRequests(inner: ModelProvider): RecordingProvider {
  let recorded: ProviderRequest[] = [];
  return {
    provider: {
      ...inner,
      complete: (request) => {
        recorded.push(request);
        return inner.complete(request);
      },
    },
    take() {
      const taken = recorded;
      recorded = [];
      return taken;
    },
  };
}

/**
 * Sends `requests` (one course's, as recorded) through `provider` in the course's shape and
 * returns this process's CPU time for it, in milliseconds.
 * @throws {Error} when the requests are not one outline followed by lessons and quizzes
 */
export async function replayCourseCalls(
  provider: ModelProvider,
  requests: readonly ProviderRequest[],
  signal: AbortSignal,
): Promise<{ cpuMs: number; calls: number }> {
  const byKind = (kind: string) => requests.filter((request) => request.responseFormat.name === kind);
  const [outline, ...extraOutlines] = byKind("outline");
  const lessons = byKind("lesson");
  const quizzes = byKind("quiz");
  if (
    outline === undefined ||
    extraOutlines.length > 0 ||
    lessons.length !== quizzes.length ||
    1 + lessons.length + quizzes.length !== requests.length
  ) {
    throw new Error(
      `Expected one outline and as many lessons as quizzes, got ${requests.map((request) => request.responseFormat.name).join(", ")}.`,
    );
  }
  const send = (request: ProviderRequest) => provider.complete({ ...request, signal });
  const before = process.cpuUsage();
  await send(outline);
  await Promise.all(
    lessons.map(async (lesson, index) => {
      await send(lesson);
      await send(quizzes[index]!);
    }),
  );
  const cpu = process.cpuUsage(before);
  return { cpuMs: (cpu.user + cpu.system) / 1000, calls: requests.length };
}
