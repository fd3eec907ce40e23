import { ProviderBudget, type ModelLimits } from "./budget/index.ts";
import type { SharedBudget } from "./budget/index.ts";
import { CircuitBreakers } from "./breaker/index.ts";
import type { CircuitStateName } from "./breaker/index.ts";
import type { AdmitCall } from "./admission.ts";
import type { CompletionMiddleware } from "./middleware.ts";
import type { OutageWait, TimeoutScale } from "./outage.ts";
import { fallbackRouterMiddleware, type FallbackChains } from "./router/index.ts";

/**
 * How every LLM call of a process is made beyond the request itself: the shared stages (router,
 * circuit breakers), the time limit sized to the output, and how long outages are waited out.
 * Spread into {@link import("./generate-structured.ts").GenerateStructuredOptions}.
 */
export interface CallPolicy {
  readonly middleware?: readonly CompletionMiddleware[];
  /** Asked before each attempt is sent (a serverless tick's time budget); absent: every attempt goes. */
  readonly admit?: AdmitCall;
  readonly timeoutScale?: TimeoutScale;
  readonly outageWaitMs?: number;
  readonly onWaiting?: (wait: OutageWait) => void;
}

/** The resilience settings of the config (`config.resilience`, plus the overall time limit). */
export interface ResilienceSettings {
  /** Each primary model's fallbacks, in order (`COURSEFORGE_FALLBACK_MODELS`, parsed by the config). */
  readonly fallbackModels: FallbackChains;
  readonly outageWaitSeconds: number;
  readonly breakerFailures: number;
  readonly breakerHalfOpenMs: number;
  readonly timeoutBaseMs: number;
  readonly tokensPerSecond: number;
  /** Upper bound of a call's time limit (`config.llm.timeoutMs`). */
  readonly maxTimeoutMs: number;
  /** False keeps the fixed `maxTimeoutMs` per call (a local model on CPU is slower than any healthy API). */
  readonly scaleTimeouts?: boolean;
  /** Known RPM/TPM per model (`COURSEFORGE_MODEL_LIMITS`, parsed by the config); others are learnt from the provider's headers. */
  readonly modelLimits: Readonly<Record<string, ModelLimits>>;
  /** Upper bound of the adaptive concurrency limit per model and process. */
  readonly modelConcurrencyMax: number;
  /** Length of the provider's rate window (default one minute; the simulator's is scaled). */
  readonly rateWindowMs?: number;
}

/** The resilience of one process: created once, shared by every job it runs. */
export interface ProviderResilience {
  readonly breakers: CircuitBreakers;
  readonly budget: ProviderBudget;
  readonly callPolicy: CallPolicy;
}

/**
 * Builds the process-wide call policy: the fallback router outside per-model circuit breakers and
 * provider budgets (RPM/TPM buckets, adaptive concurrency),
 * time limits of `timeoutBaseMs + maxOutputTokens / tokensPerSecond` (at most `maxTimeoutMs`),
 * and outages waited out for up to `outageWaitSeconds`.
 */
export function createProviderResilience(
  settings: ResilienceSettings,
  options: {
    /** Where worker processes share each model's limits (the database); none: per-process budgets only. */
    shared?: SharedBudget;
    extraStages?: readonly CompletionMiddleware[];
    onCircuitChange?: (model: string, state: CircuitStateName) => void;
    /** Told about calls waiting for the provider budget (for metrics). */
    limiterObserver?: LimiterObserver;
  } = {},
): ProviderResilience {
  const breakers = new CircuitBreakers({
    failureThreshold: settings.breakerFailures,
    halfOpenAfterMs: settings.breakerHalfOpenMs,
    ...(options.onCircuitChange === undefined ? {} : { onStateChange: options.onCircuitChange }),
  });
  const maxConcurrency = settings.modelConcurrencyMax;
  const rateWindowMs = settings.rateWindowMs ?? 60_000;
  const budget = new ProviderBudget({
    limits: settings.modelLimits,
    // The RPM/TPM windows pace the calls; the concurrency limit starts open and only closes on
    // 429s and timeouts (a start at 8 would take several answers' time to open under load).
    concurrency: { initial: maxConcurrency, min: 1, max: maxConcurrency, increaseAfter: 10 },
    // Counted as the provider counts (prompt + max output tokens per window): no 429 on a burst.
    // A student's call waiting two windows goes before younger calls of teachers and admins.
    agingMs: 2 * rateWindowMs,
    ...(settings.rateWindowMs === undefined ? {} : { windowMs: settings.rateWindowMs }),
    ...(options.shared === undefined ? {} : { shared: options.shared }),
  });
  return {
    breakers,
    budget,
    callPolicy: {
      // The router picks the model; each model's own circuit and budget sit inside it.
      middleware: [
        fallbackRouterMiddleware(settings.fallbackModels),
        breakers.middleware(),
        observedLimiter(budget.middleware(), options.limiterObserver),
        ...(options.extraStages ?? []),
      ],
      ...(settings.scaleTimeouts === false
        ? {}
        : {
            timeoutScale: {
              baseMs: settings.timeoutBaseMs,
              tokensPerSecond: settings.tokensPerSecond,
              maxMs: settings.maxTimeoutMs,
            },
          }),
      outageWaitMs: settings.outageWaitSeconds * 1_000,
    },
  };
}

/** What the provider budget's waiting looks like, call by call (e.g. for Prometheus metrics). */
export interface LimiterObserver {
  /** A call of `model` started (`+1`) or stopped (`-1`) waiting for its turn. */
  waiting(model: string, change: 1 | -1): void;
  /** A call of `model` was let through after waiting `waitedMs` (0 when it went at once). */
  waited(model: string, waitedMs: number): void;
}

// Wraps the budget stage: the time from entering it to being handed on is the call's wait.
function observedLimiter(stage: CompletionMiddleware, observer: LimiterObserver | undefined): CompletionMiddleware {
  if (observer === undefined) return stage;
  return (next) => async (request) => {
    const started = performance.now();
    let waiting = true;
    const stopWaiting = () => {
      if (!waiting) return false;
      waiting = false;
      observer.waiting(request.model, -1);
      return true;
    };
    observer.waiting(request.model, 1);
    try {
      return await stage(async (granted) => {
        if (stopWaiting()) observer.waited(granted.model, performance.now() - started);
        return next(granted);
      })(request);
    } finally {
      stopWaiting();
    }
  };
}
