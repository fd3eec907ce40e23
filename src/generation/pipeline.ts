import type { z } from "zod";
import {
  checkGroundedLessonDraft,
  checkLessonDraft,
  checkOutline,
  citedLessonFromDraft,
  excerptId,
  groundedLessonDraftSchema,
  checkQuizDraft,
  Lesson as lessonSchema,
  lessonDraftSchema,
  lessonFromDraft,
  Outline as outlineSchema,
  outlineDraftSchema,
  outlineFromDraft,
  Quiz as quizSchema,
  quizDraftSchema,
  quizFromDraft,
  type CourseRequest,
  type Excerpt,
  type Lesson,
  type Outline,
  type OutlineLesson,
  type Quiz,
} from "../course/index.ts";
import { AbortedError } from "../errors/index.ts";
import { costOf, findPrice, generateStructured } from "../llm/index.ts";
import { countChatTokens } from "../tokens/index.ts";
import type { CallPolicy } from "../llm/index.ts";
import type {
  CallerContext,
  ChatMessage,
  LlmCallRecord,
  LlmCallRecorder,
  ModelPrice,
  ModelProvider,
} from "../llm/types.ts";
import type { StepKind } from "./progress-events.ts";
import type { CheckpointStore, Grounding, ProgressSink } from "./ports.ts";
import { lessonMessages, outlineMessages, quizMessages } from "./prompts.ts";
import { outputTokenCeilings, sizeStepOutput, type CompletionSizes } from "./output-tokens.ts";
import { PriorityLimiter } from "./scheduler.ts";
import type { SpendingGate } from "./spending.ts";
import { createStepRunner } from "./step-runner.ts";
import { lessonStep, quizStep, stepsOfOutline } from "./step-names.ts";

/** Which model writes which kind of step. */
export interface StepModels {
  readonly outline: string;
  readonly lesson: string;
  readonly quiz: string;
}

/** Everything one course generation needs; ports are injected, nothing is read from globals. */
export interface GenerationOptions {
  readonly jobId: string;
  readonly request: CourseRequest;
  readonly provider: ModelProvider;
  readonly models: StepModels;
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  /** Shared call stages (router, circuit breakers, budget), time limits sized to the output, outage waiting. */
  readonly callPolicy?: CallPolicy;
  readonly temperature: number;
  readonly prices: Readonly<Record<string, ModelPrice>>;
  readonly recorder: LlmCallRecorder;
  readonly checkpoints: CheckpointStore;
  readonly progress: ProgressSink;
  readonly signal: AbortSignal;
  /**
   * Who the course is for (the job's user and role priority): the provider budget grants the
   * calls of many jobs fairly across users by it. Absent: one anonymous caller of priority 0.
   */
  readonly caller?: Omit<CallerContext, "urgency">;
  /**
   * Stop after the outline step (checkpointed) for a person to review it: `lessons` and `quizzes`
   * come back empty. A later run of the same job continues from the (possibly edited) outline.
   */
  readonly outlineOnly?: boolean;
  /**
   * Graceful stop: once it fires no new step starts, steps in flight finish and are checkpointed,
   * then the run rejects with {@link AbortedError}. `signal`, by contrast, aborts in-flight calls.
   */
  readonly drainSignal?: AbortSignal;
  /** Milliseconds clock; injectable for tests. */
  readonly now?: () => number;
  /**
   * The teacher's material: the outline step sees its overview, each lesson is written from the
   * passages retrieved for it (its title, objectives and key points as the query) and cites them.
   */
  readonly grounding?: Grounding;
  /**
   * The recorded completions each step's `max_tokens` is sized from (docs/cost.md, "Charged
   * tokens"); absent: the cold-start defaults.
   */
  readonly completionSizes?: CompletionSizes;
  /** The job's money: each call claims its most expensive outcome before it is sent (docs/cost.md, "Budgets"). */
  readonly spending?: SpendingGate;
}

/** The generated parts of a course, ready to assemble. */
export interface GeneratedParts {
  readonly outline: Outline;
  readonly lessons: ReadonlyMap<string, Lesson>;
  readonly quizzes: ReadonlyMap<string, Quiz>;
  /** With grounding: whether any lesson cites the material (false: nothing relevant was found). */
  readonly grounded?: boolean;
}

/**
 * The largest `max_tokens` of each step: enough for the longest valid answer the schemas allow.
 * Courseforge sends less (sized from recorded completions, `output-tokens.ts`) and goes up to this
 * only after a truncated answer; the peer strategies of the load bench send it as it is.
 */
export const stepOutputTokens = outputTokenCeilings;

/**
 * Generates a course's outline, then every lesson and its quiz: lessons run in parallel up to
 * `concurrency`, and a lesson's quiz starts as soon as that lesson is stored (no barrier). Every
 * finished step is checkpointed before anything uses it, and steps already checkpointed by an
 * earlier run of the same job are reused without a model call.
 */
