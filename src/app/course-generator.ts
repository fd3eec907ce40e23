import type { Config } from "../config/index.ts";
import type { CourseRequest } from "../course/index.ts";
import type { ProgressEvent } from "../generation/index.ts";
import { runGenerationJob, type JobResult } from "../jobs/index.ts";
import { InvalidInputError } from "../errors/index.ts";
import type { Grounding } from "../generation/index.ts";
import type { Upload } from "../knowledge/index.ts";
import { localOwner, openKnowledgeRuntime, type KnowledgeRuntime } from "./knowledge.ts";
import { openRuntime } from "./runtime.ts";
import { createDatabaseAnswerCache } from "../store/index.ts";

/** The teacher's material a CLI course is grounded on: knowledge-base collections and files given directly. */
export interface GenerationSources {
  readonly collections: readonly string[];
  readonly files: readonly Upload[];
}

/** Generates courses in this process, on the database and provider the config names (`courseforge generate`). */
export interface CourseGenerator {
  /** True when answers come from the simulator: content is not real. */
  readonly simulated: boolean;
  /** Runs one job to its end; the request's `model`, when set, writes every step. */
  generate(
    request: CourseRequest,
    options: {
      readonly signal: AbortSignal;
      readonly onProgress?: (event: ProgressEvent) => void;
      /** Ground the course on these (owned by the local teacher); files are ingested into a collection of their own. */
      readonly sources?: GenerationSources;
    },
  ): Promise<JobResult>;
  /** Releases the database and the provider. */
  close(): Promise<void>;
}

/** Opens the database and the model provider of the config and wires the in-process job runner to them. */
export async function openCourseGenerator(config: Config, signal?: AbortSignal): Promise<CourseGenerator> {
  const runtime = await openRuntime(config, signal);
  const answerCache = createDatabaseAnswerCache(runtime.database, {
    ttlMs: config.cache.ttlHours * 3_600_000,
    maxEntries: config.cache.maxEntries,
  });
  let knowledgeRuntime: KnowledgeRuntime | undefined;
  const groundingFor = async (sources: GenerationSources, groundingSignal: AbortSignal): Promise<Grounding> => {
    knowledgeRuntime ??= await openKnowledgeRuntime({
      config,
      database: runtime.database,
      callPolicy: runtime.resilience.callPolicy,
      ...(runtime.simulator === undefined ? {} : { simulatorUrl: runtime.simulator.url }),
      signal: groundingSignal,
    });
    const knowledge = knowledgeRuntime.knowledge;
    const owner = await localOwner(runtime.database, groundingSignal);
    const documents: string[] = [];
    if (sources.files.length > 0) {
      const stored = await knowledge.upload(owner, "generate --source", sources.files, groundingSignal);
      for (const { document } of stored.documents) {
        if (document.status === "failed")
          throw new InvalidInputError(
            `--source ${document.fileName}: ${document.failureReason ?? "could not be read"}`,
          );
        documents.push(document.id);
      }
    }
    const resolved = await knowledge.resolveSources(
      owner,
      { collections: sources.collections, documents },
      groundingSignal,
    );
    return knowledge.grounding(owner, resolved);
  };
  return {
    simulated: runtime.simulated,
    generate: async (request, options) => {
      const sources = options.sources;
      const grounding =
        sources === undefined || sources.collections.length + sources.files.length === 0
          ? undefined
          : await groundingFor(sources, options.signal);
      return runGenerationJob(request, {
        ...(grounding === undefined ? {} : { grounding }),
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
        quality: config.quality,
        answerCache,
        ...(runtime.economy === undefined ? {} : { economy: runtime.economy }),
        signal: options.signal,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      });
    },
    async close() {
      await knowledgeRuntime?.close();
      await runtime.close();
    },
  };
}
