import type { JobEvent, JobStatus, Outline } from "../api/types.ts";
import { lessonStep, quizStep, stepKindOf } from "../../../src/generation/step-names.ts";

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

/** The steps an outline plans, each waiting: the outline, then per lesson its lesson and its quiz. */
export function plannedSteps(outline: Outline): StepProgress[] {
  const blank = { state: "waiting", tokens: 0, costUsd: 0, durationMs: 0, attempts: 0, fromCheckpoint: false } as const;
  const steps: StepProgress[] = [{ step: "outline", kind: "outline", title: outline.title, ...blank, state: "done" }];
  for (const module of outline.modules) {
    for (const lesson of module.lessons) {
      steps.push({ step: lessonStep(lesson.id), kind: "lesson", title: lesson.title, ...blank });
      steps.push({ step: quizStep(lesson.id), kind: "quiz", title: `Quiz: ${lesson.title}`, ...blank });
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
          kind: seed.kind ?? stepKindOf(step),
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
  const next: JobProgress = { ...progress, lastEventId: event.id };
  switch (event.type) {
    case "job.queued":
    case "job.requeued":
    case "job.approved":
      return { ...next, status: "queued", waiting: undefined };
    case "job.started":
      return { ...next, status: "running", stepsTotal: event.data.stepsTotal || next.stepsTotal, waiting: undefined };
    case "job.waiting":
      return {
        ...next,
        waiting:
          event.data.reason === "global_budget"
            ? `Waiting for the platform's daily budget: ${event.data.message}`
            : `Waiting for the model provider (${event.data.code}); it resumes by itself.`,
      };
    case "batch.waiting":
      return {
        ...next,
        waiting: `Waiting for the batch: ${event.data.linesDone} of ${event.data.linesTotal} lines done.`,
      };
    case "batch.fallback": {
      const { step, reason } = event.data;
      return updateStep(next, step, (current) => ({ ...current, message: `Runs in real time: ${reason}` }), {});
    }
    case "step.started": {
      const { step, kind, title } = event.data;
      return updateStep(
        { ...next, status: "running", waiting: undefined },
        step,
        (current) => ({ ...current, title, state: "running", message: undefined }),
        { kind, title },
      );
    }
    case "step.retrying": {
      const { step, attempt, message } = event.data;
      return updateStep(next, step, (current) => ({ ...current, state: "retrying", attempts: attempt, message }), {});
    }
    case "step.finished": {
      const data = event.data;
      return updateStep(
        next,
        data.step,
        (current) => ({
          ...current,
          title: data.title,
          state: "done",
          tokens: data.promptTokens + data.completionTokens,
          costUsd: data.costUsd,
          durationMs: data.durationMs,
          attempts: data.attempts,
          fromCheckpoint: data.fromCheckpoint,
          message: undefined,
        }),
        { kind: data.kind, title: data.title },
      );
    }
    case "step.failed": {
      const { step, code, message } = event.data;
      return updateStep(next, step, (current) => ({ ...current, state: "failed", message: `${code}: ${message}` }), {});
    }
    case "job.awaiting_approval":
      return withOutline({ ...next, status: "awaiting_approval" }, event.data.outline);
    case "job.outline_updated":
      return withOutline({ ...next, stepsTotal: event.data.stepsTotal || next.stepsTotal }, event.data.outline);
    case "job.succeeded":
      return { ...next, status: "succeeded", courseId: event.data.courseId, waiting: undefined };
    case "job.failed":
      return {
        ...next,
        status: "failed",
        failure: { code: event.data.code, message: event.data.message },
        waiting: undefined,
      };
    case "job.canceled":
      return {
        ...next,
        status: "canceled",
        failure: { code: "CANCELED", message: event.data.message },
        waiting: undefined,
      };
    default:
      // An event type this UI does not know yet (a newer server): only its id counts.
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
