import { AbortedError, CourseforgeError } from "../errors/index.ts";
import { ProviderTimeoutError } from "./errors.ts";
import type { ModelProvider, ProviderRequest, ProviderResponse } from "./types.ts";

/** One stage's view of the rest of the call path: a request in, a provider response out. */
export type CompletionHandler = (request: ProviderRequest) => Promise<ProviderResponse>;

/**
 * A stage of the call path (cache, router, budget, circuit breaker, timeout, …): it gets the next
 * handler and returns a handler that may change the request, short-circuit, or map errors.
 */
export type CompletionMiddleware = (next: CompletionHandler) => CompletionHandler;

/** Chains stages around a provider; the first stage is the outermost. */
export function composeCompletion(
  provider: ModelProvider,
  middleware: readonly CompletionMiddleware[],
): CompletionHandler {
  const innermost: CompletionHandler = (request) => provider.complete(request);
  return middleware.reduceRight<CompletionHandler>((next, stage) => stage(next), innermost);
}

/**
 * Gives each request at most `timeoutMs`: the provider's signal is aborted and the stage rejects
 * with {@link ProviderTimeoutError} when time is up, even if the provider ignores its signal.
 */
export function timeoutMiddleware(timeoutMs: number): CompletionMiddleware {
  return (next) => (request) => {
    const controller = new AbortController();
    const forwardAbort = (): void => controller.abort(request.signal.reason);
    if (request.signal.aborted) forwardAbort();
    else request.signal.addEventListener("abort", forwardAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new ProviderTimeoutError(`No answer within ${timeoutMs} ms`, { model: request.model, timeoutMs });
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    const answered = next({ ...request, signal: controller.signal }).catch((error: unknown) => {
      // The provider saw our abort: report the timeout, not an abort the caller never asked for.
      if (controller.signal.reason instanceof ProviderTimeoutError && !request.signal.aborted)
        throw controller.signal.reason;
      throw error;
    });
    return Promise.race([answered, expired]).finally(() => {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", forwardAbort);
    });
  };
}

/** Settles like `promise`, or rejects with {@link AbortedError} as soon as `signal` fires. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new AbortedError(undefined, { cause: signal.reason }));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortedError(undefined, { cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
    promise
      .then(resolve, (error: unknown) =>
        reject(
          signal.aborted && !CourseforgeError.isInstance(error) ? new AbortedError(undefined, { cause: error }) : error,
        ),
      )
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}
