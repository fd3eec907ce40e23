import { countChatTokens } from "../../tokens/index.ts";
import { sleep as defaultSleep } from "../backoff.ts";
import { hasLlmErrorCode } from "../llm-error.ts";
import type { CompletionMiddleware } from "../middleware.ts";
import { AbortedError } from "../../errors/index.ts";
import type { ProviderRequest, ProviderResponse, RateLimitSnapshot } from "../types.ts";
import { AdaptiveLimit } from "./adaptive-limit.ts";
import { windowAllowance, type Allowance, type Reservation } from "./allowance.ts";
import { FairQueue } from "./fair-queue.ts";
import type { SharedBudget } from "./shared-ledger.ts";
import type { AdaptiveLimitOptions } from "./adaptive-limit.ts";

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
  /** A call waiting this long is granted before younger calls of higher role priority (default: never). */
  readonly agingMs?: number;
}

type Outcome = "success" | "overload" | "other";

interface Grant {
  readonly sentAt: number;
  readonly requests: Reservation | undefined;
  readonly tokens: Reservation | undefined;
  readonly release: (outcome: Outcome) => void;
}

interface Waiter {
  readonly estimate: number;
  readonly grant: (grant: Grant) => void;
}

interface ModelBudget {
  requests: Allowance | undefined;
  tokens: Allowance | undefined;
  readonly concurrency: AdaptiveLimit;
  readonly queue: FairQueue<Waiter>;
  /** When a pending wake-up pumps the queue again (the head is waiting for its window). */
  wakeAt: number | undefined;
}

/** What a model's budget looks like now (for tests and metrics). */
export interface ModelBudgetState {
  readonly concurrencyLimit: number;
  readonly inFlight: number;
  readonly requestsLeft: number | undefined;
  readonly tokensLeft: number | undefined;
}

const neverAborted = new AbortController().signal;

