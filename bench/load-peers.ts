/**
 * The strategies users would otherwise pick, each user generating its own course in its own
 * client: the same prompts, schemas and output budgets as the Courseforge pipeline, through the
 * same openai-compatible adapter, with a plain retry on 429 that honours `retry-after`.
 */
import type { z } from "zod";
import {
  lessonDraftSchema,
  lessonFromDraft,
  outlineDraftSchema,
  outlineFromDraft,
  quizDraftSchema,
  quizFromDraft,
  type CourseRequest,
  type Lesson,
  type Outline,
  type OutlineLesson,
} from "../src/course/index.ts";
import {
  lessonMessages,
  outlineMessages,
  PriorityLimiter,
  quizMessages,
  stepOutputTokens,
} from "../src/generation/index.ts";
import { ProviderRateLimitError, sleep, toStrictJsonSchema } from "../src/llm/index.ts";
import type { ChatMessage, ModelProvider } from "../src/llm/types.ts";
import type { SuccessfulCall } from "./critical-path.ts";

/** The peer strategies, by the name the JSON reports them under. */
export const peerStrategies = {
  /** One call at a time per user, as textbook_quality does. */
  sequential: 1,
  /** At most three calls at once per user, OpenMAIC's default. */
  concurrency_3: 3,
  /** Every call as soon as it can start (`Promise.all`). */
  promise_all: Number.POSITIVE_INFINITY,
} as const;
export type PeerStrategy = keyof typeof peerStrategies;

/** One user's course under a peer strategy. */
export interface PeerCourse {
  /** Milliseconds from `startedAt` to the course done (`undefined`: it failed). */
  readonly doneMs: number | undefined;
  readonly calls: readonly SuccessfulCall[];
  readonly tokens: number;
  readonly error?: string;
}

/** Generates one course for one user with at most `concurrency` calls at once. */
export async function runPeerCourse(
  request: CourseRequest,
  options: {
    readonly provider: ModelProvider;
    readonly model: string;
    readonly concurrency: number;
    readonly temperature: number;
    readonly startedAt: number;
    readonly signal: AbortSignal;
  },
): Promise<PeerCourse> {
  const limiter = Number.isFinite(options.concurrency) ? new PriorityLimiter(options.concurrency) : undefined;
  const calls: SuccessfulCall[] = [];
  let tokens = 0;
  const ask = async <T>(
    step: string,
    task: string,
    schema: z.ZodType<T>,
    messages: ChatMessage[],
    maxOutputTokens: number,
  ): Promise<T> => {
    const send = async () => {
      for (;;) {
        try {
          return await options.provider.complete({
            model: options.model,
            messages,
            responseFormat: { name: task, schema: toStrictJsonSchema(schema) },
            maxOutputTokens,
            temperature: options.temperature,
            signal: options.signal,
          });
        } catch (error) {
          if (!ProviderRateLimitError.isInstance(error)) throw error;
          await sleep(error.retryAfterMs ?? 1_000, options.signal);
        }
      }
    };
    const response = await (limiter === undefined ? send() : limiter.run(send));
    const usage = response.usage ?? { promptTokens: 0, completionTokens: 0 };
    tokens += usage.promptTokens + usage.completionTokens;
    calls.push({ step, model: options.model, completionTokens: usage.completionTokens });
    return schema.parse(JSON.parse(response.content));
  };
  try {
    const lessonCount = request.modules * request.lessonsPerModule;
    const outline: Outline = outlineFromDraft(
      await ask(
        "outline",
        "outline",
        outlineDraftSchema(request),
        outlineMessages(request),
        stepOutputTokens.outline(lessonCount),
      ),
      request,
    );
    const chain = async (outlineLesson: OutlineLesson) => {
      const draft = await ask(
        `lesson:${outlineLesson.id}`,
        "lesson",
        lessonDraftSchema(),
        lessonMessages(request, outline, outlineLesson),
        stepOutputTokens.lesson,
      );
      const lesson: Lesson = lessonFromDraft(draft, outlineLesson);
      const objectiveIds = lesson.objectives.map((objective) => objective.id);
      quizFromDraft(
        await ask(
          `quiz:${outlineLesson.id}`,
          "quiz",
          quizDraftSchema({ objectiveIds }),
          quizMessages(request, outline, lesson),
          stepOutputTokens.quiz,
        ),
        lesson.id,
      );
    };
    await Promise.all(outline.modules.flatMap((module) => module.lessons.map(chain)));
    return { doneMs: performance.now() - options.startedAt, calls, tokens };
  } catch (error) {
    return { doneMs: undefined, calls, tokens, error: error instanceof Error ? error.message : String(error) };
  }
}

/** What one peer strategy's run measured, before the simulator's counters are added. */
export interface PeerRun {
  readonly makespanMs: number;
  readonly courseMs: readonly number[];
  readonly calls: readonly (readonly SuccessfulCall[])[];
  readonly tokens: number;
  readonly failed: number;
  readonly errors: readonly string[];
}

/** Every user generates its course at the same moment with the strategy's per-user concurrency. */
export async function runPeerStrategy(
  strategy: PeerStrategy,
  requests: readonly CourseRequest[],
  options: {
    readonly provider: ModelProvider;
    readonly model: string;
    readonly temperature: number;
    readonly signal: AbortSignal;
  },
): Promise<PeerRun> {
  const startedAt = performance.now();
  const courses = await Promise.all(
    requests.map((request) => runPeerCourse(request, { ...options, concurrency: peerStrategies[strategy], startedAt })),
  );
  const makespanMs = performance.now() - startedAt;
  const done = courses.filter((course) => course.doneMs !== undefined);
  return {
    makespanMs,
    courseMs: done.map((course) => course.doneMs!),
    calls: done.map((course) => course.calls),
    tokens: courses.reduce((total, course) => total + course.tokens, 0),
    failed: courses.length - done.length,
    errors: courses.flatMap((course) => (course.error === undefined ? [] : [course.error])),
  };
}
