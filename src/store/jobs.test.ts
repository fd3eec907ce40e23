import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { createUser } from "../users/index.ts";
import { listEvents } from "./job-events.ts";
import { claimJobs } from "./job-leases.ts";
import { findJob, insertServiceJob, type NewServiceJob } from "./jobs.ts";

let testDatabase: TestDatabase;
let userId: string;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  userId = (await createUser(testDatabase.db, { email: "submitter@example.com", role: "teacher" })).id;
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const job = (
  id: string,
  idempotencyKey: string | undefined,
  firstEvent?: NewServiceJob["firstEvent"],
): NewServiceJob => ({
  id,
  userId,
  request: { topic: "Tides", modules: 1 },
  priority: 20,
  reviewOutline: false,
  idempotencyKey,
  firstEvent,
});

const jobCount = async () =>
  (await testDatabase.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM course_generation_jobs`))[0]!
    .count;

describe("insertServiceJob", () => {
  it("stores the job and its first event in one statement", async () => {
    const stored = await insertServiceJob(
      testDatabase.db,
      job("job_first1", "key-1", {
        type: "job.queued",
        data: { type: "job.queued", jobId: "job_first1", priority: 20 },
      }),
    );
    expect(stored).toMatchObject({ id: "job_first1", status: "queued", userId, priority: 20, idempotencyKey: "key-1" });
    const events = await listEvents(testDatabase.db, "job_first1");
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ["job.queued", { type: "job.queued", jobId: "job_first1", priority: 20 }],
    ]);
  });

  it("stores neither job nor event when the user's idempotency key is taken", async () => {
    const before = await jobCount();
    const again = await insertServiceJob(
      testDatabase.db,
      job("job_first2", "key-1", { type: "job.queued", data: { jobId: "job_first2" } }),
    );
    expect(again).toBeUndefined();
    expect(await jobCount()).toBe(before);
    expect(await listEvents(testDatabase.db, "job_first2")).toEqual([]);
    expect(await listEvents(testDatabase.db, "job_first1")).toHaveLength(1);
  });

  it("stores no event when none is given", async () => {
    expect(await insertServiceJob(testDatabase.db, job("job_first3", undefined))).toMatchObject({
      id: "job_first3",
      idempotencyKey: null,
    });
    expect(await listEvents(testDatabase.db, "job_first3")).toEqual([]);
  });
});

describe("claimJobs", () => {
  it("takes the queued jobs among the ids in one statement, answering one entry per id in order", async () => {
    for (const id of ["job_claim1", "job_claim2", "job_claim3"])
      await insertServiceJob(testDatabase.db, job(id, undefined));
    const [taken] = await claimJobs(testDatabase.db, ["job_claim2"], "worker-a");
    expect(taken).toMatchObject({ id: "job_claim2", status: "running", attempts: 1 });
    const claimed = await claimJobs(
      testDatabase.db,
      ["job_claim3", "job_claim_missing", "job_claim2", "job_claim1"],
      "worker-b",
    );
    expect(claimed.map((row) => row?.id)).toEqual(["job_claim3", undefined, undefined, "job_claim1"]);
    expect(claimed[0]).toMatchObject({ status: "running", attempts: 1 });
    // The one another worker took stays its.
    expect(await findJob(testDatabase.db, "job_claim2")).toMatchObject({ status: "running" });
    const [row] = await testDatabase.db.query<{ worker_id: string }>(
      `SELECT worker_id FROM course_generation_jobs WHERE id = 'job_claim2'`,
    );
    expect(row?.worker_id).toBe("worker-a");
  });
});
