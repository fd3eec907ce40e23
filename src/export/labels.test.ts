import { describe, expect, it } from "vitest";
import { exportLabelLanguages, exportLabels } from "./labels.ts";

describe("exportLabels", () => {
  it("has a full, distinct table for each of the ten required languages", () => {
    expect([...exportLabelLanguages].sort()).toEqual(["de", "en", "es", "fr", "it", "ja", "nl", "pl", "pt", "zh"]);
    const english = exportLabels("en");
    for (const language of exportLabelLanguages.filter((code) => code !== "en")) {
      const labels = exportLabels(language);
      expect(labels.language).toBe(language);
      expect(Object.keys(labels).sort()).toEqual(Object.keys(english).sort());
      expect([labels.lesson, labels.answers, labels.check, labels.hints.single_choice]).not.toContain(english.answers);
      expect(labels.answers, language).not.toBe(english.answers);
      expect(labels.trueAnswer, language).not.toBe(english.trueAnswer);
    }
  });

  it("reads the primary subtag of a regional code, case-insensitively", () => {
    expect(exportLabels("pt-BR").lesson).toBe("Lição");
    expect(exportLabels("ZH-Hant-TW").quiz).toBe("测验");
  });

  it("falls back to English for a language without a table", () => {
    expect(exportLabels("sw")).toEqual({ ...exportLabels("en"), language: "en" });
  });
});
