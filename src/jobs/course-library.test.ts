import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { sampleCourse } from "../../test/support/course-fixtures.ts";
import type { Caller } from "../users/index.ts";
import { createUser } from "../users/index.ts";
import { createCourseLibrary, type CourseLibrary } from "./course-library.ts";

let testDatabase: TestDatabase;
let library: CourseLibrary;
let alice: Caller;
let bob: Caller;
let admin: Caller;

async function storeCourse(id: string, userId: string): Promise<void> {
  const course = { ...sampleCourse(), id };
  await testDatabase.db.query(
    `INSERT INTO courses (id, title, topic, language, format_version, document, user_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [id, course.title, course.topic, course.language, course.formatVersion, JSON.stringify(course), userId],
  );
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  library = createCourseLibrary({ database: testDatabase.db });
  const make = async (name: string, role: Caller["role"]): Promise<Caller> => ({
    userId: (await createUser(testDatabase.db, { email: `${name}@example.com`, role })).id,
    role,
  });
  alice = await make("alice", "teacher");
  bob = await make("bob", "student");
  admin = await make("admin", "admin");
  await storeCourse("crs_alice", alice.userId);
  await storeCourse("crs_bob", bob.userId);
  await storeCourse("crs_admin", admin.userId);
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

const idsOf = (page: { courses: ReadonlyArray<{ id: string }> }) => page.courses.map((course) => course.id).sort();

describe("course library", () => {
  it("shows its owner a course and hides it from other users", async () => {
    expect((await library.get(alice, "crs_alice"))?.course.id).toBe("crs_alice");
    expect(await library.get(bob, "crs_alice")).toBeUndefined();
    expect(idsOf(await library.list(alice, { everyone: true, limit: 10 }))).toEqual(["crs_alice"]);
    expect(idsOf(await library.list(bob, { everyone: true, limit: 10 }))).toEqual(["crs_bob"]);
  });

  it("shows an admin every course, or their own when they ask for only theirs", async () => {
    expect((await library.get(admin, "crs_bob"))?.summary.userId).toBe(bob.userId);
    expect(idsOf(await library.list(admin, { everyone: true, limit: 10 }))).toEqual([
      "crs_admin",
      "crs_alice",
      "crs_bob",
    ]);
    expect(idsOf(await library.list(admin, { everyone: false, limit: 10 }))).toEqual(["crs_admin"]);
  });
});
