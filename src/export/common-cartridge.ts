import type { Readable } from "node:stream";
import type { Course } from "../course/index.ts";
import { exportLabels } from "./labels.ts";
import { lessonPage, placedLessons, type PlacedLesson } from "./lesson-pages.ts";
import { pageStyle } from "./page-style.ts";
import { quizToQti } from "./qti.ts";
import { escapeXml } from "./xml.ts";
import { zipStream, type ZipEntry } from "./zip.ts";

const stylePath = "web_resources/shared/style.css";

/** Where a lesson's page and its QTI assessment live in the cartridge. */
export function cartridgePaths(lessonId: string): { page: string; assessment: string } {
  return { page: `web_resources/${lessonId}.html`, assessment: `${lessonId}-quiz/assessment.xml` };
}

/**
 * The files of an IMS Common Cartridge 1.1 (chosen over 1.3 because every LMS that imports
 * cartridges reads 1.1): `imsmanifest.xml` with modules as folders, one web content page per lesson
 * (without its quiz) and one QTI 1.2 assessment per quiz with its answer key ({@link quizToQti}).
 */
export function commonCartridgeEntries(course: Course): ZipEntry[] {
  const labels = exportLabels(course.language);
  const lessons = placedLessons(course);
  return [
    { path: "imsmanifest.xml", content: () => cartridgeManifest(course, lessons) },
    ...lessons.flatMap((placed) => {
      const paths = cartridgePaths(placed.lesson.id);
      const page: ZipEntry = {
        path: paths.page,
        content: () => lessonPage(course, placed, { styles: ["shared/style.css"], scripts: [], withQuiz: false }),
      };
      if (placed.lesson.quiz.questions.length === 0) return [page];
      return [page, { path: paths.assessment, content: () => quizToQti(placed.lesson, placed.title, labels) }];
    }),
    { path: stylePath, content: () => pageStyle },
  ];
}

/** Streams the Common Cartridge of a course as a zip (`.imscc`). */
export function courseToCommonCartridge(course: Course): Readable {
  return zipStream(commonCartridgeEntries(course), new Date(course.generation.createdAt));
}

function cartridgeManifest(course: Course, lessons: readonly PlacedLesson[]): string {
  const labels = exportLabels(course.language);
  const language = escapeXml(course.language);
  const modules = course.modules.map((module, moduleIndex) => {
    const items = lessons
      .filter((placed) => placed.moduleIndex === moduleIndex)
      .flatMap((placed) => {
        const id = placed.lesson.id;
        const page = `          <item identifier="item-${id}" identifierref="res-${id}"><title>${escapeXml(placed.title)}</title></item>`;
        if (placed.lesson.quiz.questions.length === 0) return [page];
        return [
          page,
          `          <item identifier="item-${id}-quiz" identifierref="res-${id}-quiz"><title>${escapeXml(`${labels.quiz}: ${placed.title}`)}</title></item>`,
        ];
      });
    return `        <item identifier="item-${module.id}">
          <title>${escapeXml(`${labels.module} ${moduleIndex + 1}: ${module.title}`)}</title>
${items.join("\n")}
        </item>`;
  });
  const resources = lessons.flatMap((placed) => {
    const id = placed.lesson.id;
    const paths = cartridgePaths(id);
    const page = `    <resource identifier="res-${id}" type="webcontent" href="${paths.page}">
      <file href="${paths.page}"/>
      <dependency identifierref="res-shared"/>
    </resource>`;
    if (placed.lesson.quiz.questions.length === 0) return [page];
    return [
      page,
      `    <resource identifier="res-${id}-quiz" type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment">
      <file href="${paths.assessment}"/>
    </resource>`,
    ];
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${escapeXml(`courseforge-${course.id}`)}"
  xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
  xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd">
  <metadata>
    <schema>IMS Common Cartridge</schema>
    <schemaversion>1.1.0</schemaversion>
    <lomimscc:lom>
      <lomimscc:general>
        <lomimscc:title><lomimscc:string language="${language}">${escapeXml(course.title)}</lomimscc:string></lomimscc:title>
        <lomimscc:language>${language}</lomimscc:language>
        <lomimscc:description><lomimscc:string language="${language}">${escapeXml(course.description)}</lomimscc:string></lomimscc:description>
      </lomimscc:general>
    </lomimscc:lom>
  </metadata>
  <organizations>
    <organization identifier="organization" structure="rooted-hierarchy">
      <item identifier="root">
${modules.join("\n")}
      </item>
    </organization>
  </organizations>
  <resources>
${resources.join("\n")}
    <resource identifier="res-shared" type="webcontent">
      <file href="${stylePath}"/>
    </resource>
  </resources>
</manifest>
`;
}
