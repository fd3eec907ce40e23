/** Synthesizes strings: formats, patterns and prose whose kind follows the field name. */
import type { SchemaObject } from "./json-schema.ts";
import { generateFromPattern } from "./pattern.ts";
import type { Random } from "./random.ts";
import type { SynthesisContext } from "./synthesis-context.ts";
import { codePointLength, fitLength, slug, textKindForField, writeText } from "./text.ts";

/** A string valid for the schema's `format`, `pattern` and length bounds. */
export function synthesizeString(schema: SchemaObject, context: SynthesisContext): string {
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
  const fits = (text: string) => {
    const length = codePointLength(text);
    return length >= minLength && length <= maxLength;
  };
  const { random } = context.source;
  const formatted = typeof schema.format === "string" ? formatValue(schema.format, context) : undefined;
  if (typeof schema.pattern === "string")
    return (
      patternString(schema.pattern, context, fits) ??
      formatted ??
      writeText("identifier", context.source, { minLength, maxLength })
    );
  if (formatted !== undefined && fits(formatted)) return formatted;
  const kind = textKindForField(context.fieldName);
  let text = writeText(kind, context.source, { minLength, maxLength });
  for (let attempt = 0; attempt < 8 && kind !== "identifier" && context.written.has(text); attempt++)
    text = writeText(kind, context.source, { minLength, maxLength });
  if (fits(text)) {
    context.written.add(text);
    return text;
  }
  // Only odd bounds (e.g. maxLength 0 with minLength 1) get here; fill with letters.
  return fitLength("x".repeat(Math.max(minLength, 0)), { words: ["x"], random }, minLength, maxLength, "");
}

function patternString(
  pattern: string,
  context: SynthesisContext,
  fits: (text: string) => boolean,
): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
  // Prefer prompt-flavoured text when it already matches (e.g. slugs for `^[a-z0-9-]+$`).
  const natural = [slug(context.source, 2), writeText(textKindForField(context.fieldName), context.source)];
  const matching = natural.find((text) => regex.test(text) && fits(text));
  if (matching !== undefined) return matching;
  for (let attempt = 0; attempt < 12; attempt++) {
    const generated = generateFromPattern(pattern, context.source.random);
    if (generated !== undefined && fits(generated)) return generated;
  }
  return undefined;
}

function formatValue(format: string, context: SynthesisContext): string | undefined {
  const { random } = context.source;
  const date = new Date(Date.UTC(2024, 0, 1) + random.integer(0, 730) * 86_400_000 + random.integer(0, 86_399) * 1000);
  switch (format) {
    case "date-time":
      return date.toISOString().replace(/\.\d{3}Z$/, "Z");
    case "date":
      return date.toISOString().slice(0, 10);
    case "time":
      return date.toISOString().slice(11, 19) + "Z";
    case "email":
      return `${slug(context.source, 1)}@example.com`;
    case "hostname":
      return `${slug(context.source, 1)}.example.com`;
    case "uri":
    case "url":
    case "iri":
      return `https://example.com/simulated/${slug(context.source, 2)}`;
    case "uuid":
      return uuid(random);
    case "ipv4":
      return [10, random.integer(0, 255), random.integer(0, 255), random.integer(1, 254)].join(".");
    default:
      return undefined;
  }
}

function uuid(random: Random): string {
  const hex = (count: number) => Array.from({ length: count }, () => random.integer(0, 15).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}
