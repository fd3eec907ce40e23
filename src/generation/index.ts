export { generateCourseParts, stepOutputTokens } from "./pipeline.ts";
export { lessonStep, quizStep, stepKindOf, stepsOfOutline } from "./step-names.ts";
export { StepFailedError } from "./step-runner.ts";
export type { GenerationOptions, GeneratedParts, QualitySettings, StepModels } from "./pipeline.ts";
export type { ProgressEvent, StepKind, StepFigures } from "./progress-events.ts";
export type { CheckpointStore, Grounding, GroundingPassage, ProgressSink, StepCheckpoint } from "./ports.ts";
export { PriorityLimiter } from "./scheduler.ts";
export { outlineMessages, lessonMessages, quizMessages, systemMessage } from "./prompts.ts";
