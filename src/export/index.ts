// Exports of a stored course to other formats. Pure renderers: they read a validated course and
// never call a model.
export { courseToMarkdown } from "./markdown.ts";
export { exportLabels, exportLabelLanguages } from "./labels.ts";
export type { ExportLabels } from "./labels.ts";
export { markdownText, sanitizeMarkdown } from "./markdown-text.ts";
export { isSafeUrl } from "./safe-url.ts";
