import { setTimeout as sleep } from "node:timers/promises";
import { CourseforgeError, InvalidInputError } from "../errors/index.ts";
import type { ServiceClient } from "../service-link/index.ts";
import { exitCodes, type CliContext } from "./io.ts";
import { withCommandTarget } from "./command-target.ts";

/** Options of `courseforge regenerate`. */
export interface RegenerateOptions {
  readonly lesson?: string;
  readonly section?: string;
  readonly quiz?: string;
  readonly question?: string;
  readonly outline?: boolean;
  readonly instruction?: string;
  readonly dataDir?: string;
  readonly json?: boolean;
}

/** The one target the flags name; a usage error when they name none or several. */
export function targetOfFlags(options: RegenerateOptions): { kind: string; id?: string } {
  const named = (["lesson", "section", "quiz", "question"] as const)
    .filter((kind) => options[kind] !== undefined)
    .map((kind) => ({ kind, id: options[kind]! }));
  const targets: { kind: string; id?: string }[] = options.outline === true ? [...named, { kind: "outline" }] : named;
  if (targets.length !== 1)
    throw new InvalidInputError(
      targets.length === 0
        ? "Name the part to regenerate: --lesson, --section, --quiz, --question or --outline."
        : `Name one part to regenerate, not ${targets.length} (${targets.map((target) => `--${target.kind}`).join(", ")}).`,
      {
        details: { field: "target" },
        suggestion: 'e.g. courseforge regenerate crs_… --lesson m1-l2 --instruction "simpler language"',
      },
    );
  return targets[0]!;
}

interface Regenerated {
  readonly courseId: string;
  readonly jobId: string;
  readonly revision: number;
  readonly changedParts: readonly { readonly kind: string; readonly id: string }[];
}

/**
 * `regenerate COURSE_ID --lesson m1-l2 --instruction "…"` (or `--section`, `--quiz`, `--question`,
 * `--outline`): rewrites that part as a new revision of the course, in this process on the
 * database, or through the running service that holds it. Ctrl-C cancels the revision; the
 * course's current revision is then unchanged.
 */
export async function regenerateCommand(
  courseId: string,
  options: RegenerateOptions,
  context: CliContext,
): Promise<number> {
  const target = targetOfFlags(options);
  const body = { target, instruction: options.instruction ?? "" };
  const regenerated = await withCommandTarget(
    options,
    context,
    async (commandTarget): Promise<Regenerated | undefined> => {
      if (commandTarget.kind === "service") return throughService(commandTarget.service, courseId, body, context);
      const { openCourseReviser } = await import("../app/index.ts");
      const reviser = await openCourseReviser(commandTarget.config, commandTarget.database);
      try {
        const outcome = await reviser.revise(courseId, body, signalOf(context));
        return outcome && { courseId, ...outcome };
      } finally {
        await reviser.close();
      }
    },
  );
  if (regenerated === undefined)
    throw new CourseforgeError("NOT_FOUND", `No course ${courseId} in this database.`, {
      details: { courseId },
      suggestion: "List the stored courses with GET /v1/courses, or check --data-dir / DATABASE_URL.",
    });
  const parts = regenerated.changedParts.map((part) => part.id).join(", ");
  context.stdout.write(
    options.json === true
      ? `${JSON.stringify(regenerated)}\n`
      : `Revision ${regenerated.revision} of course ${courseId} is now current (job ${regenerated.jobId}); changed: ${parts || "nothing"}.\n`,
  );
  return exitCodes.success;
}

interface JobJson {
  readonly status: string;
  readonly failure: { readonly code: string; readonly reason: string } | null;
}

async function throughService(
  service: ServiceClient,
  courseId: string,
  body: unknown,
  context: CliContext,
): Promise<Regenerated | undefined> {
  const signal = signalOf(context);
  let submitted: { jobId: string };
  try {
    submitted = await service.request<{ jobId: string }>(
      "POST",
      `/v1/courses/${encodeURIComponent(courseId)}/revisions`,
      {
        body,
        signal,
      },
    );
  } catch (error) {
    if (CourseforgeError.isInstance(error) && error.code === "NOT_FOUND") return undefined;
    throw error;
  }
  let job: JobJson;
  try {
    for (;;) {
      job = await service.request<JobJson>("GET", `/v1/jobs/${submitted.jobId}`, { signal });
      if (["succeeded", "failed", "canceled"].includes(job.status)) break;
      await sleep(250, undefined, { signal });
    }
  } catch (error) {
    if (!signal.aborted) throw error;
    await service
      .request("POST", `/v1/jobs/${submitted.jobId}/cancel`, { signal: AbortSignal.timeout(10_000) })
      .catch(() => undefined);
    throw new CourseforgeError(
      "CANCELED",
      `Interrupted: revision job ${submitted.jobId} was canceled; the course is unchanged.`,
    );
  }
  if (job.status !== "succeeded")
    throw new CourseforgeError(
      job.failure?.code ?? "REVISION_FAILED",
      `The revision job ${submitted.jobId} ${job.status}: ${job.failure?.reason ?? "no reason given"}. The course's current revision is unchanged.`,
      { details: { jobId: submitted.jobId, courseId } },
    );
  const list = await service.request<{
    revisions: { number: number; jobId: string | null; changedParts: { kind: string; id: string }[] }[];
  }>("GET", `/v1/courses/${encodeURIComponent(courseId)}/revisions`, { signal });
  const stored = list.revisions.find((revision) => revision.jobId === submitted.jobId);
  if (stored === undefined) throw new Error(`unreachable: job ${submitted.jobId} succeeded without a revision`);
  return { courseId, jobId: submitted.jobId, revision: stored.number, changedParts: stored.changedParts };
}

function signalOf(context: CliContext): AbortSignal {
  return context.signal ?? new AbortController().signal;
}
