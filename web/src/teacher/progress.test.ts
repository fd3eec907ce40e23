import { describe, expect, it } from "vitest";
import type { JobEvent, JobEventData, Outline } from "../api/types.ts";
import { applyEvent, emptyProgress, summarize, type JobProgress } from "./progress.ts";

const outline: Outline = {
  title: "Tides",
  description: "About tides.",
  topic: "Tides",
  audience: "everyone",
  level: "beginner",
  language: "en",
  modules: [
    {
      id: "m1",
      title: "Basics",
      summary: "The basics.",
      lessons: [
        { id: "m1-l1", title: "The Moon", summary: "s", objectives: [{ id: "m1-l1-o1", text: "o" }], keyPoints: ["k"] },
        { id: "m1-l2", title: "The Sun", summary: "s", objectives: [{ id: "m1-l2-o1", text: "o" }], keyPoints: ["k"] },
      ],
    },
  ],
};

// A frame of the stream as the server sends it: the event (with its type and job id) under its id.
function frame(id: number, data: JobEventData): JobEvent {
  return { id, type: data.type, data } as JobEvent;
}
const jobId = "job_1";

const events: JobEvent[] = [
  frame(1, { type: "job.queued", jobId, priority: 1 }),
  frame(2, { type: "job.started", jobId, stepsTotal: 5, stepsFromCheckpoint: 0 }),
  frame(3, { type: "step.started", jobId, step: "outline", kind: "outline", title: "Outline" }),
  frame(4, {
    type: "step.finished",
    jobId,
    step: "outline",
    kind: "outline",
    title: "Outline",
    fromCheckpoint: false,
    promptTokens: 100,
    completionTokens: 50,
    cachedPromptTokens: 0,
    costUsd: 0.01,
    attempts: 1,
    durationMs: 300,
  }),
  frame(5, { type: "job.awaiting_approval", jobId, outline }),
  frame(6, { type: "job.approved", jobId }),
  frame(7, { type: "step.started", jobId, step: "lesson:m1-l1", kind: "lesson", title: "The Moon" }),
  frame(8, {
    type: "step.retrying",
    jobId,
    step: "lesson:m1-l1",
    attempt: 2,
    code: "LLM_INVALID_OUTPUT",
    message: "missing summary",
  }),
  frame(9, {
    type: "step.finished",
    jobId,
    step: "lesson:m1-l1",
    kind: "lesson",
    title: "The Moon",
    fromCheckpoint: false,
    promptTokens: 1000,
    completionTokens: 500,
    cachedPromptTokens: 0,
    costUsd: 0.02,
    attempts: 2,
    durationMs: 900,
  }),
];

function replay(list: readonly JobEvent[], from: JobProgress = emptyProgress): JobProgress {
  return list.reduce(applyEvent, from);
}

describe("job progress from events", () => {
  it("rebuilds the same state from a full replay as from a live stream split at any point", () => {
    const whole = replay(events);
    for (let split = 0; split <= events.length; split += 1) {
      // A reload replays everything; a reconnect with Last-Event-ID may resend the last event: both converge.
      const resumed = replay(events.slice(Math.max(0, split - 1)), replay(events.slice(0, split)));
      expect(resumed).toEqual(whole);
    }
  });

  it("lists the planned steps once the outline is known, with state, tokens and cost per step", () => {
    const progress = replay(events);
    expect(progress.status).toBe("running");
    expect(progress.steps.map((step) => `${step.step}:${step.state}`)).toEqual([
      "outline:done",
      "lesson:m1-l1:done",
      "quiz:m1-l1:waiting",
      "lesson:m1-l2:waiting",
      "quiz:m1-l2:waiting",
    ]);
    expect(progress.steps[1]).toMatchObject({ tokens: 1500, costUsd: 0.02, attempts: 2, message: undefined });
    const retrying = replay(events.slice(0, 8));
    expect(retrying.steps.find((step) => step.step === "lesson:m1-l1")).toMatchObject({
      state: "retrying",
      message: "missing summary",
    });
  });

  it("shows an edited outline's lessons, in its order, for the steps not started yet", () => {
    const [module] = outline.modules;
    const edited: Outline = {
      ...outline,
      modules: [
        {
          ...module!,
          lessons: [
            { ...module!.lessons[1]!, id: "m1-l1", title: "The Sun first" },
            { ...module!.lessons[0]!, id: "m1-l2" },
          ],
        },
      ],
    };
    const progress = applyEvent(
      replay(events.slice(0, 5)),
      frame(6, { type: "job.outline_updated", jobId, outline: edited, stepsTotal: 5 }),
    );
    expect(progress.steps.map((step) => step.title)).toEqual([
      "Outline",
      "The Sun first",
      "Quiz: The Sun first",
      "The Moon",
      "Quiz: The Moon",
    ]);
  });

  it("estimates the time left from the pace of finished steps, and totals tokens and cost", () => {
    const summary = summarize(replay(events), 4_000);
    expect(summary).toEqual({ done: 2, total: 5, tokens: 1650, costUsd: 0.03, remainingMs: 6_000 });
    expect(summarize(replay(events.slice(0, 2)), 1_000).remainingMs).toBeUndefined();
  });

  it("ends with the failure's code and reason, or the course id", () => {
    const failed = applyEvent(
      replay(events),
      frame(10, { type: "job.failed", jobId, code: "LLM_RATE_LIMITED", message: "The provider kept answering 429." }),
    );
    expect(failed).toMatchObject({
      status: "failed",
      failure: { code: "LLM_RATE_LIMITED", message: "The provider kept answering 429." },
    });
    expect(summarize(failed, 5_000).remainingMs).toBe(0);
    const succeeded = applyEvent(
      replay(events),
      frame(10, {
        type: "job.succeeded",
        jobId,
        courseId: "crs_1",
        promptTokens: 0,
        completionTokens: 0,
        cachedPromptTokens: 0,
        costUsd: 0,
        llmCalls: 0,
        durationMs: 0,
      }),
    );
    expect(succeeded).toMatchObject({ status: "succeeded", courseId: "crs_1" });
  });
});

describe("economy mode progress", () => {
  it("says how far the batch is and why a step runs in real time", () => {
    let progress = applyEvent(
      emptyProgress,
      frame(1, { type: "job.started", jobId, stepsTotal: 3, stepsFromCheckpoint: 0 }),
    );
    progress = applyEvent(
      progress,
      frame(2, { type: "step.started", jobId, step: "lesson:m1-l1", kind: "lesson", title: "The Moon" }),
    );
    progress = applyEvent(
      progress,
      frame(3, { type: "batch.waiting", jobId, batchId: "cfb_1", linesDone: 120, linesTotal: 480 }),
    );
    expect(progress.waiting).toBe("Waiting for the batch: 120 of 480 lines done.");
    progress = applyEvent(
      progress,
      frame(4, {
        type: "batch.fallback",
        jobId,
        step: "lesson:m1-l1",
        code: "batch_expired",
        reason: "The batch expired before every line was answered.",
      }),
    );
    expect(progress.steps.find((step) => step.step === "lesson:m1-l1")?.message).toMatch(
      /real time: The batch expired/,
    );
  });
});
