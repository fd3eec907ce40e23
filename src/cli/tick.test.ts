import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import { parseDuration, tickCommand } from "./tick.ts";

describe("parseDuration", () => {
  it("reads seconds, milliseconds and minutes; a bare number is seconds", () => {
    expect(parseDuration("60s", "--every")).toBe(60_000);
    expect(parseDuration("500ms", "--every")).toBe(500);
    expect(parseDuration("2m", "--every")).toBe(120_000);
    expect(parseDuration("1.5", "--budget")).toBe(1_500);
  });

  it("refuses what is not a positive duration, naming the flag", () => {
    for (const text of ["", "0s", "-5s", "5h", "soon"])
      expect(() => parseDuration(text, "--budget")).toThrow(/--budget must be a duration/);
  });
});

describe("tickCommand", () => {
  it("needs a secret from --secret or COURSEFORGE_CRON_SECRET", async () => {
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const context = { environment: {}, workingDirectory: "/", stdout: sink, stderr: sink };
    await expect(tickCommand({ url: "http://127.0.0.1:1" }, context)).rejects.toThrow(/COURSEFORGE_CRON_SECRET/);
  });

  it("reports a refused connection on stderr without the secret, exit 1", async () => {
    let errors = "";
    const stderr = new Writable({
      write: (chunk, _encoding, done) => {
        errors += String(chunk);
        done();
      },
    });
    const stdout = new Writable({ write: (_chunk, _encoding, done) => done() });
    const code = await tickCommand(
      { url: "http://127.0.0.1:1", secret: "very-secret-value-42" },
      { environment: {}, workingDirectory: "/", stdout, stderr },
    );
    expect(code).toBe(1);
    expect(errors).toMatch(/^error: /);
    expect(errors).not.toContain("very-secret-value-42");
  });
});
