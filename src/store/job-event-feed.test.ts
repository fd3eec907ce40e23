import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { createJobEventFeed } from "./job-event-feed.ts";
import { appendEvent, appendEvents } from "./job-events.ts";
import { insertJob } from "./jobs.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) await pause(10);
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe("createJobEventFeed", () => {
  it("wakes the watchers of the job whose events were stored, once per statement, and no one else", async () => {
    const database = testDatabase.db;
    await insertJob(database, { id: "job_feed_a", request: {} });
    await insertJob(database, { id: "job_feed_b", request: {} });
    const feed = createJobEventFeed(database, { sweepIntervalMs: 0 });
    const wakes = { a: 0, b: 0 };
    const unwatchA = await feed.watch("job_feed_a", () => (wakes.a += 1));
    const unwatchB = await feed.watch("job_feed_b", () => (wakes.b += 1));
    await appendEvents(database, "job_feed_a", [
      { type: "step.started", data: {} },
      { type: "step.started", data: {} },
    ]);
    await waitUntil(() => wakes.a === 1, "the watcher of job a");
    await pause(50);
    expect(wakes).toEqual({ a: 1, b: 0 });
    // Nothing is stored in a rolled-back transaction, and nobody is woken for it.
    await database
      .transaction(async (transaction) => {
        await appendEvent(transaction, "job_feed_b", { type: "step.started", data: {} });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await pause(100);
    expect(wakes.b).toBe(0);
    unwatchA();
    unwatchB();
    expect(feed.watchedJobs()).toBe(0);
    await appendEvent(database, "job_feed_a", { type: "step.started", data: {} });
    await pause(100);
    expect(wakes.a).toBe(1);
  });

  it("sweeps: wakes the watchers of jobs that changed unannounced or ended, not the others", async () => {
    const database = testDatabase.db;
    for (const id of ["job_sweep_quiet", "job_sweep_silent", "job_sweep_ended"])
      await insertJob(database, { id, request: {} });
    const feed = createJobEventFeed(database, { sweepIntervalMs: 60 });
    const wakes = { quiet: 0, silent: 0, ended: 0 };
    const stops = await Promise.all(
      (["quiet", "silent", "ended"] as const).map((name) => feed.watch(`job_sweep_${name}`, () => (wakes[name] += 1))),
    );
    await pause(150);
    // Events stored without a notification (as by a writer the trigger does not cover).
    await database.exec(`ALTER TABLE course_generation_events DISABLE TRIGGER course_generation_events_notify`);
    try {
      await appendEvent(database, "job_sweep_silent", { type: "step.started", data: {} });
    } finally {
      await database.exec(`ALTER TABLE course_generation_events ENABLE TRIGGER course_generation_events_notify`);
    }
    await database.query(`UPDATE course_generation_jobs SET status = 'failed' WHERE id = 'job_sweep_ended'`);
    await waitUntil(() => wakes.silent > 0 && wakes.ended > 0, "the sweep");
    expect(wakes.quiet).toBe(0);
    for (const stop of stops) stop();
  });
});