export async function generateCourseParts(options: GenerationOptions): Promise<GeneratedParts> {
  const { jobId, request, signal } = options;
  const now = options.now ?? (() => performance.now());
  const checkpoints = await options.checkpoints.load(jobId, signal);
  const lessonCount = request.modules * request.lessonsPerModule;
  // An outline edited during review may have other module sizes than the request: once an outline
  // exists, it alone says which steps the course has.
  const storedOutline = outlineSchema.safeParse(checkpoints.get("outline")?.output);
  const plannedSteps = storedOutline.success ? stepsOfOutline(storedOutline.data) : undefined;
  const stepsTotal = plannedSteps ? plannedSteps.length : 1 + 2 * lessonCount;
  const stepsFromCheckpoint = plannedSteps
    ? plannedSteps.filter((step) => checkpoints.has(step)).length
    : Math.min(checkpoints.size, stepsTotal);
  // The first call does not wait for this write: with many jobs starting at once the database,
  // not the model, is the slower of the two. The event is still stored before the job ends.
  const jobStarted = options.progress.emit({ type: "job.started", jobId, stepsTotal, stepsFromCheckpoint });

  // Stop starting new steps after the first failure, but let steps in flight finish and be
  // checkpointed: they are paid for, and a retry of the job reuses them.
  const stopScheduling = new AbortController();
  const stepSignal = AbortSignal.any([
    signal,
    stopScheduling.signal,
    ...(options.drainSignal ? [options.drainSignal] : []),
  ]);

  const runStep = createStepRunner({
    jobId,
    checkpoints,
    store: options.checkpoints,
    progress: options.progress,
    recorder: options.recorder,
    limiter: new PriorityLimiter(options.concurrency),
    signal,
    stepSignal,
    stopScheduling: () => stopScheduling.abort(),
    now,
  });
  // One model call of a step: what to ask (the step's request) and how this attempt runs.
  const call = async <T>(stepCall: {
    readonly task: StepKind;
    readonly step: string;
    readonly model: string;
    readonly schema: z.ZodType<T>;
    readonly messages: ChatMessage[];
    /** Lessons of the course: an outline's size (its `max_tokens` scales with them). */
    readonly lessons?: number;
    readonly semanticCheck: (value: T) => { path: (string | number)[]; message: string }[];
    readonly signal: AbortSignal;
    readonly recorder: LlmCallRecorder;
    readonly onAttempt: (record: LlmCallRecord, outcome: { readonly retrying: boolean }) => void;
  }) => {
    const { task } = stepCall;
    const recorded = await options.completionSizes?.recorded(task, stepCall.model, stepCall.signal);
    const size = sizeStepOutput(task, stepCall.lessons ?? 1, recorded);
    // The most this call may cost (every prompt token uncached, every allowed output token used).
    const claim = await options.spending?.claim(
      {
        step: stepCall.step,
        estimateUsd: costOf(
          { promptTokens: countChatTokens(stepCall.messages), completionTokens: size.limit, cachedPromptTokens: 0 },
          findPrice(options.prices, stepCall.model),
        ),
      },
      stepCall.signal,
    );
    try {
      return await callModel(stepCall, size);
    } finally {
      claim?.release();
    }
  };
  const callModel = async <T>(
    stepCall: Parameters<typeof call<T>>[0],
    size: { readonly limit: number; readonly ceiling: number },
  ) => {
    const { task } = stepCall;
    const result = await generateStructured({
      provider: options.provider,
      model: stepCall.model,
      task,
      step: stepCall.step,
      jobId,
      schema: stepCall.schema,
      schemaName: task,
      messages: stepCall.messages,
      maxOutputTokens: size.limit,
      // A truncated answer is retried with 1.5 × the limit, up to what the schema allows.
      maxOutputTokensLimit: size.ceiling,
      temperature: options.temperature,
      promptCacheKey: `courseforge:${jobId}`,
      // A job's own waiting calls go critical path first, as its steps do (outline 3, lesson 2, quiz 1).
      ...(options.caller === undefined
        ? {}
        : { caller: { ...options.caller, urgency: { outline: 3, lesson: 2, quiz: 1 }[task] } }),
      semanticCheck: stepCall.semanticCheck,
      maxAttempts: options.maxAttempts,
      timeoutMs: options.timeoutMs,
      ...options.callPolicy,
      recorder: stepCall.recorder,
      prices: options.prices,
      signal: stepCall.signal,
      onAttempt: stepCall.onAttempt,
    });
    return { value: result.value, figures: { ...result.usage, costUsd: result.costUsd, attempts: result.attempts } };
  };

  const outlineStep = runStep<Outline>({
    step: "outline",
    kind: "outline",
    title: "Course outline",
    priority: 3,
    storedSchema: outlineSchema,
    produce: async (callSignal, recorder, onAttempt) => {
      const overview = options.grounding === undefined ? undefined : await options.grounding.overview(callSignal);
      const produced = await call({
        task: "outline",
        step: "outline",
        model: options.models.outline,
        schema: outlineDraftSchema(request),
        messages: outlineMessages(request, overview),
        lessons: lessonCount,
        semanticCheck: (draft) => checkOutline(draft, request),
        signal: callSignal,
        recorder,
        onAttempt,
      });
      return { value: outlineFromDraft(produced.value, request), figures: produced.figures };
    },
  });
  const [startWritten, outlineWritten] = await Promise.allSettled([jobStarted, outlineStep]);
  if (outlineWritten.status === "rejected") throw outlineWritten.reason;
  if (startWritten.status === "rejected") throw startWritten.reason;
  const outline = outlineWritten.value;

  const lessons = new Map<string, Lesson>();
  const quizzes = new Map<string, Quiz>();
  if (options.outlineOnly) return { outline, lessons, quizzes };
  const chains = outline.modules.flatMap((module) =>
    module.lessons.map((outlineLesson) => writeLessonAndQuiz(outlineLesson)),
  );

  async function excerptsFor(outlineLesson: OutlineLesson, callSignal: AbortSignal): Promise<Excerpt[]> {
    if (options.grounding === undefined) return [];
    const query = [
      outlineLesson.title,
      ...outlineLesson.objectives.map((objective) => objective.text),
      ...outlineLesson.keyPoints,
    ].join("\n");
    const passages = await options.grounding.passagesFor(query, callSignal);
    return passages.map((passage, index) => ({ ...passage, id: excerptId(index) }));
  }

  async function writeLessonAndQuiz(outlineLesson: OutlineLesson): Promise<void> {
    const lesson = await runStep<Lesson>({
      step: lessonStep(outlineLesson.id),
      kind: "lesson",
      title: outlineLesson.title,
      // Lessons head the longest remaining chain (lesson then quiz): start them first.
      priority: 2,
      storedSchema: lessonSchema,
      produce: async (callSignal, recorder, onAttempt) => {
        const excerpts = await excerptsFor(outlineLesson, callSignal);
        if (excerpts.length > 0) {
          const ids = excerpts.map((excerpt) => excerpt.id);
          const grounded = await call({
            task: "lesson",
            step: lessonStep(outlineLesson.id),
            model: options.models.lesson,
            schema: groundedLessonDraftSchema(excerpts.length),
            messages: lessonMessages(request, outline, outlineLesson, excerpts),
            semanticCheck: (draft) => checkGroundedLessonDraft(draft, ids),
            signal: callSignal,
            recorder,
            onAttempt,
          });
          return { value: citedLessonFromDraft(grounded.value, outlineLesson, excerpts), figures: grounded.figures };
        }
        const produced = await call({
          task: "lesson",
          step: lessonStep(outlineLesson.id),
          model: options.models.lesson,
          schema: lessonDraftSchema(),
          messages: lessonMessages(request, outline, outlineLesson),
          semanticCheck: checkLessonDraft,
          signal: callSignal,
          recorder,
          onAttempt,
        });
        return { value: lessonFromDraft(produced.value, outlineLesson), figures: produced.figures };
      },
    });
    lessons.set(lesson.id, lesson);
    const objectiveIds = lesson.objectives.map((objective) => objective.id);
    const quiz = await runStep<Quiz>({
      step: quizStep(outlineLesson.id),
      kind: "quiz",
      title: `Quiz: ${outlineLesson.title}`,
      priority: 1,
      storedSchema: quizSchema,
      produce: async (callSignal, recorder, onAttempt) => {
        const produced = await call({
          task: "quiz",
          step: quizStep(outlineLesson.id),
          model: options.models.quiz,
          schema: quizDraftSchema({ objectiveIds }),
          messages: quizMessages(request, outline, lesson),
          semanticCheck: (draft) => checkQuizDraft(draft, objectiveIds),
          signal: callSignal,
          recorder,
          onAttempt,
        });
        return { value: quizFromDraft(produced.value, lesson.id), figures: produced.figures };
      },
    });
    quizzes.set(lesson.id, quiz);
  }

  const settled = await Promise.allSettled(chains);
  if (signal.aborted) throw new AbortedError(undefined, { cause: signal.reason });
  const failure = settled.find(
    (result): result is PromiseRejectedResult =>
      result.status === "rejected" && !(result.reason instanceof AbortedError),
  );
  if (failure) throw failure.reason;
  const stopped = settled.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (stopped) throw stopped.reason;
  if (options.grounding === undefined) return { outline, lessons, quizzes };
  const grounded = [...lessons.values()].some((lesson) =>
    lesson.sections.some((section) => (section.citations?.length ?? 0) > 0),
  );
  return { outline, lessons, quizzes, grounded };
}
