/** Text compared the way a learner reads it: trimmed, case-insensitive, runs of spaces collapsed. */
export function comparable(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLocaleLowerCase();
}

/** True when the text holds nothing but white space. */
export function isBlank(text: string): boolean {
  return text.trim() === "";
}

/**
 * For each item whose comparable text repeats an earlier item's, yields its index and the index of
 * the first item with that text. Blank items are skipped (they are reported as blank instead).
 */
export function* repeats(texts: readonly string[]): Generator<{ index: number; firstIndex: number }> {
  const seen = new Map<string, number>();
  for (const [index, text] of texts.entries()) {
    const key = comparable(text);
    if (key === "") continue;
    const firstIndex = seen.get(key);
    if (firstIndex === undefined) seen.set(key, index);
    else yield { index, firstIndex };
  }
}
