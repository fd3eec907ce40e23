import type { JobEvent, JobStatus, Outline } from "../api/types.ts";

/** One step of a job (the outline, a lesson, a quiz) as the events tell it. */
export interface StepProgress {
  readonly step: string;
  readonly kind: "outline" | "lesson" | "quiz";
  readonly title: string;
  readonly state: "waiting" | "running" | "retrying" | "done" | "failed";
  readonly tokens: number;
  readonly costUsd: number;
  readonly durationMs: number;
  readonly attempts: number;
  readonly fromCheckpoint: boolean;
  /** Why it is retrying or failed. */
  readonly message?: string;
}

/** A job's progress, rebuilt from its events (replayed from the start after a reload). */
export interface JobProgress {
  readonly status: JobStatus | undefined;
  readonly stepsTotal: number | undefined;
  readonly outline: Outline | undefined;
  /** Every step seen or planned, in the outline's order: outline, then each lesson and its quiz. */
  readonly steps: readonly StepProgress[];
  readonly lastEventId: number;
  readonly courseId: string | undefined;
  readonly failure: { readonly code: string; readonly message: string } | undefined;
  /** Set while the job waits out a provider outage. */
  readonly waiting: string | undefined;
}

/** The progress before any event. */
export const emptyProgress: JobProgress = {
  status: undefined,
  stepsTotal: undefined,
  outline: undefined,
  steps: [],
  lastEventId: 0,
  courseId: undefined,
  failure: undefined,
  waiting: undefined,
};

