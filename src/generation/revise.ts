import { z } from "zod";
import {
  checkGroundedLessonDraft,
  checkLessonDraft,
  checkOutlineWording,
  checkQuestionDraft,
  checkQuizDraft,
  checkSectionDraft,
  citedLessonFromDraft,
  describeTarget,
  excerptId,
  groundedLessonDraftSchema,
  Lesson as lessonSchema,
  lessonDraftSchema,
  lessonFromDraft,
  locateTarget,
  outlineWordingSchema,
  questionDraftSchema,
  questionOfDraft,
  Quiz as quizSchema,
  QuizQuestion as questionSchema,
  quizDraftSchema,
  quizFromDraft,
  replaceLesson,
  replaceOutlineWording,
  replaceQuestion,
  replaceSection,
  Section as sectionSchema,
  sectionDraftSchema,
  sectionFromDraft,
  type Course,
  type CourseLesson,
  type Excerpt,
  type Lesson,
  type OutlineWording,
  type Quiz,
  type QuizQuestion,
  type RevisionTarget,
  type Section,
} from "../course/index.ts";
import { AbortedError, CourseforgeError } from "../errors/index.ts";
import { generateStructured } from "../llm/index.ts";
import type { ChatMessage, LlmCallRecord, LlmCallRecorder } from "../llm/types.ts";
import type { GenerationOptions } from "./pipeline.ts";
import { stepOutputTokens } from "./pipeline.ts";
import type { StepKind } from "./progress-events.ts";
import {
  reviseLessonMessages,
  reviseOutlineMessages,
  reviseQuestionMessages,
  reviseQuizMessages,
  reviseSectionMessages,
} from "./revision-prompts.ts";
import { PriorityLimiter } from "./scheduler.ts";
import { createStepRunner } from "./step-runner.ts";

/** The part a revision names is not in the course it revises (a 404 at the API, naming it). */
export class RevisionTargetNotFoundError extends CourseforgeError {
  static readonly code = "REVISION_TARGET_NOT_FOUND";
  constructor(courseId: string, target: RevisionTarget) {
    super("REVISION_TARGET_NOT_FOUND", `Course ${courseId} has no ${describeTarget(target)}.`, {
      details: { courseId, target },
      suggestion: "Read the course (GET /v1/courses/{id}) for the ids of its lessons, sections and questions.",
    });
  }
}

/** What a revision needs: the generation's model settings and ports, the course and what to change. */
export interface RevisionOptions extends Pick<
  GenerationOptions,
  | "jobId"
  | "request"
  | "provider"
  | "models"
  | "maxAttempts"
  | "timeoutMs"
  | "callPolicy"
  | "temperature"
  | "prices"
  | "recorder"
  | "checkpoints"
  | "progress"
  | "signal"
  | "caller"
  | "grounding"
  | "now"
  | "drainSignal"
> {
  /** The revision the new one is made from. */
  readonly course: Course;
  readonly target: RevisionTarget;
  /** The teacher's instruction, already checked for size (untrusted text: it only ever goes into a prompt). */
  readonly instruction: string;
}

/** The step names of a revision of `target`, in the order they run (a lesson is rewritten, then its quiz). */
export function stepsOfRevision(target: RevisionTarget): string[] {
  switch (target.kind) {
    case "lesson":
      return [`revise:lesson:${target.id}`, `revise:quiz:${target.id}`];
    case "outline":
      return ["revise:outline"];
    default:
      return [`revise:${target.kind}:${target.id}`];
  }
}

const storedSection = sectionSchema.omit({ id: true, kind: true });
const storedWording = z.object({
  title: z.string(),
  description: z.string(),
  modules: z.array(
    z.object({
      title: z.string(),
      summary: z.string(),
      lessons: z.array(z.object({ title: z.string(), summary: z.string() })),
    }),
  ),
});

/**
 * Rewrites the part `target` names following `instruction` and returns the whole new course: that
 * part rewritten (ids kept), every other part copied as it is. A lesson is rewritten and then its
 * quiz, written for the new text; a section, a quiz, a question or the outline's wording alone
 * otherwise. Sections written from the teacher's material cite it again (citations re-resolved for
 * the rewritten text). Each step is checkpointed like a generation step, so a resumed revision job
 * does not pay twice.
 *
 * @throws {RevisionTargetNotFoundError} when the course has no such part.
 */
