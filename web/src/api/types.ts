// The JSON shapes of the public API the UI reads (docs/api.md, docs/course-format.md).

export type JobStatus = "queued" | "running" | "awaiting_approval" | "succeeded" | "failed" | "canceled";
/** The roles a user can have, from least to most privileged. */
export const roles = ["student", "teacher", "admin"] as const;
export type Role = (typeof roles)[number];
export type Level = "beginner" | "intermediate" | "advanced";

export interface CourseRequest {
  readonly topic: string;
  readonly audience: string;
  readonly level: Level;
  readonly modules: number;
  readonly lessonsPerModule: number;
  readonly language: string;
  readonly model?: string;
}

export interface Job {
  readonly id: string;
  readonly status: JobStatus;
  readonly request: CourseRequest;
  readonly reviewOutline: boolean;
  readonly stepsTotal: number;
  readonly stepsDone: number;
  readonly courseId: string | null;
  readonly failure: { readonly code: string; readonly reason: string } | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export interface JobList {
  readonly jobs: Job[];
  readonly nextCursor: string | null;
}

export interface CourseSummary {
  readonly id: string;
  readonly title: string;
  readonly topic: string;
  readonly language: string;
  readonly ownerId: string | null;
  readonly jobId: string | null;
  readonly createdAt: string;
}

export interface CourseList {
  readonly courses: CourseSummary[];
  readonly nextCursor: string | null;
}

export interface Objective {
  readonly id: string;
  readonly text: string;
}

export interface OutlineLesson {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly objectives: Objective[];
  readonly keyPoints: string[];
}

export interface OutlineModule {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly lessons: OutlineLesson[];
}

export interface Outline {
  readonly title: string;
  readonly description: string;
  readonly topic: string;
  readonly audience: string;
  readonly level: Level;
  readonly language: string;
  readonly modules: OutlineModule[];
}

export interface Section {
  readonly id: string;
  readonly kind: "introduction" | "explanation" | "worked_example" | "activity" | "summary";
  readonly title: string;
  readonly body: string;
}

interface QuestionBase {
  readonly id: string;
  readonly prompt: string;
  readonly explanation: string;
  readonly objectiveId: string;
}

export type QuizQuestion =
  | (QuestionBase & { readonly type: "single_choice"; readonly options: Objective[]; readonly correctOptionId: string })
  | (QuestionBase & { readonly type: "multiple_choice"; readonly options: Objective[]; readonly correctOptionIds: string[] })
  | (QuestionBase & { readonly type: "true_false"; readonly answer: boolean })
  | (QuestionBase & { readonly type: "short_answer"; readonly acceptedAnswers: string[] });

export interface CourseLesson extends OutlineLesson {
  readonly keyTerms: { readonly term: string; readonly definition: string }[];
  readonly sections: Section[];
  readonly quiz: { readonly questions: QuizQuestion[] };
}

export interface CourseModule {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly lessons: CourseLesson[];
}

export interface Course {
  readonly formatVersion: string;
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly topic: string;
  readonly audience: string;
  readonly level: Level;
  readonly language: string;
  readonly modules: CourseModule[];
  readonly generation: {
    readonly provider: string;
    readonly models: string[];
    readonly simulated: boolean;
    readonly createdAt: string;
    readonly promptTokens: number;
    readonly completionTokens: number;
    readonly costUsd: number;
    readonly llmCalls: number;
  };
}

/** One event of `GET /v1/jobs/:id/events`: its id, its type and its data. */
export interface JobEvent {
  readonly id: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
}
