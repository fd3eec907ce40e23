import { describe, expect, it } from "vitest";
import type { JobEvent, Outline } from "../api/types.ts";
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

const events: JobEvent[] = [
  { id: 1, type: "job.queued", data: { priority: 1 } },
  { id: 2, type: "job.started", data: { stepsTotal: 5, stepsFromCheckpoint: 0 } },
  { id: 3, type: "step.started", data: { step: "outline", kind: "outline", title: "Outline" } },
  {
    id: 4,
    type: "step.finished",
    data: {
      step: "outline",
      kind: "outline",
      title: "Outline",
      promptTokens: 100,
      completionTokens: 50,
      costUsd: 0.01,
      attempts: 1,
      durationMs: 300,
    },
  },
  { id: 5, type: "job.awaiting_approval", data: { outline } },
  { id: 6, type: "job.approved", data: {} },
  { id: 7, type: "step.started", data: { step: "lesson:m1-l1", kind: "lesson", title: "The Moon" } },
  {
    id: 8,
    type: "step.retrying",
    data: { step: "lesson:m1-l1", attempt: 2, code: "LLM_INVALID_OUTPUT", message: "missing summary" },
  },
  {
    id: 9,
    type: "step.finished",
    data: {
      step: "lesson:m1-l1",
      kind: "lesson",
      title: "The Moon",
      promptTokens: 1000,
      completionTokens: 500,
      costUsd: 0.02,
      attempts: 2,
      durationMs: 900,
    },
  },
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
    const progress = applyEvent(replay(events.slice(0, 5)), {
      id: 6,
      type: "job.outline_updated",
      data: { outline: edited, stepsTotal: 5 },
    });
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
    const failed = applyEvent(replay(events), {
      id: 10,
      type: "job.failed",
      data: { code: "LLM_RATE_LIMITED", message: "The provider kept answering 429." },
    });
    expect(failed).toMatchObject({
      status: "failed",
      failure: { code: "LLM_RATE_LIMITED", message: "The provider kept answering 429." },
    });
    expect(summarize(failed, 5_000).remainingMs).toBe(0);
    const succeeded = applyEvent(replay(events), { id: 10, type: "job.succeeded", data: { courseId: "crs_1" } });
    expect(succeeded).toMatchObject({ status: "succeeded", courseId: "crs_1" });
  });
});
