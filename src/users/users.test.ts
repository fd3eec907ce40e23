import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { CourseforgeError } from "../errors/index.ts";
import { createUser, disableUser, findUser, findUserByEmail, issueToken, listUsers } from "./index.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (CourseforgeError.isInstance(error)) return { code: error.code, details: { ...error.details } };
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("createUser", () => {
  it("stores a user with a usr_ id and a lowercased email", async () => {
    const user = await createUser(testDatabase.db, { email: "  Ada@Example.COM ", role: "teacher" });
    expect(user.id).toMatch(/^usr_[0-9a-f]{20}$/);
    expect(user.email).toBe("ada@example.com");
    expect(user.role).toBe("teacher");
    expect(user.disabledAt).toBeNull();
    expect(await findUser(testDatabase.db, user.id)).toEqual(user);
    expect(await findUserByEmail(testDatabase.db, "ADA@example.com")).toEqual(user);
  });

  it("keeps a given id (a Supabase user's UUID)", async () => {
    const id = "5f0c3a52-8a43-4c2e-9e0f-1b2c3d4e5f60";
    const user = await createUser(testDatabase.db, { email: "supa@example.com", role: "student", id });
    expect(user.id).toBe(id);
  });

  it("refuses a taken email or id with USER_EXISTS naming the field", async () => {
    await createUser(testDatabase.db, { email: "taken@example.com", role: "student", id: "usr_taken" });
    expect(await codeOf(createUser(testDatabase.db, { email: "TAKEN@example.com", role: "admin" }))).toMatchObject({
      code: "USER_EXISTS",
      details: { field: "email" },
    });
    expect(
      await codeOf(createUser(testDatabase.db, { email: "other@example.com", role: "admin", id: "usr_taken" })),
    ).toMatchObject({
      code: "USER_EXISTS",
      details: { field: "id" },
    });
  });

  it("names the bad field of invalid input and stores nothing", async () => {
    const before = (await listUsers(testDatabase.db)).length;
    expect(await codeOf(createUser(testDatabase.db, { email: "not-an-email", role: "student" }))).toMatchObject({
      code: "INVALID_INPUT",
      details: { field: "email" },
    });
    expect(
      await codeOf(createUser(testDatabase.db, { email: "x@example.com", role: "owner" as "admin" })),
    ).toMatchObject({
      code: "INVALID_INPUT",
      details: { field: "role" },
    });
    expect(
      await codeOf(createUser(testDatabase.db, { email: "y@example.com", role: "student", id: "has space" })),
    ).toMatchObject({
      code: "INVALID_INPUT",
      details: { field: "id" },
    });
    expect((await listUsers(testDatabase.db)).length).toBe(before);
  });
});

describe("listUsers and disableUser", () => {
  it("lists users with their active token counts and disables by id or email", async () => {
    const user = await createUser(testDatabase.db, { email: "list@example.com", role: "student" });
    await issueToken(testDatabase.db, user.id);
    await issueToken(testDatabase.db, user.id, "laptop");
    const listed = (await listUsers(testDatabase.db)).find((entry) => entry.id === user.id);
    expect(listed).toMatchObject({ email: "list@example.com", activeTokens: 2, lastUsedAt: null });

    const disabled = await disableUser(testDatabase.db, { email: "LIST@example.com" });
    expect(disabled?.disabledAt).toBeInstanceOf(Date);
    const again = await disableUser(testDatabase.db, { id: user.id });
    expect(again?.disabledAt?.getTime()).toBe(disabled?.disabledAt?.getTime());
    expect(await disableUser(testDatabase.db, { id: "usr_nobody" })).toBeUndefined();
  });
});
