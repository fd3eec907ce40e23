/** The kind of work a pipeline step does. */
export type StepKind = "outline" | "lesson" | "quiz";

/** Token and cost figures of one step (all its attempts). */
export interface StepFigures {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedPromptTokens: number;
  readonly costUsd: number;
  readonly attempts: number;
  readonly durationMs: number;
  /** The step made no model call: its output came from the answer cache or a reused course. */
  readonly servedFrom?: "cache" | "reuse";
  /** With `servedFrom`: the tokens and dollars the step would have cost. */
  readonly savedTokens?: number;
  readonly savedCostUsd?: number;
}

/** Progress of a course generation, streamed to the CLI now and to SSE clients later. */
export type ProgressEvent =
  | {
      readonly type: "job.started";
      readonly jobId: string;
      readonly stepsTotal: number;
      readonly stepsFromCheckpoint: number;
    }
  | {
      readonly type: "step.started";
      readonly jobId: string;
      readonly step: string;
      readonly kind: StepKind;
      readonly title: string;
    }
  | {
      readonly type: "step.retrying";
      readonly jobId: string;
      readonly step: string;
      readonly attempt: number;
      readonly code: string;
      readonly message: string;
    }
  | ({
      readonly type: "step.finished";
      readonly jobId: string;
      readonly step: string;
      readonly kind: StepKind;
      readonly title: string;
      readonly fromCheckpoint: boolean;
    } & StepFigures)
  | {
      readonly type: "step.failed";
      readonly jobId: string;
      readonly step: string;
      readonly code: string;
      readonly message: string;
    }
  | ({ readonly type: "job.succeeded"; readonly jobId: string; readonly courseId: string } & Omit<
      StepFigures,
      "attempts" | "durationMs"
    > & {
        readonly llmCalls: number;
        readonly durationMs: number;
        /** For a revision job: the number of the revision it stored. */
        readonly revision?: number;
        /** With quality evaluation: lessons by outcome (passed, mended, flagged) and whether the course passed. */
        readonly quality?: {
          readonly passed: boolean;
          readonly lessons: { readonly passed: number; readonly mended: number; readonly flagged: number };
        };
      })
  | { readonly type: "job.failed"; readonly jobId: string; readonly code: string; readonly message: string }
  | {
      /** Economy mode: the job's steps wait in a provider batch ("waiting for the batch: n of m lines done"). */
      readonly type: "batch.waiting";
      readonly jobId: string;
      readonly batchId: string;
      readonly linesDone: number;
      readonly linesTotal: number;
    }
  | {
      /** Economy mode: a step's batch ended without answering it (expired, failed, cancelled); it runs in real time. */
      readonly type: "batch.fallback";
      readonly jobId: string;
      readonly step: string;
      /** `batch_expired`, `batch_failed`, `batch_cancelled`. */
      readonly code: string;
      readonly reason: string;
    };
