import { describe, expect, it } from "vitest";
import { AbortedError } from "../../errors/index.ts";
import { ProviderRateLimitError } from "../errors.ts";
import { composeCompletion } from "../middleware.ts";
import type { CallerContext, ModelProvider, ProviderRequest, ProviderResponse } from "../types.ts";
import { ProviderBudget } from "./provider-budget.ts";

interface PendingCall {
  readonly label: string;
  readonly answer: (response?: Error) => void;
}

// The provider's edge: records the order calls reach it and answers when the test says.
function gatedProvider() {
  const pending: PendingCall[] = [];
  const provider: ModelProvider = {
    name: "fake",
    close: async () => {},
    complete: (request) =>
      new Promise<ProviderResponse>((resolve, reject) => {
        const label = request.messages[0]!.content;
        pending.push({
          label,
          answer: (error) =>
            error === undefined
              ? resolve({
                  content: "{}",
                  finishReason: "stop",
                  usage: { promptTokens: 10, completionTokens: 10, cachedPromptTokens: 0 },
                  model: "m",
                })
              : reject(error),
        });
      }),
  };
  return { provider, pending };
}

const request = (
  label: string,
  caller: CallerContext | undefined,
  signal = new AbortController().signal,
): ProviderRequest => ({
  model: "m",
  messages: [{ role: "user", content: label }],
  responseFormat: { name: "x", schema: {} },
  maxOutputTokens: 100,
  signal,
  ...(caller === undefined ? {} : { caller }),
});

const settle = () => new Promise((resolve) => setImmediate(resolve));

// Answers the calls one by one (concurrency 1) and returns the order they reached the provider.
async function serveAll(pending: PendingCall[], count: number): Promise<string[]> {
  const order: string[] = [];
  while (order.length < count) {
    await settle();
    const next = pending.shift();
    if (next === undefined) throw new Error(`Only ${order.length} of ${count} calls reached the provider.`);
    order.push(next.label);
    next.answer();
  }
  return order;
}

const oneAtATime = { initial: 1, min: 1, max: 1, increaseAfter: 1_000 };

describe("ProviderBudget fair scheduling", () => {
  it("grants one user's single call within the first grants although another user queued 20 before it", async () => {
    const { provider, pending } = gatedProvider();
    const budget = new ProviderBudget({ concurrency: oneAtATime });
    const call = composeCompletion(provider, [budget.middleware()]);
    const calls = Array.from({ length: 20 }, (_, index) => call(request(`a${index}`, { userId: "a", priority: 20 })));
    calls.push(call(request("b0", { userId: "b", priority: 20 })));
    const order = await serveAll(pending, 21);
    await Promise.all(calls);
    expect(order.indexOf("b0")).toBeGreaterThan(0);
    expect(order.indexOf("b0")).toBeLessThanOrEqual(2);
  });

  it("grants waiting calls of teachers before those of students, and a user's outline before its quizzes", async () => {
    const { provider, pending } = gatedProvider();
    const budget = new ProviderBudget({ concurrency: oneAtATime });
    const call = composeCompletion(provider, [budget.middleware()]);
    const calls = [
      call(request("first", { userId: "x", priority: 10 })),
      call(request("student-quiz", { userId: "s", priority: 10, urgency: 1 })),
      call(request("student-outline", { userId: "s", priority: 10, urgency: 3 })),
      call(request("teacher", { userId: "t", priority: 20 })),
    ];
    expect(budget.waiting("m")).toBe(3);
    expect(await serveAll(pending, 4)).toEqual(["first", "teacher", "student-outline", "student-quiz"]);
    await Promise.all(calls);
  });

  it("lets a waiting call go on abort without blocking the others", async () => {
    const { provider, pending } = gatedProvider();
    const budget = new ProviderBudget({ concurrency: oneAtATime });
    const call = composeCompletion(provider, [budget.middleware()]);
    const controller = new AbortController();
    const first = call(request("first", undefined));
    const aborted = call(request("aborted", undefined, controller.signal));
    const last = call(request("last", undefined));
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    expect(await serveAll(pending, 2)).toEqual(["first", "last"]);
    await Promise.all([first, last]);
  });

  it("counts prompt + max output tokens over a sliding window, and stops granting for the provider's retry-after on a 429", async () => {
    let now = 0;
    const wakeUps: (() => void)[] = [];
    const sleeps: number[] = [];
    const { provider, pending } = gatedProvider();
    const budget = new ProviderBudget({
      limits: { m: { tokensPerMinute: 1_000 } },
      concurrency: { initial: 8, min: 1, max: 8, increaseAfter: 1_000 },
      windowMs: 60_000,
      clock: { now: () => now },
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise<void>((resolve) => wakeUps.push(resolve));
      },
    });
    const call = composeCompletion(provider, [budget.middleware()]);
    // Each call reserves its prompt (a few tokens) + 100 output tokens, kept after the answer:
    // 9 of them fit in 1 000 tokens, the 10th waits for the window.
    const calls = Array.from({ length: 10 }, (_, index) => call(request(`c${index}`, undefined)));
    await settle();
    expect(pending).toHaveLength(8);
    for (const answered of pending.splice(0)) answered.answer();
    await settle();
    expect(pending).toHaveLength(1);
    pending.shift()!.answer();
    await Promise.all(calls.slice(0, 9));
    expect(budget.waiting("m")).toBe(1);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(60_000);
    // The window has moved on: the wake-up grants the last call, which the provider refuses.
    now = 70_000;
    wakeUps.shift()!();
    await settle();
    pending.shift()!.answer(new ProviderRateLimitError("429", { retryAfterMs: 5_000 }));
    await expect(calls[9]).rejects.toSatisfy(ProviderRateLimitError.isInstance);
    expect(budget.state("m").concurrencyLimit).toBe(4);
    // Nothing is granted until the provider's retry-after has passed.
    const retried = call(request("retried", undefined));
    await settle();
    expect(pending).toHaveLength(0);
    expect(sleeps.at(-1)).toBe(5_000);
    now = 75_000;
    wakeUps.at(-1)!();
    await settle();
    expect(pending.map((entry) => entry.label)).toEqual(["retried"]);
    pending.shift()!.answer();
    await retried;
  });
});
