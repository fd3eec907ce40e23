import { describe, expect, it } from "vitest";
import { CourseforgeError, InvalidInputError } from "../errors/index.ts";
import { DatabaseQueryError } from "../db/errors.ts";
import { errorResponse } from "./errors.ts";

describe("errorResponse", () => {
  it("maps known codes to statuses and keeps message and details", () => {
    const cases: Array<[string, number]> = [
      ["INVALID_INPUT", 400],
      ["UNAUTHENTICATED", 401],
      ["FORBIDDEN", 403],
      ["NOT_FOUND", 404],
      ["JOB_NOT_AWAITING_APPROVAL", 409],
      ["JOB_ALREADY_FINISHED", 409],
      ["PAYLOAD_TOO_LARGE", 413],
      ["IDEMPOTENCY_KEY_REUSED", 422],
      ["OUTLINE_INVALID", 422],
      ["RATE_LIMITED", 429],
    ];
    for (const [code, status] of cases) {
      const result = errorResponse(new CourseforgeError(code, `message of ${code}`, { details: { field: "x" } }));
      expect(result.status, code).toBe(status);
      expect(result.body).toEqual({ error: { code, message: `message of ${code}`, details: { field: "x" } } });
    }
    expect(errorResponse(new InvalidInputError("bad")).status).toBe(400);
  });

  it("sends Retry-After for rate limits", () => {
    expect(
      errorResponse(new CourseforgeError("RATE_LIMITED", "slow down", { details: { retryAfterMs: 1500 } }))
        .retryAfterSeconds,
    ).toBe(2);
  });

  it("answers 503 for an unavailable database without its details", () => {
    const result = errorResponse(
      new CourseforgeError("DATABASE_UNAVAILABLE", "connect ECONNREFUSED postgres://user:hunter2@db", {
        details: { url: "postgres://user:hunter2@db" },
      }),
    );
    expect(result.status).toBe(503);
    expect(JSON.stringify(result.body)).not.toContain("hunter2");
  });

  it("answers 500 with a generic message for unknown codes and plain errors, leaking nothing", () => {
    for (const error of [
      new CourseforgeError("DATABASE_QUERY_FAILED", "syntax error at SELECT secret", {
        details: { sql: "SELECT secret" },
      }),
      new TypeError("x is undefined"),
      "thrown string",
    ]) {
      const result = errorResponse(error);
      expect(result.status).toBe(500);
      expect(result.body).toEqual({
        error: { code: "INTERNAL", message: "An internal error occurred; it has been logged.", details: {} },
      });
    }
  });

  it("answers a Postgres data exception (class 22) as 400 INVALID_INPUT, also when wrapped, without the driver's text", () => {
    for (const sqlState of ["22P05", "22P02", "22003", "22021", "22999"]) {
      const driverError = new DatabaseQueryError(`driver text for ${sqlState} in table secret_table`, { sqlState });
      for (const error of [
        driverError,
        new CourseforgeError("JOB_STORE_FAILED", "could not store", { cause: driverError }),
      ]) {
        const result = errorResponse(error);
        expect(result.status, sqlState).toBe(400);
        expect(result.body.error.code).toBe("INVALID_INPUT");
        expect(result.body.error.details).toEqual({ sqlState });
        expect(result.body.error.message).not.toContain("secret_table");
      }
    }
    // Other statement failures stay internal.
    expect(errorResponse(new DatabaseQueryError("unique violation", { sqlState: "23505" })).status).toBe(500);
  });
});