export async function reviseCourse(options: RevisionOptions): Promise<Course> {
  const { jobId, request, course, target, instruction, signal } = options;
  const located = locateTarget(course, target);
  if (located === undefined) throw new RevisionTargetNotFoundError(course.id, target);
  const now = options.now ?? (() => performance.now());
  const checkpoints = await options.checkpoints.load(jobId, signal);
  const steps = stepsOfRevision(target);
  await options.progress.emit({
    type: "job.started",
    jobId,
    stepsTotal: steps.length,
    stepsFromCheckpoint: steps.filter((step) => checkpoints.has(step)).length,
  });
  const stopScheduling = new AbortController();
  const runStep = createStepRunner({
    jobId,
    checkpoints,
    store: options.checkpoints,
    progress: options.progress,
    recorder: options.recorder,
    limiter: new PriorityLimiter(1),
    signal,
    stepSignal: AbortSignal.any([signal, stopScheduling.signal, ...(options.drainSignal ? [options.drainSignal] : [])]),
    stopScheduling: () => stopScheduling.abort(),
    now,
  });
  const call = async <T>(stepCall: {
    readonly task: StepKind;
    readonly step: string;
    readonly schema: z.ZodType<T>;
    readonly messages: ChatMessage[];
    readonly maxOutputTokens: number;
    readonly semanticCheck: (value: T) => { path: (string | number)[]; message: string }[];
    readonly signal: AbortSignal;
    readonly recorder: LlmCallRecorder;
    readonly onAttempt: (record: LlmCallRecord, outcome: { readonly retrying: boolean }) => void;
  }) => {
    const result = await generateStructured({
      provider: options.provider,
      model: options.models[stepCall.task],
      task: stepCall.task,
      step: stepCall.step,
      jobId,
      schema: stepCall.schema,
      schemaName: `revise_${stepCall.task}`,
      messages: stepCall.messages,
      maxOutputTokens: stepCall.maxOutputTokens,
      temperature: options.temperature,
      promptCacheKey: `courseforge:${jobId}`,
      ...(options.caller === undefined ? {} : { caller: { ...options.caller, urgency: 2 } }),
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

  async function excerptsFor(lesson: Lesson, callSignal: AbortSignal): Promise<Excerpt[]> {
    if (options.grounding === undefined) return [];
    const query = [lesson.title, ...lesson.objectives.map((objective) => objective.text), ...lesson.keyPoints].join(
      "\n",
    );
    const passages = await options.grounding.passagesFor(query, callSignal);
    return passages.map((passage, index) => ({ ...passage, id: excerptId(index) }));
  }

  const rewriteQuiz = (lesson: Lesson, current: Quiz) =>
    runStep<Quiz>({
      step: `revise:quiz:${lesson.id}`,
      kind: "quiz",
      title: `Quiz: ${lesson.title}`,
      priority: 1,
      storedSchema: quizSchema,
      produce: async (callSignal, recorder, onAttempt) => {
        const objectiveIds = lesson.objectives.map((objective) => objective.id);
        const produced = await call({
          task: "quiz",
          step: `revise:quiz:${lesson.id}`,
          schema: quizDraftSchema({ objectiveIds }),
          messages: reviseQuizMessages(request, course, lesson, instruction, current.questions),
          maxOutputTokens: stepOutputTokens.quiz,
          semanticCheck: (draft) => checkQuizDraft(draft, objectiveIds),
          signal: callSignal,
          recorder,
          onAttempt,
        });
        return { value: quizFromDraft(produced.value, lesson.id), figures: produced.figures };
      },
    });

  try {
    switch (located.kind) {
      case "lesson": {
        const current = located.lesson;
        const lesson = await runStep<Lesson>({
          step: `revise:lesson:${current.id}`,
          kind: "lesson",
          title: current.title,
          priority: 2,
          storedSchema: lessonSchema,
          produce: async (callSignal, recorder, onAttempt) => {
            const excerpts = await excerptsFor(current, callSignal);
            const messages = reviseLessonMessages(request, course, current, instruction, excerpts);
            if (excerpts.length > 0) {
              const ids = excerpts.map((excerpt) => excerpt.id);
              const grounded = await call({
                task: "lesson",
                step: `revise:lesson:${current.id}`,
                schema: groundedLessonDraftSchema(excerpts.length),
                messages,
                maxOutputTokens: stepOutputTokens.lesson,
                semanticCheck: (draft) => checkGroundedLessonDraft(draft, ids),
                signal: callSignal,
                recorder,
                onAttempt,
              });
              return { value: citedLessonFromDraft(grounded.value, current, excerpts), figures: grounded.figures };
            }
            const produced = await call({
              task: "lesson",
              step: `revise:lesson:${current.id}`,
              schema: lessonDraftSchema(),
              messages,
              maxOutputTokens: stepOutputTokens.lesson,
              semanticCheck: checkLessonDraft,
              signal: callSignal,
              recorder,
              onAttempt,
            });
            return { value: lessonFromDraft(produced.value, current), figures: produced.figures };
          },
        });
        const quiz = await rewriteQuiz(lesson, current.quiz);
        return replaceLesson(course, current.id, { ...lesson, quiz } satisfies CourseLesson);
      }
      case "quiz":
        return replaceLesson(course, located.lesson.id, {
          ...located.lesson,
          quiz: await rewriteQuiz(located.lesson, located.lesson.quiz),
        });
      case "section": {
        const { lesson, section } = located;
        const rewritten = await runStep<Omit<Section, "id" | "kind">>({
          step: `revise:section:${section.id}`,
          kind: "lesson",
          title: section.title,
          priority: 2,
          storedSchema: storedSection,
          produce: async (callSignal, recorder, onAttempt) => {
            // A section that cited the material is written from it again, its citations resolved anew.
            const excerpts = (section.citations?.length ?? 0) > 0 ? await excerptsFor(lesson, callSignal) : [];
            const ids = excerpts.map((excerpt) => excerpt.id);
            const produced = await call({
              task: "lesson",
              step: `revise:section:${section.id}`,
              schema: sectionDraftSchema(excerpts.length),
              messages: reviseSectionMessages(request, course, lesson, section, instruction, excerpts),
              maxOutputTokens: 1_500,
              semanticCheck: (draft) => checkSectionDraft(draft, ids),
              signal: callSignal,
              recorder,
              onAttempt,
            });
            return { value: sectionFromDraft(produced.value, excerpts), figures: produced.figures };
          },
        });
        return replaceSection(course, section.id, rewritten);
      }
      case "question": {
        const { lesson, question } = located;
        const rewritten = await runStep<QuizQuestion>({
          step: `revise:question:${question.id}`,
          kind: "quiz",
          title: `Question ${question.id}`,
          priority: 1,
          storedSchema: questionSchema,
          produce: async (callSignal, recorder, onAttempt) => {
            const produced = await call({
              task: "quiz",
              step: `revise:question:${question.id}`,
              schema: questionDraftSchema(question.objectiveId),
              messages: reviseQuestionMessages(request, course, lesson, question, instruction),
              maxOutputTokens: 800,
              semanticCheck: (draft) => checkQuestionDraft(draft, question.objectiveId),
              signal: callSignal,
              recorder,
              onAttempt,
            });
            return { value: questionOfDraft(produced.value, question.id), figures: produced.figures };
          },
        });
        return replaceQuestion(course, question.id, rewritten);
      }
      case "outline": {
        const wording = await runStep<OutlineWording>({
          step: "revise:outline",
          kind: "outline",
          title: "Course outline wording",
          priority: 3,
          storedSchema: storedWording,
          produce: async (callSignal, recorder, onAttempt) => {
            const lessons = course.modules.reduce((sum, module) => sum + module.lessons.length, 0);
            const produced = await call({
              task: "outline",
              step: "revise:outline",
              schema: outlineWordingSchema(course),
              messages: reviseOutlineMessages(request, course, instruction),
              maxOutputTokens: stepOutputTokens.outline(lessons),
              semanticCheck: (draft) => checkOutlineWording(draft, course),
              signal: callSignal,
              recorder,
              onAttempt,
            });
            return { value: produced.value, figures: produced.figures };
          },
        });
        return replaceOutlineWording(course, wording);
      }
    }
  } catch (error) {
    if (signal.aborted && !(error instanceof AbortedError)) throw new AbortedError(undefined, { cause: signal.reason });
    throw error;
  }
}
