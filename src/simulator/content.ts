/** The assistant message a simulated model writes for each `response_format`. */
import type { JsonValue, SchemaObject } from "./json-schema.ts";
import type { Random } from "./random.ts";
import { synthesizeJson } from "./synthesize-json.ts";
import { paragraph, simulatedMarker, writeText } from "./text.ts";

/** The `response_format` of a chat completion request. */
export type ResponseFormat =
  | { readonly type: "text" }
  | { readonly type: "json_object" }
  | {
      readonly type: "json_schema";
      readonly json_schema: { readonly name: string; readonly strict?: boolean | null; readonly schema?: SchemaObject };
    };

/** What the simulated model answered. */
export interface SimulatedAnswer {
  /** The message content, before any injected fault rewrites it. */
  readonly content: string;
  /** The parsed value for JSON formats. */
  readonly value: JsonValue | undefined;
  /** The schema the value follows, for `json_schema`. */
  readonly schema: SchemaObject | undefined;
}

/** Writes the answer: schema-valid JSON, a small JSON object, or plain simulated prose. */
export function synthesizeAnswer(format: ResponseFormat, words: readonly string[], random: Random): SimulatedAnswer {
  const source = { words, random };
  switch (format.type) {
    case "json_schema": {
      const schema = format.json_schema.schema ?? { type: "object", properties: {}, additionalProperties: false };
      const value = synthesizeJson(schema, source);
      return { content: JSON.stringify(value), value, schema };
    }
    case "json_object": {
      const value: JsonValue = {
        topic: writeText("title", source),
        summary: writeText("medium", source),
        keyPoints: [writeText("sentence", source), writeText("sentence", source), writeText("sentence", source)],
      };
      return { content: JSON.stringify(value), value, schema: undefined };
    }
    case "text": {
      const paragraphs = Array.from({ length: random.integer(1, 3) }, () => paragraph(source, random.integer(2, 4)));
      return { content: simulatedMarker + paragraphs.join("\n\n"), value: undefined, schema: undefined };
    }
  }
}
