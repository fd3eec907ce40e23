import type { CourseLevel, QualityFlag, SectionKind } from "../course/index.ts";
import type { LessonUnderCheck } from "./check-types.ts";
import { readabilityOf } from "./readability.ts";
import { plainText, wordsOf } from "./text.ts";

/**
 * The fewest words a section of each kind needs at each level: an explanation for advanced
 * learners goes further than one for beginners; an introduction or summary may be short.
 */
export const sectionWordTargets: Readonly<Record<CourseLevel, Readonly<Record<SectionKind, number>>>> = {
  beginner: { introduction: 30, explanation: 60, worked_example: 50, activity: 30, summary: 15 },
  intermediate: { introduction: 30, explanation: 70, worked_example: 60, activity: 30, summary: 15 },
  advanced: { introduction: 30, explanation: 80, worked_example: 70, activity: 30, summary: 15 },
};

/** The highest Flesch–Kincaid grade a section may have at each level (English only). */
export const readingGradeTargets: Readonly<Record<CourseLevel, number>> = {
  beginner: 14,
  intermediate: 16,
  advanced: 18,
};

/** Flags sections shorter than their kind's target for the course level. */
export function checkSectionLengths({ lesson, level }: LessonUnderCheck): QualityFlag[] {
  return lesson.sections.flatMap((section): QualityFlag[] => {
    const words = wordsOf(plainText(section.body)).length;
    const target = sectionWordTargets[level][section.kind];
    return words >= target
      ? []
      : [
          {
            check: "section_length",
            part: "lesson",
            target: section.id,
            message: `the ${section.kind.replace("_", " ")} has ${words} words; a ${level} ${section.kind.replace("_", " ")} needs at least ${target}`,
          },
        ];
  });
}

/** Flags sections whose Flesch–Kincaid grade is above the level's target (English courses; others are not measured). */
export function checkReadingLevel({ lesson, level, language }: LessonUnderCheck): QualityFlag[] {
  return lesson.sections.flatMap((section): QualityFlag[] => {
    const measured = readabilityOf(plainText(section.body), language);
    if (measured === undefined || measured.grade <= readingGradeTargets[level]) return [];
    return [
      {
        check: "reading_level",
        part: "lesson",
        target: section.id,
        message: `reads at Flesch–Kincaid grade ${measured.grade}, above ${readingGradeTargets[level]} for ${level} learners; use shorter sentences and plainer words`,
      },
    ];
  });
}
