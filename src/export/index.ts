// Exports of a stored course to other formats. Pure renderers: they read a validated course and
// never call a model.
export { courseToMarkdown } from "./markdown.ts";
