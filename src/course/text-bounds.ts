// One place for every size bound, so the request, the model-output (draft) schemas and the public
// format agree. The public format is as loose as or looser than the drafts, so a converted draft is
// always a valid course and a teacher's small edits do not break it.

/** Bounds of a course request. */
export const requestLimits = {
  topic: { min: 3, max: 200 },
  audience: { min: 1, max: 200 },
  modules: { min: 1, max: 12 },
  lessonsPerModule: { min: 1, max: 10 },
  model: { min: 1, max: 200 },
} as const;

/** Maximum string lengths (characters) shared by the drafts and the public format. */
export const textLimits = {
  courseTitle: 150,
  courseDescription: 800,
  moduleTitle: 150,
  lessonTitle: 150,
  summary: 500,
  objective: 250,
  keyPoint: 300,
  sectionTitle: 150,
  sectionBody: 3000,
  term: 100,
  definition: 500,
  prompt: 600,
  option: 250,
  explanation: 800,
  acceptedAnswer: 120,
} as const;

/** Item counts the model is asked to produce. */
export const draftCounts = {
  objectives: { min: 2, max: 4 },
  keyPoints: { min: 2, max: 5 },
  explanations: { min: 1, max: 3 },
  keyTerms: { min: 2, max: 8 },
  questions: { min: 3, max: 6 },
  options: 4,
  correctOptions: { min: 1, max: 4 },
  acceptedAnswers: { min: 1, max: 4 },
} as const;

/** Item counts the public format accepts (wider than {@link draftCounts}, for edited courses). */
export const courseCounts = {
  modules: { min: 1, max: requestLimits.modules.max },
  lessons: { min: 1, max: requestLimits.lessonsPerModule.max },
  objectives: { min: 1, max: 8 },
  keyPoints: { min: 1, max: 10 },
  keyTerms: { min: 0, max: 16 },
  sections: { min: 1, max: 16 },
  questions: { min: 1, max: 12 },
  options: { min: 2, max: 8 },
  acceptedAnswers: { min: 1, max: 8 },
} as const;

/** Course text may be longer than a draft's (e.g. after a teacher's edit), up to these lengths. */
export const courseTextLimits = {
  id: 128,
  shortText: 300,
  longText: 2000,
  body: 20_000,
} as const;
