import type { z } from "zod";
import { AbortedError, CourseforgeError } from "../errors/index.ts";
import type { LlmCallRecord, LlmCallRecorder } from "../llm/types.ts";
import type { ProgressEvent, StepKind } from "./progress-events.ts";
import type { CheckpointStore, ProgressSink, StepCheckpoint } from "./ports.ts";
import type { PriorityLimiter } from "./scheduler.ts";
import { BudgetExceededError } from "./spending.ts";

/** A step failed for good; the job fails with this error's code and message. */
export class StepFailedError extends CourseforgeError {
  static readonly code = "GENERATION_STEP_FAILED";
  constructor(step: string, cause: unknown) {
    const inner = CourseforgeError.isInstance(cause) ? cause : undefined;
    super("GENERATION_STEP_FAILED", `Step ${step} failed: ${inner?.message ?? String(cause)}`, {
      cause,
      details: { step, causeCode: inner?.code },
      suggestion: inner?.suggestion,
    });
  }
}

/** One pipeline step: what it is, and how to produce its output with a model. */
export interface StepPlan<T> {
  readonly step: string;
  readonly kind: StepKind;
  readonly title: string;
  readonly priority: number;
  /** Validates a stored checkpoint's output before it is trusted. */
  readonly storedSchema: z.ZodType<T>;
  readonly produce: (
    signal: AbortSignal,
    recorder: LlmCallRecorder,
    onAttempt: (record: LlmCallRecord, outcome: { readonly retrying: boolean }) => void,
  ) => Promise<{ value: T; figures: Omit<StepCheckpoint, "step" | "output" | "durationMs"> }>;
}

/** What {@link createStepRunner} needs from the pipeline. */
export interface StepRunnerContext {
  readonly jobId: string;
  readonly checkpoints: ReadonlyMap<string, StepCheckpoint>;
  readonly store: CheckpointStore;
  readonly progress: ProgressSink;
  readonly recorder: LlmCallRecorder;
  readonly limiter: PriorityLimiter;
  /** Aborts in-flight calls. */
  readonly signal: AbortSignal;
  /** Stops new steps from starting (`signal`, a failure, or a drain). */
  readonly stepSignal: AbortSignal;
  /** Called on the first failure so no further step starts. */
  readonly stopScheduling: () => void;
  readonly now: () => number;
}

/**
 * Makes the function that runs one step: reuses its checkpoint when one is stored and valid, else
 * produces it under the limiter and stores it before returning. The successful attempt's call
 * record is not written on its own but with the checkpoint and the `step.finished` event, in one
 * statement; failed attempts are written as they end, so a crash never loses one.
 */
export function createStepRunner(context: StepRunnerContext) {
  const { jobId, progress } = context;
  return async function runStep<T>(plan: StepPlan<T>): Promise<T> {
    const stored = context.checkpoints.get(plan.step);
    if (stored) {
      const parsed = plan.storedSchema.safeParse(stored.output);
      if (parsed.success) {
        await progress.emit({
          type: "step.finished",
          jobId,
          step: plan.step,
          kind: plan.kind,
          title: plan.title,
          fromCheckpoint: true,
          ...figuresOf(stored),
        });
        return parsed.data;
      }
    }
    return context.limiter.run(
      async () => {
        const started = context.now();
        // The call does not wait for this write (under load the database is the slower); the
        // step's later events wait for it, so the order stays started, then finished or failed.
        const announced = progress.emit({
          type: "step.started",
          jobId,
          step: plan.step,
          kind: plan.kind,
          title: plan.title,
        });
        announced.catch(() => {}); // awaited below; a failure meanwhile is not unhandled
        const onAttempt = (record: LlmCallRecord, outcome: { readonly retrying: boolean }) => {
          // A failure that ends the step is reported once, as step.failed.
          if (record.outcome === "success" || !outcome.retrying) return;
          void progress.emit({
            type: "step.retrying",
            jobId,
            step: plan.step,
            attempt: record.attempt,
            code: record.outcome,
            message: record.errorMessage ?? "",
          });
        };
        const deferred: LlmCallRecord[] = [];
        const begin = context.recorder.begin;
        const recorder: LlmCallRecorder = {
          ...(begin === undefined ? {} : { begin: (call, options) => begin.call(context.recorder, call, options) }),
          record: async (call, options) => {
            if (call.outcome === "success") deferred.push(call);
            else await context.recorder.record(call, options);
          },
        };
        try {
          const { value, figures } = await plan.produce(context.signal, recorder, onAttempt);
          await announced;
          const checkpoint: StepCheckpoint = {
            step: plan.step,
            output: value,
            durationMs: context.now() - started,
            ...figures,
          };
          const event: ProgressEvent = {
            type: "step.finished",
            jobId,
            step: plan.step,
            kind: plan.kind,
            title: plan.title,
            fromCheckpoint: false,
            ...figuresOf(checkpoint),
          };
          await context.store.save(jobId, checkpoint, { calls: deferred.splice(0), event });
          progress.announce(event);
          return value;
        } catch (error) {
          context.stopScheduling();
          await announced.catch(() => {});
          // A paid answer whose step then failed (or whose checkpoint could not be stored) is still recorded.
          for (const call of deferred.splice(0)) await context.recorder.record(call).catch(() => {});
          if (context.signal.aborted) throw new AbortedError(undefined, { cause: context.signal.reason });
          // A call refused before it was sent (a tick's time ran short) stops the step like a drain: not a failure.
          if (error instanceof AbortedError) throw error;
          const code = CourseforgeError.isInstance(error) ? error.code : "INTERNAL";
          const attempts =
            CourseforgeError.isInstance(error) && typeof error.details.attempts === "number"
              ? error.details.attempts
              : 1;
          await context.store.saveFailure(jobId, { step: plan.step, code, message: errorMessage(error), attempts });
          await progress.emit({ type: "step.failed", jobId, step: plan.step, code, message: errorMessage(error) });
          // A budget stop is the job's reason as it is: it names the cap to raise before resuming.
          throw BudgetExceededError.isInstance(error) ? error : new StepFailedError(plan.step, error);
        }
      },
      { priority: plan.priority, signal: context.stepSignal },
    );
  };
}

function figuresOf(checkpoint: StepCheckpoint) {
  return {
    promptTokens: checkpoint.promptTokens,
    completionTokens: checkpoint.completionTokens,
    cachedPromptTokens: checkpoint.cachedPromptTokens,
    costUsd: checkpoint.costUsd,
    attempts: checkpoint.attempts,
    durationMs: checkpoint.durationMs,
    ...(checkpoint.servedFrom === undefined ? {} : { servedFrom: checkpoint.servedFrom }),
    ...(checkpoint.saved === undefined
      ? {}
      : {
          savedTokens: checkpoint.saved.promptTokens + checkpoint.saved.completionTokens,
          savedCostUsd: checkpoint.saved.costUsd,
        }),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
