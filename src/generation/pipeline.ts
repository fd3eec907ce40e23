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
import { costOf, findPrice, generateStructuredCached, generateStructuredInBatch } from "../llm/index.ts";
import { countChatTokens } from "../tokens/index.ts";
import type { AnswerCache, BatchLane, CacheMode, CallPolicy } from "../llm/index.ts";
import type {
  CallerContext,
  ChatMessage,
  LlmCallRecord,
  LlmCallRecorder,
  ModelPrice,
  ModelProvider,
} from "../llm/types.ts";
import {
  evaluateLesson,
  judgeLesson,
  lessonQuality,
  mendFeedback,
  ParagraphIndex,
  scoreCourse,
  type LessonEvaluation,
  type LessonJudge,
} from "../quality/index.ts";
import type { CourseQuality, LessonQuality, QualityMode, QualityThresholds } from "../course/index.ts";
import type { StepKind } from "./progress-events.ts";
import type { CheckpointStore, Grounding, ProgressSink } from "./ports.ts";
import { lessonMessages, outlineMessages, promptTemplateVersion, quizMessages } from "./prompts.ts";
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

/** How courses are evaluated: the default mode (a request may name another), thresholds, the judge's model. */
export interface QualitySettings {
  readonly mode: QualityMode;
  readonly thresholds: QualityThresholds;
  readonly judgeModel: string;
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
   * Evaluate each lesson as soon as it and its quiz exist (checks and judge), regenerate what fails
   * once when the mode is `mend`, and report the course's quality. Absent: no evaluation.
   */
  readonly quality?: QualitySettings;
  /**
   * The exact answer cache (docs/cost.md): a step whose request was answered before is served
   * from it at $0. Answers built from the owner's private material (grounding, an outline they
   * edited) are cached for the owner alone.
   */
  readonly answerCache?: {
    readonly cache: AnswerCache;
    readonly mode: CacheMode;
    /** The job's owner: the scope of answers built from private material. */
    readonly owner: string;
    /** The prompts carry the owner's own material besides grounding (an outline they edited). */
    readonly privateInput?: boolean;
    readonly onError?: (error: unknown) => void;
  };
  /**
   * The provider's Batch API, for requests with `mode: "economy"`: their lesson and quiz steps go
   * out as lines of shared batches at the batch price (the outline stays real time, so review is
   * not delayed). Absent: economy requests run in real time.
   */
  readonly economy?: Omit<BatchLane, "onProgress" | "onFallback">;
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
  /** The course's quality, when it was evaluated. */
  readonly quality?: CourseQuality;
}

/**
 * The largest `max_tokens` of each step: enough for the longest valid answer the schemas allow.
 * Courseforge sends less (sized from recorded completions, `output-tokens.ts`) and goes up to this
 * only after a truncated answer; the peer strategies of the load bench send it as it is.
 */
export const stepOutputTokens = outputTokenCeilings;

