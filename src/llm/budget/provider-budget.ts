import { countChatTokens } from "../../tokens/index.ts";
import { sleep as defaultSleep } from "../backoff.ts";
import { hasLlmErrorCode } from "../llm-error.ts";
import type { CompletionMiddleware } from "../middleware.ts";
import type { ProviderRequest, ProviderResponse, RateLimitSnapshot } from "../types.ts";
import { AdaptiveLimit } from "./adaptive-limit.ts";
import type { SharedBudget } from "./shared-ledger.ts";
import type { AdaptiveLimitOptions } from "./adaptive-limit.ts";
import { TokenBucket } from "./token-bucket.ts";

/** Known limits of a model; unknown ones are learnt from the provider's `x-ratelimit-limit-*` headers. */
export interface ModelLimits {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
}

/** Options of a {@link ProviderBudget}. */
export interface ProviderBudgetOptions {
  /** Limits per model name; models absent here start unlimited until the provider's headers tell. */
  readonly limits?: Readonly<Record<string, ModelLimits>>;
  readonly concurrency: AdaptiveLimitOptions;
  /** Length of the provider's rate window (default one minute; the simulator scales it with its time). */
  readonly windowMs?: number;
  /** Where processes share each model's limits (the database); none: this process's buckets only. */
  readonly shared?: SharedBudget;
  readonly clock?: { now(): number };
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface ModelBudget {
  requests: TokenBucket | undefined;
  tokens: TokenBucket | undefined;
  readonly concurrency: AdaptiveLimit;
}

/** What a model's budget looks like now (for tests and metrics). */
export interface ModelBudgetState {
  readonly concurrencyLimit: number;
  readonly inFlight: number;
  readonly requestsLeft: number | undefined;
  readonly tokensLeft: number | undefined;
}

/**
 * The request and token budget of each model, shared by every job of a process: before a call it
 * takes a concurrency slot (AIMD) and reserves 1 request and `prompt tokens (o200k) +
 * maxOutputTokens` tokens from per-minute buckets, waiting (abortably) when they are empty; after
 * the call it refunds what the answer did not use and believes the provider's `x-ratelimit-*`
 * headers. A 429 or a timeout halves the concurrency limit; a 429 also empties the buckets. With
 * `shared`, each call is also reserved in the budget all processes share.
 */
export class ProviderBudget {
  readonly #options: ProviderBudgetOptions;
  readonly #models = new Map<string, ModelBudget>();

  constructor(options: ProviderBudgetOptions) {
    this.#options = options;
  }

  /** The middleware stage; place it inside the router (it budgets the model actually called). */
  middleware(): CompletionMiddleware {
    return (next) => async (request) => {
      const budget = this.#budget(request.model);
      const release = await budget.concurrency.acquire(request.signal);
      let reserved = 0;
      try {
        reserved = await this.#reserve(budget, request);
        const response = await next(request);
        this.#settle(budget, reserved, response);
        release("success");
        return response;
      } catch (error) {
        const now = this.#now();
        budget.tokens?.refund(reserved, now);
        if (hasLlmErrorCode(error, "LLM_RATE_LIMITED")) {
          budget.requests?.drain(now);
          budget.tokens?.drain(now);
        }
        release(hasLlmErrorCode(error, "LLM_RATE_LIMITED") || hasLlmErrorCode(error, "LLM_TIMEOUT") ? "overload" : "other");
        throw error;
      }
    };
  }

  /** The budget of a model now. */
  state(model: string): ModelBudgetState {
    const budget = this.#budget(model);
    const now = this.#now();
    return {
      concurrencyLimit: budget.concurrency.limit,
      inFlight: budget.concurrency.inFlight,
      requestsLeft: budget.requests?.level(now),
      tokensLeft: budget.tokens?.level(now),
    };
  }

  async #reserve(budget: ModelBudget, request: ProviderRequest): Promise<number> {
    const estimate = countChatTokens(request.messages) + request.maxOutputTokens;
    for (;;) {
      const now = this.#now();
      const waitMs = Math.max(budget.requests?.waitMs(1, now) ?? 0, budget.tokens?.waitMs(estimate, now) ?? 0);
      if (waitMs === 0) {
        budget.requests?.take(1, now);
        budget.tokens?.take(estimate, now);
        const reserved = budget.tokens === undefined ? 0 : estimate;
        if (this.#options.shared !== undefined) {
          const reservation = { model: request.model, requests: 1, tokens: estimate, requestsPerWindow: budget.requests?.capacity, tokensPerWindow: budget.tokens?.capacity };
          await this.#options.shared.reserve(reservation, request.signal).catch((error: unknown) => {
            budget.tokens?.refund(reserved, this.#now());
            throw error;
          });
        }
        return reserved;
      }
      await (this.#options.sleep ?? defaultSleep)(waitMs, request.signal);
    }
  }

  #settle(budget: ModelBudget, reserved: number, response: ProviderResponse): void {
    const now = this.#now();
    if (budget.tokens !== undefined && response.usage !== undefined) {
      budget.tokens.refund(reserved - (response.usage.promptTokens + response.usage.completionTokens), now);
    }
    if (response.rateLimit !== undefined) this.#correct(budget, response.rateLimit, now);
  }

  #correct(budget: ModelBudget, snapshot: RateLimitSnapshot, now: number): void {
    if (budget.requests === undefined && snapshot.limitRequests !== undefined) budget.requests = this.#bucket(snapshot.limitRequests, now);
    if (budget.tokens === undefined && snapshot.limitTokens !== undefined) budget.tokens = this.#bucket(snapshot.limitTokens, now);
    budget.requests?.correct({ limit: snapshot.limitRequests, remaining: snapshot.remainingRequests }, now);
    budget.tokens?.correct({ limit: snapshot.limitTokens, remaining: snapshot.remainingTokens }, now);
  }

  #budget(model: string): ModelBudget {
    let budget = this.#models.get(model);
    if (budget === undefined) {
      const limits = this.#options.limits?.[model];
      const now = this.#now();
      budget = {
        requests: limits?.requestsPerMinute === undefined ? undefined : this.#bucket(limits.requestsPerMinute, now),
        tokens: limits?.tokensPerMinute === undefined ? undefined : this.#bucket(limits.tokensPerMinute, now),
        concurrency: new AdaptiveLimit(this.#options.concurrency),
      };
      this.#models.set(model, budget);
    }
    return budget;
  }

  #bucket(capacity: number, now: number): TokenBucket {
    return new TokenBucket(capacity, now, this.#options.windowMs);
  }

  #now(): number {
    return (this.#options.clock ?? Date).now();
  }
}
