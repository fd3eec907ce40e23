import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCourse } from "../../test/support/course-fixtures.ts";
import { captureContext, createCliDatabase } from "../../test/support/cli-command.ts";
import type { TestDatabase } from "../../test/support/database.ts";
import { openDatabase } from "../db/index.ts";
import { CourseforgeError } from "../errors/index.ts";
import { regenerateCommand, targetOfFlags } from "./regenerate.ts";

describe("targetOfFlags", () => {
  it("takes exactly one part", () => {
    expect(targetOfFlags({ lesson: "m1-l2" })).toEqual({ kind: "lesson", id: "m1-l2" });
    expect(targetOfFlags({ outline: true })).toEqual({ kind: "outline" });
    for (const flags of [{}, { lesson: "m1-l2", question: "m1-l2-q1" }]) {
      const error = (() => {
        try {
          return targetOfFlags(flags);
        } catch (caught) {
          return caught;
        }
      })();
      expect(CourseforgeError.isInstance(error) && error.code).toBe("INVALID_INPUT");
    }
  });
});

describe("courseforge regenerate on the embedded database", () => {
  let database: TestDatabase;
  const course = { ...sampleCourse(), id: "crs_cli_revised" };
  beforeAll(async () => {
    database = await createCliDatabase(async (db) => {
      await db.query(
        `INSERT INTO courses (id, title, topic, language, format_version, document) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
        [course.id, course.title, course.topic, course.language, course.formatVersion, JSON.stringify(course)],
      );
    });
  });
  afterAll(async () => {
    await database?.cleanup();
  });

  it("rewrites one section on the simulator and stores revision 2", async () => {
    const context = { ...captureContext(), environment: { COURSEFORGE_SIMULATOR_TIME_SCALE: "0" } };
    const code = await regenerateCommand(
      course.id,
      { section: "m1-l1-s2", instruction: "Simpler language.", dataDir: database.location, json: true },
      context,
    );
    expect(code, context.stderr.text).toBe(0);
    const printed = JSON.parse(context.stdout.text.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(printed).toMatchObject({
      courseId: course.id,
      revision: 2,
      changedParts: [{ kind: "section", id: "m1-l1-s2" }],
    });
    const db = await openDatabase({ dataDir: database.location });
    try {
      const [row] = await db.query<{ current_revision: number; body: string }>(
        `SELECT current_revision, document #>> '{modules,0,lessons,0,sections,1,body}' AS body FROM courses WHERE id = $1`,
        [course.id],
      );
      expect(row?.current_revision).toBe(2);
      expect(row?.body).not.toBe(course.modules[0]!.lessons[0]!.sections[1]!.body);
    } finally {
      await db.close();
    }
  });

  it("answers NOT_FOUND for a course the database does not have", async () => {
    const error = await regenerateCommand(
      "crs_missing",
      { lesson: "m1-l1", instruction: "Simpler.", dataDir: database.location },
      { ...captureContext(), environment: { COURSEFORGE_SIMULATOR_TIME_SCALE: "0" } },
    ).catch((caught: unknown) => caught);
    expect(CourseforgeError.isInstance(error) && error.code).toBe("NOT_FOUND");
  });
});
