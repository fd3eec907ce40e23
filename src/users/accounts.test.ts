import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { CourseforgeError } from "../errors/index.ts";
import { createAccounts, type Accounts } from "./accounts.ts";
import type { Caller } from "./caller.ts";
import { createUser, findUserByEmail, hasAnyUser, listUsers } from "./users.ts";

let testDatabase: TestDatabase;
let accounts: Accounts;
let admin: Caller;
let teacher: Caller;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  accounts = createAccounts({ database: testDatabase.db });
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (CourseforgeError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("accounts", () => {
  it("knows an empty database has no user, then one", async () => {
    expect(await hasAnyUser(testDatabase.db)).toBe(false);
    const stored = await createUser(testDatabase.db, { email: "root@example.com", role: "admin" });
    admin = { userId: stored.id, role: "admin" };
    const plain = await createUser(testDatabase.db, { email: "teacher@example.com", role: "teacher" });
    teacher = { userId: plain.id, role: "teacher" };
    expect(await hasAnyUser(testDatabase.db)).toBe(true);
  });

  it("creates a user with a token that authenticates it, for an admin", async () => {
    const { user, issued } = await accounts.create(admin, { email: "new@example.com", role: "student" });
    expect(await accounts.authenticate(issued.token)).toEqual({ userId: user.id, role: "student" });
    expect((await accounts.me({ userId: user.id, role: "student" }))?.email).toBe("new@example.com");
  });

  it("refuses every administration method to anyone but an admin, and changes nothing", async () => {
    const before = await listUsers(testDatabase.db);
    expect(await codeOf(accounts.create(teacher, { email: "sneaky@example.com", role: "admin" }))).toBe("FORBIDDEN");
    expect(await codeOf(accounts.list(teacher))).toBe("FORBIDDEN");
    expect(await codeOf(accounts.disable(teacher, admin.userId))).toBe("FORBIDDEN");
    expect(await codeOf(accounts.issueToken(teacher, admin.userId, "mine"))).toBe("FORBIDDEN");
    expect(await findUserByEmail(testDatabase.db, "sneaky@example.com")).toBeUndefined();
    expect(await listUsers(testDatabase.db)).toEqual(before);
  });

  it("says which user is missing or disabled", async () => {
    expect(await codeOf(accounts.disable(admin, "usr_nobody"))).toBe("USER_NOT_FOUND");
    expect(await codeOf(accounts.issueToken(admin, "usr_nobody", "x"))).toBe("USER_NOT_FOUND");
    await accounts.disable(admin, teacher.userId);
    expect(await codeOf(accounts.issueToken(admin, teacher.userId, "x"))).toBe("USER_DISABLED");
  });
});