function text(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

function numberOf(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function kindOf(step: string, value: unknown): StepProgress["kind"] {
  if (value === "outline" || value === "lesson" || value === "quiz") return value;
  return step.startsWith("quiz:") ? "quiz" : step.startsWith("lesson:") ? "lesson" : "outline";
}

/** The steps an outline plans, each waiting: the outline, then per lesson its lesson and its quiz. */
export function plannedSteps(outline: Outline): StepProgress[] {
  const blank = { state: "waiting", tokens: 0, costUsd: 0, durationMs: 0, attempts: 0, fromCheckpoint: false } as const;
  const steps: StepProgress[] = [{ step: "outline", kind: "outline", title: outline.title, ...blank, state: "done" }];
  for (const module of outline.modules) {
    for (const lesson of module.lessons) {
      steps.push({ step: `lesson:${lesson.id}`, kind: "lesson", title: lesson.title, ...blank });
      steps.push({ step: `quiz:${lesson.id}`, kind: "quiz", title: `Quiz: ${lesson.title}`, ...blank });
    }
  }
  return steps;
}

// Keeps what happened to steps already seen, in the order of the (new) outline's plan.
function withOutline(progress: JobProgress, outline: Outline): JobProgress {
  const seen = new Map(progress.steps.map((step) => [step.step, step]));
  // A step not started yet takes the new plan's title (the outline may have been edited).
  const planned = plannedSteps(outline).map((step) => {
    const known = seen.get(step.step);
    return known === undefined || known.state === "waiting" ? step : known;
  });
  const extra = progress.steps.filter(
    (step) => !planned.some((plannedStep) => plannedStep.step === step.step) && step.state !== "waiting",
  );
  return { ...progress, outline, steps: [...planned, ...extra] };
}

function updateStep(
  progress: JobProgress,
  step: string,
  change: (current: StepProgress) => StepProgress,
  seed: Partial<StepProgress>,
): JobProgress {
  const index = progress.steps.findIndex((entry) => entry.step === step);
  const current: StepProgress =
    index === -1
      ? {
          step,
          kind: kindOf(step, seed.kind),
          title: seed.title ?? step,
          state: "waiting",
          tokens: 0,
          costUsd: 0,
          durationMs: 0,
          attempts: 0,
          fromCheckpoint: false,
        }
      : progress.steps[index]!;
  const next = change(current);
  const steps =
    index === -1
      ? [...progress.steps, next]
      : progress.steps.map((entry, position) => (position === index ? next : entry));
  return { ...progress, steps };
}

/** Applies one event of `GET /v1/jobs/:id/events` (events at or before `lastEventId` are ignored). */
export function applyEvent(progress: JobProgress, event: JobEvent): JobProgress {
  if (event.id <= progress.lastEventId) return progress;
  let next: JobProgress = { ...progress, lastEventId: event.id };
  const data = event.data;
  const step = text(data.step);
  switch (event.type) {
    case "job.queued":
    case "job.requeued":
    case "job.approved":
      return { ...next, status: "queued", waiting: undefined };
    case "job.started":
      return {
        ...next,
        status: "running",
        stepsTotal: numberOf(data.stepsTotal) || next.stepsTotal,
        waiting: undefined,
      };
    case "job.waiting":
      return {
        ...next,
        waiting: `Waiting for the model provider (${text(data.code, "unavailable")}); it resumes by itself.`,
      };
    case "step.started":
      return updateStep(
        { ...next, status: "running", waiting: undefined },
        step,
        (current) => ({ ...current, title: text(data.title, current.title), state: "running", message: undefined }),
        {
          kind: kindOf(step, data.kind),
          title: text(data.title),
        },
      );
    case "step.retrying":
      return updateStep(
        next,
        step,
        (current) => ({ ...current, state: "retrying", attempts: numberOf(data.attempt), message: text(data.message) }),
        {},
      );
    case "step.finished":
      next = updateStep(
        next,
        step,
        (current) => ({
          ...current,
          title: text(data.title, current.title),
          state: "done",
          tokens: numberOf(data.promptTokens) + numberOf(data.completionTokens),
          costUsd: numberOf(data.costUsd),
          durationMs: numberOf(data.durationMs),
          attempts: numberOf(data.attempts),
          fromCheckpoint: data.fromCheckpoint === true,
          message: undefined,
        }),
        { kind: kindOf(step, data.kind), title: text(data.title) },
      );
      return next;
    case "step.failed":
      return updateStep(
        next,
        step,
        (current) => ({ ...current, state: "failed", message: `${text(data.code)}: ${text(data.message)}` }),
        {},
      );
    case "job.awaiting_approval":
      return withOutline({ ...next, status: "awaiting_approval" }, data.outline as Outline);
    case "job.outline_updated":
      return withOutline(
        { ...next, stepsTotal: numberOf(data.stepsTotal) || next.stepsTotal },
        data.outline as Outline,
      );
    case "job.succeeded":
      return { ...next, status: "succeeded", courseId: text(data.courseId) || undefined, waiting: undefined };
    case "job.failed":
      return {
        ...next,
        status: "failed",
        failure: { code: text(data.code), message: text(data.message) },
        waiting: undefined,
      };
    case "job.canceled":
      return {
        ...next,
        status: "canceled",
        failure: { code: "CANCELED", message: text(data.message, "Canceled.") },
        waiting: undefined,
      };
    default:
      return next;
  }
}

/** Applies an outline read from `GET /v1/jobs/:id/outline` (for jobs that did not pause for review). */
export function applyOutline(progress: JobProgress, outline: Outline): JobProgress {
  return withOutline(progress, outline);
}

/** Totals and an estimate of the time left, from the finished steps' pace since the job started. */
export function summarize(
  progress: JobProgress,
  elapsedMs: number | undefined,
): { done: number; total: number; tokens: number; costUsd: number; remainingMs: number | undefined } {
  const done = progress.steps.filter((step) => step.state === "done").length;
  const total = Math.max(progress.stepsTotal ?? 0, progress.steps.length, done);
  const tokens = progress.steps.reduce((sum, step) => sum + step.tokens, 0);
  const costUsd = progress.steps.reduce((sum, step) => sum + step.costUsd, 0);
  const freshDone = progress.steps.filter((step) => step.state === "done" && !step.fromCheckpoint).length;
  let remainingMs: number | undefined;
  if (progress.status === "succeeded" || progress.status === "failed" || progress.status === "canceled")
    remainingMs = 0;
  else if (elapsedMs !== undefined && freshDone > 0 && total > done)
    remainingMs = (elapsedMs / freshDone) * (total - done);
  return { done, total, tokens, costUsd, remainingMs };
}
