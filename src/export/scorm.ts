import type { Readable } from "node:stream";
import type { Course } from "../course/index.ts";
import { exportLabels } from "./labels.ts";
import { lessonPage, placedLessons, type PlacedLesson } from "./lesson-pages.ts";
import { pageStyle } from "./page-style.ts";
import { quizScript } from "./quiz-script.ts";
import { scormRuntimeScript } from "./scorm-runtime.ts";
import { escapeXml } from "./xml.ts";
import { zipStream, type ZipEntry } from "./zip.ts";

/** The score (percent of quiz questions right) at or above which a lesson is `passed`. */
export const scormMasteryScore = 80;

const sharedFiles = { style: "shared/style.css", quiz: "shared/quiz.js", runtime: "shared/scorm.js" } as const;

function lessonPath(placed: PlacedLesson): string {
  return `lessons/${placed.lesson.id}.html`;
}

/**
 * The files of a SCORM 1.2 package, one SCO per lesson: `imsmanifest.xml` (modules as items, each
 * lesson an item with `adlcp:masteryscore`), one page per lesson and the shared stylesheet, quiz
 * script and SCORM runtime ({@link scormRuntimeScript}). Rendered lazily, in package order.
 */
export function scormEntries(course: Course): ZipEntry[] {
  const lessons = placedLessons(course);
  const fromLesson = (file: string) => `../${file}`;
  return [
    { path: "imsmanifest.xml", content: () => scormManifest(course, lessons) },
    ...lessons.map((placed) => ({
      path: lessonPath(placed),
      content: () =>
        lessonPage(course, placed, {
          styles: [fromLesson(sharedFiles.style)],
          scripts: [fromLesson(sharedFiles.quiz), fromLesson(sharedFiles.runtime)],
          bodyAttributes: `data-mastery-score="${scormMasteryScore}"`,
          withQuiz: true,
        }),
    })),
    { path: sharedFiles.style, content: () => pageStyle },
    { path: sharedFiles.quiz, content: () => quizScript },
    { path: sharedFiles.runtime, content: () => scormRuntimeScript },
  ];
}

/** Streams the SCORM 1.2 package of a course as a zip ({@link scormEntries}). */
export function courseToScorm(course: Course): Readable {
  return zipStream(scormEntries(course), new Date(course.generation.createdAt));
}

function scormManifest(course: Course, lessons: readonly PlacedLesson[]): string {
  const labels = exportLabels(course.language);
  const modules = course.modules.map((module, moduleIndex) => {
    const items = lessons
      .filter((placed) => placed.moduleIndex === moduleIndex)
      .map(
        (placed) =>
          `      <item identifier="item-${placed.lesson.id}" identifierref="res-${placed.lesson.id}">
        <title>${escapeXml(placed.title)}</title>
        <adlcp:masteryscore>${scormMasteryScore}</adlcp:masteryscore>
      </item>`,
      );
    return `    <item identifier="item-${module.id}">
      <title>${escapeXml(`${labels.module} ${moduleIndex + 1}: ${module.title}`)}</title>
${items.join("\n")}
    </item>`;
  });
  const resources = lessons.map(
    (
      placed,
    ) => `    <resource identifier="res-${placed.lesson.id}" type="webcontent" adlcp:scormtype="sco" href="${lessonPath(placed)}">
      <file href="${lessonPath(placed)}"/>
      <dependency identifierref="shared"/>
    </resource>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${escapeXml(`courseforge-${course.id}`)}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="course">
    <organization identifier="course">
      <title>${escapeXml(course.title)}</title>
${modules.join("\n")}
    </organization>
  </organizations>
  <resources>
${resources.join("\n")}
    <resource identifier="shared" type="webcontent" adlcp:scormtype="asset">
      <file href="${sharedFiles.style}"/>
      <file href="${sharedFiles.quiz}"/>
      <file href="${sharedFiles.runtime}"/>
    </resource>
  </resources>
</manifest>
`;
}
