import { CourseforgeApiError, createCourseforgeClient, dataOf } from "../client/index.ts";
import { validateCourse } from "../course/index.ts";
import { InvalidInputError } from "../errors/index.ts";
import { exitCodes, type CliContext } from "./io.ts";

interface SmokeOptions {
  url?: string;
  token?: string;
  timeout?: string;
}

/** A typed call's data; an error answer says which request got which status, e.g. "GET /v1/jobs/{id} answered 404: …". */
async function answered<Data>(
  request: string,
  call: Promise<{ data?: Data; error?: unknown; response: Response }>,
): Promise<Data> {
  try {
    return await dataOf(call);
  } catch (error) {
    if (error instanceof CourseforgeApiError && error.status > 0)
      throw new Error(`${request} answered ${error.status}: ${error.message}`, { cause: error });
    throw error;
  }
}

interface StepResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
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
  // The typed client (src/client), so every smoke run exercises it against a real deployment.
  const client = createCourseforgeClient({ baseUrl: options.url, token: options.token });
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
    await answered("GET /readyz", client.GET("/readyz", { signal }));
    return { value: true, detail: "ready" };
  });
  const jobId = await step("create course", async () => {
    const { jobId: created } = await answered(
      "POST /v1/courses",
      client.POST("/v1/courses", {
        body: { topic: "Smoke test: the water cycle", modules: 1, lessonsPerModule: 1 },
        headers: { "idempotency-key": `smoke-${Date.now()}` },
        signal,
      }),
    );
    return { value: created, detail: `job ${created}` };
  });
  const ended =
    jobId &&
    (await step("follow events", async () => {
      const types: string[] = [];
      for await (const event of client.jobEvents(jobId, { signal })) types.push(event.type);
      const last = types.at(-1);
      if (last !== "job.succeeded") throw new Error(`job ended with ${last}`);
      return { value: true, detail: `${types.length} events, ended with ${last}` };
    }));
  const courseId =
    ended &&
    (await step("job succeeded", async () => {
      const job = await answered(
        `GET /v1/jobs/${jobId}`,
        client.GET("/v1/jobs/{id}", { params: { path: { id: jobId } }, signal }),
      );
      if (job.status !== "succeeded" || !job.courseId) throw new Error(`job status ${job.status}`);
      return { value: job.courseId, detail: `course ${job.courseId}` };
    }));
  const document =
    courseId &&
    (await step("download course", async () => {
      const text = await answered(
        "GET /v1/courses/{id}/export",
        client.GET("/v1/courses/{id}/export", {
          params: { path: { id: courseId }, query: { format: "json" } },
          parseAs: "text",
          signal,
        }),
      );
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
