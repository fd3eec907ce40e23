import { countTextTokens } from "../tokens/index.ts";
import type { DocumentBlock } from "./extract/index.ts";

/** A piece of a document sized for retrieval and for a prompt. */
export interface Chunk {
  /** 0-based position in the document. */
  readonly ordinal: number;
  /** A verbatim slice of the document's text ({@link ChunkedDocument.text}). */
  readonly text: string;
  /** The headings above it, outermost first. */
  readonly headingPath: readonly string[];
  /** The 1-based page it starts on (PDFs), else `undefined`. */
  readonly page: number | undefined;
  readonly tokenCount: number;
  /** Its span in the document's text: chunks whose spans intersect overlap. */
  readonly startOffset: number;
  readonly endOffset: number;
}

/** Sizes of chunks in tokens (o200k, the project's tokenizer). */
export interface ChunkingOptions {
  /** Aim for chunks of about this many tokens (default 500). */
  readonly targetTokens?: number;
  /** Repeat about this many tokens of whole sentences at the start of the next chunk of a section (default 60). */
  readonly overlapTokens?: number;
}

/** A document's text (its paragraphs joined by blank lines) and its chunks. */
export interface ChunkedDocument {
  readonly text: string;
  readonly chunks: readonly Chunk[];
}

interface Sentence {
  readonly start: number;
  readonly end: number;
  readonly tokens: number;
}

const segmenters = new Map<string, Intl.Segmenter>();
function sentenceSegmenter(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (segmenter === undefined) {
    segmenter = new Intl.Segmenter(language, { granularity: "sentence" });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

/**
 * Splits a document's blocks into chunks: a heading or a new page starts a new chunk (each chunk
 * keeps its heading path and page); paragraphs fill a chunk up to the target, cut between
 * sentences only; the next chunk of the same section repeats the last sentences up to the
 * overlap. A single sentence longer than the target is the one case cut inside a sentence, at
 * word boundaries (a chunk must fit a prompt).
 */
export function chunkDocument(
  blocks: readonly DocumentBlock[],
  options: ChunkingOptions & { readonly language?: string } = {},
): ChunkedDocument {
  const targetTokens = options.targetTokens ?? 500;
  const overlapTokens = Math.min(options.overlapTokens ?? 60, Math.floor(targetTokens / 2));
  const segmenter = sentenceSegmenter(options.language ?? "en");
  const chunks: Chunk[] = [];
  let text = "";
  const headings: string[] = [];
  let sectionPage: number | undefined;
  let current: Sentence[] = [];
  let currentTokens = 0;
  let currentPage: number | undefined;

  const emit = (): void => {
    const first = current[0];
    const last = current.at(-1);
    if (first === undefined || last === undefined) return;
    const chunkText = text.slice(first.start, last.end);
    chunks.push({
      ordinal: chunks.length,
      text: chunkText,
      headingPath: [...headings],
      page: currentPage,
      tokenCount: countTextTokens(chunkText),
      startOffset: first.start,
      endOffset: last.end,
    });
  };
  const endSection = (): void => {
    emit();
    current = [];
    currentTokens = 0;
  };
  const add = (sentence: Sentence): void => {
    if (currentTokens + sentence.tokens > targetTokens && current.length > 0) {
      emit();
      // Carry whole sentences from the end of the chunk just emitted, up to the overlap, but never all of it.
      const carried: Sentence[] = [];
      let carriedTokens = 0;
      for (let index = current.length - 1; index > 0; index--) {
        const previous = current[index]!;
        if (
          carriedTokens + previous.tokens > overlapTokens ||
          carriedTokens + previous.tokens + sentence.tokens > targetTokens
        )
          break;
        carried.unshift(previous);
        carriedTokens += previous.tokens;
      }
      current = carried;
      currentTokens = carriedTokens;
    }
    if (current.length === 0) currentPage = sectionPage;
    current.push(sentence);
    currentTokens += sentence.tokens;
  };

  for (const block of blocks) {
    if (block.kind === "heading") {
      endSection();
      headings.splice(Math.max(0, block.level - 1));
      while (headings.length < block.level - 1) headings.push("");
      headings.push(block.text);
      continue;
    }
    if (block.page !== sectionPage && block.page !== undefined) {
      endSection();
      sectionPage = block.page;
    }
    const offset = text === "" ? 0 : text.length + 2;
    text = text === "" ? block.text : `${text}\n\n${block.text}`;
    for (const sentence of sentencesOf(block.text, offset, segmenter, targetTokens)) add(sentence);
  }
  endSection();
  // Empty levels (a `###` under no `##`) are placeholders, not headings.
  return {
    text,
    chunks: chunks.map((chunk) => ({ ...chunk, headingPath: chunk.headingPath.filter((heading) => heading !== "") })),
  };
}

function sentencesOf(paragraph: string, offset: number, segmenter: Intl.Segmenter, maxTokens: number): Sentence[] {
  const sentences: Sentence[] = [];
  for (const { segment, index } of segmenter.segment(paragraph)) {
    const trimmed = segment.trimEnd();
    if (trimmed.trim() === "") continue;
    const leading = trimmed.length - trimmed.trimStart().length;
    const start = offset + index + leading;
    const body = trimmed.trimStart();
    const tokens = countTextTokens(body);
    if (tokens <= maxTokens) sentences.push({ start, end: start + body.length, tokens });
    else sentences.push(...splitAtWords(body, start, maxTokens));
  }
  return sentences;
}

function splitAtWords(sentence: string, offset: number, maxTokens: number): Sentence[] {
  const pieces: Sentence[] = [];
  const words = [...sentence.matchAll(/\S+/gu)];
  let pieceStart = 0;
  let pieceEnd = 0;
  let pieceTokens = 0;
  for (const word of words) {
    const wordTokens = countTextTokens(` ${word[0]}`);
    if (pieceTokens + wordTokens > maxTokens && pieceEnd > pieceStart) {
      pieces.push({ start: offset + pieceStart, end: offset + pieceEnd, tokens: pieceTokens });
      pieceStart = word.index;
      pieceTokens = 0;
    }
    pieceEnd = word.index + word[0].length;
    pieceTokens += wordTokens;
  }
  if (pieceEnd > pieceStart) pieces.push({ start: offset + pieceStart, end: offset + pieceEnd, tokens: pieceTokens });
  return pieces;
}
