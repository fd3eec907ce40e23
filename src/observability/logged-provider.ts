import type { Logger } from "pino";
import type { ModelProvider } from "../llm/types.ts";

/**
 * Wraps a model provider so each failed call is logged (`model_call.failed`, warn) with the error's
 * name, stack and recovery suggestion; the job and user come from the log context of the caller.
 * Answers and errors pass through unchanged.
 */
export function loggedProvider(provider: ModelProvider, logger: Logger): ModelProvider {
  return {
    name: provider.name,
    async complete(request) {
      const started = performance.now();
      try {
        return await provider.complete(request);
      } catch (error) {
        if (!request.signal.aborted) {
          logger.warn(
            {
              event: "model_call.failed",
              provider: provider.name,
              model: request.model,
              latencyMs: Math.round(performance.now() - started),
              error,
            },
            `A call to ${request.model} failed`,
          );
        }
        throw error;
      }
    },
    close: () => provider.close(),
    answeredBySimulator: () => provider.answeredBySimulator?.() === true,
  };
}
