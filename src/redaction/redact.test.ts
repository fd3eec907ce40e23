import { describe, expect, it } from "vitest";
import { createRedactor, redactedError, redactKeyShapes } from "./redact.ts";

describe("createRedactor", () => {
  it("removes every configured secret, also JSON-escaped and URL-encoded, and keeps the rest", () => {
    const redact = createRedactor(['my-ollama-key/with"quote', "short", undefined]);
    expect(redact('Incorrect API key provided: my-ollama-key/with"quote (twice: my-ollama-key/with"quote)')).toBe(
      "Incorrect API key provided: [REDACTED] (twice: [REDACTED])",
    );
    expect(redact(JSON.stringify({ error: 'key my-ollama-key/with"quote' }))).toBe('{"error":"key [REDACTED]"}');
    expect(redact("url ?key=my-ollama-key%2Fwith%22quote")).toBe("url ?key=[REDACTED]");
    // Too short to be searched for safely: a placeholder like this is not a secret worth garbling text for.
    expect(redact("a short story")).toBe("a short story");
  });

  it("removes credential-shaped text without being told the secret", () => {
    expect(redactKeyShapes("Incorrect API key provided: sk-proj-AbC123_xyz-987. Find your key")).toBe(
      "Incorrect API key provided: [REDACTED]. Find your key",
    );
    expect(redactKeyShapes("sk-ant-api03-abcdefghijkl")).toBe("[REDACTED]");
    expect(redactKeyShapes('got "Authorization: Bearer abc.def-ghi/jkl==" from you')).toBe(
      'got "Authorization: Bearer [REDACTED]" from you',
    );
    expect(redactKeyShapes("token cf_0123456789abcdefABCDEF_-xyz used")).toBe("token [REDACTED] used");
    expect(redactKeyShapes("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end")).toBe("jwt [REDACTED] end");
    // Ordinary provider text stays readable.
    const plain = "The model `gpt-4.1-mini` does not exist or you do not have access to it (task-list, sk-8).";
    expect(redactKeyShapes(plain)).toBe(plain);
  });
});

describe("redactedError", () => {
  it("copies name, status and a redacted message and stack, and nothing else", () => {
    const original = Object.assign(new Error("401 Incorrect API key provided: secret-key-123"), {
      name: "AuthenticationError",
      status: 401,
      error: { message: "secret-key-123" },
    });
    const copy = redactedError(original, createRedactor(["secret-key-123"]));
    expect(copy.name).toBe("AuthenticationError");
    expect(copy.message).toBe("401 Incorrect API key provided: [REDACTED]");
    expect(copy.stack).not.toContain("secret-key-123");
    expect((copy as Error & { status?: number }).status).toBe(401);
    expect(JSON.stringify(copy, Object.getOwnPropertyNames(copy))).not.toContain("secret-key-123");
  });
});
