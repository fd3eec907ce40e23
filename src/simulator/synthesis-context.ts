/** Types shared by the JSON synthesis files. */
import type { SchemaObject } from "./json-schema.ts";
import type { Random } from "./random.ts";
import type { TextSource } from "./text.ts";

/** What synthesis draws from. */
export interface SynthesisOptions {
  /** Topic words, e.g. from {@link import("./prompt-words.ts").extractPromptWords}. */
  readonly words: readonly string[];
  readonly random: Random;
}

/** State carried down the schema while generating. */
export interface SynthesisContext {
  readonly root: SchemaObject;
  readonly source: TextSource;
  readonly depth: number;
  /** The nearest property name, which flavours the text (`title` short, `body` long). */
  readonly fieldName: string | undefined;
  /** Prose already written in this answer: a real model does not repeat a question or a title verbatim. */
  readonly written: Set<string>;
}
