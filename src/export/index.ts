// Exports of a stored course to other formats: Markdown, one HTML file, a SCORM 1.2 package and an
// IMS Common Cartridge. Pure renderers: they read a validated course and never call a model.
export { exportCourse, exportContentDisposition, exportFileName, exportFormats, isExportFormat } from "./formats.ts";
export type { CourseExport, ExportFormat } from "./formats.ts";
export { courseToMarkdown } from "./markdown.ts";
export { courseToHtml } from "./html.ts";
export { courseToScorm, scormEntries, scormMasteryScore } from "./scorm.ts";
export { courseToCommonCartridge, commonCartridgeEntries, cartridgePaths } from "./common-cartridge.ts";
export { exportLabels, exportLabelLanguages } from "./labels.ts";
export type { ExportLabels } from "./labels.ts";
export { markdownText, sanitizeMarkdown } from "./markdown-text.ts";
export { isSafeUrl } from "./safe-url.ts";
export type { ZipEntry } from "./zip.ts";
