import { describe, expect, it } from "vitest";
import { captureContext } from "../../test/support/cli-command.ts";
import { createProgressView } from "./progress.ts";

function runSteps(simulated: boolean): string {
  const context = captureContext();
  const view = createProgressView(context, { simulated, now: () => 0 });
  view.onEvent({ type: "job.started", jobId: "job_1", stepsTotal: 1, stepsFromCheckpoint: 0 });
  view.onEvent({
    type: "step.finished",
    jobId: "job_1",
    step: "outline",
    kind: "outline",
    title: "Course outline",
    fromCheckpoint: false,
    promptTokens: 100,
    completionTokens: 40,
    cachedPromptTokens: 0,
    costUsd: 0.001,
    attempts: 1,
    durationMs: 5,
  });
  view.stop();
  return context.stderr.text;
}

describe("the progress view (not a terminal)", () => {
  it("marks a simulated run's step cost as simulated", () => {
    expect(runSteps(true)).toContain("[1/1] outline 40 tokens out, $0.0010 simulated 0s");
    expect(runSteps(false)).toContain("[1/1] outline 40 tokens out, $0.0010 0s");
  });
});
