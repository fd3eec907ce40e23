/** The workload of `bench cost`: requests from many users, a third of them near-duplicates of earlier ones. */
import type { CourseRequest } from "../src/course/index.ts";

const topics = [
  "Photosynthesis",
  "The water cycle",
  "Plate tectonics",
  "Fractions",
  "The French Revolution",
  "Cell division",
  "Electric circuits",
  "Poetry analysis",
  "Supply and demand",
  "The solar system",
  "World War I causes",
  "Probability basics",
  "Human digestion",
  "Climate and weather",
  "Introduction to Python",
  "Ancient Rome",
  "Chemical bonding",
  "Persuasive writing",
  "Ecosystems and food webs",
  "Newton's laws of motion",
];
const audiences = ["grade 8 students", "high-school students", "adult learners", "first-year undergraduates"];
const levels = ["beginner", "intermediate", "advanced"] as const;
// How a teacher re-asks for a course someone already asked for.
const rephrasings = [
  (topic: string) => `${topic} for beginners`,
  (topic: string) => `An introduction to ${topic.toLowerCase()}`,
];

/** One request of the workload, and who sends it. */
export interface WorkloadRequest {
  readonly userId: string;
  readonly request: CourseRequest;
  /** The index of the earlier request this one nearly repeats. */
  readonly duplicateOf?: number;
}

/**
 * `count` requests from `users` users, deterministic: every third request rephrases an earlier
 * one (same audience, level and size); the others are distinct topic × audience × level.
 */
export function costWorkload(count: number, users: number, size: { modules: number; lessonsPerModule: number }) {
  const workload: WorkloadRequest[] = [];
  for (let index = 0; index < count; index++) {
    const userId = `usr_bench_${index % users}`;
    if (index % 3 === 2) {
      const original = Math.floor(index / 2) - 1;
      const base = workload[original]!.request;
      const rephrase = rephrasings[index % rephrasings.length]!;
      workload.push({ userId, request: { ...base, topic: rephrase(base.topic) }, duplicateOf: original });
      continue;
    }
    workload.push({
      userId,
      request: {
        topic: topics[index % topics.length]!,
        audience: audiences[Math.floor(index / topics.length) % audiences.length]!,
        level: levels[index % levels.length]!,
        modules: size.modules,
        lessonsPerModule: size.lessonsPerModule,
        language: "en",
      },
    });
  }
  return workload;
}
