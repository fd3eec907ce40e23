import type { QualityFlag } from "../course/index.ts";
import type { LessonUnderCheck } from "./check-types.ts";
import { contentWords, normalized, plainText } from "./text.ts";

/** Share of an objective's content words one section must contain for the objective to count as taught. */
export const taughtShare = 0.5;

/** Flags objectives no section teaches (too few of their content words in any one section) and no question tests. */
export function checkObjectiveCoverage({ lesson, quiz }: LessonUnderCheck): QualityFlag[] {
  const sections = lesson.sections.map(
    (section) => new Set(contentWords(`${section.title} ${plainText(section.body)}`)),
  );
  const flags: QualityFlag[] = [];
  for (const objective of lesson.objectives) {
    const words = [...new Set(contentWords(objective.text))];
    const best = Math.max(0, ...sections.map((section) => words.filter((word) => section.has(word)).length));
    if (words.length > 0 && best / words.length < taughtShare) {
      flags.push({
        check: "objective_untaught",
        part: "lesson",
        target: objective.id,
        message: `no section teaches objective ${objective.id} ("${objective.text.slice(0, 80)}"): at most ${best} of its ${words.length} key words appear in one section`,
      });
    }
    if (!quiz.questions.some((question) => question.objectiveId === objective.id)) {
      flags.push({
        check: "objective_untested",
        part: "quiz",
        target: objective.id,
        message: `no question tests objective ${objective.id}; add one`,
      });
    }
  }
  return flags;
}

/** Flags key terms that appear in no section (matched as a phrase, case-insensitively, plural allowed). */
export function checkKeyTermsUsed({ lesson }: LessonUnderCheck): QualityFlag[] {
  const text = ` ${lesson.sections.map((section) => normalized(`${section.title} ${plainText(section.body)}`)).join(" | ")} `;
  return lesson.keyTerms.flatMap((keyTerm): QualityFlag[] => {
    const term = normalized(keyTerm.term);
    if (term === "") return [];
    const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (new RegExp(` ${escaped}(s|es)? `).test(text)) return [];
    return [
      {
        check: "key_term_unused",
        part: "lesson",
        target: keyTerm.term.slice(0, 300),
        message: `the key term "${keyTerm.term.slice(0, 80)}" is never used in the lesson's sections; use it where it is explained or drop it`,
      },
    ];
  });
}
