import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProviderResilience } from "../src/llm/index.ts";
import type { CallerContext, ModelProvider } from "../src/llm/types.ts";
import { callers, openJobsBed, smallRequest, waitForStatus, type JobsBed } from "./jobs-support.ts";

describe("one worker's jobs sharing the provider budget", () => {
  let bed: JobsBed;

  beforeAll(async () => {
    // Calls take a few tens of ms, so that they queue in the budget.
    bed = await openJobsBed({ timeScale: 0.02 });
  });
  afterAll(async () => {
    await bed?.cleanup();
  });

  it("tags every call with its job's user and role priority, and grants a user's one course between another user's three", async () => {
    const seen: { caller: CallerContext | undefined; task: string }[] = [];
    const recording: ModelProvider = {
      name: "simulator",
      close: async () => {},
      complete: (request) => {
        seen.push({ caller: request.caller, task: request.responseFormat.name });
        return bed.provider.complete(request);
      },
    };
    // One call at a time for the whole process: the order of the budget's grants is the order calls reach the provider.
    const resilience = createProviderResilience({
      ...bed.config.resilience,
      maxTimeoutMs: bed.config.llm.timeoutMs,
      modelConcurrencyMax: 1,
    });
    const heavy = [];
    for (let index = 0; index < 3; index++) {
      heavy.push(
        (
          await bed.jobs.submit(
            callers.student,
            { request: smallRequest(`Heavy user course ${index}`, 2), reviewOutline: false },
            {},
          )
        ).job.id,
      );
    }
    const light = (
      await bed.jobs.submit(
        callers.otherStudent,
        { request: smallRequest("Light user course", 2), reviewOutline: false },
        {},
      )
    ).job.id;
    const worker = await bed.startWorker({ concurrency: 4, provider: recording, callPolicy: resilience.callPolicy });
    for (const id of [...heavy, light]) await waitForStatus(bed.database, id, "succeeded");
    await worker.stop();

    expect(seen).toHaveLength(20);
    for (const { caller, task } of seen) {
      expect(caller).toMatchObject({ priority: 10, urgency: { outline: 3, lesson: 2, quiz: 1 }[task] });
      expect([callers.student.userId, callers.otherStudent.userId]).toContain(caller!.userId);
    }
    // In arrival order the light user's last call would come about 18th of 20; shared fairly it
    // gets about every other grant once its outline is in.
    const lightCalls = seen.flatMap((call, index) =>
      call.caller!.userId === callers.otherStudent.userId ? [index] : [],
    );
    expect(lightCalls).toHaveLength(5);
    expect(lightCalls.at(-1)).toBeLessThanOrEqual(12);
  }, 60_000);
});
