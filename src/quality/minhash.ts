import { wordsOf } from "./text.ts";

// Near-duplicate text by word shingles and MinHash: each text becomes the set of its k-word runs
// (shingles); a signature of `permutations` minimum hashes estimates the Jaccard similarity of two
// sets as the share of equal positions, without keeping the sets.

/** Word shingles of a text (lowercased, punctuation dropped). */
export function shinglesOf(text: string, size = 5): Set<string> {
  const words = wordsOf(text);
  const shingles = new Set<string>();
  for (let start = 0; start + size <= words.length; start++) shingles.add(words.slice(start, start + size).join(" "));
  if (shingles.size === 0 && words.length > 0) shingles.add(words.join(" "));
  return shingles;
}

const permutations = 96;
// Fixed odd multipliers and offsets: signatures are comparable across runs and processes.
const seeds = Array.from({ length: permutations }, (_, index) => ({
  multiplier: (Math.imul(index + 1, 0x9e3779b1) | 1) >>> 0,
  offset: Math.imul(index + 7, 0x85ebca6b) >>> 0,
}));

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The MinHash signature of a set of shingles. */
export function minHashSignature(shingles: ReadonlySet<string>): Uint32Array {
  const signature = new Uint32Array(permutations).fill(0xffffffff);
  for (const shingle of shingles) {
    const base = fnv1a(shingle);
    for (let index = 0; index < permutations; index++) {
      const seed = seeds[index]!;
      const value = (Math.imul(base ^ seed.offset, seed.multiplier) ^ (base >>> 15)) >>> 0;
      if (value < signature[index]!) signature[index] = value;
    }
  }
  return signature;
}

/** The Jaccard similarity two signatures estimate (share of equal positions). */
export function estimatedSimilarity(first: Uint32Array, second: Uint32Array): number {
  let equal = 0;
  for (let index = 0; index < first.length; index++) if (first[index] === second[index]) equal++;
  return equal / first.length;
}
