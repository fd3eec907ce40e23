import type { Config } from "../config/index.ts";
import type { CourseRequest } from "../course/index.ts";
import type { ProgressEvent } from "../generation/index.ts";
import { runGenerationJob, type JobResult } from "../jobs/index.ts";
import { openRuntime } from "./runtime.ts";

/** Generates courses in this process, on the database and provider the config names (`courseforge generate`). */
export interface CourseGenerator {
  /** True when answers come from the simulator: content is not real. */
  readonly simulated: boolean;
  /** Runs one job to its end; the request's `model`, when set, writes every step. */
  generate(
    request: CourseRequest,
    options: { readonly signal: AbortSignal; readonly onProgress?: (event: ProgressEvent) => void },
  ): Promise<JobResult>;
  /** Releases the database and the provider. */
  close(): Promise<void>;
}

/** Opens the database and the model provider of the config and wires the in-process job runner to them. */
export async function openCourseGenerator(config: Config, signal?: AbortSignal): Promise<CourseGenerator> {
  const runtime = await openRuntime(config, signal);
  return {
    simulated: runtime.simulated,
    generate: (request, options) =>
      runGenerationJob(request, {
        database: runtime.database,
        provider: runtime.provider,
        models: request.model ? { outline: request.model, lesson: request.model, quiz: request.model } : config.models,
        concurrency: config.generation.concurrency,
        maxAttempts: config.llm.maxAttempts,
        timeoutMs: config.llm.timeoutMs,
        callPolicy: runtime.resilience.callPolicy,
        temperature: config.llm.temperature,
        prices: config.prices,
        simulated: runtime.simulated,
        signal: options.signal,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      }),
    close: () => runtime.close(),
  };
}
