import { parseFallbackChains } from "../llm/router/index.ts";
import { describe, expect, it } from "vitest";
import {
  allowListsOf,
  checkAllowList,
  checkModelAllowed,
  defaultModelAllowLists,
  modelAccessDefaultsOf,
  ModelNotAllowedError,
} from "./model-access.ts";

const price = { inputPerMillion: 1, cachedInputPerMillion: 0.5, outputPerMillion: 2 };
const defaults = modelAccessDefaultsOf({
  models: { outline: "gpt-4.1", lesson: "gpt-4.1-mini", quiz: "gpt-4.1-mini" },
  prices: { "gpt-4.1": price, "gpt-4.1-mini": price, "gpt-4o-mini": price, "gpt-5": price, "gpt-4.1-nano": price },
  resilience: { fallbackModels: parseFallbackChains("gpt-4.1-mini=gpt-4o-mini;gpt-5=gpt-4.1") },
});

describe("the default model allow-lists", () => {
  it("give students the default model, teachers the step models and their fallbacks, admins every priced model", () => {
    expect(defaultModelAllowLists(defaults)).toEqual({
      student: ["gpt-4.1-mini"],
      teacher: ["gpt-4.1-mini", "gpt-4.1", "gpt-4o-mini"],
      admin: ["gpt-4.1-mini", "gpt-4.1", "gpt-4o-mini", "gpt-4.1-nano", "gpt-5"],
    });
  });

  it("are replaced role by role by the lists an admin stored", () => {
    const lists = allowListsOf(defaults, { student: ["gpt-4o-mini"] });
    expect(lists.student).toEqual({ models: ["gpt-4o-mini"], source: "admin" });
    expect(lists.teacher.source).toBe("config");
  });
});

describe("checkModelAllowed", () => {
  const allowed = defaultModelAllowLists(defaults);

  it("admits a listed, priced model", () => {
    expect(() => checkModelAllowed("gpt-4.1-mini", "student", allowed.student, defaults)).not.toThrow();
    expect(() => checkModelAllowed("gpt-5", "admin", allowed.admin, defaults)).not.toThrow();
  });

  it("refuses an unlisted model, naming the allowed ones", () => {
    const refusal = (() => {
      try {
        checkModelAllowed("o1-pro", "student", allowed.student, defaults);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(ModelNotAllowedError.isInstance(refusal)).toBe(true);
    expect(refusal).toMatchObject({
      code: "MODEL_NOT_ALLOWED",
      details: { field: "model", model: "o1-pro", role: "student", allowed: ["gpt-4.1-mini"] },
    });
    expect((refusal as Error).message).toContain("Allowed: gpt-4.1-mini.");
    expect(() => checkModelAllowed("gpt-5", "teacher", allowed.teacher, defaults)).toThrow(/teacher role's allow-list/);
  });

  it("refuses a listed model without a price (it would cost $0 and escape the budgets)", () => {
    expect(() =>
      checkModelAllowed("totally-unknown-model-xyz", "admin", ["totally-unknown-model-xyz"], defaults),
    ).toThrow(/has no price/);
  });
});

describe("checkAllowList", () => {
  it("trims and deduplicates, and refuses unpriced models naming them and the selectable ones", () => {
    expect(checkAllowList([" gpt-5 ", "gpt-5", "gpt-4.1-nano"], defaults)).toEqual(["gpt-5", "gpt-4.1-nano"]);
    expect(() => checkAllowList(["gpt-5", "o1-pro"], defaults)).toThrow(/no price.*o1-pro/);
  });
});
