import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OutputValidationError, ProviderRateLimitError, ProviderUnavailableError } from "../errors.ts";
import { composeCompletion } from "../middleware.ts";
import type { ModelProvider, ProviderRequest, ProviderResponse } from "../types.ts";
import { fallbackRouterMiddleware } from "../router/index.ts";
import { CircuitBreakers, CircuitOpenError } from "./index.ts";

// The provider's edge: answers per model, switchable between up and down.
function switchableProvider(down: Set<string>): ModelProvider & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: "fake",
    calls,
    close: async () => {},
    complete: async (request: ProviderRequest): Promise<ProviderResponse> => {
      calls.push(request.model);
      if (down.has(request.model)) throw new ProviderUnavailableError("503", { model: request.model, status: 503 });
      return { content: "{}", finishReason: "stop", usage: undefined, model: request.model };
    },
  };
}

const request = (model: string): ProviderRequest => ({
  model,
  messages: [{ role: "user", content: "hi" }],
  responseFormat: { name: "x", schema: {} },
  maxOutputTokens: 10,
  signal: new AbortController().signal,
});

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("CircuitBreakers", () => {
  it("opens after consecutive provider failures, fails fast while open, and closes after a good half-open probe", async () => {
    const down = new Set(["m1"]);
    const provider = switchableProvider(down);
    const breakers = new CircuitBreakers({ failureThreshold: 3, halfOpenAfterMs: 10_000 });
    const call = composeCompletion(provider, [breakers.middleware()]);

    for (let index = 0; index < 3; index++)
      await expect(call(request("m1"))).rejects.toSatisfy(ProviderUnavailableError.isInstance);
    expect(breakers.state("m1")).toBe("open");
    const refused = await call(request("m1")).catch((error: unknown) => error);
    expect(CircuitOpenError.isInstance(refused)).toBe(true);
    expect((refused as CircuitOpenError).retryAfterMs).toBe(10_000);
    expect((refused as CircuitOpenError).retryable).toBe(true);
    expect(provider.calls).toHaveLength(3);

    vi.advanceTimersByTime(4_000);
    expect(breakers.retryAfterMs("m1")).toBe(6_000);
    vi.advanceTimersByTime(6_000);
    down.clear();
    await expect(call(request("m1"))).resolves.toMatchObject({ model: "m1" });
    expect(breakers.state("m1")).toBe("closed");
    expect(breakers.stats("m1")).toEqual({ state: "closed", opened: 1, rejected: 1 });
  });

  it("reopens when the half-open probe fails", async () => {
    const provider = switchableProvider(new Set(["m1"]));
    const breakers = new CircuitBreakers({ failureThreshold: 1, halfOpenAfterMs: 1_000 });
    const call = composeCompletion(provider, [breakers.middleware()]);
    await expect(call(request("m1"))).rejects.toSatisfy(ProviderUnavailableError.isInstance);
    vi.advanceTimersByTime(1_000);
    await expect(call(request("m1"))).rejects.toSatisfy(ProviderUnavailableError.isInstance);
    expect(breakers.state("m1")).toBe("open");
    expect(breakers.retryAfterMs("m1")).toBe(1_000);
    expect(breakers.stats("m1").opened).toBe(2);
  });

  it("does not count rate limits or invalid answers as provider failures", async () => {
    const errors = [
      new ProviderRateLimitError("429"),
      new OutputValidationError("bad", { issues: [], source: "schema" }),
    ];
    const provider: ModelProvider = {
      name: "fake",
      close: async () => {},
      complete: async () => {
        throw errors[0]!;
      },
    };
    const breakers = new CircuitBreakers({ failureThreshold: 1, halfOpenAfterMs: 1_000 });
    const call = composeCompletion(provider, [breakers.middleware()]);
    await expect(call(request("m1"))).rejects.toSatisfy(ProviderRateLimitError.isInstance);
    errors.shift();
    await expect(call(request("m1"))).rejects.toSatisfy(OutputValidationError.isInstance);
    expect(breakers.state("m1")).toBe("closed");
  });
});

describe("fallbackRouterMiddleware", () => {
  it("sends calls to the next closed model of the chain while the primary's circuit is open", async () => {
    const down = new Set(["primary"]);
    const provider = switchableProvider(down);
    const breakers = new CircuitBreakers({ failureThreshold: 2, halfOpenAfterMs: 5_000 });
    const call = composeCompletion(provider, [
      fallbackRouterMiddleware({ primary: ["second", "third"] }),
      breakers.middleware(),
    ]);
    await expect(call(request("primary"))).rejects.toSatisfy(ProviderUnavailableError.isInstance);
    await expect(call(request("primary"))).rejects.toSatisfy(ProviderUnavailableError.isInstance);
    await expect(call(request("primary"))).resolves.toMatchObject({ model: "second" });
    expect(provider.calls).toEqual(["primary", "primary", "second"]);
  });

  it("throws one CircuitOpenError with the soonest half-open time when every model is open", async () => {
    const provider = switchableProvider(new Set(["primary", "second"]));
    const breakers = new CircuitBreakers({ failureThreshold: 1, halfOpenAfterMs: 5_000 });
    const call = composeCompletion(provider, [
      fallbackRouterMiddleware({ primary: ["second"] }),
      breakers.middleware(),
    ]);
    await expect(call(request("primary"))).rejects.toSatisfy(ProviderUnavailableError.isInstance);
    vi.advanceTimersByTime(2_000);
    await expect(call(request("second"))).rejects.toSatisfy(ProviderUnavailableError.isInstance);
    const error = await call(request("primary")).catch((caught: unknown) => caught);
    expect(CircuitOpenError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 3_000, models: ["primary", "second"] });
  });
});
