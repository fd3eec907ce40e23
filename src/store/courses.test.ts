import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database.ts";
import { sampleCourse } from "../../test/support/course-fixtures.ts";
import { createUser } from "../users/index.ts";
import { findCourseOfUser, listCoursesOfUser, type CourseKey } from "./courses.ts";

let testDatabase: TestDatabase;
let owner: string;
let other: string;

// Creation times chosen to catch a cursor that keeps only milliseconds (.123400 and .123456 share
// a millisecond) and exact ties (broken by id).
const times = [
  "2025-01-01T10:00:00.123456Z",
  "2025-01-01T10:00:00.123456Z",
  "2025-01-01T10:00:00.123400Z",
  "2025-01-01T10:00:00.123000Z",
  "2025-01-01T09:00:00.000001Z",
  "2025-01-01T09:00:00Z",
  "2024-12-31T23:59:59.999999Z",
];

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  owner = (await createUser(testDatabase.db, { email: "owner@example.com", role: "teacher" })).id;
  other = (await createUser(testDatabase.db, { email: "other@example.com", role: "teacher" })).id;
  const insert = async (id: string, userId: string | null, createdAt: string) => {
    const course = { ...sampleCourse(), id };
    await testDatabase.db.query(
      `INSERT INTO courses (id, title, topic, language, format_version, document, user_id, job_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::timestamptz)`,
      [
        id,
        course.title,
        course.topic,
        course.language,
        course.formatVersion,
        JSON.stringify(course),
        userId,
        `job_${id.slice(4)}`,
        createdAt,
      ],
    );
  };
  for (const [index, time] of times.entries()) await insert(`crs_owner${index}`, owner, time);
  await insert("crs_other0", other, "2025-01-01T10:00:00.123450Z");
  await insert("crs_cli0", null, "2025-01-01T10:00:00.200000Z");
});
afterAll(async () => {
  await testDatabase?.cleanup();
});

async function allPages(userId: string | undefined, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let after: CourseKey | undefined;
  for (let page = 0; page < 20; page += 1) {
    const result = await listCoursesOfUser(testDatabase.db, { userId, limit, after });
    expect(result.courses.length).toBeLessThanOrEqual(limit);
    ids.push(...result.courses.map((course) => course.id));
    if (result.next === undefined) return ids;
    after = result.next;
  }
  throw new Error("pagination did not end");
}

describe("listCoursesOfUser", () => {
  it("pages through an owner's courses newest first, each once, whatever the page size", async () => {
    const expected = ["crs_owner1", "crs_owner0", "crs_owner2", "crs_owner3", "crs_owner4", "crs_owner5", "crs_owner6"];
    for (const limit of [1, 2, 3, 7, 100]) expect(await allPages(owner, limit), `limit ${limit}`).toEqual(expected);
  });

  it("lists everyone's courses for an admin reader", async () => {
    const ids = await allPages(undefined, 2);
    expect(ids).toHaveLength(times.length + 2);
    expect(ids.slice(0, 4)).toEqual(["crs_cli0", "crs_owner1", "crs_owner0", "crs_other0"]);
  });

  it("returns summaries with owner, job and exact keys", async () => {
    const { courses, next } = await listCoursesOfUser(testDatabase.db, { userId: other, limit: 5 });
    expect(next).toBeUndefined();
    expect(courses).toEqual([
      expect.objectContaining({
        id: "crs_other0",
        userId: other,
        jobId: "job_other0",
        formatVersion: "1",
        createdAtKey: "2025-01-01T10:00:00.123450Z",
      }),
    ]);
    expect(courses[0]?.createdAt).toEqual(new Date("2025-01-01T10:00:00.123Z"));
  });
});

describe("findCourseOfUser", () => {
  it("finds a course for its owner and for all-readers only", async () => {
    expect((await findCourseOfUser(testDatabase.db, "crs_owner0", { userId: owner }))?.course.id).toBe("crs_owner0");
    expect(await findCourseOfUser(testDatabase.db, "crs_owner0", { userId: other })).toBeUndefined();
    expect((await findCourseOfUser(testDatabase.db, "crs_owner0", { userId: undefined }))?.summary.userId).toBe(owner);
    expect(await findCourseOfUser(testDatabase.db, "crs_cli0", { userId: owner })).toBeUndefined();
    expect(await findCourseOfUser(testDatabase.db, "crs_missing", { userId: undefined })).toBeUndefined();
  });
});
