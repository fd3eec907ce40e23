import type { QualityFlag } from "../course/index.ts";
import type { LessonUnderCheck } from "./check-types.ts";

// Text a finished lesson never contains: template filler, notes to self, a model talking about itself.
const placeholderPatterns: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /\blorem ipsum\b|\bdolor sit amet\b/i, what: "Lorem ipsum filler" },
  { pattern: /\b(TODO|TBD|FIXME|XXX)\b/, what: "a TODO/TBD note" },
  { pattern: /\bas an ai\b|\bas a (large )?language model\b|\bi am an ai\b/i, what: "a model talking about itself" },
  {
    pattern: /\[\s*(insert|add|your|placeholder|todo|tbd|example here|content|citation needed)[^\]]*\]/i,
    what: "a bracketed placeholder",
  },
  { pattern: /\{\{[^}]*\}\}|<\s*(placeholder|insert)[^>]*>/i, what: "a template slot" },
  { pattern: /\b(content|text|example) goes here\b/i, what: 'a "goes here" placeholder' },
  { pattern: /^\s*(sure|certainly)[,!] here('s| is)\b/im, what: "a chat reply's opening" },
];

/** The first placeholder or meta text in `text`, described, or `undefined`. */
export function findPlaceholder(text: string): { readonly what: string; readonly found: string } | undefined {
  for (const { pattern, what } of placeholderPatterns) {
    const match = pattern.exec(text);
    if (match) return { what, found: match[0] };
  }
  return undefined;
}

/** Flags placeholder or meta text ("Lorem", "TODO", "As an AI", "[insert …]") in sections, key terms and questions. */
export function checkPlaceholders({ lesson, quiz }: LessonUnderCheck): QualityFlag[] {
  const flags: QualityFlag[] = [];
  const look = (part: "lesson" | "quiz", target: string, texts: readonly string[]) => {
    for (const text of texts) {
      const found = findPlaceholder(text);
      if (found === undefined) continue;
      flags.push({
        check: "placeholder",
        part,
        target,
        message: `contains ${found.what} ("${found.found.slice(0, 60)}"); write the real content`,
      });
      return;
    }
  };
  for (const section of lesson.sections) look("lesson", section.id, [section.title, section.body]);
  look(
    "lesson",
    lesson.id,
    lesson.keyTerms.flatMap((term) => [term.term, term.definition]),
  );
  for (const question of quiz.questions) {
    const options = "options" in question ? question.options.map((option) => option.text) : [];
    look("quiz", question.id, [question.prompt, question.explanation, ...options]);
  }
  return flags;
}
