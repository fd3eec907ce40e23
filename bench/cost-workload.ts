/**
 * The workload of `bench cost`: 100 requests from 30 users; the first 67 are distinct, the last 33
 * near-duplicates of earlier ones (about half the same request from another user, half a
 * paraphrase by the same user). Deterministic: the same list every run.
 */
import type { CourseRequestInput } from "../src/course/index.ts";

/** One request of the workload. */
export interface WorkloadRequest {
  /** Index of the user (0–29) who sends it. */
  readonly user: number;
  readonly request: CourseRequestInput;
  /** `exact`: another user's identical request; `paraphrase`: the same user's reworded one. */
  readonly duplicateOf?: { readonly index: number; readonly kind: "exact" | "paraphrase" };
}

const topics = [
  "Photosynthesis",
  "Ocean tides",
  "Volcanoes",
  "Fractions",
  "The water cycle",
  "World War I",
  "Python programming",
  "Linear equations",
  "Climate change",
  "The French Revolution",
  "Plate tectonics",
  "Probability",
  "Personal finance",
  "Machine learning",
  "The solar system",
  "Human digestion",
  "Electric circuits",
  "Ancient Rome",
  "SQL databases",
  "Nutrition",
  "Cell biology",
  "Public speaking",
  "Supply and demand",
  "The immune system",
  "Renewable energy",
  "Web accessibility",
  "Chemical bonding",
  "Digital photography",
  "Project management",
  "Shakespeare's sonnets",
  "Magnetism",
  "Genetics",
  "Statistics",
] as const;
const audiences = ["grade 8 students", "nurses", "general learners", "software developers", "high school students"];
const levels = ["beginner", "intermediate", "advanced"] as const;

/** Builds the workload (`distinct` + `duplicates` requests, `users` users). */
export function costWorkload(
  options: { distinct?: number; duplicates?: number; users?: number } = {},
): WorkloadRequest[] {
  const distinct = options.distinct ?? 67;
  const duplicates = options.duplicates ?? 33;
  const users = options.users ?? 30;
  const requests: WorkloadRequest[] = [];
  for (let index = 0; index < distinct; index++) {
    requests.push({
      user: index % users,
      request: {
        topic: topics[index % topics.length]!,
        audience: audiences[Math.floor(index / topics.length + index) % audiences.length]!,
        level: levels[Math.floor(index / topics.length) % levels.length]!,
        modules: 1,
        lessonsPerModule: 2,
      },
    });
  }
  for (let copy = 0; copy < duplicates; copy++) {
    // Spread over the distinct ones: every second duplicate an exact repeat by the next user.
    const index = (copy * 2) % distinct;
    const original = requests[index]!;
    const kind = copy % 2 === 0 ? "exact" : "paraphrase";
    requests.push(
      kind === "exact"
        ? { user: (original.user + 1) % users, request: original.request, duplicateOf: { index, kind } }
        : {
            user: original.user,
            request: { ...original.request, topic: `An introduction to ${original.request.topic}` },
            duplicateOf: { index, kind },
          },
    );
  }
  return requests;
}