/**
 * The request and token budget of each model, shared by every job of a process. Every call waits
 * in one queue per model, granted in fair order ({@link FairQueue}: role priority class, then the
 * user who has been served the fewest tokens, then the user's most urgent call) once a concurrency
 * slot (AIMD) is free and its request and `prompt tokens (o200k) + maxOutputTokens` fit in the
 * per-window limits, counted over a sliding window as OpenAI's request-time estimate and the
 * simulator count them (a replenishing bucket is never stricter); the head of the queue is never
 * overtaken, so a large call is not starved by small ones. After the call the provider's `x-ratelimit-*` headers correct the limits. A 429 or a
 * timeout halves the concurrency limit; a 429 also stops grants until the provider has room. With
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
      const estimate = countChatTokens(request.messages) + request.maxOutputTokens;
      const grant = await this.#waitForGrant(budget, request, estimate);
      let sent = false;
      try {
        if (this.#options.shared !== undefined) {
          const reservation = {
            model: request.model,
            requests: 1,
            tokens: estimate,
            requestsPerWindow: budget.requests?.capacity,
            tokensPerWindow: budget.tokens?.capacity,
          };
          await this.#options.shared.reserve(reservation, request.signal);
        }
        sent = true;
        const response = await next(request);
        this.#settle(budget, grant, response);
        grant.release("success");
        return response;
      } catch (error) {
        const now = this.#now();
        const rateLimited = hasLlmErrorCode(error, "LLM_RATE_LIMITED");
        // A refused request was not counted by the provider; other failures may have been.
        if (!sent || rateLimited) grant.tokens?.refund(estimate, now);
        if (rateLimited) {
          const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
          budget.requests?.drain(now, retryAfterMs);
          budget.tokens?.drain(now, retryAfterMs);
        }
        grant.release(rateLimited || hasLlmErrorCode(error, "LLM_TIMEOUT") ? "overload" : "other");
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

  /** Calls of a model waiting for their turn now. */
  waiting(model: string): number {
    return this.#budget(model).queue.size;
  }

  #waitForGrant(budget: ModelBudget, request: ProviderRequest, estimate: number): Promise<Grant> {
    const { signal } = request;
    if (signal.aborted) return Promise.reject(new AbortedError(undefined, { cause: signal.reason }));
    const caller = request.caller;
    const share = { userId: caller?.userId ?? "", priority: caller?.priority ?? 0, urgency: caller?.urgency ?? 0 };
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        if (!budget.queue.remove(ticket, this.#now())) return;
        reject(new AbortedError(undefined, { cause: signal.reason }));
        this.#pump(budget);
      };
      const waiter: Waiter = {
        estimate,
        grant: (granted) => {
          signal.removeEventListener("abort", onAbort);
          resolve(granted);
        },
      };
      const ticket = budget.queue.push(waiter, share, estimate, this.#now());
      signal.addEventListener("abort", onAbort, { once: true });
      this.#pump(budget);
    });
  }

  // Grants waiting calls in fair order while the head fits; otherwise waits for a slot (a release
  // pumps again) or for its window (a timer does).
  #pump(budget: ModelBudget): void {
    for (;;) {
      const now = this.#now();
      const head = budget.queue.peek(now);
      if (head === undefined || budget.concurrency.inFlight >= budget.concurrency.limit) return;
      const waitMs = Math.max(
        budget.requests?.waitMs(1, now) ?? 0,
        budget.tokens?.waitMs(head.item.estimate, now) ?? 0,
      );
      if (waitMs > 0) {
        this.#wakeUpIn(budget, waitMs, now);
        return;
      }
      const waiter = head.item;
      const grant = head.take();
      const releaseSlot = budget.concurrency.tryAcquire()!;
      const requests = budget.requests?.take(1, now);
      const tokens = budget.tokens?.take(waiter.estimate, now);
      waiter.grant({
        sentAt: now,
        requests,
        tokens,
        release: (outcome) => {
          grant.finish(this.#now());
          releaseSlot(outcome);
          this.#pump(budget);
        },
      });
    }
  }

  #wakeUpIn(budget: ModelBudget, waitMs: number, now: number): void {
    if (budget.wakeAt !== undefined && budget.wakeAt <= now + waitMs) return;
    budget.wakeAt = now + waitMs;
    const woke = (): void => {
      budget.wakeAt = undefined;
      this.#pump(budget);
    };
    (this.#options.sleep ?? defaultSleep)(waitMs, neverAborted).then(woke, woke);
  }

  #settle(budget: ModelBudget, grant: Grant, response: ProviderResponse): void {
    const now = this.#now();
    // A request queued at the provider (or on the way) entered its window later than it was
    // reserved here, and so leaves it later: count it from then. Without the provider's processing
    // time the reservation keeps its transit margin.
    const acceptedAt =
      response.processingMs === undefined ? grant.sentAt : Math.max(grant.sentAt, now - response.processingMs);
    if (response.processingMs !== undefined) {
      grant.requests?.acceptedAt(acceptedAt);
      grant.tokens?.acceptedAt(acceptedAt);
    }
    if (response.rateLimit !== undefined) this.#correct(budget, response.rateLimit, now, acceptedAt);
    // A corrected limit may let the head of the queue go.
    this.#pump(budget);
  }

  #correct(budget: ModelBudget, snapshot: RateLimitSnapshot, now: number, sentAt: number): void {
    if (budget.requests === undefined && snapshot.limitRequests !== undefined)
      budget.requests = this.#allowance(snapshot.limitRequests);
    if (budget.tokens === undefined && snapshot.limitTokens !== undefined)
      budget.tokens = this.#allowance(snapshot.limitTokens);
    budget.requests?.correct({ limit: snapshot.limitRequests, remaining: snapshot.remainingRequests }, now, sentAt);
    budget.tokens?.correct({ limit: snapshot.limitTokens, remaining: snapshot.remainingTokens }, now, sentAt);
  }

  #budget(model: string): ModelBudget {
    let budget = this.#models.get(model);
    if (budget === undefined) {
      const limits = this.#options.limits?.[model];
      budget = {
        requests: limits?.requestsPerMinute === undefined ? undefined : this.#allowance(limits.requestsPerMinute),
        tokens: limits?.tokensPerMinute === undefined ? undefined : this.#allowance(limits.tokensPerMinute),
        concurrency: new AdaptiveLimit(this.#options.concurrency),
        queue: new FairQueue(this.#options.agingMs === undefined ? {} : { agingMs: this.#options.agingMs }),
        wakeAt: undefined,
      };
      this.#models.set(model, budget);
    }
    return budget;
  }

  #allowance(capacity: number): Allowance {
    return windowAllowance(capacity, this.#options.windowMs);
  }

  #now(): number {
    return (this.#options.clock ?? Date).now();
  }
}
