import { createParser, type EventSourceMessage } from "eventsource-parser";
import { validateCourse } from "../course/index.ts";
import { InvalidInputError } from "../errors/index.ts";
import { exitCodes, type CliContext } from "./io.ts";

interface SmokeOptions {
  url?: string;
  token?: string;
  timeout?: string;
}

interface StepResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

const terminalEvents = new Set(["job.succeeded", "job.failed", "job.canceled"]);

/** Follows a job's server-sent events until a terminal one; resolves with every event's type. */
async function followEvents(
  base: URL,
  jobId: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<string[]> {
  const types: string[] = [];
  let lastEventId = "";
  // Reconnect with Last-Event-ID until the job ends, as a browser's EventSource would.
  while (!signal.aborted) {
    const response = await fetch(new URL(`v1/jobs/${jobId}/events`, base), {
      headers: { ...headers, accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
      signal,
    });
    if (!response.ok || !response.body) throw new Error(`GET /v1/jobs/${jobId}/events answered ${response.status}`);
    let ended = false;
    const parser = createParser({
      onEvent(message: EventSourceMessage) {
        if (message.id) lastEventId = message.id;
        const type = message.event ?? "message";
        types.push(type);
        if (terminalEvents.has(type)) ended = true;
      },
    });
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      if (ended) break;
    }
    if (ended) return types;
  }
  throw new Error("stopped before the job ended");
}

/**
 * `courseforge smoke --url URL --token TOKEN`: checks a deployment end to end — posts a small
 * course, follows its events to the end, downloads it and validates it — one pass/fail line a step.
 */
export async function smokeCommand(options: SmokeOptions, context: CliContext): Promise<number> {
  if (!options.url || !URL.canParse(options.url))
    throw new InvalidInputError(
      `--url must be the deployment's base URL, e.g. http://127.0.0.1:3000 (got ${JSON.stringify(options.url)}).`,
    );
  if (!options.token)
    throw new InvalidInputError(
      "--token is required: an API token of the deployment (see `courseforge users create`).",
    );
  const timeoutMs = Number(options.timeout ?? "600") * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new InvalidInputError(`--timeout must be a number of seconds (got ${JSON.stringify(options.timeout)}).`);
  const base = new URL(options.url.endsWith("/") ? options.url : `${options.url}/`);
  const headers = { authorization: `Bearer ${options.token}` };
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(context.signal ? [context.signal] : [])]);
  const results: StepResult[] = [];
  const report = (result: StepResult) => {
    results.push(result);
    context.stdout.write(`${result.ok ? "PASS" : "FAIL"} ${result.name}: ${result.detail}\n`);
  };
  const step = async <T>(name: string, run: () => Promise<{ value: T; detail: string }>): Promise<T | undefined> => {
    try {
      const { value, detail } = await run();
      report({ name, ok: true, detail });
      return value;
    } catch (error) {
      report({ name, ok: false, detail: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };

  await step("health", async () => {
    const response = await fetch(new URL("readyz", base), { signal });
    if (!response.ok) throw new Error(`GET /readyz answered ${response.status}: ${await response.text()}`);
    return { value: true, detail: "ready" };
  });
  const jobId = await step("create course", async () => {
    const response = await fetch(new URL("v1/courses", base), {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "idempotency-key": `smoke-${Date.now()}` },
      body: JSON.stringify({ topic: "Smoke test: the water cycle", modules: 1, lessonsPerModule: 1 }),
      signal,
    });
    const body = (await response.json()) as { jobId?: string; error?: { message?: string } };
    if (response.status !== 202 || !body.jobId)
      throw new Error(`POST /v1/courses answered ${response.status}: ${body.error?.message ?? JSON.stringify(body)}`);
    return { value: body.jobId, detail: `job ${body.jobId}` };
  });
  const ended =
    jobId &&
    (await step("follow events", async () => {
      const types = await followEvents(base, jobId, headers, signal);
      const last = types.at(-1);
      if (last !== "job.succeeded") throw new Error(`job ended with ${last}`);
      return { value: true, detail: `${types.length} events, ended with ${last}` };
    }));
  const courseId =
    ended &&
    (await step("job succeeded", async () => {
      const response = await fetch(new URL(`v1/jobs/${jobId}`, base), { headers, signal });
      const job = (await response.json()) as { status?: string; courseId?: string | null };
      if (job.status !== "succeeded" || !job.courseId) throw new Error(`job status ${job.status}`);
      return { value: job.courseId, detail: `course ${job.courseId}` };
    }));
  const document =
    courseId &&
    (await step("download course", async () => {
      const response = await fetch(new URL(`v1/courses/${courseId}/export?format=json`, base), { headers, signal });
      if (!response.ok) throw new Error(`export answered ${response.status}`);
      const text = await response.text();
      return { value: JSON.parse(text) as unknown, detail: `${text.length} bytes` };
    }));
  if (document) {
    await step("validate course", async () => {
      const result = validateCourse(document);
      if (!result.ok) throw new Error(`${result.issues.length} problem(s), first: ${result.issues[0]?.message}`);
      return {
        value: true,
        detail: `format v${result.course.formatVersion}, ${result.course.modules.length} module(s)`,
      };
    });
  }
  const passed = results.length === 6 && results.every((result) => result.ok);
  context.stdout.write(
    `${passed ? "PASS" : "FAIL"} smoke: ${results.filter((result) => result.ok).length}/6 steps passed\n`,
  );
  return passed ? exitCodes.success : exitCodes.failure;
}
