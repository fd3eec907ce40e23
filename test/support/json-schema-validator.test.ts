import { describe, expect, it } from "vitest";
import { createJsonSchemaValidator } from "./json-schema-validator.ts";

describe("createJsonSchemaValidator", () => {
  it("checks date-time and email values instead of ignoring the format with a warning", () => {
    const warnings: unknown[] = [];
    const logger = {
      log: () => undefined,
      warn: (...args: unknown[]) => void warnings.push(args),
      error: () => undefined,
    };
    const validate = createJsonSchemaValidator({ strict: false, logger }).compile({
      type: "string",
      format: "date-time",
    });
    expect(validate("2026-01-31T12:00:00.000Z")).toBe(true);
    expect(validate("2026-01-31T12:00:00+02:00")).toBe(true);
    expect(validate("31/01/2026")).toBe(false);
    expect(validate("2026-13-45T99:00:00Z")).toBe(false);
    const email = createJsonSchemaValidator({ strict: false, logger }).compile({ type: "string", format: "email" });
    expect(email("teacher@example.com")).toBe(true);
    expect(email("teacher at example.com")).toBe(false);
    expect(warnings).toEqual([]);
  });
});
