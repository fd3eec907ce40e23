import { describe, expect, it } from "vitest";
import { CourseforgeError } from "../errors/index.ts";
import { DatabaseQueryError, openDatabase, redactDatabaseUrl } from "./index.ts";

describe("redactDatabaseUrl", () => {
  it("hides the password and secret-looking parameters, keeping what helps to debug", () => {
    expect(redactDatabaseUrl("postgres://app:s3cr%40t@db.example:6543/prod?sslmode=require&password=x")).toBe(
      "postgres://app:***@db.example:6543/prod?sslmode=require&password=***",
    );
    expect(redactDatabaseUrl("postgres://app@db.example/prod")).toBe("postgres://app@db.example/prod");
    expect(redactDatabaseUrl("postgres://app:hunter2@[bad/db")).toBe("postgres://app:***@[bad/db");
    expect(redactDatabaseUrl("postgres://app:pa/ss#w@rd@host:x/db")).toBe("postgres://app:***@host:x/db");
  });
});

describe("database errors", () => {
  it("says where Postgres was expected when the connection is refused, without the password", async () => {
    const error = await openDatabase({
      databaseUrl: "postgres://app:hunter2@127.0.0.1:1/courseforge",
      dataDir: "unused",
    }).catch((caught: unknown) => caught);
    expect(CourseforgeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "DATABASE_UNAVAILABLE",
      retryable: true,
      message: expect.stringContaining("127.0.0.1:1/courseforge"),
    });
    expect((error as CourseforgeError).suggestion).toMatch(/Is Postgres running at 127\.0\.0\.1:1.*DATABASE_URL/);
    expect(
      `${(error as Error).message} ${JSON.stringify(error)} ${(error as CourseforgeError).suggestion}`,
    ).not.toContain("hunter2");
  });

  it("rejects a DATABASE_URL that is not a URL, without echoing its secret", async () => {
    const error = await openDatabase({ databaseUrl: "postgres://app:hunter2@", dataDir: "unused" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: "DATABASE_UNAVAILABLE", retryable: false });
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("marks serialization failures and deadlocks retryable, other statement failures not", () => {
    expect(new DatabaseQueryError("x", { sqlState: "40001" }).retryable).toBe(true);
    expect(new DatabaseQueryError("x", { sqlState: "40P01" }).retryable).toBe(true);
    expect(new DatabaseQueryError("x", { sqlState: "23505" }).retryable).toBe(false);
  });
});
