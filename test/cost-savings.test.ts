// The exact answer cache and similar-course reuse through the API, a real worker on the
// simulator and a real database (PGlite, or Postgres with COURSEFORGE_TEST_DATABASE=postgres).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Course } from "../src/course/index.ts";
import { CacheStatsResponse, PreviewResponse } from "../src/http/savings-schemas.ts";
import { expectError, expectJson, sendJson, waitForStatus } from "./support/http-helpers.ts";
import { startTestService, type TestService, type TestUser } from "./support/http-service.ts";

const notes = `# Tides\n\nThe moon's gravity pulls the oceans and raises tides twice a day.\n\n## Spring tides\n\nWhen the sun and the moon line up, spring tides are the highest tides of the month.\n`;

describe("answer cache and similar-course reuse", () => {
  let service: TestService;

  async function upload(user: TestUser): Promise<void> {
    const body = new FormData();
    body.append("collection", "oceans");
    body.append("file", new Blob([notes]), "tides.md");
    const uploaded = (await (
      await service.call("/v1/knowledge/documents", { method: "POST", body, as: user })
    ).json()) as { documents: { id: string }[] };
    for (let attempt = 0; attempt < 200; attempt++) {
      const document = (await (
        await service.call(`/v1/knowledge/documents/${uploaded.documents[0]!.id}`, { as: user })
      ).json()) as { status: string };
      if (document.status !== "pending") return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    // Quality off: the counts below are the generation's own calls (the judge's are bench quality's).
    service = await startTestService({ worker: true, savings: true, environment: { COURSEFORGE_QUALITY: "off" } });
    await upload(service.users.alice);
    await upload(service.users.bob);
  });
  afterAll(async () => service?.cleanup());

  async function generate(as: TestUser, body: Record<string, unknown>, until = ["succeeded", "failed"]) {
    const submitted = await sendJson(service, "/v1/courses", as, { modules: 1, lessonsPerModule: 1, ...body });
    expect(submitted.status, await submitted.clone().text()).toBe(202);
    const { jobId } = (await submitted.json()) as { jobId: string };
    const job = await waitForStatus(service, as, jobId, until);
    return { jobId, ...job };
  }

  const stepsOf = (jobId: string) =>
    service.testDatabase.db.query<{ step: string; served_from: string | null; saved_prompt_tokens: number }>(
      `SELECT step, served_from, saved_prompt_tokens FROM course_generation_job_steps WHERE job_id = $1 ORDER BY step`,
      [jobId],
    );
  const chatCallsOf = async (jobId: string) =>
    (
      await service.testDatabase.db.query<{ calls: number }>(
        `SELECT count(*)::bigint AS calls FROM llm_calls WHERE job_id = $1 AND task <> 'embedding'`,
        [jobId],
      )
    )[0]!.calls;
  const entries = async () =>
    (
      await service.testDatabase.db.query<{ entries: number }>(
        `SELECT count(*)::bigint AS entries FROM course_generation_cache`,
      )
    )[0]!.entries;

  async function preview(as: TestUser, body: Record<string, unknown>) {
    return expectJson(
      await sendJson(service, "/v1/courses/preview", as, { modules: 1, lessonsPerModule: 1, ...body }),
      200,
      PreviewResponse,
    );
  }

  // A finished course is remembered for reuse just after its job is marked succeeded.
  async function previewUntil(as: TestUser, body: Record<string, unknown>, courseId: string) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const found = await preview(as, body);
      if (found.similar.some((course) => course.courseId === courseId)) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`course ${courseId} was never suggested`);
  }

  let aliceCourse: string;

  it("serves an identical request of another user from the cache at $0, recording what it saved", async () => {
    const first = await generate(service.users.alice, { topic: "Volcanoes", audience: "grade 8 students" });
    expect(first.status).toBe("succeeded");
    aliceCourse = first.courseId!;
    expect((await stepsOf(first.jobId)).every((step) => step.served_from === null)).toBe(true);
    expect(await chatCallsOf(first.jobId)).toBe(3);

    const second = await generate(service.users.bob, { topic: "Volcanoes", audience: "grade 8 students" });
    expect(second.status).toBe("succeeded");
    const steps = await stepsOf(second.jobId);
    expect(steps.map((step) => [step.step, step.served_from])).toEqual([
      ["lesson:m1-l1", "cache"],
      ["outline", "cache"],
      ["quiz:m1-l1", "cache"],
    ]);
    expect(steps.every((step) => step.saved_prompt_tokens > 0)).toBe(true);
    expect(await chatCallsOf(second.jobId)).toBe(0);
    const course = (await (
      await service.call(`/v1/courses/${second.courseId}`, { as: service.users.bob })
    ).json()) as Course;
    expect(course.generation.costUsd).toBe(0);
    expect(course.generation.llmCalls).toBe(0);
    const events = await (
      await service.call(`/v1/jobs/${second.jobId}/events`, {
        as: service.users.bob,
        headers: { accept: "application/json" },
      })
    ).text();
    expect(events).toContain('"servedFrom":"cache"');
  });

  it("refresh pays again and replaces the entries; off neither reads nor writes", async () => {
    const before = await entries();
    const refreshed = await generate(service.users.bob, {
      topic: "Volcanoes",
      audience: "grade 8 students",
      cache: "refresh",
    });
    expect(refreshed.status).toBe("succeeded");
    expect(await chatCallsOf(refreshed.jobId)).toBe(3);
    expect((await stepsOf(refreshed.jobId)).every((step) => step.served_from === null)).toBe(true);
    const off = await generate(service.users.alice, { topic: "Glaciers", cache: "off" });
    expect(off.status).toBe("succeeded");
    expect(await chatCallsOf(off.jobId)).toBe(3);
    // The refresh may have replaced the lesson and quiz entries by new keys (its outline differs); "off" added none.
    const afterOff = await entries();
    const again = await generate(service.users.alice, { topic: "Glaciers" });
    expect(await chatCallsOf(again.jobId)).toBe(3);
    expect(afterOff).toBeGreaterThanOrEqual(before);
    expect(await entries()).toBe(afterOff + 3);
  });

  it("caches a course grounded on private material for its owner alone", async () => {
    const request = { topic: "Tides", knowledge: { collections: ["oceans"] } };
    const alice = await generate(service.users.alice, request);
    expect(alice.status).toBe("succeeded");
    const owners = await service.testDatabase.db.query<{ owner_id: string | null }>(
      `SELECT DISTINCT owner_id FROM course_generation_cache WHERE owner_id IS NOT NULL`,
    );
    expect(owners.map((row) => row.owner_id)).toEqual([service.users.alice.id]);
    // Bob has the very same document and asks the very same thing: his prompts equal Alice's, and still no hit.
    const bob = await generate(service.users.bob, request);
    expect(bob.status).toBe("succeeded");
    expect((await stepsOf(bob.jobId)).every((step) => step.served_from === null)).toBe(true);
    expect(await chatCallsOf(bob.jobId)).toBe(3);
    // The owner does get her own private entries back.
    const aliceAgain = await generate(service.users.alice, request);
    expect((await stepsOf(aliceAgain.jobId)).every((step) => step.served_from === "cache")).toBe(true);
  });

  it("previews similar courses the caller may read, never another user's", async () => {
    const paraphrase = { topic: "An introduction to volcanoes", audience: "8th grade pupils" };
    const own = await previewUntil(service.users.alice, paraphrase, aliceCourse);
    expect(own.similarCoursesExist).toBe(true);
    expect(own.similar[0]!.similarity).toBeGreaterThanOrEqual(own.threshold!);
    expect(own.similar.every((course) => course.ownerId === service.users.alice.id)).toBe(true);
    const foreign = await preview(service.users.student, paraphrase);
    expect(foreign.similar).toEqual([]);
    // Another level is another course.
    const advanced = await preview(service.users.alice, { ...paraphrase, level: "advanced" });
    expect(advanced.similar).toEqual([]);
    // An admin reads every course, but never another user's course built from private material.
    const admin = await previewUntil(service.users.admin, paraphrase, aliceCourse);
    expect(admin.similar.map((course) => course.courseId)).toContain(aliceCourse);
    const grounded = await preview(service.users.admin, { topic: "Tides" });
    expect(grounded.similar).toEqual([]);
  });

  it('reuse "course" copies the similar course as a new course at $0', async () => {
    const reused = await generate(service.users.alice, {
      topic: "Volcanoes basics",
      audience: "grade 8 students",
      reuse: "course",
      reuseFrom: aliceCourse,
    });
    expect(reused.status).toBe("succeeded");
    expect(reused.courseId).not.toBe(aliceCourse);
    expect(await chatCallsOf(reused.jobId)).toBe(0);
    const [source, copy] = await Promise.all(
      [aliceCourse, reused.courseId!].map(
        async (id) => (await (await service.call(`/v1/courses/${id}`, { as: service.users.alice })).json()) as Course,
      ),
    );
    expect(copy!.modules).toEqual(source!.modules);
    expect(copy!.topic).toBe("Volcanoes basics");
    expect(copy!.generation.costUsd).toBe(0);
  });

  it('reuse "outline" starts from the similar course\'s outline, which can still be reviewed', async () => {
    const paused = await generate(
      service.users.alice,
      { topic: "The basics of volcanoes", audience: "grade 8 students", reuse: "outline", reviewOutline: true },
      ["awaiting_approval", "failed", "succeeded"],
    );
    expect(paused.status).toBe("awaiting_approval");
    const steps = await stepsOf(paused.jobId);
    expect(steps).toEqual([expect.objectContaining({ step: "outline", served_from: "reuse" })]);
    const outline = (await (
      await service.call(`/v1/jobs/${paused.jobId}/outline`, { as: service.users.alice })
    ).json()) as {
      title: string;
      topic: string;
    };
    const source = (await (
      await service.call(`/v1/courses/${aliceCourse}`, { as: service.users.alice })
    ).json()) as Course;
    expect(outline.title).toBe(source.title);
    expect(outline.topic).toBe("The basics of volcanoes");
    expect(await chatCallsOf(paused.jobId)).toBe(0);
    expect(
      (await service.call(`/v1/jobs/${paused.jobId}/approve`, { method: "POST", as: service.users.alice })).status,
    ).toBe(200);
    const done = await waitForStatus(service, service.users.alice, paused.jobId, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    // The lesson and its quiz were written (the brief names another topic): only the outline call was skipped.
    expect(await chatCallsOf(paused.jobId)).toBe(2);
  });

  it("refuses to reuse a course the caller may not read", async () => {
    const refused = await expectError(
      await sendJson(service, "/v1/courses", service.users.student, {
        topic: "Volcanoes",
        reuse: "course",
        reuseFrom: aliceCourse,
      }),
      400,
      "INVALID_INPUT",
    );
    expect(refused.details.field).toBe("reuseFrom");
  });

  it("shows admins the hit rate and savings, and purges", async () => {
    await expectError(await service.call("/v1/admin/cache", { as: service.users.alice }), 403, "FORBIDDEN");
    const stats = await expectJson(
      await service.call("/v1/admin/cache", { as: service.users.admin }),
      200,
      CacheStatsResponse,
    );
    expect(stats.hits).toBeGreaterThanOrEqual(6);
    expect(stats.hitRate).toBeCloseTo(stats.hits / stats.lookups, 9);
    expect(stats.savedTokens).toBeGreaterThan(0);
    expect(stats.privateEntries).toBeGreaterThan(0);
    const purged = (await (
      await service.call("/v1/admin/cache?task=quiz", { method: "DELETE", as: service.users.admin })
    ).json()) as { purged: number };
    expect(purged.purged).toBeGreaterThan(0);
    const after = await expectJson(
      await service.call("/v1/admin/cache", { as: service.users.admin }),
      200,
      CacheStatsResponse,
    );
    expect(after.entries).toBe(stats.entries - purged.purged);
    expect(after.hits).toBe(stats.hits);
  });
});
