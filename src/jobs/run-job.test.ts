import { describe, expect, it } from "vitest";
import { CourseforgeError } from "../errors/index.ts";
import { failureOf } from "./run-job.ts";

describe("failureOf", () => {
  it("stores no credential-shaped text in a job's failure reason, whatever error carried it", () => {
    const wrapped = new CourseforgeError(
      "GENERATION_STEP_FAILED",
      "Step outline failed: Bearer abcdef123456 sk-abcdefghijkl",
    );
    expect(failureOf(wrapped)).toEqual({
      code: "GENERATION_STEP_FAILED",
      reason: "Step outline failed: Bearer [REDACTED] [REDACTED]",
    });
    expect(failureOf(new Error("plain sk-abcdefghijkl")).reason).toBe("plain [REDACTED]");
  });
});
