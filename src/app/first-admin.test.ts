import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { authenticate, createUser, issueToken } from "../users/index.ts";
import { adminNeverSignedIn, createFirstAdmin, firstAdminEmail } from "./first-admin.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

describe("the first-start admin", () => {
  it("is created once, and named as never signed in until an admin token is used", async () => {
    const database = testDatabase.db;
    const token = await createFirstAdmin(database);
    expect(token).toMatch(/^cf_/);
    expect(await createFirstAdmin(database)).toBeUndefined();
    expect(await adminNeverSignedIn(database)).toBe(firstAdminEmail);

    // A teacher signing in changes nothing: the admin's token may still be lost.
    const teacher = await createUser(database, { email: "teacher@example.com", role: "teacher" });
    await authenticate(database, (await issueToken(database, teacher.id)).token);
    expect(await adminNeverSignedIn(database)).toBe(firstAdminEmail);

    expect(await authenticate(database, token!)).toMatchObject({ role: "admin" });
    expect(await adminNeverSignedIn(database)).toBeUndefined();
  });
});
