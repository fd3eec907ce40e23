// The composition root: the one place that knows every part and wires them together. Entry points
// (the CLI, `npm start`, a Next.js route handler, the benchmarks) open what they need from here.
export { openEconomy, openRuntime, openProvider, openResilience } from "./runtime.ts";
export type { Economy, Runtime } from "./runtime.ts";
export { openCourseGenerator } from "./course-generator.ts";
export type { CourseGenerator, GenerationSources } from "./course-generator.ts";
export { startService } from "./service.ts";
export { firstAdminEmail } from "./first-admin.ts";
export { PortUnavailableError } from "./port.ts";
export type { RunningService, ServiceLog, ServiceMode } from "./service.ts";
export { openHttpService, createHttpService } from "./http-handler.ts";
export type { CreateHttpServiceOptions, HttpService, HttpServiceConfig } from "./http-handler.ts";
export { localOwner, openKnowledgeRuntime } from "./knowledge.ts";
export type { KnowledgeRuntime } from "./knowledge.ts";
export { openCourseReviser } from "./course-reviser.ts";
export type { CourseReviser, RevisionOutcome } from "./course-reviser.ts";
export { openCostSavings } from "./savings.ts";
