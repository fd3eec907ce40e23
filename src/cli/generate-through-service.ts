import { setTimeout as sleep } from "node:timers/promises";
import type { Course, CourseRequest } from "../course/index.ts";
import { CourseforgeError, InvalidInputError } from "../errors/index.ts";
import type { ServiceClient } from "../service-link/index.ts";
import { formatSummary, summaryOfCourse } from "./generate-summary.ts";
import { exitCodes, type CliContext } from "./io.ts";
import { writeCourseFiles } from "./output.ts";

// Settings of the process that generates: the running service has its own, fixed at its start.
const serviceSettingFlags = [
  ["provider", "--provider"],
  ["modelPath", "--model-path"],
  ["concurrency", "--concurrency"],
  ["maxAttempts", "--max-attempts"],
] as const;

interface JobJson {
  readonly id: string;
  readonly status: string;
  readonly stepsTotal: number;
  readonly stepsDone: number;
  readonly courseId: string | null;
  readonly failure: { readonly code: string; readonly reason: string } | null;
}

const pollIntervalMs = 250;

/**
 * `generate` while a running service holds the embedded database: submits the request to the
 * service (as its local admin), follows the job, then downloads the course and writes the same
 * files and summary as a standalone run. Ctrl-C cancels the job.
 */
export async function generateThroughService(
  request: CourseRequest,
  options: {
    readonly flags: Readonly<Record<string, unknown>>;
    /** Where the course's files go, once its id is known. */
    readonly outDirectoryOf: (courseId: string) => string;
    readonly service: ServiceClient;
    readonly signal: AbortSignal;
  },
  context: CliContext,
): Promise<number> {
  const { service, signal } = options;
  const ignored = serviceSettingFlags.filter(([field]) => options.flags[field] !== undefined).map(([, flag]) => flag);
  if (ignored.length > 0)
    throw new InvalidInputError(
      `${ignored.join(", ")} cannot apply while the running service at ${service.url} (PID ${service.pid}) holds the data folder: it generates with its own settings.`,
      {
        details: { field: ignored[0] },
        suggestion: "Drop the flag to generate through the service, or stop the service and run this command again.",
      },
    );
  if (!service.workers)
    throw new CourseforgeError(
      "SERVICE_HAS_NO_WORKERS",
      `The service at ${service.url} (PID ${service.pid}) holds the data folder but runs no workers (\`courseforge serve\`): a course would never be written.`,
      {
        suggestion:
          "Run `courseforge start` (API and workers) instead, or stop the service and run this command again.",
      },
    );
  const json = options.flags.json === true;
  const started = Date.now();
  context.stderr.write(
    `The running service at ${service.url} (PID ${service.pid}) holds the data folder: generating through it.\n`,
  );
  const submitted = await service.request<{ jobId: string }>("POST", "/v1/courses", { body: request, signal });
  let job: JobJson;
  try {
    job = await followJob(service, submitted.jobId, signal, context);
  } catch (error) {
    if (!signal.aborted) throw error;
    await service
      .request("POST", `/v1/jobs/${submitted.jobId}/cancel`, { signal: AbortSignal.timeout(10_000) })
      .catch(() => undefined);
    context.stderr.write(`Interrupted: job ${submitted.jobId} was canceled; finished steps are saved.\n`);
    return exitCodes.interrupted;
  }
  if (job.status !== "succeeded" || job.courseId === null) {
    const failure = job.failure ?? { code: "JOB_CANCELED", reason: `the job was ${job.status}` };
    context.stderr.write(`error: course generation failed: ${failure.reason}\n`);
    if (json) context.stdout.write(`${JSON.stringify({ error: { code: failure.code, message: failure.reason } })}\n`);
    return exitCodes.failure;
  }
  const course = await service.request<Course>("GET", `/v1/courses/${job.courseId}`, { signal });
  const outDirectory = options.outDirectoryOf(course.id);
  const files = await writeCourseFiles(outDirectory, course);
  const summary = summaryOfCourse(course, {
    jobId: job.id,
    outDir: outDirectory,
    durationMs: Date.now() - started,
  });
  context.stdout.write(json ? `${JSON.stringify(summary)}\n` : formatSummary(course, summary, files));
  return exitCodes.success;
}

async function followJob(
  service: ServiceClient,
  jobId: string,
  signal: AbortSignal,
  context: CliContext,
): Promise<JobJson> {
  let shown = "";
  for (;;) {
    const job = await service.request<JobJson>("GET", `/v1/jobs/${jobId}`, { signal });
    if (job.status === "succeeded" || job.status === "failed" || job.status === "canceled") {
      if (shown !== "" && context.stderr.isTTY === true) context.stderr.write("\n");
      return job;
    }
    if (job.status === "awaiting_approval")
      throw new CourseforgeError("JOB_AWAITING_APPROVAL", `Job ${jobId} waits for its outline to be approved.`);
    const line = `${job.status}: ${job.stepsDone}/${job.stepsTotal} steps`;
    if (line !== shown && context.stderr.isTTY === true) context.stderr.write(`\r${line}`);
    shown = line;
    await sleep(pollIntervalMs, undefined, { signal });
  }
}
