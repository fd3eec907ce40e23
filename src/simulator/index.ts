/**
 * The Courseforge simulator: an OpenAI-compatible HTTP server that answers with schema-valid,
 * visibly simulated content, real token counts, modelled latency, rate limits and injected faults.
 * See docs/simulator.md.
 */
export { startSimulator, SimulatorStartError } from "./server.ts";
export type { RunningSimulator, SimulatorOptions } from "./server.ts";
export type { SimulatorStats } from "./state.ts";
export { defaultModelProfile, defaultModelProfiles } from "./models.ts";
export type { ModelProfile } from "./models.ts";
export { faultKinds, isFaultKind, parseFaultOptions, refusalMessage } from "./faults.ts";
export type { FaultKind, FaultOptions } from "./faults.ts";
export { synthesizeJson } from "./synthesize-json.ts";
export type { SynthesisOptions } from "./synthesize-json.ts";
export { extractPromptWords } from "./prompt-words.ts";
export { createRandom } from "./random.ts";
export type { Random } from "./random.ts";
export { simulatedMarker } from "./text.ts";
export { plantedDefectFor, plantedDefectKinds, plantedLessonKey } from "./low-quality.ts";
export type { PlantedDefectKind } from "./low-quality.ts";
export { defaultBatchSettings, lineFaultKinds, parseBatchSettings } from "./batch-settings.ts";
export type { BatchSettings, LineFaultKind } from "./batch-settings.ts";
