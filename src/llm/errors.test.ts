import { describe, expect, it } from "vitest";
import { CourseforgeError } from "../errors/index.ts";
import {
  AttemptsExhaustedError,
  ContentFilteredError,
  InvalidJsonOutputError,
  LlmError,
  ModelRefusalError,
  OutputTruncatedError,
  OutputValidationError,
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderTimeoutError,
  ProviderUnavailableError,
  maxRawTextLength,
} from "./errors.ts";

describe("LLM errors", () => {
  const issues = [{ path: ["a", 0], message: "bad" }];
  const cases: [LlmError, string, boolean][] = [
    [new ProviderRateLimitError("m", { retryAfterMs: 10 }), "LLM_RATE_LIMITED", true],
    [new ProviderUnavailableError("m"), "LLM_PROVIDER_UNAVAILABLE", true],
    [new ProviderTimeoutError("m"), "LLM_TIMEOUT", true],
    [new ProviderAuthError("m"), "LLM_AUTH_FAILED", false],
    [new ProviderRequestError("m"), "LLM_BAD_REQUEST", false],
    [new ModelRefusalError("m"), "LLM_REFUSAL", true],
    [new OutputTruncatedError("m"), "LLM_OUTPUT_TRUNCATED", true],
    [new ContentFilteredError("m"), "LLM_CONTENT_FILTERED", false],
    [new InvalidJsonOutputError("m"), "LLM_INVALID_JSON", true],
    [new OutputValidationError("m", { issues, source: "schema" }), "LLM_OUTPUT_INVALID", true],
    [
      new AttemptsExhaustedError("m", { cause: new Error("last"), attempts: 2, attemptCodes: ["A", "B"] }),
      "LLM_ATTEMPTS_EXHAUSTED",
      false,
    ],
  ];

  it.each(cases)("%s has its stable code and retryability", (error, code, retryable) => {
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.name).toBe(error.constructor.name);
    expect(LlmError.isInstance(error)).toBe(true);
    expect(CourseforgeError.isInstance(error)).toBe(true);
  });

  it("has guards that tell the classes apart", () => {
    const limited = new ProviderRateLimitError("m");
    expect(ProviderRateLimitError.isInstance(limited)).toBe(true);
    expect(ProviderUnavailableError.isInstance(limited)).toBe(false);
    expect(LlmError.isInstance(new CourseforgeError("LLM_RATE_LIMITED", "lookalike"))).toBe(false);
    expect(ProviderRateLimitError.isInstance({ code: "LLM_RATE_LIMITED", retryable: true })).toBe(false);
  });

  it("carries debugging context, truncating the raw text", () => {
    const usage = { promptTokens: 5, completionTokens: 7, cachedPromptTokens: 0 };
    const error = new OutputTruncatedError("cut", {
      rawText: "x".repeat(5000),
      usage,
      model: "gpt-4o",
      status: 200,
      requestId: "req_1",
      maxOutputTokens: 7,
    });
    expect(error.rawText?.length).toBeLessThan(maxRawTextLength + 40);
    expect(error.rawText).toContain("3000 more characters");
    expect(error).toMatchObject({ usage, model: "gpt-4o", status: 200, requestId: "req_1", finishReason: "length" });
    expect(error.toJSON().details).toMatchObject({ model: "gpt-4o", requestId: "req_1", maxOutputTokens: 7, usage });
  });

  it("keeps issues, attempts and the cause", () => {
    expect(new OutputValidationError("m", { issues, source: "semantic" })).toMatchObject({
      issues,
      source: "semantic",
    });
    const last = new ProviderUnavailableError("503");
    const exhausted = new AttemptsExhaustedError("m", { cause: last, attempts: 3, attemptCodes: ["X", "Y", "Z"] });
    expect(exhausted.cause).toBe(last);
    expect(exhausted).toMatchObject({ attempts: 3, attemptCodes: ["X", "Y", "Z"] });
    expect(new ProviderAuthError("m").suggestion).toContain("OPENAI_API_KEY");
    expect(new ProviderRateLimitError("m", { retryAfterMs: 1500 }).retryAfterMs).toBe(1500);
  });
});

describe("credential-shaped provider text", () => {
  it("is redacted from every LLM error's message and raw text, whichever adapter raised it", () => {
    const error = new ProviderAuthError("401 Incorrect API key provided: sk-proj-abcdefghijkl", {
      rawText: '{"error":{"message":"Bearer sk-proj-abcdefghijkl"}}',
    });
    expect(error.message).toBe("401 Incorrect API key provided: [REDACTED]");
    expect(error.rawText).toBe('{"error":{"message":"Bearer [REDACTED]"}}');
    expect(JSON.stringify(error.details)).not.toContain("sk-proj");
  });
});
