import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { LlmCallRecord, LlmCallRecorder } from "../llm/types.ts";
import type { ProgressEvent } from "./progress-events.ts";
import type { CheckpointStore, StepCheckpoint } from "./ports.ts";
import { PriorityLimiter } from "./scheduler.ts";
import { createStepRunner, StepFailedError, type StepPlan } from "./step-runner.ts";

const attempt = (attemptNumber: number, outcome: string): LlmCallRecord => ({
  jobId: "job_1",
  step: "lesson:m1-l1",
  task: "lesson",
  provider: "fake",
  model: "m",
  attempt: attemptNumber,
  outcome,
  promptTokens: 10,
  completionTokens: 5,
  cachedPromptTokens: 0,
  usageReported: true,
  latencyMs: 3,
  costUsd: 0,
  errorMessage: outcome === "success" ? null : "bad answer",
  startedAt: new Date(0),
});

const figures = { promptTokens: 20, completionTokens: 10, cachedPromptTokens: 0, costUsd: 0, attempts: 2 };

function harness(options: { emit?: (event: ProgressEvent) => Promise<void> } = {}) {
  const log: string[] = [];
  const saved: { checkpoint: StepCheckpoint; calls: readonly LlmCallRecord[]; event: ProgressEvent }[] = [];
  const recorded: LlmCallRecord[] = [];
  const store: CheckpointStore = {
    load: async () => new Map(),
    save: async (_jobId, checkpoint, finished) => {
      log.push("save");
      saved.push({ checkpoint, ...finished });
    },
    saveFailure: async (_jobId, failure) => {
      log.push(`saveFailure:${failure.code}`);
    },
  };
  const recorder: LlmCallRecorder = {
    record: async (call) => {
      log.push(`record:${call.outcome}`);
      recorded.push(call);
    },
  };
  const runStep = createStepRunner({
    jobId: "job_1",
    checkpoints: new Map(),
    store,
    progress: {
      emit: async (event) => {
        log.push(`emit:${event.type}`);
        await options.emit?.(event);
      },
      announce: (event) => void log.push(`announce:${event.type}`),
    },
    recorder,
    limiter: new PriorityLimiter(2),
    signal: new AbortController().signal,
    stepSignal: new AbortController().signal,
    stopScheduling: () => void log.push("stop"),
    now: () => 0,
  });
  return { runStep, log, saved, recorded };
}

const plan = (produce: StepPlan<{ title: string }>["produce"]): StepPlan<{ title: string }> => ({
  step: "lesson:m1-l1",
  kind: "lesson",
  title: "Light",
  priority: 1,
  storedSchema: z.object({ title: z.string() }),
  produce,
});

describe("createStepRunner", () => {
  it("writes a failed attempt at once and the successful one with the checkpoint and its event", async () => {
    const { runStep, log, saved, recorded } = harness();
    const value = await runStep(
      plan(async (_signal, recorder) => {
        await recorder.record(attempt(1, "LLM_OUTPUT_INVALID"));
        await recorder.record(attempt(2, "success"));
        return { value: { title: "Light" }, figures };
      }),
    );
    expect(value).toEqual({ title: "Light" });
    expect(recorded.map((call) => call.outcome)).toEqual(["LLM_OUTPUT_INVALID"]);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.calls.map((call) => [call.attempt, call.outcome])).toEqual([[2, "success"]]);
    expect(saved[0]!.event).toMatchObject({
      type: "step.finished",
      step: "lesson:m1-l1",
      fromCheckpoint: false,
      attempts: 2,
    });
    expect(log).toEqual(["emit:step.started", "record:LLM_OUTPUT_INVALID", "save", "announce:step.finished"]);
  });

  it("announces a retry only when another attempt follows", async () => {
    const { runStep, log } = harness();
    await runStep(
      plan(async (_signal, _recorder, onAttempt) => {
        onAttempt(attempt(1, "LLM_OUTPUT_INVALID"), { retrying: true });
        onAttempt(attempt(2, "success"), { retrying: false });
        return { value: { title: "Light" }, figures };
      }),
    );
    expect(log.filter((entry) => entry === "emit:step.retrying")).toHaveLength(1);

    const refused = harness();
    const failing = refused.runStep(
      plan(async (_signal, _recorder, onAttempt) => {
        onAttempt(attempt(1, "LLM_AUTH_FAILED"), { retrying: false });
        throw new Error("401 bad key");
      }),
    );
    await expect(failing).rejects.toBeInstanceOf(StepFailedError);
    expect(refused.log).not.toContain("emit:step.retrying");
    expect(refused.log).toContain("emit:step.failed");
  });

  it("still records a paid answer whose step fails afterwards, then stores the failure", async () => {
    const { runStep, log, saved, recorded } = harness();
    const failing = runStep(
      plan(async (_signal, recorder) => {
        await recorder.record(attempt(1, "success"));
        throw new Error("could not convert the draft");
      }),
    );
    await expect(failing).rejects.toBeInstanceOf(StepFailedError);
    expect(saved).toEqual([]);
    expect(recorded.map((call) => call.outcome)).toEqual(["success"]);
    expect(log).toEqual(["emit:step.started", "stop", "record:success", "saveFailure:INTERNAL", "emit:step.failed"]);
  });

  it("starts the model call without waiting for the step.started write, and stores the checkpoint only after it", async () => {
    let written!: () => void;
    const startedWrite = new Promise<void>((resolve) => (written = resolve));
    const { runStep, log } = harness({
      emit: (event) => (event.type === "step.started" ? startedWrite : Promise.resolve()),
    });
    let called!: () => void;
    const callStarted = new Promise<void>((resolve) => (called = resolve));
    const running = runStep(
      plan(async () => {
        log.push("call");
        called();
        return { value: { title: "Light" }, figures };
      }),
    );
    await callStarted;
    await new Promise((resolve) => setImmediate(resolve));
    // The call answered, but the started event is not stored yet: nothing after it may be.
    expect(log).toEqual(["emit:step.started", "call"]);
    written();
    await running;
    expect(log).toEqual(["emit:step.started", "call", "save", "announce:step.finished"]);
  });

  it("fails the step when its step.started event cannot be stored, after the call, with the failure stored", async () => {
    const { runStep, log } = harness({
      emit: async (event) => (event.type === "step.started" ? Promise.reject(new Error("database gone")) : undefined),
    });
    await expect(runStep(plan(async () => ({ value: { title: "Light" }, figures })))).rejects.toBeInstanceOf(
      StepFailedError,
    );
    expect(log).toEqual(["emit:step.started", "stop", "saveFailure:INTERNAL", "emit:step.failed"]);
  });
});
