import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRunner, createCliDatabase, expectRefusedWhileHeld } from "../../test/support/cli-command.ts";
import type { TestDatabase } from "../../test/support/database.ts";
import { CourseforgeError } from "../errors/index.ts";
import { authenticate, hashToken } from "../users/index.ts";
import { openDatabase } from "../db/index.ts";
import { registerUsersCommand } from "./users-command.ts";
import { usersListCommand } from "./users.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createCliDatabase();
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const run = cliRunner(registerUsersCommand, () => testDatabase.location);

describe("courseforge users", () => {
  it("creates a user whose token (last --json line) authenticates, lists and disables it", async () => {
    const created = await run(["users", "create", "--email", "Cli@Example.com", "--role", "teacher", "--json"]);
    expect(created.code).toBe(0);
    const last = JSON.parse(created.stdout.trim().split("\n").at(-1)!) as {
      userId: string;
      token: string;
      email: string;
      role: string;
    };
    expect(last).toMatchObject({ email: "cli@example.com", role: "teacher" });
    expect(last.token).toMatch(/^cf_/);

    const listed = await run(["users", "list", "--json"]);
    const { users } = JSON.parse(listed.stdout) as {
      users: { id: string; activeTokens: number; disabledAt: string | null }[];
    };
    expect(users).toEqual([expect.objectContaining({ id: last.userId, activeTokens: 1, disabledAt: null })]);

    const database = await openDatabase({ dataDir: testDatabase.location });
    try {
      expect(await authenticate(database, last.token)).toEqual({ userId: last.userId, role: "teacher" });
      const [row] = await database.query<{ token_hash: string }>(
        `SELECT token_hash FROM api_tokens WHERE user_id = $1`,
        [last.userId],
      );
      expect(row?.token_hash).toBe(hashToken(last.token));
    } finally {
      await database.close();
    }

    const disabled = await run(["users", "disable", "--email", "cli@example.com"]);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toContain(last.userId);
    const reopened = await openDatabase({ dataDir: testDatabase.location });
    try {
      expect(await authenticate(reopened, last.token)).toBeUndefined();
    } finally {
      await reopened.close();
    }
  });

  it("prints the token once in human form", async () => {
    const created = await run(["users", "create", "--email", "human@example.com", "--role", "student"]);
    expect(created.stdout).toMatch(
      /Created student human@example.com \(usr_[0-9a-f]+\)\.\nAPI token — shown once, only its hash is stored:\ncf_[A-Za-z0-9_-]+\n/,
    );
  });

  it("refuses a taken email and an unknown role", async () => {
    await expect(run(["users", "create", "--email", "human@example.com", "--role", "student"])).rejects.toSatisfy(
      (error) => CourseforgeError.isInstance(error) && error.code === "USER_EXISTS",
    );
    await expect(run(["users", "create", "--email", "x@example.com", "--role", "owner"])).rejects.toThrow(
      /Allowed choices are student, teacher, admin/,
    );
  });

  it("says what to do when the holder of the embedded database is not a running service", async () => {
    await expectRefusedWhileHeld(testDatabase.location, usersListCommand, "not a running service");
  });
});
