import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRunner, createCliDatabase, expectRefusedWhileHeld } from "../../test/support/cli-command.ts";
import type { TestDatabase } from "../../test/support/database.ts";
import { CourseforgeError } from "../errors/index.ts";
import { createUser } from "../users/index.ts";
import { registerLimitsCommand } from "./limits-command.ts";
import { limitsShowCommand } from "./limits.ts";

let testDatabase: TestDatabase;
let userId: string;
beforeAll(async () => {
  testDatabase = await createCliDatabase(async (database) => {
    userId = (await createUser(database, { email: "limited@example.com", role: "student" })).id;
  });
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const run = cliRunner(registerLimitsCommand, () => testDatabase.location);

describe("courseforge limits", () => {
  it("shows the seeded defaults, sets a role, a user and the global limit, and clears the user", async () => {
    const shown = JSON.parse((await run(["limits", "show", "--json"])).stdout) as {
      roles: Record<string, unknown>;
      global: unknown;
      users: unknown[];
    };
    expect(shown.roles.student).toEqual({ coursesPerHour: 5, coursesPerDay: 20, tokensPerDay: 300_000, burst: 2 });
    expect(shown.global).toEqual({ coursesPerHour: 2000 });
    expect(shown.users).toEqual([]);

    const role = await run([
      "limits",
      "set",
      "--role",
      "teacher",
      "--courses-per-hour",
      "30",
      "--tokens-per-day",
      "none",
      "--json",
    ]);
    expect(role.code).toBe(0);
    expect(JSON.parse(role.stdout)).toEqual({
      role: "teacher",
      limits: { coursesPerHour: 30, coursesPerDay: 100, tokensPerDay: null, burst: 2 },
    });
    await run(["limits", "set", "--user", userId, "--burst", "0", "--courses-per-day", "3"]);
    await run(["limits", "set", "--global", "--courses-per-hour", "50"]);

    const after = JSON.parse((await run(["limits", "show", "--json"])).stdout) as {
      roles: Record<string, { coursesPerHour: number }>;
      global: unknown;
      users: unknown[];
    };
    expect(after.roles.teacher?.coursesPerHour).toBe(30);
    expect(after.global).toEqual({ coursesPerHour: 50 });
    expect(after.users).toEqual([{ userId, coursesPerHour: null, coursesPerDay: 3, tokensPerDay: null, burst: 0 }]);
    expect((await run(["limits", "show"])).stdout).toMatch(/teacher\s+30\s+2\s+100\s+unlimited/);

    expect(JSON.parse((await run(["limits", "clear", "--user", userId, "--json"])).stdout)).toEqual({
      userId,
      cleared: true,
    });
    expect((JSON.parse((await run(["limits", "show", "--json"])).stdout) as { users: unknown[] }).users).toEqual([]);
  });

  it("refuses bad values, no target, and an unknown user", async () => {
    await expect(run(["limits", "set", "--role", "teacher", "--burst", "-1"])).rejects.toSatisfy(
      (error) => CourseforgeError.isInstance(error) && error.code === "INVALID_INPUT",
    );
    await expect(run(["limits", "set", "--courses-per-hour", "3"])).rejects.toThrow(/exactly one of --role/);
    await expect(run(["limits", "set", "--user", "usr_nobody", "--burst", "1"])).rejects.toSatisfy(
      (error) => CourseforgeError.isInstance(error) && error.code === "USER_NOT_FOUND",
    );
  });

  it("says what to do when the holder of the embedded database is not a running service", async () => {
    await expectRefusedWhileHeld(testDatabase.location, limitsShowCommand, "not a running service");
  });
});
