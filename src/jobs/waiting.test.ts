import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import type { CompletionMiddleware } from "../llm/index.ts";
import { insertJob, listEvents } from "../store/index.ts";
import { jobCallPolicy, waitingEventIntervalMs } from "./waiting.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const wait = {
  reason: "provider_unavailable",
  step: "lesson:m1-l1",
  model: "gpt-4.1-mini",
  code: "LLM_CIRCUIT_OPEN",
  waitMs: 5_000,
  waitedMs: 0,
} as const;

describe("jobCallPolicy", () => {
  it("reports outage waits as job.waiting events, at most one per interval, and keeps the shared stages", async () => {
    const request = {
      topic: "Tides",
      audience: "adults",
      level: "beginner",
      modules: 1,
      lessonsPerModule: 1,
      language: "en",
    } as const;
    await insertJob(testDatabase.db, { id: "job_waiting", request });
    let now = 0;
    const forwarded: string[] = [];
    const stage: CompletionMiddleware = (next) => next;
    const policy = jobCallPolicy(
      { middleware: [stage], outageWaitMs: 1_000, onWaiting: (seen) => forwarded.push(seen.code) },
      testDatabase.db,
      "job_waiting",
      { now: () => now },
    );
    expect(policy?.middleware).toEqual([stage]);
    policy!.onWaiting!(wait);
    now += waitingEventIntervalMs - 1;
    policy!.onWaiting!(wait);
    now += 1;
    policy!.onWaiting!({ ...wait, code: "LLM_PROVIDER_UNAVAILABLE" });
    await expect
      .poll(
        async () =>
          (await listEvents(testDatabase.db, "job_waiting")).filter((event) => event.type === "job.waiting").length,
      )
      .toBe(2);
    const events = (await listEvents(testDatabase.db, "job_waiting")).filter((event) => event.type === "job.waiting");
    expect(events.map((event) => event.data)).toEqual([
      {
        type: "job.waiting",
        jobId: "job_waiting",
        reason: "provider_unavailable",
        step: "lesson:m1-l1",
        model: "gpt-4.1-mini",
        code: "LLM_CIRCUIT_OPEN",
        retryInMs: 5_000,
      },
      expect.objectContaining({ code: "LLM_PROVIDER_UNAVAILABLE" }),
    ]);
    expect(forwarded).toEqual(["LLM_CIRCUIT_OPEN", "LLM_CIRCUIT_OPEN", "LLM_PROVIDER_UNAVAILABLE"]);
    expect(jobCallPolicy(undefined, testDatabase.db, "job_waiting")).toBeUndefined();
  });
});
