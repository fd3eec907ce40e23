// The web app's shared building blocks: page states, reading from the API, formatting, Markdown.
export { describeError, EmptyState, ErrorState, Loading } from "./states.tsx";
export { ResourceView, useApiResource, type Resource } from "./resource.tsx";
export * from "./format.ts";
export { SafeMarkdown } from "./markdown.tsx";
