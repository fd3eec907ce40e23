/**
 * Seeded randomness for the simulator: a small PRNG (sfc32) and string hashing, so that the same
 * seed and the same request always produce the same answer.
 */

/** A deterministic source of random numbers. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  integer(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A new independent generator derived from this one and a label. */
  fork(label: string): Random;
}

/**
 * Hashes a string to a 53-bit integer (cyrb53): fast, well mixed, not cryptographic.
 * @param text the text to hash
 * @param seed an optional seed mixed into the hash
 */
export function hashString(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Hashes a list of integers (e.g. token ids) into a 53-bit value, chained from a previous hash so
 * that hashes of successive blocks identify whole prefixes.
 */
export function hashIntegers(values: readonly number[], start: number, end: number, previous: number): number {
  let h1 = (0x9e3779b9 ^ previous) >>> 0;
  let h2 = (0x85ebca6b ^ Math.floor(previous / 4294967296)) >>> 0;
  for (let index = start; index < end; index++) {
    const value = values[index] ?? 0;
    h1 = Math.imul(h1 ^ value, 2654435761);
    h2 = Math.imul(h2 ^ value, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Creates a seeded generator (sfc32, seeded from a 53-bit number).
 * @param seed any finite number; equal seeds give equal sequences
 */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  let b = Math.floor(seed / 4294967296) >>> 0;
  let c = 0x9e3779b9;
  let d = 1;
  const nextUint = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const result = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + result) | 0;
    return result >>> 0;
  };
  // Warm up so that close seeds diverge.
  for (let index = 0; index < 12; index++) nextUint();

  const random: Random = {
    next: () => nextUint() / 4294967296,
    integer: (min, max) => {
      const low = Math.ceil(Math.min(min, max));
      const high = Math.floor(Math.max(min, max));
      return low + Math.floor(random.next() * (high - low + 1));
    },
    chance: (probability) => random.next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new RangeError("Cannot pick from an empty list.");
      return items[Math.floor(random.next() * items.length)] as (typeof items)[number];
    },
    fork: (label) => createRandom(hashString(label, nextUint())),
  };
  return random;
}
