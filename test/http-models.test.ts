import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError } from "./support/http-helpers.ts";
import { startTestService, type TestService, type TestUser } from "./support/http-service.ts";

// The per-role model allow-list of POST /v1/courses and its admin routes (docs/limits.md,
// "Models"), on the test database's backend (COURSEFORGE_TEST_DATABASE). The service is configured
// with per-step models and a fallback chain, so the default lists differ by role.

let service: TestService;

beforeAll(async () => {
  service = await startTestService({
    environment: {
      COURSEFORGE_MODEL: "gpt-4.1-mini",
      COURSEFORGE_OUTLINE_MODEL: "gpt-4.1",
      COURSEFORGE_FALLBACK_MODELS: "gpt-4.1-mini=gpt-4o-mini",
      COURSEFORGE_PRICES: JSON.stringify({
        "house-model": { inputPerMillion: 1, cachedInputPerMillion: 0.5, outputPerMillion: 2 },
      }),
    },
  });
});
afterAll(async () => {
  await service?.cleanup();
});

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const submit = (as: TestUser, model: string) =>
  service.call("/v1/courses", { as, ...json({ topic: "Volcanoes", modules: 1, lessonsPerModule: 1, model }) });
const admin = (path: string, method: string, body?: unknown) =>
  service.call(path, {
    as: service.users.admin,
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });

async function jobsOf(user: TestUser): Promise<number> {
  const [row] = await service.testDatabase.db.query<{ n: number }>(
    `SELECT count(*) AS n FROM course_generation_jobs WHERE user_id = $1`,
    [user.id],
  );
  return Number(row?.n);
}

describe("POST /v1/courses with a model", () => {
  it("refuses a model off the role's list or without a price with 400 MODEL_NOT_ALLOWED naming the allowed ones", async () => {
    const { student, alice, admin: administrator } = service.users;
    const before = await jobsOf(student);
    const refused = await expectError(await submit(student, "o1-pro"), 400, "MODEL_NOT_ALLOWED");
    expect(refused.details).toMatchObject({ model: "o1-pro", role: "student", allowed: ["gpt-4.1-mini"] });
    expect(refused.message).toContain("Allowed: gpt-4.1-mini.");
    // A priced model is still refused to a student unless allowed.
    await expectError(await submit(student, "gpt-4.1"), 400, "MODEL_NOT_ALLOWED");
    expect(await jobsOf(student)).toBe(before);

    const teacherRefusal = await expectError(await submit(alice, "gpt-5"), 400, "MODEL_NOT_ALLOWED");
    expect(teacherRefusal.details.allowed).toEqual(["gpt-4.1-mini", "gpt-4.1", "gpt-4o-mini"]);
    const adminRefusal = await expectError(
      await submit(administrator, "totally-unknown-model-xyz"),
      400,
      "MODEL_NOT_ALLOWED",
    );
    expect(adminRefusal.details.allowed).toContain("gpt-5");
    expect(adminRefusal.details.allowed).toContain("house-model");
  });

  it("accepts the models of each role's default list", async () => {
    const { student, alice, admin: administrator } = service.users;
    expect((await submit(student, "gpt-4.1-mini")).status).toBe(202);
    expect((await submit(alice, "gpt-4o-mini")).status).toBe(202);
    expect((await submit(administrator, "gpt-5")).status).toBe(202);
  });
});

describe("the admin routes of the model allow-lists", () => {
  it("show, change and reset a role's list; refuse unpriced models and non-admins", async () => {
    const shown = (await (await admin("/v1/admin/models", "GET")).json()) as {
      roles: Record<string, { models: string[]; source: string }>;
      selectable: string[];
    };
    expect(shown.roles.student).toEqual({ models: ["gpt-4.1-mini"], source: "config" });
    expect(shown.selectable).toContain("house-model");

    const changed = await admin("/v1/admin/models/student", "PUT", { models: ["gpt-4.1-mini", "house-model"] });
    expect(await changed.json()).toEqual({ models: ["gpt-4.1-mini", "house-model"], source: "admin" });
    expect((await submit(service.users.student, "house-model")).status).toBe(202);

    const unpriced = await expectError(
      await admin("/v1/admin/models/student", "PUT", { models: ["o1-pro"] }),
      400,
      "INVALID_INPUT",
    );
    expect(unpriced.details).toMatchObject({ field: "models", unpriced: ["o1-pro"] });
    await expectError(await admin("/v1/admin/models/intern", "PUT", { models: [] }), 400, "INVALID_INPUT");
    await expectError(
      await service.call("/v1/admin/models/student", {
        as: service.users.alice,
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ models: ["gpt-5"] }),
      }),
      403,
      "FORBIDDEN",
    );

    const reset = await admin("/v1/admin/models/student", "DELETE");
    expect(await reset.json()).toEqual({ models: ["gpt-4.1-mini"], source: "config" });
    await expectError(await submit(service.users.student, "house-model"), 400, "MODEL_NOT_ALLOWED");
  });
});