/** Steps of one job in flight at once in economy mode (they wait in a batch, not on a connection). */
const economyConcurrency = 1_000;

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

  const economy = request.mode === "economy" ? options.economy : undefined;
  // A step waiting in a batch holds no connection: every lesson goes into the batch at once.
  const limiter = new PriorityLimiter(economy === undefined ? options.concurrency : economyConcurrency);
  const runStep = createStepRunner({
    jobId,
    checkpoints,
    store: options.checkpoints,
    progress: options.progress,
    recorder: options.recorder,
    limiter,
    signal,
    stepSignal,
    stopScheduling: () => stopScheduling.abort(),
    now,
  });
  const cachePolicy =
    options.answerCache === undefined
      ? undefined
      : {
          cache: options.answerCache.cache,
          mode: options.answerCache.mode,
          promptVersion: promptTemplateVersion,
          ownerId:
            options.grounding !== undefined || options.answerCache.privateInput === true
              ? options.answerCache.owner
              : null,
          ...(options.answerCache.onError === undefined ? {} : { onError: options.answerCache.onError }),
        };
  // Progress of the job's lines in their batches, once per change of a batch's count.
  const linesDone = new Map<string, number>();
  const batchReports: Pick<BatchLane, "onProgress" | "onFallback"> = {
    onProgress: (progress) => {
      if (linesDone.get(progress.batchId) === progress.linesDone) return;
      linesDone.set(progress.batchId, progress.linesDone);
      const { step: _step, ...figures } = progress;
      void options.progress.emit({ type: "batch.waiting", jobId, ...figures }).catch(() => {});
    },
    onFallback: (fallback) =>
      void options.progress.emit({ type: "batch.fallback", jobId, ...fallback }).catch(() => {}),
  };
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
    const structuredOptions = {
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
    };
    // Economy steps go to the Batch API, past the answer cache (neither read nor written there).
    if (economy !== undefined && task !== "outline") {
      const batched = await generateStructuredInBatch({
        ...structuredOptions,
        jobId,
        batch: { ...economy, ...batchReports },
      });
      return {
        value: batched.value,
        figures: { ...batched.usage, costUsd: batched.costUsd, attempts: batched.attempts },
      };
    }
    const result = await generateStructuredCached(structuredOptions, cachePolicy);
    const figures = { ...result.usage, costUsd: result.costUsd, attempts: result.attempts };
    if (result.fromCache === undefined) return { value: result.value, figures };
    const saved = {
      promptTokens: result.fromCache.usage.promptTokens,
      completionTokens: result.fromCache.usage.completionTokens,
      costUsd: result.fromCache.costUsd,
    };
    return { value: result.value, figures: { ...figures, servedFrom: "cache" as const, saved } };
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

  const withFeedback = (messages: ChatMessage[], feedback: string | undefined): ChatMessage[] =>
    feedback === undefined ? messages : [...messages, { role: "user", content: feedback }];

  async function writeLesson(
    outlineLesson: OutlineLesson,
    callSignal: AbortSignal,
    recorder: LlmCallRecorder,
    onAttempt: (record: LlmCallRecord, outcome: { readonly retrying: boolean }) => void,
    feedback?: string,
  ) {
    const step = feedback === undefined ? lessonStep(outlineLesson.id) : `mend:${lessonStep(outlineLesson.id)}`;
    const excerpts = await excerptsFor(outlineLesson, callSignal);
    if (excerpts.length > 0) {
      const ids = excerpts.map((excerpt) => excerpt.id);
      const grounded = await call({
        task: "lesson",
        step,
        model: options.models.lesson,
        schema: groundedLessonDraftSchema(excerpts.length),
        messages: withFeedback(lessonMessages(request, outline, outlineLesson, excerpts), feedback),
        semanticCheck: (draft) => checkGroundedLessonDraft(draft, ids),
        signal: callSignal,
        recorder,
        onAttempt,
      });
      return { value: citedLessonFromDraft(grounded.value, outlineLesson, excerpts), figures: grounded.figures };
    }
    const produced = await call({
      task: "lesson",
      step,
      model: options.models.lesson,
      schema: lessonDraftSchema(),
      messages: withFeedback(lessonMessages(request, outline, outlineLesson), feedback),
      semanticCheck: checkLessonDraft,
      signal: callSignal,
      recorder,
      onAttempt,
    });
    return { value: lessonFromDraft(produced.value, outlineLesson), figures: produced.figures };
  }

  async function writeQuiz(
    lesson: Lesson,
    callSignal: AbortSignal,
    recorder: LlmCallRecorder,
    onAttempt: (record: LlmCallRecord, outcome: { readonly retrying: boolean }) => void,
    feedback?: string,
  ) {
    const objectiveIds = lesson.objectives.map((objective) => objective.id);
    const produced = await call({
      task: "quiz",
      step: feedback === undefined ? quizStep(lesson.id) : `mend:${quizStep(lesson.id)}`,
      model: options.models.quiz,
      schema: quizDraftSchema({ objectiveIds }),
      messages: withFeedback(quizMessages(request, outline, lesson), feedback),
      semanticCheck: (draft) => checkQuizDraft(draft, objectiveIds),
      signal: callSignal,
      recorder,
      onAttempt,
    });
    return { value: quizFromDraft(produced.value, lesson.id), figures: produced.figures };
  }

  const qualityMode: QualityMode = options.quality === undefined ? "off" : (request.quality ?? options.quality.mode);
  const paragraphs = new ParagraphIndex();
  const lessonQualities = new Map<string, LessonQuality>();
  const noAttemptReport = () => {};

  async function reviewLesson(outlineLesson: OutlineLesson, written: Lesson, writtenQuiz: Quiz) {
    const settings = options.quality!;
    const judge: LessonJudge = async (lesson, quiz, judgeSignal) =>
      (
        await judgeLesson(
          {
            provider: options.provider,
            model: settings.judgeModel,
            jobId,
            maxAttempts: options.maxAttempts,
            timeoutMs: options.timeoutMs,
            ...(options.callPolicy === undefined ? {} : { callPolicy: options.callPolicy }),
            prices: options.prices,
            recorder: options.recorder,
            ...(options.caller === undefined ? {} : { caller: options.caller }),
          },
          { request, lesson, quiz },
          judgeSignal,
        )
      ).rubric;
    // Judge calls and regenerations take a slot of the same limiter as the steps: quality work
    // shares the provider fairly with the lessons still being written.
    const evaluate = (lesson: Lesson, quiz: Quiz): Promise<LessonEvaluation> =>
      limiter.run(
        () =>
          evaluateLesson({
            lesson,
            quiz,
            level: request.level,
            language: request.language,
            thresholds: settings.thresholds,
            judge,
            paragraphs,
            signal,
          }),
        { priority: 1, signal: stepSignal },
      );
    let lesson = written;
    let quiz = writtenQuiz;
    let evaluation = await evaluate(lesson, quiz);
    const mended: ("lesson" | "quiz")[] = [];
    if (!evaluation.decision.passed && qualityMode === "mend") {
      const { reasons, mend } = evaluation.decision;
      try {
        if (mend.includes("lesson")) {
          const rewritten = await limiter.run(
            () =>
              writeLesson(outlineLesson, signal, options.recorder, noAttemptReport, mendFeedback("lesson", reasons)),
            { priority: 1, signal: stepSignal },
          );
          lesson = rewritten.value;
          mended.push("lesson");
        }
        if (mend.includes("quiz")) {
          const rewritten = await limiter.run(
            () => writeQuiz(lesson, signal, options.recorder, noAttemptReport, mendFeedback("quiz", reasons)),
            { priority: 1, signal: stepSignal },
          );
          quiz = rewritten.value;
          mended.push("quiz");
        }
      } catch (error) {
        // A regeneration that fails for good keeps what was written; the lesson stays flagged.
        if (signal.aborted || error instanceof AbortedError) throw error;
      }
      if (mended.length > 0) evaluation = await evaluate(lesson, quiz);
    }
    paragraphs.add(lesson);
    lessonQualities.set(lesson.id, lessonQuality(lesson.id, evaluation, mended));
    return { lesson, quiz };
  }

  async function writeLessonAndQuiz(outlineLesson: OutlineLesson): Promise<void> {
    const lesson = await runStep<Lesson>({
      step: lessonStep(outlineLesson.id),
      kind: "lesson",
      title: outlineLesson.title,
      // Lessons head the longest remaining chain (lesson then quiz): start them first.
      priority: 2,
      storedSchema: lessonSchema,
      produce: (callSignal, recorder, onAttempt) => writeLesson(outlineLesson, callSignal, recorder, onAttempt),
    });
    lessons.set(lesson.id, lesson);
    const quiz = await runStep<Quiz>({
      step: quizStep(outlineLesson.id),
      kind: "quiz",
      title: `Quiz: ${outlineLesson.title}`,
      priority: 1,
      storedSchema: quizSchema,
      produce: (callSignal, recorder, onAttempt) => writeQuiz(lesson, callSignal, recorder, onAttempt),
    });
    quizzes.set(lesson.id, quiz);
    if (qualityMode === "off") return;
    // No barrier: each lesson is reviewed as soon as it and its quiz exist.
    const reviewed = await reviewLesson(outlineLesson, lesson, quiz);
    lessons.set(lesson.id, reviewed.lesson);
    quizzes.set(lesson.id, reviewed.quiz);
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
  const quality = qualityMode === "off" ? undefined : courseQuality(qualityMode);
  const withQuality = quality === undefined ? {} : { quality };
  if (options.grounding === undefined) return { outline, lessons, quizzes, ...withQuality };
  const grounded = [...lessons.values()].some((lesson) =>
    lesson.sections.some((section) => (section.citations?.length ?? 0) > 0),
  );
  return { outline, lessons, quizzes, grounded, ...withQuality };

  function courseQuality(mode: "flag" | "mend"): CourseQuality {
    const ordered = outline.modules.flatMap((module) => module.lessons.map((planned) => planned.id));
    return scoreCourse({
      mode,
      thresholds: options.quality!.thresholds,
      lessons: ordered.flatMap((id) => {
        const entry = lessonQualities.get(id);
        return entry === undefined ? [] : [entry];
      }),
      quizzes: ordered.flatMap((id) => {
        const quiz = quizzes.get(id);
        return quiz === undefined ? [] : [quiz];
      }),
      lessonTexts: ordered.flatMap((id) => {
        const lesson = lessons.get(id);
        return lesson === undefined ? [] : [lesson];
      }),
      paragraphs: () => new ParagraphIndex(),
    });
  }
}
